"""Read the YAML files of a dataset, keeping the line of every record and field.

Dates are kept as strings (the timestamp resolver is removed) so that ``2016-05`` and
``2016-05-06`` reach the date parser in the form the maintainer wrote.

Input is bounded before anything recurses: a file is read only if it is a regular file of at
most ``MAX_FILE_BYTES``, and its YAML event stream is scanned first (libyaml's and PyYAML's
parsers are iterative) for nesting deeper than ``MAX_DEPTH``, anchors, aliases and merge keys.
Only then is the file composed into objects, which recurses once per level of nesting (in C
for libyaml: 30,000 nested ``[`` would overflow its stack). Aliases and merge keys are refused
outright: the schema never needs them, and they are how a small file expands into gigabytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, shown, suggest

MAX_FILE_BYTES = 16 * 1024 * 1024  # 10,000 synthetic events take about 6 MB; split bigger collections
MAX_DEPTH = 20  # the schema nests 4 deep (list > record > roles > role); 20 leaves room for mistakes


class Located(dict):
    """A mapping from the YAML file that remembers where it and each of its keys stand."""

    file: str = ""
    line: int = 0
    key_lines: dict
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """Pure-Python loader: its error messages are the ones maintainers see."""


# libyaml's C parser (PyYAML's CSafeLoader) builds the same nodes about 10x faster; the
# constructors and resolvers stay the Python ones below, so the data is the same. Its error
# messages are worded differently, so a file it rejects is parsed again by ``_Loader``, and a
# file with characters PyYAML refuses goes to ``_Loader`` straight away.
_FastLoader = type("_FastLoader", (yaml.CSafeLoader,), {}) if getattr(yaml, "__with_libyaml__", False) else None

# Keep dates as text: the precision a maintainer wrote is part of the data.
_RESOLVERS = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located()
    mapping.file = loader.name
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            mapping.duplicate_keys.append((key, key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_cls: Any
for _cls in filter(None, (_Loader, _FastLoader)):
    _cls.yaml_implicit_resolvers = _RESOLVERS
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class RawCollection:
    name: str
    records: list = field(default_factory=list)  # Located mappings, or other values to be reported
    files: list[str] = field(default_factory=list)


SUFFIXES = (".yml", ".yaml")


def collection_files(data_dir: Path, name: str) -> list[Path]:
    """``data/<name>.yml`` and/or every ``data/<name>/*.yml``, in a stable order.

    Every such name is listed, whatever it is (a directory, a FIFO, a dangling symlink):
    ``load_file`` reports what cannot be read, instead of the collection silently vanishing.
    An unreadable ``data/<name>/`` folder is listed itself, for ``load_file`` to report."""
    files = [p for p in (data_dir / f"{name}{s}" for s in SUFFIXES) if os.path.lexists(p)]
    folder = data_dir / name
    if folder.is_dir():
        try:
            files.extend(sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES))
        except OSError:
            files.append(folder)
    return files


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _read(path: Path, display: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after reporting why it cannot be read as a data file.

    Nothing but a regular file is opened: opening a FIFO would wait for a writer forever."""
    bad = lambda msg: problems.append(Problem(display, 0, None, None, msg))  # noqa: E731
    try:
        st = path.stat()
    except FileNotFoundError:
        return bad("is a symbolic link to a file that does not exist; fix or delete the link")
    except OSError as exc:
        return bad(f"cannot be read ({exc.strerror or exc})")
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        return bad(f"is {what}, not a data file; a collection is data/<name>.yml or .yml files in data/<name>/")
    if st.st_size > MAX_FILE_BYTES:
        return bad(f"is {st.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split the collection "
                   "into several files in a folder of its name")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return bad(f"cannot be read ({exc.strerror or exc})")
    if len(data) > MAX_FILE_BYTES:
        return bad(f"is over {MAX_FILE_BYTES:,} bytes; split the collection into several files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(f"is not UTF-8 text ({exc.reason} at byte {exc.start})")


# The last good parse of each file, by its name: (a digest of its text, its data pickled).
# Under `mkdocs serve` a save changes one file; the others are unpickled (a few milliseconds)
# instead of parsed again (most of loading). Only parses without a problem are kept, and the
# data is unpickled afresh each time, so later stages may change what they get.
_PARSED: dict[str, tuple[bytes, bytes]] = {}


def load_file(path: Path, display: str, problems: list[Problem]) -> list:
    text = _read(path, display, problems)
    if text is None:
        return []
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    kept = _PARSED.get(display)
    if kept is not None and kept[0] == key:
        return pickle.loads(kept[1])
    before = len(problems)
    data = _parse_file(text, display, problems)
    if len(problems) == before and data:
        _PARSED[display] = (key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    else:
        _PARSED.pop(display, None)
    return data


def _parse_file(text: str, display: str, problems: list[Problem]) -> list:
    # libyaml accepts control characters that PyYAML's reader rejects: leave those files to PyYAML.
    fast = _FastLoader if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text) else None
    data = _parse(text, display, problems, fast or _Loader)
    if data is _FAILED and fast is not None:
        data = _parse(text, display, problems, _Loader)  # the pure-Python loader words the problem
    if data is _FAILED or data is _REFUSED:
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(display, 1, None, None,
                                "the file must hold a list of records (each starting with '- id: ...')"))
        return []
    return data


_FAILED = object()  # invalid YAML
_REFUSED = object()  # valid YAML beyond the loader's limits (reported by whichever loader found it)


def _parse(text: str, display: str, problems: list[Problem], loader_class):
    """The file's data, ``_FAILED`` for invalid YAML (a problem is appended only by the
    pure-Python loader) or ``_REFUSED`` (a problem is appended) for YAML beyond the limits."""
    try:
        loader = loader_class(text)  # PyYAML's reader checks the characters here already
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.append(Problem(display, line, None, None, f"has a control character (U+{exc.character:04X}) at "
                                f"column {column}; YAML files may not contain it, delete it"))
        return _FAILED
    loader.name = display
    try:
        refused = _refuse_structure(loader, display)
        if refused:
            problems.append(refused)
            return _REFUSED
        loader.dispose()
        loader = loader_class(text)
        loader.name = display
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        if loader_class is not _Loader:
            return _FAILED
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(display, line, None, None, f"invalid YAML at column {column}: {what}"))
        return _FAILED
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        if loader_class is not _Loader:
            return _FAILED
        problems.append(Problem(display, 0, None, None, f"invalid YAML: {exc}"))
        return _FAILED
    except ValueError as exc:  # a scalar Python refuses, e.g. an integer of more than 4,300 digits
        problems.append(Problem(display, 0, None, None, f"has a value that cannot be read: {exc}"))
        return _REFUSED
    finally:
        loader.dispose()


def _refuse_structure(loader, display: str) -> Problem | None:
    """Walk the file's parse events (no recursion) and refuse, at its line, the first node that
    nests deeper than ``MAX_DEPTH``, carries an anchor, is an alias or is a merge key.
    Invalid YAML raises the parser's own error, as composing would."""
    stack: list[list] = []  # per open collection: [is_mapping, children so far]
    while True:
        event = loader.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            return None
        line = event.start_mark.line + 1 if event.start_mark else 0
        refuse = lambda msg, line=line: Problem(display, line, None, None, msg)  # noqa: E731
        if isinstance(event, (yaml.CollectionEndEvent, yaml.DocumentEndEvent, yaml.StreamStartEvent,
                              yaml.DocumentStartEvent)):
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            continue
        is_key = False
        if stack:
            stack[-1][1] += 1
            is_key = stack[-1][0] and stack[-1][1] % 2 == 1
        if isinstance(event, yaml.AliasEvent):
            return refuse(f"the alias *{shown(event.anchor)[1:-1]} is not allowed (nor are anchors and merge keys): "
                          "write the value out in full")
        if event.anchor is not None:
            return refuse(f"the anchor &{shown(event.anchor)[1:-1]} is not allowed (nor are aliases and merge "
                          "keys): write each value out in full")
        if is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
            return refuse("the merge key '<<' is not allowed: write the fields out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([isinstance(event, yaml.MappingStartEvent), 0])
            if len(stack) > MAX_DEPTH:
                return refuse(f"lists and mappings nest more than {MAX_DEPTH} deep here; "
                              "records need at most 4 levels")


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def unknown_files(data_dir: Path, names: list[str], root: Path) -> list[Problem]:
    """``data/*.yml`` files that belong to no collection (a misspelt name would be ignored)."""
    out = []
    try:
        entries = sorted(data_dir.iterdir())
    except OSError as exc:
        return [Problem(_display(data_dir, root), 0, None, None, f"cannot be read ({exc.strerror or exc})")]
    for p in entries:
        if p.suffix in SUFFIXES and p.stem not in names:
            out.append(Problem(_display(p, root), 0, None, None,
                               "belongs to no collection, so it would be ignored" + suggest(p.stem, names)
                               + f"; collections: {', '.join(names)}"))
    return out


def load_raw(data_dir: Path, names: list[str], problems: list[Problem], root: Path | None = None) -> dict[str, RawCollection]:
    """Load every collection's files; problems are appended, never raised."""
    root = root or data_dir.parent
    problems.extend(unknown_files(data_dir, names, root))
    return load_raw_files(data_dir, names, problems, root)


def load_translations(data_dir: Path, langs: tuple[str, ...], names: list[str], problems: list[Problem],
                      root: Path | None = None) -> dict[str, dict[str, RawCollection]]:
    """``data/i18n/<lang>/<collection>.yml`` and ``.../<collection>/*.yml`` for each edition
    language, read like the English collections: ``{lang: {collection: RawCollection}}``.

    Files directly in ``data/i18n/`` (``terms.yml``, the translators' glossary) are not data;
    a folder there that is no edition's language, or a file in a language folder that belongs
    to no collection, is a problem (it would be ignored)."""
    root = root or data_dir.parent
    i18n = data_dir / "i18n"
    out: dict[str, dict[str, RawCollection]] = {}
    if not i18n.is_dir():
        return {lang: {name: RawCollection(name) for name in names} for lang in langs}
    try:
        entries = sorted(i18n.iterdir())
    except OSError as exc:
        problems.append(Problem(_display(i18n, root), 0, None, None, f"cannot be read ({exc.strerror or exc})"))
        entries = []
    for p in entries:
        if p.is_dir() and p.name not in langs:
            problems.append(Problem(_display(p, root), 0, None, None,
                                    "is not an edition's language folder, so it would be ignored"
                                    + suggest(p.name, langs) + f"; languages: {', '.join(langs)}"))
    for lang in langs:
        folder = i18n / lang
        if folder.is_dir():
            problems.extend(unknown_files(folder, names, root))
            out[lang] = load_raw_files(folder, names, problems, root)
        else:
            out[lang] = {name: RawCollection(name) for name in names}
    return out


def load_raw_files(folder: Path, names: list[str], problems: list[Problem], root: Path) -> dict[str, RawCollection]:
    raw: dict[str, RawCollection] = {}
    for name in names:
        coll = RawCollection(name)
        for path in collection_files(folder, name):
            display = _display(path, root)
            coll.files.append(display)
            for item in load_file(path, display, problems):
                coll.records.append((display, item))
        raw[name] = coll
    return raw
