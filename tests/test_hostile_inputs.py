"""Issue 11: hostile data can't hurt. Every case of tests/support/hostile_corpus.py either stops
`make check` and the build with one clear problem line (file, line, record, field), before the
site folder is touched, or builds a site with no script-capable URL. Crash cases run in a
subprocess, so a segfault fails the test instead of killing pytest.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explainer_core.sanitize import sanitize_html, url_is_safe
from support import hostile_corpus as corpus
from support.hostile import page_problems
from support.project import MKDOCS, ROOT, make_project, site_env

CHECK = [sys.executable, "-m", "explainer_core", "check", "data"]
LAST_GOOD = "<!doctype html><title>last good build</title>"


def _run(cmd, project: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = site_env(PYTHONPATH=str(ROOT / "hooks"))
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)


def _project(tmp_path: Path, case: corpus.Case | None = None) -> Path:
    project = make_project(tmp_path / "p")
    if case is not None:
        corpus.apply(case, project)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text(LAST_GOOD, encoding="utf-8")
    return project


def _assert_clean_failure(proc: subprocess.CompletedProcess, expect: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"exit {proc.returncode} (139 is a segfault):\n{out[-3000:]}"
    assert "Traceback" not in out, out[-3000:]
    assert any(re.search(expect, line) for line in out.splitlines()), f"no line matches {expect!r}:\n{out[-3000:]}"
    assert all(len(line) < 1200 for line in out.splitlines()), "a problem line is not cut short"


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_make_check_reports_or_accepts_every_seed_case(tmp_path, case):
    project = _project(tmp_path, case)
    proc = _run(CHECK, project)
    if case.expect is None:
        assert proc.returncode == 0, proc.stderr
    else:
        _assert_clean_failure(proc, case.expect)


@pytest.mark.parametrize("case", [c for c in corpus.CASES if c.expect is None or c.crashed_build_only],
                         ids=lambda c: c.name)
def test_the_build_stops_before_touching_the_site_or_builds_inert(tmp_path, case):
    project = _project(tmp_path, case)
    proc = _run([*MKDOCS, "build", "--strict"], project, timeout=300)
    if case.expect is not None:
        _assert_clean_failure(proc, case.expect)
        assert "nothing was built" in proc.stdout + proc.stderr
        assert (project / "site" / "index.html").read_text(encoding="utf-8") == LAST_GOOD, "site/ was touched"
        return
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = sorted((project / "site").rglob("*.html"))
    problems = [f"{p.name}: {x}" for p in pages for x in page_problems(p.read_text(encoding="utf-8"))]
    assert not problems, problems
    assert not [p for p in pages if re.search(r"(?:href|src)=[\"']?\s*javascript:", p.read_text(encoding="utf-8"), re.I)]


def test_a_title_that_broke_the_front_matter_keeps_its_metadata(tmp_path):
    """U+2028 and '---' in a title no longer end the page's metadata: the title, description
    and JSON-LD still come through whole."""
    case = next(c for c in corpus.CASES if c.name == "u2028-breaks-front-matter")
    project = _project(tmp_path, case)
    proc = _run([*MKDOCS, "build", "--strict"], project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (project / "site" / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="article">' in html
    assert re.search(r'<meta property="og:title" content="Sochi\u2028---\u2028\[x\]\(javascript:alert\(1\)\)\s*">', html)
    assert 'type="application/ld+json"' in html
    assert 'href="javascript:' not in html


# --- data files that exist but cannot be read ------------------------------------------------

def _replace_file(project: Path, name: str, kind: str) -> None:
    path = project / "data" / name
    path.unlink()
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling symlink":
        path.symlink_to(project / "data" / "nowhere.yml")


@pytest.mark.parametrize("kind, message", [
    ("directory", "is a directory, not a data file"),
    ("fifo", "is a FIFO (named pipe), not a data file"),
    ("dangling symlink", "is a symbolic link to a file that does not exist"),
])
def test_an_unreadable_data_file_is_a_problem_naming_it(tmp_path, kind, message):
    project = _project(tmp_path)
    _replace_file(project, "events.yml", kind)
    proc = _run(CHECK, project, timeout=60)  # a FIFO opened for reading would wait forever
    _assert_clean_failure(proc, rf"^  data/events\.yml: {re.escape(message)}")


def test_a_misspelt_data_file_is_a_problem_not_ignored(tmp_path):
    project = _project(tmp_path)
    (project / "data" / "events.yml").rename(project / "data" / "event.yml")
    proc = _run(CHECK, project)
    _assert_clean_failure(proc, r"^  data/event\.yml: belongs to no collection, so it would be ignored "
                                r"\(did you mean 'events'\?\)")


def test_every_collection_may_be_absent(tmp_path):
    """Documented on the data reference page: an absent collection is empty."""
    project = _project(tmp_path)
    for name in ("events", "quotes", "places"):
        (project / "data" / f"{name}.yml").unlink()
    proc = _run(CHECK, project)
    assert proc.returncode == 0, proc.stderr


# --- a clash with a hand-written page: found before the site folder is touched ---------------

def test_a_docs_page_that_clashes_with_a_generated_one_stops_the_build_untouched(tmp_path):
    project = _project(tmp_path)
    (project / "docs" / "timeline.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Mine\n", encoding="utf-8")
    proc = _run([*MKDOCS, "build", "--strict"], project, timeout=300)
    _assert_clean_failure(proc, r"docs/timeline\.md: clashes with a page generated from the data")
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == LAST_GOOD


def test_a_redirect_that_clashes_with_a_docs_page_names_the_record_and_stops_untouched(tmp_path):
    project = _project(tmp_path)
    corpus.apply(corpus.Case("", "events.yml", corpus.EVENT_ID, corpus.EVENT_ID + "\n  aliases: [old-page]", None),
                 project)
    (project / "docs" / "events").mkdir()
    (project / "docs" / "events" / "old-page.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Old\n", encoding="utf-8")
    proc = _run([*MKDOCS, "build", "--strict"], project, timeout=300)
    _assert_clean_failure(proc, corpus.EV + r"field 'aliases': the redirect from /events/old-page/ clashes with a page")
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == LAST_GOOD


# --- defence in depth: the sanitizer catches what validation misses --------------------------

@pytest.mark.parametrize("url, safe", [
    ("https://example.org/", True), ("http://x", True), ("mailto:a@b.org", True), ("#frag", True),
    ("../events/x/", True), ("x.html?a=b:c", True), ("//example.org/", True), ("", True),
    ("javascript:alert(1)", False), (" JaVaScRiPt:alert(1)", False), ("java\tscri\npt:alert(1)", False),
    ("\x01javascript:alert(1)", False), ("data:text/html,x", False), ("vbscript:msgbox(1)", False),
    ("file:///etc/passwd", False), ("blob:https://x/1", False),
])
def test_url_is_safe(url, safe):
    assert url_is_safe(url) is safe


def test_the_sanitizer_removes_every_script_capable_url_and_handler():
    dirty = ('<p><a href="jav&#x61;script:alert(1)">a</a><img src="data:x" onerror="alert(1)">'
             '<img srcset="a.png 1x, vbscript:x 2x"><svg viewBox="0 0 1 1"><a xlink:href="javascript:x">s</a>'
             '<set attributeName="href" to="javascript:alert(1)"/></svg><iframe srcdoc="&lt;script&gt;"></iframe>'
             '<form action="javascript:x"><button formaction="javascript:y">b</button></form>'
             '<meta http-equiv="refresh" content="0; url=javascript:alert(1)"><a href="https://ok/" onclick="x">ok</a></p>')
    clean, removed = sanitize_html(dirty)
    assert len(removed) == 11, removed
    assert page_problems(f"<html><body>{clean}</body></html>") == ["injected <iframe>"], clean  # inert now
    assert "srcdoc" not in clean and "javascript" not in clean and "vbscript" not in clean and "on" + "error" not in clean
    assert '<a href="https://ok/">ok</a>' in clean
    page = "<!doctype html>\n<html><head><title>t</title></head><body><a href='../x/'>x</a></body></html>"
    assert sanitize_html(page) == (page, []), "a clean page must come back byte for byte"


def test_the_built_site_is_sanitized_even_when_validation_lets_a_script_link_through(tmp_path):
    """Turn the input check off, in a build of its own: the output layer still removes the link."""
    project = _project(tmp_path)
    corpus.apply(corpus.Case("", "plan_areas.yml", corpus.DESCRIPTION,
                             r'  description: "[a](javascript:alert(1)) ![b](data:image/png,x) [c][1]\n\n'
                             r'- [1]: vbscript:msgbox(1)"', None), project)
    script = textwrap.dedent("""
        import logging, sys
        logging.basicConfig(level=logging.INFO)
        sys.path.insert(0, sys.argv[1])
        from explainer_core import kinds
        kinds._link_scheme_ok = lambda target: True
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        build(load_config("mkdocs.yml"))
    """)
    proc = _run([sys.executable, "-c", script, str(ROOT / "hooks")], project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (project / "site" / "plan" / "index.html").read_text(encoding="utf-8")
    assert "removed <a href='javascript:alert(1)'>" in proc.stderr
    assert ">a</a>" in html and 'alt="b"' in html, "the link text and image stay, without their URLs"
    assert not page_problems(html)
    assert "javascript:" not in html and "vbscript:" not in html and "data:image" not in html


def test_the_sanitizer_changes_nothing_when_the_input_checks_hold(hostile_site, minimal_site):
    """A backstop, not a filter the pages rely on: on the hostile fixture (every hostile string
    that validation accepts) it finds nothing to remove, so the pages are exactly the theme's."""
    for build in (hostile_site, minimal_site):
        assert " removed <" not in build.output, build.output
        pages = sorted(build.site.rglob("*.html"))
        assert pages and all(sanitize_html(p.read_text(encoding="utf-8"))[1] == [] for p in pages)
