"""Stage 3, pages: the dataset as HTML pages.

Owns the views (page shapes), the templates, the timeline and map pictures, glossary linking,
the HTML helpers and the structured data (JSON-LD). May import ``data`` and ``model``.
"""
