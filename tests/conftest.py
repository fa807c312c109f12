"""Fixtures and pytest hooks; the helpers they use are in tests/support/project.py."""

from __future__ import annotations

import pytest

from support import tools
from support.project import IN_CI, ROOT, Build, SiteServer, build, make_project, require


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Build:
    """The minimal fixture, built once per session (read-only for tests)."""
    return build(make_project(tmp_path_factory.mktemp("minimal")))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The real dataset and docs with the repo's nav, built once per session (read-only), in its
    three editions: English at the root, Japanese under ja/, Russian under ru/."""
    return build(make_project(tmp_path_factory.mktemp("real"), ROOT, real_docs=True, editions=("en", "ja", "ru")))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Build:
    """tests/fixtures/hostile (every text field hostile; see tests/hostile.py), built once."""
    return build(make_project(tmp_path_factory.mktemp("hostile"), "hostile"))


@pytest.fixture(scope="session")
def real_server(real_site):
    server = SiteServer(real_site.site)
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser).

    Module scope, not session: Playwright's sync API allows one running instance per thread,
    and other test modules start their own; module fixtures never overlap, session ones would."""
    require("chromium")
    from playwright.sync_api import sync_playwright


    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tools.CHROMIUM), args=tools.CHROMIUM_FLAGS)
        yield b
        b.close()


# --- CI never skips; the checks' counts are summed for the report -------------------------------

_skipped: list[str] = []
_counts: dict[str, int] = {}


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)
    for name, value in getattr(report, "user_properties", []):
        if report.when != "call":
            continue
        if name.startswith("count:"):
            _counts[name[6:]] = _counts.get(name[6:], 0) + int(value)
        elif name.startswith("max:"):
            _counts[name[4:]] = max(_counts.get(name[4:], 0), int(value))


def pytest_sessionfinish(session, exitstatus):
    # Under CI=true a skipped test is a check that did not run: fail the run (pytest's own exit
    # code 5, "no tests collected", already fails `make test`).
    if IN_CI and _skipped and not hasattr(session.config, "workerinput"):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _counts:
        terminalreporter.section("what the checks covered")
        for name in sorted(_counts):
            terminalreporter.write_line(f"{name}: {_counts[name]}")
    if IN_CI and _skipped:
        terminalreporter.section("CI=true: skipped tests fail the run")
        for nodeid in _skipped:
            terminalreporter.write_line(nodeid)
