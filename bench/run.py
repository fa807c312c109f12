"""Benchmark `mkdocs build` at N = 100, 1,000 and 10,000 synthetic events, and the live reload.

    make bench                                   # or: python bench/run.py
    python bench/run.py --sizes 100,1000 --runs 3 --no-serve   # quicker, while developing

For every N it builds three projects:

(a) ``hooks``: the repository's mkdocs.yml with the real hooks, which load, validate and render
    the generated dataset in memory;
(b) ``floor``: the same site with the data work done beforehand: the pages the hooks render
    (HTML, metadata, headings, anchors), the redirects and the exports are pickled once, and
    ``bench/floor_hooks.py`` hands them to MkDocs with every other event of the real hooks.
    a/b is what loading, validating and rendering the data costs on top of MkDocs + Material;
    after the first pair of builds the two sites are compared file by file: they must be
    identical, or the floor is not the floor of the same site and the run stops.
(c) ``trivial``: the same pages (the same paths, so the same nav, with per-record pages out of
    it) each with only a title, two paragraphs and a list, written as Markdown, the same theme,
    plugins and Markdown extensions, and no hooks. a/c is what the explainer costs compared
    with the cheapest site of that many pages the theme can build. Hand-written pages link to
    anchors and exports that only the real site has, so (c) reports those links as info.

Each build is a fresh ``python -m mkdocs build --strict`` process, timed wall-clock from spawn
to exit by a small wrapper process, which also reports the build's CPU time and peak RSS
(``os.wait4``: the resource usage of that one child). The runs
are interleaved (a, b, b, a, a, b, ...) so that noise from other work on the machine hits both
variants alike; the table gives medians.

Then, unless ``--no-serve``, it measures the real dataset's live reload: ``mkdocs serve``
(livereload on) on 127.0.0.1, an edit to data/events.yml, and the time until the edited
page is served with the new text (median of ``--edits`` edits).

Everything goes under bench/out/ (git-ignored); the tables are printed and written to
bench/results.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1480000000", "PYTHONDONTWRITEBYTECODE": "1"}
os.environ.update({k: ENV[k] for k in ("NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH")})  # for hook_files()


# --- the repository's configuration, as the projects inherit it ------------------------------
class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few values the bench needs, ignoring !!python/... tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def repo_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def write_config(project: Path, *, hooks: bool | None, not_in_nav: str | None = None, editions: str = "en") -> None:
    """A mkdocs.yml that INHERITs the repository's (so the nav, theme, plugins and Markdown
    extensions are exactly the site's) and only re-points what is relative to the repository."""
    cfg = repo_config()
    child: dict = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "site_dir": "site", "watch": []}
    # One edition, the English: (a), (b) and (c) build the same pages (each other edition is
    # another build of the same size; README "Editions" gives the serve reload of all three).
    # --reload-only --editions serves more (issue 22: the reload with every edition).
    child["extra"] = {"editions": editions}
    # The floor keeps the hooks' per-page events (they change the HTML), not the data work.
    child["hooks"] = [str(ROOT / h) for h in cfg.get("hooks", [])] if hooks else [str(ROOT / "bench" / "floor_hooks.py")]
    if hooks is None:  # the trivial pages: MkDocs and Material alone
        child["hooks"] = []
        child["validation"] = {"not_found": "info", "anchors": "info"}  # links to what only (a) generates
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        child["theme"] = {"custom_dir": str(ROOT / theme["custom_dir"])}
    if not_in_nav:
        child["not_in_nav"] = not_in_nav
    (project / "mkdocs.yml").write_text(yaml.safe_dump(child, sort_keys=False), encoding="utf-8")


def hook_files(project: Path):
    """Run MkDocs' config loading and the ``on_config``/``on_files`` events in-process, as a
    build does, and return the files the hooks generated and the CPU seconds those two events
    took (the hooks' whole job: load, validate, render pages, redirects and exports)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    project = project.resolve()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        t = time.process_time()
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = config.plugins.on_files(get_files(config), config=config)
        seconds = time.process_time() - t
        config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return [f for f in files if f.generated_by], seconds, config


TRIVIAL = """# Page {n}

This is the first paragraph of page {n}, a page with a title, two paragraphs and a list, the
least a page of the explainer could hold.

A second paragraph follows, with a little *emphasis* and a [link to another site](https://example.org/).

- one item
- another item
- a third item
"""


def make_projects(n: int, out: Path, seed: int, reuse: bool = False) -> tuple[Path, Path, Path]:
    """bench/out/<n>/{a,b,c}: (a) real docs + generated data + hooks; (b) docs + the hooks'
    output, rendered beforehand (see floor_hooks.py); (c) docs + trivial pages at the same paths."""
    base = out / str(n)
    a, b, c = base / "a", base / "b", base / "c"
    if reuse and (base / "ready").is_file():
        return a, b, c
    if base.exists():
        shutil.rmtree(base)
    for p in (a, b, c):
        shutil.copytree(ROOT / "docs", p / "docs")
    generate.write(a / "data", n, seed, base=ROOT / "data")
    write_config(a, hooks=True)

    state = hook_state(a)
    with open(b / "prerendered.pickle", "wb") as f:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
    write_config(b, hooks=False)
    # The per-item pages are NOT_IN_NAV in (a); in (c) they are plain files, so tell MkDocs
    # they are left out of the nav on purpose. Folder globs, not one line per page: a pathspec
    # of N lines would be matched against every file (quadratic).
    hidden = [uri for uri, p in state["generated"].items() if not p.in_nav]
    shown = [uri for uri, p in state["generated"].items() if p.in_nav]
    for i, uri in enumerate(hidden + shown):
        path = c / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TRIVIAL.format(n=i), encoding="utf-8")
    folders = sorted({"/" + uri.rsplit("/", 1)[0] for uri in hidden if "/" in uri})
    patterns = [f"{d}/*.md" for d in folders] + [f"/{uri}" for uri in hidden if "/" not in uri]
    patterns += [f"!/{uri}" for uri in shown if any(("/" + uri).startswith(d + "/") for d in folders)]
    write_config(c, hooks=None, not_in_nav="\n".join(patterns))
    (base / "ready").write_text(f"{n} events, seed {seed}\n", encoding="utf-8")
    return a, b, c


def hook_state(project: Path) -> dict:
    """What the real hooks' on_config leaves for the build (pages, redirects, exports), without
    the dataset itself: the floor's input."""
    build = hook_files(project)[2]["explainer"]  # the hooks' BuildState, kept on the config
    return {"generated": build.generated, "exports": build.exports, "redirects": build.redirects,
            "hand_dates": build.hand_dates, "filled": build.filled}


# --- one timed build ---------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float  # wall clock, spawn to exit
    cpu: float  # user + system CPU seconds of the build process: much less sensitive to other load
    peak_mb: float


# A small wrapper process runs each build and reports the build's own resource usage. Spawned
# straight from this (large) bench process, the child's peak RSS would start from ours: Linux
# carries the parent's high-water mark across fork and exec.
_WRAPPER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.STDOUT)
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss, "returncode": os.waitstatus_to_exitcode(status)}))
"""


def timed_build(project: Path, log: Path) -> Run:
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(log), *MKDOCS, "build", "--strict"], cwd=project,
                          env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the timing wrapper failed: {proc.stderr}")
    r = json.loads(proc.stdout)
    if r["returncode"] != 0:
        raise SystemExit(f"mkdocs build failed in {project} (exit {r['returncode']}); see {log}:\n"
                         + log.read_text(encoding="utf-8")[-3000:])
    return Run(r["seconds"], r["cpu"], r["maxrss_kb"] / 1024)  # ru_maxrss is in KiB on Linux


def _normalised(rel: str, data: bytes) -> bytes:
    """Page order differs between in-memory files (appended after docs/) and files on disk
    (sorted), and only the sitemap and the search index list pages in that order: compare
    their entries as sets."""
    if rel.endswith(".gz"):
        data, rel = gzip.decompress(data), rel[:-3]
    if rel == "sitemap.xml":
        return b"".join(sorted(re.findall(rb"<url>.*?</url>", data, re.S)))
    if rel.endswith("search_index.json"):
        index = json.loads(data)
        index["docs"] = sorted(index["docs"], key=lambda d: json.dumps(d, sort_keys=True))
        return json.dumps(index, sort_keys=True).encode()
    return data


def tree_digest(site: Path) -> dict[str, str]:
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            rel = p.relative_to(site).as_posix()
            out[rel] = hashlib.sha256(_normalised(rel, p.read_bytes())).hexdigest()
    return out


def check_same_site(a: Path, b: Path) -> int:
    da, db = tree_digest(a / "site"), tree_digest(b / "site")
    if da != db:
        only = sorted(set(da) ^ set(db))[:10]
        differ = sorted(k for k in set(da) & set(db) if da[k] != db[k])[:10]
        raise SystemExit(f"(a) and (b) built different sites: only in one: {only}; different: {differ}")
    return len(da)


# --- the live reload under mkdocs serve ---------------------------------------------------------------
def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def serve_reload(out: Path, edits: int, n: int | None = None, seed: int = 0, editions: str = "en") -> dict:
    """Serve the real site (real docs and data; with ``n``, the real docs and ``n`` synthetic
    events); edit data/events.yml ``edits`` times and time each edit from the write to the
    moment the edited event page is served with the new title. After the first build, each
    rebuild writes only the pages the edit reaches (issue 22); its log says how many. ``editions``
    (e.g. "en ja ru") serves those; the synthetic data keeps the real translations (data/i18n/) of
    the real records it is built on, and its own records have none (shown in English)."""
    project = out.resolve() / ("serve" if n is None else f"serve-{n}")
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    if n is None:
        shutil.copytree(ROOT / "data", project / "data")
    else:
        generate.write(project / "data", n, seed, base=ROOT / "data")
        if editions != "en":
            shutil.copytree(ROOT / "data" / "i18n", project / "data" / "i18n")
    write_config(project, hooks=True, editions=editions)
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["watch"] = [str(project / "data")]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")

    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    m = re.search(r"^- id: (\S+)\n(?:  .*\n)*?  title: (.+)$", text, re.M)
    assert m is not None, f"no event with a title in {events}"
    event_id, title = m[1], m[2]

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []
    stdout = proc.stdout
    assert stdout is not None

    def read_lines() -> None:
        for ln in iter(stdout.readline, ""):
            lines.append((time.perf_counter(), ln))

    threading.Thread(target=read_lines, daemon=True).start()
    try:
        # the first build is a full one of every edition (1,000 events, three editions: minutes)
        deadline = time.monotonic() + 300 * len(editions.split())
        base = None
        while base is None and time.monotonic() < deadline:
            base = next((ln.split("Serving on ")[1].strip() for _, ln in lines if "Serving on " in ln), None)
            time.sleep(0.05)
        if base is None:
            raise SystemExit("mkdocs serve did not start:\n" + "".join(ln for _, ln in lines))
        url = base + f"events/{event_id}/"
        while title.split()[0] not in _get(url):
            time.sleep(0.1)
        totals, builds, written, cpus = [], [], [], []
        for i in range(edits):
            time.sleep(1.5)  # let the watcher settle so each edit is a separate rebuild
            marker = f"Bench edit {i} {time.time_ns()}"
            seen = len(lines)
            cpu0 = _cpu_seconds(proc.pid)
            t0 = time.perf_counter()
            events.write_text(text.replace(f"  title: {title}", f"  title: {marker}", 1), encoding="utf-8")
            while marker not in _get(url):
                if time.perf_counter() - t0 > 120:
                    raise SystemExit("the edit was not served within 120 s:\n" + "".join(ln for _, ln in lines[seen:]))
                time.sleep(0.01)
            totals.append(time.perf_counter() - t0)
            time.sleep(0.3)
            cpus.append(_cpu_seconds(proc.pid) - cpu0)
            built = [float(x) for _, ln in lines[seen:] for x in re.findall(r"Documentation built in ([\d.]+) seconds", ln)]
            builds.append(built[-1] if built else float("nan"))
            counts = [m.groups() for _, ln in lines[seen:] for m in [re.search(r"Writing (\d+) of (\d+) pages", ln)] if m]
            written.append(f"{counts[-1][0]}/{counts[-1][1]}" if counts else "all")
        peak_mb = _peak_mb(proc.pid)
        ours = statistics.median(core_seconds(project) for _ in range(3))
        return {"edits": edits, "ours": ours, "median": statistics.median(totals), "min": min(totals), "max": max(totals),
                "build_median": statistics.median(builds), "totals": totals, "builds": builds, "written": written,
                "peak_mb": peak_mb, "cpus": cpus, "editions": editions, "cpu_median": statistics.median(cpus), "n": n, "events": len(re.findall(r"^- id: ", text, re.M)) if n is None else n}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _cpu_seconds(pid: int) -> float:
    """The server's user + system CPU seconds so far: a rebuild's CPU is what other work on a
    shared machine disturbs least (its wall clock grows with the machine's load)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb(pid: int) -> float:
    """The server's peak resident memory so far (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(m[1]) / 1024 if m else float("nan")


def reload_text(serve: dict) -> str:
    what = "the real dataset" if serve["n"] is None else f"{serve['n']:,} synthetic events (and the real docs)"
    what += f", editions {serve.get('editions', 'en')},"
    return (f"Live reload of {what} under `mkdocs serve`, from saving data/events.yml (one event's title) to the "
            f"edited page being served: median {serve['median']:.2f} s wall clock over {serve['edits']} edits "
            f"(min {serve['min']:.2f}, max {serve['max']:.2f}; each: {', '.join(f'{t:.2f}' for t in serve['totals'])}); "
            f"MkDocs' 'Documentation built in' median {serve['build_median']:.2f} s; the server's CPU per reload "
            f"(watcher and rebuild) median {serve['cpu_median']:.2f} s (each: {', '.join(f'{t:.2f}' for t in serve['cpus'])}); "
            f"pages written per rebuild: "
            f"{', '.join(serve['written'])}; the server's peak memory {serve['peak_mb']:.0f} MB; a full run of the "
            f"hooks' on_config + on_files (load, validate, render) {serve['ours']:.2f} s CPU in-process.")


def reload_only(args, info: dict) -> int:
    """``--reload-only``: the live reload at each of ``--reload`` (``real``, or a number of
    synthetic events), written to its own section of the results file."""
    out = Path(args.out).resolve()
    results = []
    for what in args.reload.split(","):
        serve = serve_reload(out, args.edits, None if what == "real" else int(what), args.seed, args.editions)
        print(reload_text(serve), flush=True)
        results.append(serve)
    section = ["<!-- reload -->", "## Live reload (issue 22: only the pages an edit reaches are written)", "",
               f"Command: `python bench/run.py {' '.join(sys.argv[1:])}`.", ""]
    section += [reload_text(s) + "\n" for s in results]
    section += [f"Machine: {info['nproc']} cores ({info['cpu']}), Python {info['python']}, MkDocs {info['mkdocs']}, "
                f"Material {info['material']}.", "<!-- /reload -->"]
    path = Path(args.results)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = "\n".join(section)
    if "<!-- reload -->" in text:
        text = re.sub(r"<!-- reload -->.*?<!-- /reload -->", lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    (out / "reload.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


# --- the machine ------------------------------------------------------------------------------------
def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))

    def version(dist: str) -> str:
        from importlib.metadata import version as v
        return v(dist)

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "mkdocs": version("mkdocs"),
            "material": version("mkdocs-material"), "markdown": version("Markdown"), "pyyaml": version("PyYAML"),
            "libyaml": bool(getattr(yaml, "__with_libyaml__", False)), "os": platform.platform()}


# --- main ---------------------------------------------------------------------------------------
@dataclass
class Size:
    n: int
    a: Path
    b: Path
    c: Path
    pages: int = 0
    files: int = 0
    runs: dict = field(default_factory=lambda: {"a": [], "b": [], "c": []})

    core: list = field(default_factory=list)  # CPU seconds of the hooks' on_config + on_files, in-process
    largest: tuple = (0, "")  # the largest HTML page (a) built: bytes, path

    def med(self, v: str, what: str = "seconds") -> float:
        return statistics.median(getattr(r, what) for r in self.runs[v])

    def peak(self, v: str) -> float:
        return max(r.peak_mb for r in self.runs[v])


def table(sizes: list[Size]) -> str:
    rows = ["| N events | pages | runs | (a) hooks, s | (b) floor, s | (c) trivial, s | a/b | a/c "
            "| (a) CPU s | (b) CPU s | (c) CPU s | a/b CPU | a/c CPU | core work, s | peak MB (a) | peak MB (c) "
            "| largest page (a) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: | ---: | :--- |"]
    for s in sizes:
        cpu = {v: s.med(v, "cpu") for v in "abc"}
        rows.append(f"| {s.n:,} | {s.pages:,} | {len(s.runs['a'])} | {s.med('a'):.2f} | {s.med('b'):.2f} "
                    f"| {s.med('c'):.2f} | {s.med('a') / s.med('b'):.3f} | {s.med('a') / s.med('c'):.3f} "
                    f"| {cpu['a']:.2f} | {cpu['b']:.2f} | {cpu['c']:.2f} | {cpu['a'] / cpu['b']:.3f} "
                    f"| {cpu['a'] / cpu['c']:.3f} | {statistics.median(s.core):.2f} | {s.peak('a'):.0f} "
                    f"| {s.peak('c'):.0f} | {s.largest[0] / 1e6:.2f} MB ({s.largest[1]}) |")
    return "\n".join(rows)


def core_seconds(project: Path) -> float:
    """CPU seconds of the hooks' on_config + on_files in-process (see ``hook_files``)."""
    return hook_files(project)[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark mkdocs build with and without the hooks.")
    p.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of events")
    p.add_argument("--runs", type=int, default=3, help="timed builds per variant and size (median is reported)")
    p.add_argument("--large-runs", type=int, default=None,
                   help="timed builds per variant for N >= 10,000 (default: --runs)")
    p.add_argument("--reuse", action="store_true",
                   help="reuse the projects in --out from an earlier run (same code and data only)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--edits", type=int, default=7, help="data edits timed under mkdocs serve")
    p.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    p.add_argument("--reload", default="real",
                   help="what --reload-only serves: 'real' and/or numbers of synthetic events, e.g. real,1000")
    p.add_argument("--reload-only", action="store_true",
                   help="only time the live reload (of each of --reload), into its own section of --results")
    p.add_argument("--editions", default="en",
                   help="the editions --reload-only serves, e.g. 'en ja ru' (the builds are always English only)")
    p.add_argument("--out", default=str(ROOT / "bench" / "out"))
    p.add_argument("--results", default=str(ROOT / "bench" / "results.md"))
    args = p.parse_args(argv)
    out = Path(args.out).resolve()  # the timing wrapper runs in each project folder
    out.mkdir(parents=True, exist_ok=True)
    ns = [int(x) for x in args.sizes.split(",")]
    info = machine()
    print(f"machine: {info}", flush=True)
    if args.reload_only:
        return reload_only(args, info)

    sizes = []
    for n in ns:
        t = time.perf_counter()
        a, b, c = make_projects(n, out, args.seed, args.reuse)
        size = Size(n, a, b, c)
        size.pages = sum(1 for _ in (c / "docs").rglob("*.md"))
        sizes.append(size)
        print(f"N={n}: generated data and {size.pages} floor pages in {time.perf_counter() - t:.1f} s", flush=True)

    large_runs = args.runs if args.large_runs is None else args.large_runs
    for rep in range(max(args.runs, large_runs)):
        order = ("a", "b", "c") if rep % 2 == 0 else ("c", "b", "a")
        for size in sizes:
            if rep >= (large_runs if size.n >= 10000 else args.runs):
                continue
            for v in order:
                project = getattr(size, v)
                run = timed_build(project, out / f"{size.n}-{v}-{rep}.log")
                size.runs[v].append(run)
                print(f"  run {rep + 1} N={size.n} ({v}): {run.seconds:.2f} s, CPU {run.cpu:.2f} s, "
                      f"peak {run.peak_mb:.0f} MB", flush=True)
            size.core.append(core_seconds(size.a))
            if rep == 0:
                size.files = check_same_site(size.a, size.b)
                size.largest = max((p.stat().st_size, p.relative_to(size.a / "site").as_posix())
                                   for p in (size.a / "site").rglob("*.html"))
                print(f"  N={size.n}: (a) and (b) built identical sites ({size.files} files)", flush=True)

    result = table(sizes)
    by_n = {s.n: s for s in sizes}
    growth = None
    if 1000 in by_n and 10000 in by_n:
        growth = by_n[10000].med("a") / by_n[1000].med("a")
        growth_b = by_n[10000].med("b") / by_n[1000].med("b")
        growth_cpu = by_n[10000].med("a", "cpu") / by_n[1000].med("a", "cpu")
        growth_c = by_n[10000].med("c", "cpu") / by_n[1000].med("c", "cpu")
    serve = None if args.no_serve else serve_reload(out, args.edits)

    lines = [result, ""]
    if growth is not None:
        lines.append(f"Growth of (a) from 1,000 to 10,000 events: {growth:.2f}× wall clock, {growth_cpu:.2f}× CPU "
                     f"(floor (b): {growth_b:.2f}× wall clock; trivial (c): {growth_c:.2f}× CPU; target ≤ 10.5×).")
    if serve is not None:
        lines.append(reload_text(serve))
    lines.append("")
    lines.append("Medians of the given number of interleaved runs per variant (a, b, then b, a, ...), each a fresh "
                 "`mkdocs build --strict` process timed from spawn to exit; CPU is that process's user + system "
                 "time (os.wait4), which other work on the machine disturbs far less than wall clock; peak MB is "
                 "its largest RSS. Core work: CPU seconds of the hooks' on_config + on_files measured in-process "
                 "(median of one measurement per round): the hooks' whole job, without the rest of MkDocs.")
    lines.append(f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gb']} GB RAM, Python {info['python']}, "
                 f"MkDocs {info['mkdocs']}, Material {info['material']}, Markdown {info['markdown']}, "
                 f"PyYAML {info['pyyaml']} (libyaml {'yes' if info['libyaml'] else 'no'}); {info['os']}.")
    text = "\n".join(lines)
    print("\n" + text, flush=True)

    report = ["# Benchmark results", "",
              f"Command: `make bench` (here: `python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`).",
              "", text, ""]
    Path(args.results).write_text("\n".join(report), encoding="utf-8")
    raw = {"machine": info, "sizes": {s.n: {v: [r.__dict__ for r in s.runs[v]] for v in "abc"}
                                      | {"pages": s.pages, "core": s.core}
                                      for s in sizes}, "serve": serve}
    (out / "results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
