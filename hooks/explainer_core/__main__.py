"""Command line.

``python -m explainer_core check [DATA_DIR]`` validates a dataset.
``python -m explainer_core urls [SITE_DIR] [--contract urls.txt] [--update]`` checks a built site
against the URL contract, or (``--update``) adds its newly published URLs to the contract.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import schema
from .data.problems import DataError
from .model import freshness, page_translations
from .pipeline import load_dataset, load_page_translations
from .publish import urls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer_core")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the dataset and print every problem")
    check.add_argument("data_dir", nargs="?", default="data")
    check.add_argument("--docs", help="the hand-written pages the translations in data/i18n/<lang>/pages/ follow "
                                      "(default: docs/ beside the data folder)")
    contract = sub.add_parser("urls", help="check a built site against the URL contract (urls.txt)")
    contract.add_argument("site_dir", nargs="?", default="site")
    contract.add_argument("--contract", default="urls.txt")
    contract.add_argument("--update", action="store_true",
                          help="add the site's new URLs to the contract (never removes one), then check")
    args = parser.parse_args(argv)
    if args.command == "urls":
        return _urls(args)
    docs = Path(args.docs) if args.docs else Path(args.data_dir).absolute().parent / "docs"
    english = _page_dates(docs)
    problems: list = []
    pages = load_page_translations(args.data_dir, english, problems) if english else {}
    try:
        ds = load_dataset(args.data_dir)
    except DataError as exc:
        problems += exc.problems
    if problems:
        print(DataError(problems).report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {name}" for name, n in ds.counts().items())
    print(f"data OK: {counts}")
    _translation_report(ds)
    _page_translation_report(pages, english)
    return 0


def _page_dates(docs: Path) -> dict:
    """Each hand-written page's ``updated`` day, ``{docs/<path>: day}`` (its problems are the build's)."""
    if not docs.is_dir():
        return {}
    texts = {}
    for path in sorted(docs.rglob("*.md")):
        if not path.is_file():  # a FIFO would never end
            continue
        try:
            texts[f"docs/{path.relative_to(docs).as_posix()}"] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return freshness.front_matter_dates(texts)[0]


def _page_translation_report(pages: dict, english: dict) -> None:
    """Each edition's translated hand-written pages, then one note per stale one."""
    dates = {label.removeprefix("docs/"): day for label, day in english.items()}
    for lang in schema.TRANSLATION_LANGS:
        found = pages.get(lang, {})
        notes = page_translations.notes(found, dates)
        print(f"{schema.LANG_NAMES[lang]} ({lang}) pages: {len(found) - len(notes)}/{len(dates)} hand-written pages translated")
        for note in notes:
            print(f"  {note}")


def _translation_report(ds) -> None:
    """Each edition's coverage, then one note per missing or stale translated field. Notes are
    not problems: the pages show the English for them (marked), and the check still passes."""
    for lang in schema.TRANSLATION_LANGS:
        coverage = ds.translations.coverage(ds.by_id, lang)
        full = sum(f for f, _ in coverage.values())
        total = sum(t for _, t in coverage.values())
        parts = ", ".join(f"{name} {f}/{t}" for name, (f, t) in coverage.items())
        print(f"{schema.LANG_NAMES[lang]} ({lang}) translation: {full}/{total} records fully translated ({parts})")
    for lang in schema.TRANSLATION_LANGS:
        notes = ds.translations.notes(ds.by_id, lang)
        if notes:
            print(f"{len(notes)} note{'s' * (len(notes) != 1)} on the {schema.LANG_NAMES[lang]} translation "
                  "(the pages show the English there, marked):")
            for note in notes:
                print(f"  {note}")


def _urls(args) -> int:
    served = urls.served_urls(args.site_dir)
    if not served:
        print(f"{args.site_dir}: no built site here; run `make build` first", file=sys.stderr)
        return 1
    listed = urls.read_contract(args.contract)
    if args.update:
        new = urls.updated(listed, served)
        urls.write_contract(args.contract, new)
        print(f"{args.contract}: {len(new)} URLs ({len(new) - len(set(listed))} added)")
        listed = new
    problems = urls.check(listed, served, contract_name=args.contract)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} URL contract problem(s)", file=sys.stderr)
        return 1
    if not args.update:
        print(f"{args.contract}: all {len(listed)} published URLs still served")
    return 0


if __name__ == "__main__":
    sys.exit(main())
