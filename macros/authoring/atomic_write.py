"""Write a file so that it is either wholly the new bytes or untouched: a temporary file in the same
folder, flushed to disk (fsync), then renamed over the target (os.replace is atomic on one file
system). A full disk or a crash mid-write leaves the old file as it was and no half-written one.

Stdlib only and self-contained: bench/ keeps its own copy (bench/atomic_write.py) because the
benchmark tool does not import the site's code.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Replace (or create) `path` with `data`. With overwrite=False an existing file is never
    replaced, even one created meanwhile (FileExistsError). Raises OSError when nothing was written."""
    path = Path(path)
    folder = path.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600): give it the mode the file had, or a new file's mode.
        os.chmod(temporary, _mode_for(path))
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name exists: no overwrite, even in a race
            os.unlink(temporary)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(folder)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
