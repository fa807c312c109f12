"""Stage 2, model: validation and the typed, linked records it builds.

Owns the checker (``validate``) and one class per collection (``records``). May import ``data``.
"""
