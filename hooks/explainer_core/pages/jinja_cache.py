"""An in-memory Jinja2 bytecode cache that lives as long as the process.

``mkdocs serve`` rebuilds the whole site on every save and, each time, creates fresh Jinja2
environments for the theme and for our renderer, so every template (Material's ~50 and ours)
is parsed and compiled again: about half a second of each rebuild of the real site. Compiled
templates kept here are reused by the next rebuild. A single ``mkdocs build`` compiles each
template once either way, so builds are unaffected.

Safe across edits: Jinja2 stores the source's checksum with the bytecode and recompiles when
a template changes; the key also covers the environment's settings and extensions, which
change what the compiler emits.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2.bccache import Bucket


def _settings(env: jinja2.Environment) -> str:
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "fn")
    return repr((sorted(env.extensions), autoescape, env.optimized, env.trim_blocks, env.lstrip_blocks,
                 env.keep_trailing_newline, env.newline_sequence, env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.is_async))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha1(f"{_settings(environment)}\0{name}\0{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # discarded by Jinja2 if the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


# One per process: the MkDocs adapter hands it to the theme's environment, the renderer uses it.
TEMPLATES = MemoryBytecodeCache()
