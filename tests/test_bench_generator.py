"""The benchmark's synthetic datasets are valid, proportional, deterministic and build strictly.

No timings here: the benchmark (``make bench``) measures speed; these tests only make sure it
measures a real, valid site.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from explainer_core import load_dataset
from explainer_core.data import schema
from support.project import ROOT, build, make_project

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


@pytest.mark.parametrize(("base", "n"), [(None, 300), (None, 600), (ROOT / "data", 300)],
                         ids=["synthetic", "synthetic-first-40-actors-all-states", "grown-from-data"])
def test_generated_dataset_validates_with_proportional_sizes(tmp_path, base, n):
    generate.write(tmp_path / "data", n, seed=1, base=base)
    ds = load_dataset(tmp_path / "data")  # raises DataError listing every problem otherwise
    expected = generate.counts_for(n)
    if base is not None:  # the real records are all kept, even where they outnumber the ratio
        expected = {name: max(n, len(generate.read_base(base)[name])) for name, n in expected.items()}
    assert ds.counts() == expected
    assert ds.counts()["events"] == n and ds.counts()["plan_areas"] == 8
    assert ds.counts()["actors"] == round(n * 30 / 35)  # the real data's ratio of actors to events
    if base is not None:  # the real records are kept, so the docs' links to them resolve
        assert ds.get("events", "sochi-summit-2016") is not None
        assert ds.get("actors", "shinzo-abe").name == "Shinzo Abe"


def test_every_schema_field_is_generated():
    """The generator works from the schema: every field of every collection gets values."""
    records = generate.generate(200, seed=0)

    def keys(recs, f):
        return [r for r in recs if f.name in r]

    for coll in schema.COLLECTIONS:
        for f in coll.fields:
            with_field = keys(records[coll.name], f)
            assert with_field, f"no generated {coll.singular} has '{f.name}'"
            for sub in f.fields:
                subs = [s for r in with_field for s in (r[f.name] if f.many else [r[f.name]])]
                assert any(sub.name in s for s in subs), f"no generated {coll.singular} has '{f.name}.{sub.name}'"


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    one, two, other = (generate.write(tmp_path / name, 150, seed=s) for name, s in (("1", 7), ("2", 7), ("3", 8)))
    files = sorted(p.name for p in one.iterdir())
    assert files == sorted(f"{c.name}.yml" for c in schema.COLLECTIONS)
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert (one / "events.yml").read_bytes() != (other / "events.yml").read_bytes()


def test_an_unknown_field_kind_fails_loudly():
    class Colour(schema.Field):
        kind = "colour"

    weird = schema.Collection("things", "thing", "", (schema.ID, Colour("x", "")))
    gen = generate._Gen(10, 0)
    with pytest.raises(AssertionError, match="does not know field kind 'colour'"):
        gen.value(weird, weird.fields[1])


def test_a_grown_site_builds_strictly_with_the_real_docs_and_nav(tmp_path):
    """The real data plus 20 synthetic events (the real data now outnumbers a fixed size)."""
    real = load_dataset(ROOT / "data")
    n = len(real.events) + 20
    src = tmp_path / "src"
    generate.write(src / "data", n, seed=0, base=ROOT / "data")
    result = build(make_project(tmp_path / "p", src, real_docs=True))
    assert "WARNING" not in result.output
    ds = load_dataset(src / "data")
    synthetic = [e for e in ds.events if real.get("events", e.id) is None]
    assert len(ds.events) == n and len(synthetic) == 20
    for e in (synthetic[0], synthetic[-1], ds.get("events", "sochi-summit-2016")):
        html = result.html(f"events/{e.id}/")
        assert "<h1" in html and e.date.display() in html
    # on the timeline, or on its year pages once it outgrows one page
    timeline = "".join(p.read_text(encoding="utf-8") for p in (result.site / "timeline").rglob("index.html"))
    assert all(f'id="event-{e.id}"' in timeline for e in ds.events)


def test_the_benchmark_runs_its_three_variants_on_a_small_dataset(tmp_path):
    """bench/run.py end to end at 20 events: the hooks (a), the floor replaying their recorded
    output through the adapter (b) and trivial pages (c) all build, (a) and (b) build the same
    site (run.py checks it and fails otherwise), and the table has the row. No timing is asserted."""
    results = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "20", "--runs", "1", "--no-serve",
                           "--out", str(tmp_path / "out"), "--results", str(results)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    row = next(line for line in results.read_text(encoding="utf-8").splitlines() if line.startswith("| 20 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == "20" and int(cells[1].replace(",", "")) > 20  # pages: events, actors and the rest
    assert cells[-1].endswith("(timeline/index.html)")
