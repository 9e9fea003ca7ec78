"""chc's own data: the Code's reference tables, the SQL schema, patterns and vocabularies.

A package only so that a wheel carries these files (`pipeline.core.paths` finds them).
"""
