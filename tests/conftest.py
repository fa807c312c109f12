"""Shared helpers: build real sites in temporary folders and read their HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def site_env(**extra) -> dict:
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1480000000", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(extra)
    return env


def make_project(dest: Path, fixture: str | Path = "minimal", *, real_docs: bool = False,
                 config_changes: dict | None = None) -> Path:
    """Lay out a project in ``dest``: the repo's mkdocs.yml (hooks by absolute path), a data
    folder and a docs folder. Fixture projects get an automatic nav (their docs are stubs)."""
    src = FIXTURES / fixture if isinstance(fixture, str) else Path(fixture)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "data", dest / "data")
    shutil.copytree(ROOT / "docs" if real_docs else src / "docs", dest / "docs")
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["hooks"] = [str(ROOT / h) for h in cfg.get("hooks", [])]
    if not real_docs:
        cfg.pop("nav", None)
    if "theme" in cfg and isinstance(cfg["theme"], dict) and cfg["theme"].get("custom_dir"):
        cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    cfg["watch"] = [str(dest / "data")]
    cfg.update(config_changes or {})
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


@dataclass
class Build:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, url_path: str) -> str:
        path = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def build(project: Path, *args: str, check: bool = True) -> Build:
    proc = subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=project, env=site_env(),
                          capture_output=True, text=True, timeout=600)
    result = Build(project, proc.returncode, proc.stdout + proc.stderr)
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{result.output}")
    return result


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Build:
    """The minimal fixture, built once per session (read-only for tests)."""
    return build(make_project(tmp_path_factory.mktemp("minimal")))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The real dataset and docs with the repo's nav, built once per session (read-only)."""
    return build(make_project(tmp_path_factory.mktemp("real"), ROOT, real_docs=True))
