"""Command line: ``python -m jr_explainer check [DATA_DIR]`` validates a dataset."""

from __future__ import annotations

import argparse
import sys

from .problems import DataError
from .validate import load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jr_explainer")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the dataset and print every problem")
    check.add_argument("data_dir", nargs="?", default="data")
    args = parser.parse_args(argv)
    try:
        ds = load_dataset(args.data_dir)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {name}" for name, n in ds.counts().items())
    print(f"data OK: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
