"""Stage 4, publish: what the build publishes besides the pages.

Owns the exports and their JSON Schemas, the redirect pages and the URL contract (urls.txt).
May import ``data``, ``model`` and ``pages``.
"""
