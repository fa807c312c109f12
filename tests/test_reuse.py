"""Issue 22, the core's half: rendering with the last build's kept record pages
(``pages/reuse.py``) gives exactly the pages of a render from scratch, and renders again only
the pages whose inputs changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer_core import pipeline
from explainer_core.data import loader
from explainer_core.model.records import reads
from explainer_core.pipeline import SiteOptions
from support.project import FIXTURES

OPTIONS = SiteOptions(site_url="https://example.org/new-approach/", site_name="Test")


def _pages(out) -> dict:
    return {p.src_uri: (p.content, p.meta, p.toc, p.anchors, p.in_nav) for p in out.pages}


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal" / "data", dest)
    return dest


def _step(data: Path, kept):
    """One incremental render against ``kept``, checked against a render from scratch."""
    out = pipeline.build(data, OPTIONS, reuse=kept)
    assert _pages(out) == _pages(pipeline.build(data, OPTIONS)), "kept pages differ from a render from scratch"
    return out


def _rendered(out, last) -> set[str]:
    """The record pages ``out`` rendered again rather than took from ``last``."""
    return {uri for uri, kept in out.kept.items() if last.get(uri) is not kept}


def test_kept_pages_equal_a_fresh_render_and_only_changed_inputs_render_again(data):
    first = _step(data, {})
    assert first.reused == 0 and len(first.kept) == 4 + 4  # every event's and actor's page, noted

    same = _step(data, first.kept)  # nothing changed: every record page is reused
    assert _rendered(same, first.kept) == set()

    # A place's name: only the page of the event there reads it.
    _edit(data, "places.yml", "name: Sochi", "name: Sochi city")
    place = _step(data, same.kept)
    assert _rendered(place, same.kept) == {"events/sochi-summit-2016.md"}

    # A title: that event's page, and those that show it (the event it relates to, the one before
    # it, whose outcome it is, its actors' pages); not an event or actor that does not show it.
    _edit(data, "events.yml", "title: Putin visits Japan", "title: Putin in Nagato")
    title = _step(data, place.kept)
    assert _rendered(title, place.kept) == {"events/putin-visits-japan-2016.md", "events/sochi-summit-2016.md",
                                            "events/year-end-visit.md", "actors/shinzo-abe.md",
                                            "actors/vladimir-putin.md"}

    # An event gains an actor: the actor's own record is unchanged, but its page lists the event
    # (a back-reference), so it renders again.
    _edit(data, "events.yml", "actors: [vladimir-putin]\n  sources", "actors: [vladimir-putin, japan]\n  sources")
    gained = _step(data, title.kept)
    assert "actors/japan.md" in _rendered(gained, title.kept)
    assert "events/abe-returns-2012.md" not in _rendered(gained, title.kept)


def test_reads_notes_the_records_read_and_does_not_nest(data):
    ds = pipeline.load_dataset(data)
    event = ds.events[0]
    with reads() as seen:
        [a.name for a in event.actor_records]
    assert seen == {event, *event.actor_records}
    with reads(), pytest.raises(RuntimeError), reads():
        pass
    event.title  # noqa: B018 - outside the block, reading is not noted
    assert seen == {event, *event.actor_records}


def test_an_unchanged_file_is_not_parsed_again(data, monkeypatch):
    problems: list = []
    first = loader.load_file(data / "events.yml", "data/events.yml", problems)
    monkeypatch.setattr(loader, "_parse_file", lambda *a: pytest.fail("parsed again"))
    again = loader.load_file(data / "events.yml", "data/events.yml", problems)
    assert again == first and again is not first and not problems
