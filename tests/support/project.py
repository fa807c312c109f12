"""Build real sites in temporary folders, serve them, and read their HTML: what the tests share.

The fixtures that use these live in tests/conftest.py; test modules import the helpers from here.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urljoin

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


FIXTURES = ROOT / "tests" / "fixtures"


MKDOCS = [sys.executable, "-m", "mkdocs"]


IN_CI = os.environ.get("CI", "").lower() == "true"


# Every page type of the real site, by its URL under the site root (the browser checks visit each).
PAGE_TYPES = {
    "home": "",
    "background": "background/",
    "positions": "positions/",
    "timeline": "timeline/",
    "event": "events/sochi-summit-2016/",
    "plan": "plan/",
    "map": "map/",
    "actor directory": "actors/",
    "actor": "actors/shinzo-abe/",
    "quotes": "quotes/",
    "assessment": "assessment/",
    "sources": "sources/",
    "glossary": "glossary/",
    "who's who": "whos-who/",
    "data reference": "reference/data/",
}


def unavailable(reason: str) -> NoReturn:
    """The one place a test that cannot run says so: skipped locally, failed under CI=true
    (CI must run every check; see also pytest_sessionfinish below)."""
    if IN_CI:
        pytest.fail(f"CI=true and a test tool is missing: {reason}", pytrace=False)
    pytest.skip(reason)


def site_env(**extra) -> dict:
    """The build environment: deterministic, and ``SITE_URL`` only when a test passes it (a
    developer's own SITE_URL must not change what the tests see)."""
    env = dict(os.environ)
    env.pop("SITE_URL", None)
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1480000000", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(extra)
    return env


class EnvTag(list):
    """mkdocs.yml's ``!ENV [NAME, default]``, kept as a tag so a test project resolves it at build."""


class ConfigLoader(yaml.SafeLoader):
    pass


class ConfigDumper(yaml.SafeDumper):
    pass


ConfigLoader.add_constructor("!ENV", lambda loader, node: EnvTag(loader.construct_sequence(node)))  # type: ignore[arg-type]


ConfigDumper.add_representer(EnvTag, lambda dumper, data: dumper.represent_sequence("!ENV", data, flow_style=True))


def read_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)


def make_project(dest: Path, fixture: str | Path = "minimal", *, real_docs: bool = False,
                 config_changes: dict | None = None, editions: Sequence[str] = ("en",)) -> Path:
    """Lay out a project in ``dest``: the repo's mkdocs.yml (hooks by absolute path), a data
    folder and a docs folder. Fixture projects get an automatic nav (their docs are stubs).
    The project builds the English edition only, unless ``editions`` asks for more (``extra.editions``)."""
    src = FIXTURES / fixture if isinstance(fixture, str) else Path(fixture)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "data", dest / "data")
    shutil.copytree(ROOT / "docs" if real_docs else src / "docs", dest / "docs")
    cfg = read_config()
    cfg["hooks"] = [str(ROOT / h) for h in cfg.get("hooks", [])]
    if not real_docs:
        cfg.pop("nav", None)
    if "theme" in cfg and isinstance(cfg["theme"], dict) and cfg["theme"].get("custom_dir"):
        cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    cfg["watch"] = [str(dest / "data")]
    cfg.update(config_changes or {})
    # mkdocs.yml's `editions: !ENV [...]`, also when a test passes the repo's extra on
    cfg["extra"] = {k: v for k, v in (cfg.get("extra") or {}).items() if not (k == "editions" and isinstance(v, EnvTag))}
    if tuple(editions) != ("en",):
        cfg["extra"] = {**(cfg.get("extra") or {}), "editions": list(editions)}
    if not cfg["extra"]:
        del cfg["extra"]
    (dest / "mkdocs.yml").write_text(yaml.dump(cfg, Dumper=ConfigDumper, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    return dest


@dataclass
class Build:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def lines(self) -> list[str]:
        """The build's log, one entry per non-blank line, for exact assertions."""
        return [line for line in self.output.splitlines() if line.strip()]

    def html(self, url_path: str) -> str:
        path = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def build(project: Path, *args: str, check: bool = True, env: dict | None = None,
          command: Sequence[str] = MKDOCS) -> Build:
    """``mkdocs build --strict`` in ``project``; ``command`` runs another engine's instead
    (``support.engines``: ProperDocs, mkdocs-ng)."""
    proc = subprocess.run([*command, "build", "--strict", *args], cwd=project, env=site_env(**(env or {})),
                          capture_output=True, text=True, timeout=600)
    result = Build(project, proc.returncode, proc.stdout + proc.stderr)
    if check and proc.returncode != 0:
        raise AssertionError(f"{Path(command[-1]).name} build failed ({proc.returncode}):\n{result.output}")
    return result


def build_here(project: Path, *, check: bool = True, env: dict | None = None) -> Build:
    """``mkdocs build --strict`` in this process, as the command runs it (load the config, the
    startup event, build, shutdown), with the same exit status and the same log lines as
    :func:`build` reads from the command's pipe: MkDocs' ``LEVEL   -  message`` without colour or
    wrapping, and an abort's message first. It skips starting an interpreter and importing MkDocs
    and Material again, for tests that read the log; ``test_build.py`` checks both give the same."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logged: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append(f"{record.levelname:<8}-  {record.getMessage()}")

    logger, handler = logging.getLogger("mkdocs"), Collect()
    level, abort = logger.level, None
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        with _environment(site_env(**(env or {}))), _cwd(project):
            config = load_config(str(project / "mkdocs.yml"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        abort = exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    output = "\n".join([*([abort.format_message()] if isinstance(abort, Abort) else []), *logged, ""])
    result = Build(project, 1 if abort else 0, output)
    if check and abort:
        raise AssertionError(f"mkdocs build failed:\n{result.output}")
    return result


@contextmanager
def _environment(env: dict):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def _cwd(path: Path):
    saved = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


SITE_PATH = "/new-approach/"  # the path part of mkdocs.yml's site_url: serve the site where it will live


def require(*tools_needed: str) -> None:
    """Skip (locally) or fail (CI=true) unless the named tools are installed; see tests/support/tools.py."""
    from support import tools

    reason = tools.why_missing(*tools_needed)
    if reason:
        unavailable(reason)


class SiteServer:
    """Serves a built site folder on 127.0.0.1 under ``path`` (``SITE_PATH``), like the hosted
    site: a missing path gets the site's ``404.html`` (if any) with status 404. The one local
    HTTP server of the tests.

    ``gzip=True`` compresses text responses for clients that accept it, as any static host
    does (Lighthouse measures transfer sizes; python's http.server alone never compresses)."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".map")

    def __init__(self, site: Path, port: int = 0, gzip: bool = False, path: str = SITE_PATH):
        import functools
        import gzip as gz
        import http.server
        import threading

        base = path

        class Handler(http.server.SimpleHTTPRequestHandler):
            def translate_path(self, path):
                clean = path.split("?", 1)[0].split("#", 1)[0]
                if not clean.startswith(base):
                    return str(site / "__outside_the_site__")  # 404
                return super().translate_path("/" + clean[len(base):])

            def do_GET(self):
                target = Path(self.translate_path(self.path))
                if target.is_dir() and self.path.split("?", 1)[0].endswith("/"):
                    target = target / "index.html"
                if not (gzip and target.is_file() and target.suffix in SiteServer.TEXT
                        and "gzip" in self.headers.get("Accept-Encoding", "")):
                    return super().do_GET()
                body = gz.compress(target.read_bytes(), mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(target)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def send_error(self, code, message=None, explain=None):
                # As GitHub Pages and most static hosts do: a missing path gets the site's 404.html.
                page = site / "404.html"
                if code != 404 or self.command != "GET" or not page.is_file():
                    return super().send_error(code, message, explain)
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
        self.base = f"http://127.0.0.1:{self.httpd.server_port}{path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` at the root of 127.0.0.1 (a free port) for the duration of the block."""
    server = SiteServer(folder, path="/")
    try:
        yield server.url()
    finally:
        server.close()


@contextmanager
def watched_page(browser, origin: str, **context_options):
    """A page whose console errors, page errors and off-origin requests are recorded; requests
    to anywhere but ``origin`` are blocked (no network in tests)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def guard(route):
        if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            problems.append(f"blocked request: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    try:
        yield page, problems
    finally:
        context.close()


def resolve(from_url: str, href: str) -> str:
    """Site-relative URL that ``href`` on the page at ``from_url`` points to."""
    return urljoin("https://site.invalid/" + from_url, href).removeprefix("https://site.invalid/")
