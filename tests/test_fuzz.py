"""Property-based fuzzing (Hypothesis) of load -> validate -> render -> sanitize, in process.

Every example is a copy of the minimal dataset with hostile values in its fields, hostile
structures in place of records, or hostile text in place of a whole data file, built from
arbitrary Unicode, arbitrary YAML structure and the fragments of the seed corpus
(tests/support/hostile_corpus.py; its cases run whole through `make check` and `mkdocs build` in
tests/test_hostile_inputs.py). Each must end either in problems that name a file (one line
each), or in pages whose HTML (after Python-Markdown with the site's extensions) has no
script-capable URL and no event handler for the sanitizer to remove: never a traceback, a hang
or a crash.

CI runs a bounded, derandomized set of examples (the same every run): ``FUZZ_EXAMPLES`` each.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from explainer_core import DataError, load_dataset, schema
from explainer_core.exports import build_exports
from explainer_core.redirects import redirect_pages
from explainer_core.render import Renderer
from explainer_core.sanitize import sanitize_html
from support import hostile
from support import hostile_corpus as corpus
from support.hostile import page_problems
from support.project import FIXTURES

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
SETTINGS = settings(max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
HANG_SECONDS = 60  # one example: load, validate and render the minimal dataset takes well under 1 s

# The minimal fixture's collections (it has no glossary file: an optional collection may be absent).
_MINIMAL = {c.name: yaml.safe_load(f.read_text(encoding="utf-8"))
            for c in schema.COLLECTIONS if (f := FIXTURES / "minimal" / "data" / f"{c.name}.yml").is_file()}

# Fragments that once broke something (the seed corpus) or that YAML and Markdown treat specially.
FRAGMENTS = sorted({*hostile.all_strings(), "\u2028---\u2028", "\u2029", "[x](javascript:alert(1))",
                    "- [1]: javascript:alert(1)", "![x](data:image/svg+xml,x)", "[x](vbscript:x)", "\n    [1]: ",
                    "[" * 40, "*" * 12, "- " * 20, ">" * 20, "\ud800", "\ufdd0", "\U0010ffff", "\x1b[31m", "\n",
                    "0001-01-01", "9999-12-31", "http://[::1", "https://x:99999/", "index", "a" * 90,
                    "{: onclick=x}", "&#x6a;avascript:", "\t", "`", "<", "&", "{{", "{%", "#", "|", "~"})
YAML_FRAGMENTS = ["[", "]", "{", "}", "&a ", "*a", "<<: ", "- ", ": ", "\n", "  ", "'", '"', "!!python/object:x ",
                  "!!binary ", "? ", "%YAML 1.1\n", "---\n", "...\n", "|\n", ">-\n", "#", ",", "\\u2028", "\\ud800"]

text = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(FRAGMENTS)), max_size=6).map("".join)
scalars = st.one_of(text, st.integers(), st.floats(), st.booleans(), st.none(), st.sampled_from(FRAGMENTS))
structures = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.one_of(text, st.sampled_from(["id", "title", "date", "sources"])),
                                            inner, max_size=4), max_leaves=20)


@contextlib.contextmanager
def _no_hang(seconds: int = HANG_SECONDS):
    def fail(*_):
        raise TimeoutError(f"the pipeline took over {seconds} s: a hang")
    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _write(data_dir: Path, collections: dict) -> None:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    for name, value in collections.items():
        path = data_dir / f"{name}.yml"
        if isinstance(value, str):
            path.write_text(value, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8",
                            errors="surrogatepass")


def pipeline(project: Path) -> str:
    """Load, validate, render and sanitize ``project/data``; 'problems' or 'built'."""
    with _no_hang():
        try:
            ds = load_dataset(project / "data", root=project)
        except DataError as exc:
            assert exc.problems
            for p in exc.problems:
                line = str(p)
                assert p.file.startswith("data"), line
                assert line.isprintable(), f"a problem line echoes raw control or separator characters: {line!r}"
                assert len(line) < 1200, line[:200]
            return "problems"
        renderer = Renderer(ds, site_url="https://example.org/x/", site_name="Fuzz")
        for page in renderer.pages():
            # The core renders pages straight to HTML, and the engine uses that as the page's
            # content as it is: no Markdown pass runs over it after the core.
            clean, removed = sanitize_html(page.content)
            assert not removed, f"{page.src_uri}: the input checks let through {removed}"
            assert not page_problems(f"<html><body>{clean}</body></html>"), page.src_uri
            for value in page.meta.values():
                if isinstance(value, str):
                    value.encode("utf-8")  # writable
        for r in redirect_pages(renderer):
            assert sanitize_html(r.content)[1] == []
        exports = build_exports(renderer)
        for content in exports.values():
            (content.encode("utf-8") if isinstance(content, str) else bytes(content))
    return "built"


# Where fuzzed values go: (collection, record index in the minimal data, field).
TARGETS = [("events", 1, "title"), ("events", 1, "summary"), ("events", 1, "description"), ("events", 0, "date"),
           ("events", 1, "actors"), ("events", 0, "id"), ("plan_areas", 0, "description"), ("actors", 2, "name"),
           ("actors", 2, "roles"), ("actors", 1, "id"), ("sources", 0, "url"), ("sources", 0, "title"),
           ("quotes", 0, "text"), ("places", 0, "other_names"), ("events", 0, "aliases")]


# Text and Markdown fields, with text that mostly passes validation: these examples reach rendering.
TEXT_TARGETS = [("events", 1, "title"), ("events", 1, "summary"), ("events", 1, "description"),
                ("plan_areas", 0, "description"), ("actors", 2, "name"), ("actors", 2, "summary"),
                ("sources", 0, "title"), ("quotes", 0, "text"), ("places", 0, "name"), ("themes", 0, "title")]
readable = st.lists(st.one_of(st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30),
                              st.sampled_from(FRAGMENTS)), min_size=1, max_size=6).map("".join)


def _edited_pipeline(project: Path, edits) -> None:
    """The minimal data with each (collection, index, field) set to its fuzzed value, through
    the pipeline."""
    data = {name: [dict(r) for r in records] for name, records in _MINIMAL.items()}
    for (coll, index, field), value in edits:
        data[coll][index][field] = value
    _write(project / "data", data)
    event(pipeline(project))


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(TEXT_TARGETS), readable), min_size=1, max_size=4))
def test_fuzzed_text_reaches_the_pages_inert_or_ends_in_problems(tmp_path, edits):
    _edited_pipeline(tmp_path, edits)


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(TARGETS), st.one_of(text, text, structures)), min_size=1, max_size=4))
def test_fuzzed_field_values_end_in_problems_or_inert_pages(tmp_path, edits):
    _edited_pipeline(tmp_path, edits)


@SETTINGS
@given(coll=st.sampled_from([c.name for c in schema.COLLECTIONS]), records=st.lists(structures, max_size=5))
def test_fuzzed_yaml_structures_end_in_problems_or_inert_pages(tmp_path, coll, records):
    data = dict(_MINIMAL)
    data[coll] = records
    _write(tmp_path / "data", data)
    event(pipeline(tmp_path))


@SETTINGS
@given(coll=st.sampled_from([c.name for c in schema.COLLECTIONS]),
       raw=st.lists(st.one_of(st.text(max_size=20), st.sampled_from(YAML_FRAGMENTS), st.sampled_from(FRAGMENTS),
                              st.sampled_from([c.new for c in corpus.CASES if len(c.new) < 2000])),
                    max_size=12).map("".join))
def test_fuzzed_raw_data_files_end_in_problems_or_inert_pages(tmp_path, coll, raw):
    data: dict = dict(_MINIMAL)
    data[coll] = raw
    _write(tmp_path / "data", data)
    event(pipeline(tmp_path))


def test_the_pipeline_builds_the_minimal_data_and_the_hostile_fixture(tmp_path):
    """The property's other branch is reachable: valid (and hostile but valid) data builds."""
    _write(tmp_path / "data", _MINIMAL)
    assert pipeline(tmp_path) == "built"
    shutil.rmtree(tmp_path / "data")
    shutil.copytree(FIXTURES / "hostile" / "data", tmp_path / "data")
    assert pipeline(tmp_path) == "built"


@pytest.mark.parametrize("case", [c for c in corpus.CASES if "30000" not in c.name], ids=lambda c: c.name)
def test_the_seed_corpus_in_process(tmp_path, case):
    """The seed corpus through the same in-process pipeline (the two that segfaulted libyaml
    run in subprocesses only, in test_hostile_inputs.py)."""
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    corpus.apply(case, tmp_path)
    assert pipeline(tmp_path) == ("built" if case.expect is None else "problems")


@settings(SETTINGS, max_examples=min(FUZZ_EXAMPLES, 4))
@given(edits=st.lists(st.tuples(st.sampled_from(TEXT_TARGETS + TARGETS), st.one_of(readable, text)),
                      min_size=1, max_size=4))
def test_fuzzed_data_through_a_real_mkdocs_build(tmp_path_factory, edits):
    """A few examples through `mkdocs build --strict` itself, in a subprocess: a clean failure
    that leaves the last good site alone, or a site with nothing to sanitize."""
    import subprocess

    from support.project import MKDOCS, make_project, site_env

    project = make_project(tmp_path_factory.mktemp("fuzzbuild"))
    data = {name: [dict(r) for r in records] for name, records in _MINIMAL.items()}
    for (coll, index, field), value in edits:
        data[coll][index][field] = value
    _write(project / "data", data)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("last good", encoding="utf-8")
    proc = subprocess.run([*MKDOCS, "build", "--strict"], cwd=project, env=site_env(), capture_output=True,
                          text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode in (0, 1) and "Traceback" not in out, out[-3000:]
    if proc.returncode:
        assert "nothing was built" in out and (project / "site" / "index.html").read_text() == "last good", out
        event("problems")
        return
    assert " removed <" not in out
    for page in (project / "site").rglob("*.html"):
        assert not page_problems(page.read_text(encoding="utf-8")), page
    event("built")
