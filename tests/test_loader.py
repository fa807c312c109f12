"""The YAML loader: libyaml's fast parser must give exactly what the pure-Python one gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer_core.data import loader as L
from support.project import FIXTURES, ROOT

DATA_FILES = sorted([*(ROOT / "data").glob("*.yml"), *FIXTURES.rglob("*.yml")])


def _deep(x):
    """Everything the loader records: values, types, and each mapping's file, lines and duplicates."""
    if isinstance(x, L.Located):
        return ("map", x.file, x.line, sorted(x.key_lines.items()), list(x.duplicate_keys),
                [(k, _deep(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [_deep(v) for v in x])
    return (type(x).__name__, x)


needs_libyaml = pytest.mark.skipif(L._FastLoader is None, reason="PyYAML built without libyaml: only one loader")


@needs_libyaml
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_and_pure_loaders_agree_on_every_data_file(path: Path):
    text = path.read_text(encoding="utf-8")
    pure = L._parse(text, "f.yml", [], L._Loader)
    fast = L._parse(text, "f.yml", [], L._FastLoader)
    assert _deep(fast) == _deep(pure)


@needs_libyaml
@pytest.mark.parametrize("text", [
    "- id: a\n  date: 2016-05-06\n  n: 3\n  on: yes\n",       # dates stay text; other scalars resolve as YAML 1.1
    "- id: a\n  title: x\n  title: y\n",                      # duplicate key, with its line
    "- id: a\n  roles:\n    - title: PM\n      from: 2012\n",  # nested mappings keep their lines
])
def test_fast_and_pure_loaders_agree_on_tricky_yaml(text):
    assert _deep(L._parse(text, "f.yml", [], L._FastLoader)) == _deep(L._parse(text, "f.yml", [], L._Loader))


@pytest.mark.parametrize("text", [
    "- id: a\n  title: [Abe returns\n- id: b\n",
    "- id: a\n\ttitle: tab\n",
    "- id: a\n  title: 'unclosed\n",
])
def test_invalid_yaml_is_reported_in_the_pure_python_loaders_words(tmp_path, text):
    (tmp_path / "events.yml").write_text(text, encoding="utf-8")
    problems: list = []
    assert L.load_file(tmp_path / "events.yml", "data/events.yml", problems) == []
    pure: list = []
    assert L._parse(text, "data/events.yml", pure, L._Loader) is L._FAILED
    assert problems == pure and len(problems) == 1
    assert problems[0].message.startswith("invalid YAML")


@pytest.mark.parametrize("text, line, column", [
    ("- id: a\n  title: x\x07y\n", 2, 11),
    ("\x1b- id: a\n", 1, 1),
])
def test_a_control_character_is_one_problem_line_not_a_traceback(tmp_path, text, line, column):
    (tmp_path / "themes.yml").write_text(text, encoding="utf-8")
    problems: list = []
    assert L.load_file(tmp_path / "themes.yml", "data/themes.yml", problems) == []
    assert [(p.file, p.line) for p in problems] == [("data/themes.yml", line)]
    bad = next(c for c in text if ord(c) < 32 and c != "\n")
    assert f"control character (U+{ord(bad):04X}) at column {column};" in problems[0].message


@pytest.mark.parametrize("loader_class", [L._Loader, *([L._FastLoader] if L._FastLoader else [])],
                         ids=lambda c: c.__name__)
@pytest.mark.parametrize("text, message", [
    ("- &base {id: a, kind: state}\n- <<: *base\n  id: b\n", "f.yml:1: the anchor &base is not allowed"),
    ("- id: a\n  <<: {kind: state}\n", "f.yml:2: the merge key '<<' is not allowed"),
    ("- id: a\n  title: *x\n", "f.yml:2: the alias *x is not allowed"),
    ("- " + "[" * 21 + "]" * 21 + "\n", "f.yml:1: lists and mappings nest more than 20 deep"),
])
def test_both_loaders_refuse_aliases_merge_keys_and_deep_nesting_with_one_line(loader_class, text, message):
    problems: list = []
    assert L._parse(text, "f.yml", problems, loader_class) is L._REFUSED
    assert len(problems) == 1 and str(problems[0]).startswith(message), problems


def test_nesting_up_to_the_limit_loads():
    text = "- " + "[" * (L.MAX_DEPTH - 1) + "x" + "]" * (L.MAX_DEPTH - 1) + "\n"
    data = L._parse(text, "f.yml", [], L._FastLoader or L._Loader)
    for _ in range(L.MAX_DEPTH):
        data = data[0]
    assert data == "x"
