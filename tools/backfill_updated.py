"""Add ``updated: YYYY-MM-DD`` to every record in data/ and every page in docs/ that lacks one.

A record's date is the committer date (UTC) of the latest commit that touched any of its lines,
as ``git blame --line-porcelain`` tells it; a line not committed yet counts as today. The line
``updated: <date>`` goes right after the record's ``id:`` line, indented like it; nothing else
in the file changes (comments, key order, folded text and blank lines are kept byte for byte).
A record that already has ``updated`` is left alone, so the tool can run again after new
records are merged.

A docs page's date is the committer date (UTC) of the last commit that changed the file (today
if it was never committed); ``updated: <date>`` is added at the end of its front matter, or a
front matter block holding only that line is put at the top of the page.

    python tools/backfill_updated.py              # data/ and docs/ of this project
    python tools/backfill_updated.py --data D --docs P
    python tools/backfill_updated.py --check      # list what lacks a date, change nothing (exit 1 if any)
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _day(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()


def blame_days(path: Path) -> dict[int, str]:
    """Line number (from 1) -> the UTC day of the commit that last touched it. Empty when the
    file is not in a git repository or not committed: the caller then uses today."""
    proc = subprocess.run(["git", "blame", "--line-porcelain", "--", path.name], cwd=path.parent,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        return {}
    days: dict[int, str] = {}
    line = 0
    when: int | None = None
    for text in proc.stdout.splitlines():
        if text.startswith("\t"):
            if when is not None:
                days[line] = _day(when)
            when = None
            continue
        head = text.split(" ")
        if len(head) >= 3 and re.fullmatch(r"[0-9a-f]{40}", head[0]):
            line = int(head[2])
        elif head[0] == "committer-time":
            when = int(head[1])
    return days


def last_commit_day(path: Path) -> str | None:
    proc = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path.name], cwd=path.parent,
                          capture_output=True, text=True)
    out = proc.stdout.strip()
    return _day(int(out)) if proc.returncode == 0 and out.isdigit() else None


def _last_line(node: yaml.Node) -> int:
    """The last line (from 0) that holds part of ``node``: a block's end mark stands at the
    start of the line after it."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        return max([node.start_mark.line] + [_last_line(v) for _, v in node.value])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        return max([node.start_mark.line] + [_last_line(v) for v in node.value])
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _record_spans(text: str) -> list[tuple[int, int, yaml.MappingNode]]:
    """(first line, last line, node) of each record of a data file (lines from 0)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.SequenceNode):
        return []
    out = []
    for item in root.value:
        if isinstance(item, yaml.MappingNode):
            out.append((item.start_mark.line, _last_line(item), item))
    return out


def backfill_data_file(path: Path, today: str | None = None) -> tuple[str, list[str]]:
    """The file's new text, and a message for each record that could not be dated."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    days = blame_days(path)
    today = today or _today().isoformat()
    inserts: list[tuple[int, str]] = []
    notes: list[str] = []
    for first, last, node in _record_spans(text):
        keys = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if "updated" in keys:
            continue
        if "id" not in keys or node.flow_style:
            notes.append(f"{path}:{first + 1}: record without an 'id:' line of its own; add 'updated:' by hand")
            continue
        key, value = keys["id"]
        after = _last_line(value)
        day = max((days.get(n + 1, today) for n in range(first, last + 1)), default=today)
        indent = " " * key.start_mark.column
        inserts.append((after + 1, f"{indent}updated: {day}\n"))
    for at, line in sorted(inserts, reverse=True):
        if at > 0 and at <= len(lines) and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines.insert(at, line)
    return "".join(lines), notes


def backfill_docs_page(path: Path, today: str | None = None) -> str:
    text = path.read_text(encoding="utf-8")
    m = FRONT_MATTER.match(text)
    if m and re.search(r"^updated[ \t]*:", m[1] or "", re.MULTILINE):
        return text
    day = last_commit_day(path) or today or _today().isoformat()
    if m:
        close = m.end(1) if m[1] is not None else text.index("\n") + 1  # the start of the closing line
        return text[:close] + f"updated: {day}\n" + text[close:]
    return f"---\nupdated: {day}\n---\n\n" + text


def data_files(data_dir: Path) -> list[Path]:
    return sorted([*data_dir.glob("*.yml"), *data_dir.glob("*/*.yml")])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=ROOT / "data")
    p.add_argument("--docs", type=Path, default=ROOT / "docs")
    p.add_argument("--check", action="store_true", help="only list files with undated records or pages")
    args = p.parse_args(argv)
    changed, notes = [], []
    for path in data_files(args.data):
        new, why = backfill_data_file(path)
        notes += why
        if new != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in sorted(args.docs.rglob("*.md")) if args.docs.is_dir() else []:
        new = backfill_docs_page(path)
        if new != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for note in notes:
        print(note, file=sys.stderr)
    verb = "lack" if args.check else "dated"
    for path in changed:
        print(f"{verb}: {path}")
    return 1 if (args.check and changed) or notes else 0


if __name__ == "__main__":
    sys.exit(main())
