"""The core's stages import only downwards, and no modules import each other in a circle.

Read from the code's own imports (``ast``, every ``import`` statement, also those under
``if TYPE_CHECKING`` or inside functions): each module of ``hooks/explainer_core`` belongs to the
stage of its package (data → model → pages → publish → web; ``pipeline``, ``__main__`` and the
package's ``__init__`` are on top and may import every stage). See docs/reference/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "hooks" / "explainer_core"
STAGES = ("data", "model", "pages", "publish", "web")
TOP = len(STAGES)  # pipeline, __main__, the package's __init__


def module_name(root: Path, path: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` -> the modules of that package it imports."""
    files = {module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                # "from pkg import name": the submodule pkg.name where there is one, else pkg itself
                targets.update(f"{mod}.{a.name}" if f"{mod}.{a.name}" in files else mod for a in node.names)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def stage_of(root: Path, module: str) -> int:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] in STAGES:  # a module inside a stage's package
        return STAGES.index(parts[1])
    if len(parts) == 2 and parts[1] in STAGES:  # a stage package's own __init__
        return STAGES.index(parts[1])
    return TOP


def upward_imports(root: Path) -> list[str]:
    graph = imports(root)
    return [f"{m} ({STAGES[stage_of(root, m)] if stage_of(root, m) < TOP else 'top'}) imports {t} "
            f"({STAGES[stage_of(root, t)] if stage_of(root, t) < TOP else 'top'})"
            for m, targets in sorted(graph.items()) for t in sorted(targets) if stage_of(root, t) > stage_of(root, m)]


def cycles(root: Path) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    graph = imports(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_core_module_belongs_to_a_stage_or_the_top():
    graph = imports(CORE)
    loose = [m for m in graph if stage_of(CORE, m) == TOP]
    assert sorted(loose) == ["explainer_core", "explainer_core.__main__", "explainer_core.pipeline"]
    assert {m.split(".")[1] for m in graph if stage_of(CORE, m) < TOP} == set(STAGES)


def test_core_imports_point_only_down_the_stages():
    assert upward_imports(CORE) == []


def test_core_modules_import_each_other_in_no_circle():
    assert cycles(CORE) == []


def test_the_core_never_imports_mkdocs_or_the_adapter():
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            assert not [n for n in names if n.split(".")[0] in ("mkdocs", "explainer")], path


def _fake_core(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "explainer_core"
    for rel in ("__init__.py", "pipeline.py", *(f"{s}/__init__.py" for s in STAGES), "data/a.py", "data/b.py",
                "model/records.py", "pages/render.py", "web/csp.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")
    for rel, text in files.items():
        (root / rel).write_text(text)
    return root


# Each case: files of a tiny core, and what the checks must say about it.
CASES = {
    "clean": ({"pipeline.py": "from .pages import render\nfrom .web import csp\n",
               "pages/render.py": "from ..data import a\nfrom ..model.records import X\n",
               "model/records.py": "from ..data.b import Y\n", "data/a.py": "from . import b\n"}, [], []),
    "upward, relative": ({"data/a.py": "from ..pages.render import Renderer\n"},
                         ["explainer_core.data.a (data) imports explainer_core.pages.render (pages)"], []),
    "upward, absolute, for the type checker only": (
        {"model/records.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import explainer_core.web.csp\n"},
        ["explainer_core.model.records (model) imports explainer_core.web.csp (web)"], []),
    "upward, inside a function": ({"data/b.py": "def f():\n    from .. import pipeline\n"},
                                  ["explainer_core.data.b (data) imports explainer_core.pipeline (top)"], []),
    "a circle within a stage": ({"data/a.py": "from .b import Y\n", "data/b.py": "from . import a\n"},
                                [], [["explainer_core.data.a", "explainer_core.data.b"]]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_checks_find_an_injected_upward_import_or_circle(tmp_path, case):
    files, upward, circles = CASES[case]
    root = _fake_core(tmp_path, files)
    assert upward_imports(root) == upward
    assert cycles(root) == circles


# Page templates lay out their view; none calls back into views, the glossary or the renderer.
CALLBACKS = {"views", "timeline_page", "gloss", "gloss_md", "html_block", "absolute", "glossary", "renderer"}


def test_templates_read_their_view_and_never_call_back_into_the_renderer():
    import jinja2
    from jinja2 import meta

    from explainer_core import load_dataset
    from explainer_core.pages.render import TEMPLATES, Renderer

    renderer = Renderer(load_dataset(Path(__file__).resolve().parents[1] / "data"))
    for path in sorted(TEMPLATES.glob("*.j2")):
        used = meta.find_undeclared_variables(renderer.env.parse(path.read_text(encoding="utf-8")))
        assert not used & CALLBACKS, f"{path.name} calls back: {sorted(used & CALLBACKS)}"
    ours = {k: v for k, v in renderer.env.globals.items() if k not in jinja2.Environment().globals}
    assert not CALLBACKS & set(ours)
    assert not [k for k, v in ours.items() if callable(v) and getattr(v, "__self__", None) is renderer]


# Each page template and the view it lays out (pages/views.py, pages/pageviews.py).
TEMPLATE_VIEWS = {
    "event.md.j2": "pageviews.EventView", "actor.md.j2": "pageviews.ActorView",
    "timeline.md.j2": "pageviews.TimelineView", "timeline_index.md.j2": "pageviews.TimelineIndexView",
    "map.md.j2": "pageviews.MapView", "actors_index.md.j2": "pageviews.DirectoryView",
    "plan.md.j2": "pageviews.PlanView", "quotes.md.j2": "pageviews.QuotesView",
    "sources.md.j2": "pageviews.SourcesView", "glossary.md.j2": "pageviews.GlossaryView",
    "whos_who.md.j2": "pageviews.WhosWhoView", "data_reference.md.j2": "pageviews.DataReferenceView",
    "latest.html.j2": "pageviews.LatestView",
}
# What every page template may read besides its view: the link table's lookups, the page's own
# address and pictures, its view's glossary-linked texts, and the edition's words and lookups.
PAGE_NAMES = {"link", "file_link", "here", "pictures", "text", "english"}
EDITION_LOOKUPS = {"date_text", "tr", "plain", "is_en", "role_title", "heading_id", "lang_attr"}


def test_page_templates_read_only_their_views_fields():
    import dataclasses

    import jinja2
    from jinja2 import meta, nodes

    from explainer_core import load_dataset
    from explainer_core.pages import pageviews, views
    from explainer_core.pages.render import TEMPLATES, Renderer

    renderer = Renderer(load_dataset(Path(__file__).resolve().parents[1] / "data"))
    ours = {k for k in renderer.env.globals if k not in jinja2.Environment(extensions=["jinja2.ext.i18n"]).globals}
    assert ours == EDITION_LOOKUPS | {"gettext", "ngettext", "pgettext", "npgettext"}  # no plain data globals
    bare = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # no globals: every name a template reads shows
    bare.filters.update(renderer.env.filters)
    page_templates = {p.name for p in TEMPLATES.glob("*.j2")} - {"_macros.j2", "map_svg.j2", "timeline_svg.j2",
                                                                  "redirect.html.j2", "timelinejs_text.html.j2"}
    assert page_templates == set(TEMPLATE_VIEWS)  # a new page template needs its view here
    modules = {"views": views, "pageviews": pageviews}
    for name, view in TEMPLATE_VIEWS.items():
        module, _, cls = view.partition(".")
        view_class = getattr(modules[module], cls)
        assert issubclass(view_class, pageviews.PageView)
        ast = bare.parse((TEMPLATES / name).read_text(encoding="utf-8"))
        assigned = {target.name for n in ast.find_all((nodes.Assign, nodes.AssignBlock))
                    if isinstance(target := getattr(n, "target", None), nodes.Name)}
        read = meta.find_undeclared_variables(ast) - assigned - {"_", "ngettext"}  # the edition's words
        fields = {f.name for f in dataclasses.fields(view_class)}
        assert read <= fields | PAGE_NAMES | EDITION_LOOKUPS, f"{name} reads {sorted(read - fields - PAGE_NAMES)}"
