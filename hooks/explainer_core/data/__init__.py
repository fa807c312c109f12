"""Stage 1, data: reading and describing the dataset.

Owns the data files and their limits, YAML loading, problem lines, dates, the field kinds and
the schema. Imports nothing else of explainer_core (it is the bottom stage).
"""
