"""Where a `mkdocs serve` rebuild's CPU goes, without the watcher: build a project twice in one
process (the first warms imports and the template caches, as a running server has them), then
time a third build, which reloads the config and rebuilds as serve does after a save.

    python bench/rebuild.py PROJECT            # CPU seconds of one warm rebuild
    python bench/rebuild.py PROJECT --profile  # and its split: our hooks, the theme, search

PROJECT is a folder with a mkdocs.yml (the repository itself, or bench/out/serve after a
`make bench`). The site goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

# The events worth naming: ours, and the two parts of MkDocs' per-page work that dominate.
SPLIT = (r"explainer.py.*\((on_config|on_files|on_page_content|on_post_page)\)"
         r"|search/plugin.py.*\(on_page_context\)|commands/build.py.*\((build|_build_page|_populate_page)\)"
         r"|jinja2/environment.py.*\(render\)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--profile", action="store_true", help="also print the cProfile split of one rebuild")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(args.project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as site:
        def rebuild() -> None:
            build(load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/")

        rebuild()
        rebuild()
        start = time.process_time()
        rebuild()
        print(f"one warm rebuild: {time.process_time() - start:.2f} s CPU", file=sys.stderr)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(rebuild)
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(SPLIT)
            print(out.getvalue(), file=sys.stderr)


if __name__ == "__main__":
    main()
