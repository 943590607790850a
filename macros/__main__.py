"""`python -m macros ...`: the command line (see macros/cli.py)."""

import sys

from macros.cli import main

sys.exit(main())
