"""The law, as durable_rules rules: one module per regime or body, one rule per provision.

Each module defines `declare(book)`, which adds its provisions to the shared ruleset
(see engine/whatapplies/rulebook.py for the vocabulary and the stage discipline).
Modules whose names start with "_" are helpers, not law.
"""
