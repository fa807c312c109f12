"""The site on MkDocs' maintained successors (issue 23): ProperDocs 1.6.7 and mkdocs-ng 1.8.0 with
mkdocs-ng-material 9.7.7, each from its own lock in its own venv (``make engines``; see
tests/support/engines.py), build the real site strict, with no warning, into pages that pass the
link crawler and the Content Security Policy checks, and that are the main build's pages but for
what names the engine. The page-structure checks of tests/test_pages.py run on each engine's
build too (its ``site`` fixture is parametrized by engine).

Locally a missing or stale engine venv skips these tests with the reason; under CI=true it fails them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from support.engines import ENGINES, MKDOCS_GENERATOR, Engine, require_engine
from support.project import ROOT, Build, build, make_project
from support.sitecheck import check_csp, check_headers, check_links

pytestmark = [pytest.mark.engines, pytest.mark.slow]

SITE_URL = "https://example.org/new-approach/"  # mkdocs.yml's site_url, which these builds keep
BASE_PATH = "/new-approach/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[[str], tuple[Engine, Build]]:
    """The real dataset and docs with the repo's nav, in the three editions (the engine's own
    build runs the ja/ru builds too), built strict by an engine's own command (once per engine
    and module)."""
    builds: dict[str, Build] = {}

    def get(name: str) -> tuple[Engine, Build]:
        engine = require_engine(name)
        if name not in builds:
            project = make_project(tmp_path_factory.mktemp(name), ROOT, real_docs=True, editions=("en", "ja", "ru"))
            builds[name] = build(project, *engine.build_args, command=engine.build_command)
        return engine, builds[name]

    return get


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine_build(request, built) -> tuple[Engine, Build]:
    return built(request.param)


def _generators(site: Path) -> dict[str, list[str]]:
    return {p.relative_to(site).as_posix(): re.findall(r'<meta name="generator" content="([^"]*)">',
                                                        p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def test_the_engine_builds_the_real_site_strict_without_a_warning(engine_build):
    engine, result = engine_build
    assert result.returncode == 0
    assert [line for line in result.lines if "WARNING" in line or "ERROR" in line] == []
    assert any(line.startswith("INFO") and "Documentation built in" in line for line in result.lines)
    # ... and the engine built every page: its name is in each page's generator tag
    generators = _generators(result.site)
    assert len(generators) >= 70
    assert {page: tags for page, tags in generators.items() if tags != [engine.generator]} == {}


def test_no_broken_links_in_the_engines_build(engine_build, record_property):
    engine, result = engine_build
    report = check_links(result.site, SITE_URL)
    record_property(f"count:links checked ({engine.name})", report.checked)
    assert report.pages >= 70 and report.internal > 1000 and report.fragments > 100 and report.external > 50
    assert not report.problems, "\n".join(report.problems[:50])


def test_every_page_of_the_engines_build_has_its_exact_policy_and_headers_agree(engine_build):
    _, result = engine_build
    report = check_csp(result.site)
    assert report.pages >= 70 and len(report.policies) == report.pages and "404.html" in report.policies
    assert not report.problems, "\n".join(report.problems[:50])
    headers = check_headers(result.site, BASE_PATH)
    assert not headers.problems, "\n".join(headers.problems)
    assert any("/assets/javascripts/bundle." in rule for rule in headers.rules)


# --- the same pages as the main MkDocs build --------------------------------------------------

def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _tag(generator: str) -> str:
    return f'<meta name="generator" content="{generator}">'


def test_properdocs_pages_are_the_main_builds_but_for_the_generator_tag(real_site, built):
    """ProperDocs with the same Material: every file byte-identical to the main build's, except
    that each HTML page's one generator tag names ProperDocs."""
    engine, result = built("properdocs")
    ours, theirs = _files(real_site.site), _files(result.site)
    assert sorted(theirs) == sorted(ours)
    html = [name for name in ours if name.endswith(".html")]
    assert len(html) >= 70
    for name, data in ours.items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            assert text.count(_tag(MKDOCS_GENERATOR)) == 1, name
            assert theirs[name].decode("utf-8") == text.replace(_tag(MKDOCS_GENERATOR), _tag(engine.generator)), name
        else:
            assert theirs[name] == data, name


# Material's fingerprinted assets: their names carry a hash of their content, which the fork's
# own build of the theme's sources changes.
FINGERPRINT = re.compile(r"\.[0-9a-f]{8}(?=\.min\.(?:js|css)(?:\.map)?$)")
MATERIAL_HOME = "https://squidfunk.github.io/mkdocs-material/"  # the footer's "Made with Material"
NG_MATERIAL_HOME = "https://mkdocs-ng.github.io/mkdocs-material/"


def test_mkdocs_ng_pages_are_the_main_builds_but_for_the_theme_forks_names(real_site, built):
    """mkdocs-ng with mkdocs-ng-material: the same files, every page and export identical to the
    main build's once the fork's own names are put back: its generator tag, its footer link and
    the hashes in Material's fingerprinted asset names (those assets are the fork's build)."""
    engine, result = built("mkdocs-ng")
    ours, theirs = _files(real_site.site), _files(result.site)
    # the fingerprinted assets pair up one to one by name without the hash
    only_ours, only_theirs = sorted(ours.keys() - theirs.keys()), sorted(theirs.keys() - ours.keys())
    renamed = {FINGERPRINT.sub("", o): o for o in only_ours}
    assert len(renamed) == len(only_ours) == len(only_theirs) and len(only_ours) >= 8
    pairs = {Path(t).name: Path(renamed[FINGERPRINT.sub("", t)]).name for t in only_theirs}
    assert all(FINGERPRINT.search(t) for t in only_theirs)

    def as_ours(text: str) -> str:
        for theirs_name, ours_name in pairs.items():
            text = text.replace(theirs_name, ours_name)
        return text.replace(_tag(engine.generator), _tag(MKDOCS_GENERATOR)).replace(NG_MATERIAL_HOME, MATERIAL_HOME)

    compared = 0
    for name, data in ours.items():
        if name in only_ours:
            continue
        compared += 1
        if name.endswith(".html") or name == "_headers":
            text = theirs[name].decode("utf-8")
            if name.endswith(".html"):
                assert text.count(_tag(engine.generator)) == 1, name
            assert as_ours(text) == data.decode("utf-8"), name
        else:
            assert theirs[name] == data, name  # exports, sitemap, search index, our and the theme's other assets
    assert compared >= 100


def test_an_engine_venv_that_does_not_hold_its_lock_is_refused(tmp_path, monkeypatch):
    """What require_engine checks before any build: the command is there and the venv holds
    exactly the lock (a stale venv would prove nothing about the locked versions)."""
    from support import engines

    monkeypatch.setattr(engines, "ENGINE_DIR", tmp_path / "venvs")
    monkeypatch.setattr(engines, "LOCK_DIR", tmp_path / "locks")
    monkeypatch.setattr(engines, "ROOT", tmp_path)
    engine = Engine("fork", "fork", (), "fork-1.0")
    (tmp_path / "locks").mkdir()
    engine.lock.write_text("# a comment\nFork==1.0   # why\nPyYAML==6.0.3\n", encoding="utf-8")
    assert engines.why_missing(engine) == "venvs/fork/bin/fork is missing; run `make engines` (make test does)"
    engine.executable.parent.mkdir(parents=True)
    engine.executable.write_text("", encoding="utf-8")
    site_packages = engine.venv / "lib" / "python3.11" / "site-packages"
    for name, version in [("fork", "1.0"), ("pyyaml", "6.0.2"), ("pip", "24.0"), ("extra_thing", "2")]:
        (site_packages / f"{name}-{version}.dist-info").mkdir(parents=True)
        (site_packages / f"{name}-{version}.dist-info" / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nA description.\n", encoding="utf-8")
    assert engines.why_missing(engine) == (
        "venvs/fork does not hold locks/fork.txt: extra-thing (locked none, installed 2), "
        "pyyaml (locked 6.0.3, installed 6.0.2); run `make engines`")
    engine.lock.write_text("fork==1.0\npyyaml==6.0.2\nextra-thing==2\n", encoding="utf-8")
    assert engines.why_missing(engine) is None
