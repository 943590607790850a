"""Contributor commands: `new` (scaffold a framework file), `fix` (safe mechanical fixes), `diff`
(what a change does to the published data, as Markdown for a pull request).

Plain Python on top of load/validate/model; nothing here knows about MkDocs.
"""
