"""`mkdocs serve` watches data/: edits rebuild the site; bad data keeps the last good build."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from support.project import MKDOCS, make_project, read_config, site_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait(pred, timeout=60.0, what=""):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_repo_config_watches_data_and_templates():
    cfg = read_config()
    watched = {Path(w).as_posix() for w in cfg["watch"]}
    assert "data" in watched and "hooks/explainer_core/pages/templates" in watched


def test_serve_rebuilds_on_data_edits_and_survives_bad_data(tmp_path):
    project = make_project(tmp_path / "p")
    port = _free_port()
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=site_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    base = _wait(lambda: next((line.split("Serving on ")[1].strip() for line in output if "Serving on " in line), None),
                 what="the server to start")
    page = base + "events/sochi-summit-2016/"
    events = project / "data" / "events.yml"
    try:
        _wait(lambda: "Abe and Putin meet in Sochi" in (_get(page) or ""), what="first build")
        # 1. an edit to data/ is picked up
        text = events.read_text(encoding="utf-8")
        events.write_text(text.replace("title: Abe and Putin meet in Sochi", "title: Abe and Putin meet at Bocharov Ruchei"),
                          encoding="utf-8")
        _wait(lambda: "Abe and Putin meet at Bocharov Ruchei" in (_get(page) or ""), what="rebuild after edit")
        # 2. bad data: the problem is printed, the last good site keeps being served
        events.write_text(events.read_text(encoding="utf-8").replace("actors: [shinzo-abe]", "actors: [shinzo-ab]"),
                          encoding="utf-8")
        _wait(lambda: any("unknown actor 'shinzo-ab' (did you mean 'shinzo-abe'?)" in line for line in output),
              what="error line")
        assert "Abe and Putin meet at Bocharov Ruchei" in (_get(page) or "")
        assert proc.poll() is None, "serve must keep running"
        # 3. fixing the data brings the rebuilds back
        events.write_text(events.read_text(encoding="utf-8").replace("shinzo-ab]", "shinzo-abe]")
                          .replace("meet at Bocharov Ruchei", "meet in Sochi again"), encoding="utf-8")
        _wait(lambda: "Abe and Putin meet in Sochi again" in (_get(page) or ""), what="rebuild after fix")
        assert not any("Traceback" in line for line in output), "".join(output)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_keeps_answering_through_hostile_data(tmp_path):
    """Issue 11: data that segfaulted libyaml, data that crashed the build after the site folder
    was emptied, and a clash with a hand-written page: each prints its problem, and every
    request is still answered with the last good build."""
    from support import hostile_corpus as corpus

    project = make_project(tmp_path / "p")
    port = _free_port()
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=site_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    base = _wait(lambda: next((line.split("Serving on ")[1].strip() for line in output if "Serving on " in line), None),
                 what="the server to start")
    page = base + "events/sochi-summit-2016/"
    events = project / "data" / "events.yml"
    good = events.read_text(encoding="utf-8")
    try:
        _wait(lambda: "Abe and Putin meet in Sochi" in (_get(page) or ""), what="first build")
        for name in ("yaml-30000-brackets", "year-9999", "lone-surrogate", "id-too-long"):
            case = next(c for c in corpus.CASES if c.name == name)
            events.write_text(good, encoding="utf-8")
            corpus.apply(case, project)
            _wait(lambda case=case: any(re.search(case.expect, line) for line in output), what=f"the problem line of {name}")
            assert "Abe and Putin meet in Sochi" in (_get(page) or ""), name
            assert proc.poll() is None, f"serve died on {name}"
        events.write_text(good, encoding="utf-8")
        (project / "docs" / "timeline.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Mine\n", encoding="utf-8")
        _wait(lambda: any("docs/timeline.md: clashes with a page generated" in line for line in output), what="clash")
        assert "Abe and Putin meet in Sochi" in (_get(page) or "")
        assert proc.poll() is None
        assert not any("Traceback" in line for line in output), "".join(output)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _serve(project: Path, **env):
    port = _free_port()
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=site_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    base = _wait(lambda: next((line.split("Serving on ")[1].strip() for line in output if "Serving on " in line), None),
                 what="the server to start")
    return proc, base, output


def test_serve_rebuilds_every_edition_and_editions_en_serves_english_only(tmp_path):
    """Issue 21: `make serve` serves the three editions and rebuilds them on a save;
    `EDITIONS=en make serve` serves English only (mkdocs.yml's !ENV [EDITIONS, ...])."""
    project = make_project(tmp_path / "p", editions=("en", "ja", "ru"))
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"  editions:\n(  - \w+\n)+", '  editions: !ENV [EDITIONS, "en ja ru"]\n',
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    ja = project / "data" / "i18n" / "ja" / "events.yml"
    ja.parent.mkdir(parents=True)
    ja.write_text("- id: sochi-summit-2016\n  english_updated: 2021-03-01\n  title: ソチ会談\n", encoding="utf-8")
    proc, base, output = _serve(project)
    try:
        page = base + "ja/events/sochi-summit-2016/"
        _wait(lambda: "ソチ会談" in (_get(page) or ""), what="the Japanese edition")
        assert '<html lang="ru"' in (_get(base + "ru/") or "")
        ja.write_text(ja.read_text(encoding="utf-8").replace("ソチ会談", "ソチでの首脳会談"), encoding="utf-8")
        _wait(lambda: "ソチでの首脳会談" in (_get(page) or ""), what="the Japanese edition rebuilt")
        assert not any("Traceback" in line for line in output), "".join(output)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    proc, base, output = _serve(project, EDITIONS="en")
    try:
        _wait(lambda: "Abe and Putin meet in Sochi" in (_get(base + "events/sochi-summit-2016/") or ""), what="English")
        assert _get(base + "ja/events/sochi-summit-2016/") is None
    finally:
        proc.terminate()
        proc.wait(timeout=20)
