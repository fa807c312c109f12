"""Issue 22: under `mkdocs serve`, a rebuild after a data edit writes only the pages the edit
reaches, and the served site is still, file for file and byte for byte, what a clean
`mkdocs build` of the same data gives (pages, exports, redirects, sitemap, search index).

A real `mkdocs serve` is driven through a sequence of edits: a title, a new event, a deleted
quote, a new quote, a renamed actor with an alias, a bad edit and its fix. After each, every file of a clean
build (with the served site's URL) is fetched from the server and compared; files the clean
build no longer has must be gone from the server. Served HTML pages carry the live-reload
script MkDocs injects (and its hash in the page's policy): it is put into the clean page the
same way before comparing, so the comparison stays exact.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from explainer_core.web import csp
from support.project import MKDOCS, build, make_project, site_env

pytestmark = pytest.mark.slow

BUILT = re.compile(r"Documentation built in")  # the first build (MkDocs' build logger drops a
# message it has logged before, so a rebuild taking as long as an earlier one, to the hundredth
# of a second, logs no "Documentation built in"; after a rebuild the server always logs:)
RELOADED = re.compile(r"Reloading browsers")
NEW_EVENT = ("- id: tokyo-talks-2017\n  updated: 2021-07-01\n  title: Talks in Tokyo\n  date: 2017-03-20\n"
             "  era: aftermath\n  summary: Foreign and defence ministers meet.\n  actors: [shinzo-abe]\n"
             "  sources: [diplomat-2016]\n")  # the event both proofs add
WRITING = re.compile(r"Writing (\d+) of (\d+) pages")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Served:
    """A running `mkdocs serve` of ``project`` and its log."""

    def __init__(self, project: Path):
        self.project = project
        port = _free_port()
        self.proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=site_env(),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")),  # type: ignore[union-attr]
                         daemon=True).start()
        self.base = self.wait(lambda: next((ln.split("Serving on ")[1].strip() for ln in self.lines
                                            if "Serving on " in ln), None), "the server to start")

    def wait(self, pred, what: str, timeout: float = 240.0, since: int = -40):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = pred()
            if value:
                return value
            if self.proc.poll() is not None:
                raise AssertionError(f"mkdocs serve exited while waiting for {what}:\n{''.join(self.lines)}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{''.join(self.lines[since:])}")

    def count(self, pattern: re.Pattern) -> int:
        return sum(1 for ln in list(self.lines) if pattern.search(ln))

    def edit(self, changes: dict[str, object], *, expect: re.Pattern = RELOADED) -> list[str]:
        """Apply each change (text -> text) to its file of the project, one after the other, and
        wait until the server has logged ``expect`` once more and then been quiet for a second
        (several files: the watcher may rebuild in between); return the log lines since."""
        seen, before = len(self.lines), self.count(expect)
        time.sleep(1.1)  # a distinct modification time, and the watcher settled
        for path, change in changes.items():
            file = self.project / path
            new = change(file.read_text(encoding="utf-8"))  # type: ignore[operator]
            assert new != file.read_text(encoding="utf-8"), f"the edit of {path} changed nothing"
            file.write_text(new, encoding="utf-8")
        def rebuilt() -> bool:
            failed = [ln for ln in self.lines[seen:] if "Traceback" in ln or "An error happened" in ln or "Aborted" in ln]
            assert not failed, "a rebuild failed:\n" + "".join(self.lines[seen:])
            return self.count(expect) > before

        self.wait(rebuilt, f"the rebuild after editing {', '.join(changes)}", since=seen)
        quiet = len(self.lines), time.monotonic()
        while time.monotonic() - quiet[1] < 1.5:
            if len(self.lines) != quiet[0]:
                quiet = len(self.lines), time.monotonic()
            time.sleep(0.1)
        return self.lines[seen:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _as_served(clean: bytes, served: bytes) -> bytes:
    """The clean page as the live server sends it: the injected reload script (taken from the
    served page) before ``</body>``, and its hash added to the page's policy."""
    m = re.search(rb"<script>((?:(?!<script>).)*?)</script></body>", served, re.S)
    if m is None:
        return clean
    script = m[1]
    end = clean.rindex(b"</body>")
    injected = clean[:end] + b"<script>" + script + b"</script>" + clean[end:]
    return csp.allow(injected.decode("utf-8"), {script.decode("utf-8")}).encode("utf-8")


def _clean_build(server: Served, tmp: Path, step: str) -> Path:
    """A clean `mkdocs build` of the project as it is, with the served site's URL."""
    site = tmp / f"clean-{step}"
    build(server.project, "-d", str(site), env={"SITE_URL": server.base})
    return site


def _compare(server: Served, clean: Path, step: str, seen: set[str]) -> int:
    """Every file of the clean build ``clean`` is served identically; what it lacks is not served."""
    files = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file())
    different = []
    for rel in files:
        url = server.base + (rel[: -len("index.html")] if rel.endswith("/index.html") or rel == "index.html" else rel)
        status, body = _fetch(url)
        want = (clean / rel).read_bytes()
        if rel.endswith(".html"):
            want = _as_served(want, body)
        if status != 200 or body != want:
            different.append(f"{rel} ({status})")
    assert not different, f"after {step}: served differently from a clean build: {different[:10]}"
    gone = sorted(seen - set(files))
    still = [rel for rel in gone if _fetch(server.base + rel)[0] != 404]
    assert not still, f"after {step}: still served though a clean build has no such file: {still}"
    seen.update(files)
    assert "search/search_index.json" in files and "sitemap.xml" in files
    return len(files)


def _writing(lines: list[str]) -> tuple[int, int]:
    found = [WRITING.search(ln) for ln in lines]
    counts = [(int(m[1]), int(m[2])) for m in found if m]
    assert counts, "the rebuild did not say how many pages it wrote:\n" + "".join(lines)
    return counts[-1]


def test_incremental_serve_matches_a_clean_build(tmp_path):
    project = make_project(tmp_path / "p")
    index = project / "docs" / "index.md"  # a hand-written page filled from the data
    index.write_text(index.read_text(encoding="utf-8") + "\n<!-- explainer:latest -->\n", encoding="utf-8")
    server = Served(project)
    seen: set[str] = set()
    events, quotes, actors = "data/events.yml", "data/quotes.yml", "data/actors.yml"
    try:
        server.wait(lambda: server.count(BUILT), "the first build")
        _compare(server, _clean_build(server, tmp_path, "start"), "start", seen)

        # 1. one title: that event's page, the pages that show its title and the lists
        lines = server.edit({events: lambda t: t.replace("title: Putin visits Japan", "title: Putin in Nagato")})
        written, total = _writing(lines)
        assert 0 < written < total, "".join(lines)
        assert b"Putin in Nagato" in _fetch(server.base + "events/putin-visits-japan-2016/")[1]
        _compare(server, _clean_build(server, tmp_path, "title"), "title", seen)

        # 2. a new event
        server.edit({events: lambda t: t + NEW_EVENT})
        _compare(server, _clean_build(server, tmp_path, "new-event"), "new event", seen)

        # 3. the only quote deleted
        server.edit({quotes: lambda t: t[: t.index("- id: abe-breakthrough")]})
        _compare(server, _clean_build(server, tmp_path, "deleted-quote"), "deleted quote", seen)

        # 4. a quote by another speaker, at another event: pages whose own records are unchanged
        # but which now list it (the speaker's, the event's) are written again
        lines = server.edit({quotes: lambda t: t + (
            "- id: putin-nagato\n  updated: 2019-01-01\n  text: We need a peace treaty.\n  speaker: vladimir-putin\n"
            "  date: 2016-12-16\n  event: putin-visits-japan-2016\n  occasion: in Tokyo\n  source: diplomat-2016\n")})
        assert _writing(lines)[0] < _writing(lines)[1], "".join(lines)
        _compare(server, _clean_build(server, tmp_path, "new-quote"), "new quote", seen)

        # 5. an actor renamed, the old id kept as an alias (its old URL becomes a redirect)
        server.edit({actors: lambda t: t.replace("- id: shinzo-abe\n", "- id: abe-shinzo\n  aliases: [shinzo-abe]\n")
                     .replace("name: Shinzo Abe", "name: Abe Shinzō"),
                     events: lambda t: t.replace("shinzo-abe", "abe-shinzo")})
        renamed = _clean_build(server, tmp_path, "renamed-actor")
        assert (renamed / "actors" / "shinzo-abe" / "index.html").is_file()  # the redirect
        _compare(server, renamed, "renamed actor", seen)

        # 6. a bad edit: the problem is printed, the last good build is still served, whole ...
        good = (project / events).read_text(encoding="utf-8")
        server.edit({events: lambda t: t.replace("actors: [vladimir-putin]", "actors: [vladimir-putn]")},
                    expect=re.compile(r"unknown actor 'vladimir-putn'"))
        assert server.count(re.compile("Still serving the last good build")), "".join(server.lines[-20:])
        _compare(server, renamed, "bad edit", seen)
        # ... and its fix (with a new title, so that it is a rebuild of its own)
        server.edit({events: lambda t: good.replace("title: Talks in Tokyo", "title: Ministers meet in Tokyo")})
        _compare(server, _clean_build(server, tmp_path, "fixed"), "fixed", seen)
        assert not any("Traceback" in ln for ln in server.lines), "".join(server.lines)
    finally:
        server.stop()


JA_EVENTS = """\
- id: putin-visits-japan-2016
  english_updated: 2020-02-02
  title: プーチン大統領の訪日
  summary: プーチン大統領が長門と東京を訪問。
- id: sochi-summit-2016
  english_updated: 2021-03-01
  title: ソチでの日露首脳会談
  summary: 両首脳は3時間以上会談した。
"""


def test_incremental_serve_with_editions_matches_a_clean_build(tmp_path):
    """The same proof with two editions from one serve: English at / and Japanese under ja/
    (its pages, search index and sitemap), after edits of an English record and of its translation."""
    project = make_project(tmp_path / "p", editions=("en", "ja"))
    (project / "data" / "i18n" / "ja").mkdir(parents=True)
    (project / "data" / "i18n" / "ja" / "events.yml").write_text(JA_EVENTS, encoding="utf-8")
    server = Served(project)
    seen: set[str] = set()
    events, ja_events = "data/events.yml", "data/i18n/ja/events.yml"
    try:
        server.wait(lambda: server.count(BUILT), "the first build")
        start = _clean_build(server, tmp_path, "start")
        assert (start / "ja" / "search" / "search_index.json").is_file()
        _compare(server, start, "start", seen)

        # 1. an English title: the English pages that show it, and the Japanese pages' English
        lines = server.edit({events: lambda t: t.replace("title: Abe returns to power", "title: Abe is back")})
        written, total = _writing(lines)
        assert 0 < written < total, "".join(lines)
        assert b"Abe is back" in _fetch(server.base + "ja/events/abe-returns-2012/")[1]
        _compare(server, _clean_build(server, tmp_path, "title"), "English title", seen)

        # 2. the translation of a title: the Japanese pages that show it
        server.edit({ja_events: lambda t: t.replace("title: プーチン大統領の訪日", "title: 長門での首脳会談")})
        assert "長門での首脳会談".encode() in _fetch(server.base + "ja/events/putin-visits-japan-2016/")[1]
        _compare(server, _clean_build(server, tmp_path, "ja-title"), "Japanese title", seen)

        # 3. an English title that has a translation (the translated page keeps its title)
        server.edit({events: lambda t: t.replace("title: Putin visits Japan", "title: Putin in Nagato")})
        _compare(server, _clean_build(server, tmp_path, "translated-title"), "translated record's title", seen)

        # 4. a new translation, and a new event without one
        server.edit({ja_events: lambda t: t + (
            "- id: abe-returns-2012\n  english_updated: 2020-01-10\n  title: 安倍氏が政権に復帰\n"
            "  summary: 安倍晋三氏が再び首相に。\n")})
        _compare(server, _clean_build(server, tmp_path, "new-translation"), "new translation", seen)
        server.edit({events: lambda t: t + NEW_EVENT})
        before_bad = _clean_build(server, tmp_path, "new-event")
        _compare(server, before_bad, "new event", seen)

        # 5. a bad translation: the last good build (both editions) is still served; then its fix
        good = (project / ja_events).read_text(encoding="utf-8")
        server.edit({ja_events: lambda t: t.replace("- id: sochi-summit-2016", "- id: sochi-summit-2061")},
                    expect=re.compile(r"sochi-summit-2061"))
        assert server.count(re.compile("Still serving the last good build")), "".join(server.lines[-20:])
        _compare(server, before_bad, "bad translation", seen)
        server.edit({ja_events: lambda t: good.replace("title: ソチでの日露首脳会談", "title: ソチ会談")})
        _compare(server, _clean_build(server, tmp_path, "fixed"), "fixed translation", seen)
        assert not any("Traceback" in ln for ln in server.lines), "".join(server.lines)
    finally:
        server.stop()
