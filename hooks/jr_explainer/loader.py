"""Read the YAML files of a dataset, keeping the line of every record and field.

Dates are kept as strings (the timestamp resolver is removed) so that ``2016-05`` and
``2016-05-06`` reach the date parser in the form the maintainer wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem


class Located(dict):
    """A mapping from the YAML file that remembers where it and each of its keys stand."""

    file: str = ""
    line: int = 0
    key_lines: dict

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


for _cls in filter(None, (_Loader, _FastLoader)):
    _cls.yaml_implicit_resolvers = _RESOLVERS
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class RawCollection:
    name: str
    records: list = field(default_factory=list)  # Located mappings, or other values to be reported
    files: list[str] = field(default_factory=list)


def collection_files(data_dir: Path, name: str) -> list[Path]:
    """``data/<name>.yml`` and/or every ``data/<name>/*.yml``, in a stable order."""
    files = []
    for suffix in (".yml", ".yaml"):
        single = data_dir / f"{name}{suffix}"
        if single.is_file():
            files.append(single)
    folder = data_dir / name
    if folder.is_dir():
        files.extend(sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file()))
    return files


def load_file(path: Path, display: str, problems: list[Problem]) -> list:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 0, None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return []
    # libyaml accepts control characters that PyYAML's reader rejects: leave those files to PyYAML.
    fast = _FastLoader if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text) else None
    data = _parse(text, display, problems, fast or _Loader)
    if data is _FAILED and fast is not None:
        data = _parse(text, display, problems, _Loader)  # the pure-Python loader words the problem
    if data is _FAILED:
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(display, 1, None, None,
                                "the file must hold a list of records (each starting with '- id: ...')"))
        return []
    return data


_FAILED = object()


def _parse(text: str, display: str, problems: list[Problem], loader_class):
    """The file's data, or ``_FAILED`` (a problem is appended only by the pure-Python loader)."""
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
    finally:
        loader.dispose()


def load_raw(data_dir: Path, names: list[str], problems: list[Problem], root: Path | None = None) -> dict[str, RawCollection]:
    """Load every collection's files; problems are appended, never raised."""
    root = root or data_dir.parent
    raw: dict[str, RawCollection] = {}
    for name in names:
        coll = RawCollection(name)
        for path in collection_files(data_dir, name):
            try:
                display = path.relative_to(root).as_posix()
            except ValueError:
                display = path.as_posix()
            coll.files.append(display)
            for item in load_file(path, display, problems):
                coll.records.append((display, item))
        raw[name] = coll
    return raw
