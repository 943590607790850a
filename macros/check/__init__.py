"""Rules beyond the schema, and the run that applies them to a data root.

`run_check` is the whole pipeline: load (with positions) -> validate (schema) -> model -> rules.
"""
