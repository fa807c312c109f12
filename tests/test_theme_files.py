"""Under `mkdocs serve` the theme's static file list is kept between rebuilds (issue 22): it must
be exactly the list MkDocs makes, follow a change to the theme's overrides, and let a docs file
still hide a theme file of the same path."""

from __future__ import annotations

import importlib.util
import shutil
import sys

from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

from support.project import ROOT, make_project


def _listing(files) -> list[tuple]:
    return [(f.src_uri, f.abs_src_path, f.dest_uri) for f in files]


def test_the_kept_theme_files_are_mkdocs_own(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace(str(ROOT / "overrides"), str(overrides)), encoding="utf-8")
    monkeypatch.chdir(project)
    cfg = load_config(str(project / "mkdocs.yml"))
    assert cfg.theme.custom_dir == str(overrides)
    env = cfg.theme.get_env()

    def theme_files(config) -> list[tuple]:
        files = get_files(config)
        files.add_files_from_theme(env, config)
        return _listing(files)

    own = theme_files(cfg)
    spec = importlib.util.spec_from_file_location("explainer_theme_files_test", ROOT / "hooks" / "explainer.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, hook)
    spec.loader.exec_module(hook)
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # undone after the test
    hook._keep_theme_files()
    assert getattr(Files.add_files_from_theme, "explainer_kept", False)
    assert theme_files(cfg) == own  # made, then kept
    assert theme_files(cfg) == own

    # a new file in the overrides is listed in the next build
    (overrides / "extra-asset.txt").write_text("x", encoding="utf-8")
    listed = theme_files(cfg)
    assert ("extra-asset.txt", str(overrides / "extra-asset.txt"), "extra-asset.txt") in listed
    # a docs file of the same path hides it, as in MkDocs
    (project / "docs" / "extra-asset.txt").write_text("y", encoding="utf-8")
    hidden = theme_files(cfg)
    assert ("extra-asset.txt", str(project / "docs" / "extra-asset.txt"), "extra-asset.txt") in hidden
    assert ("extra-asset.txt", str(overrides / "extra-asset.txt"), "extra-asset.txt") not in hidden
