"""Generate a valid synthetic dataset of N events, for the benchmark and for tests.

    python bench/generate.py 1000 bench/out/data-1000      # writes <dest>/<collection>.yml

The records are generated FROM ``explainer_core.data.schema``: every field of every collection is
filled by its kind (``Field.synth`` in ``explainer_core/data/kinds.py``), so a field added to the schema is
generated too (a kind without ``synth`` raises, loudly). Only the rules that the schema cannot express -- the
cross-record checks in ``validate.py`` -- are special-cased below (``_SPECIAL``).

Sizes are proportional to N, with the real dataset's ratios (35 events: 30 actors,
19 places, 15 quotes, 12 sources, 6 themes; always exactly 8 plan areas). References are
skewed like the real data: a few states (Japan, Russia...) and sources appear in a large
share of events, most records in a few. Everything comes from ``random.Random(seed)``, so the
same (N, seed) gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

from explainer_core.data import schema  # noqa: E402

# Records per event in the real dataset (data/, 35 events).
# Glossary: about 20 terms for 35 events (issue 10's glossary).
RATIOS = {"actors": 30 / 35, "places": 19 / 35, "quotes": 15 / 35, "sources": 12 / 35, "themes": 6 / 35,
          "glossary": 20 / 35}
MINIMUM = {"actors": 6, "places": 2, "quotes": 1, "sources": 2, "themes": 2, "glossary": 2}
PLAN_AREAS = 8
STATES = 0.1  # share of actors that are states (the only valid targets of `country`)

WORDS = ("summit talks islands treaty energy cooperation minister visit Sochi Tokyo Moscow plan "
         "sanctions fisheries investment declaration agreement delegation proposal dispute "
         "economy security council leaders meeting border negotiations joint project region "
         "statement government relations peace trade gas pipeline development framework").split()
FIRST = "Akira Boris Chie Dmitri Emi Fyodor Goro Hana Igor Jun Kenji Lena Mika Nikolai Oleg Rin".split()
LAST = "Abe Ivanov Kato Lavrov Mori Petrov Sato Sokolov Suzuki Tanaka Volkov Yamada Orlov Ito".split()
NATIVE = {"ja": "安倍晋三日本東京外務省", "ru": "ПутинРоссияМосквадоговор"}

START = dt.date(1950, 1, 1).toordinal()
END = dt.date(2030, 12, 31).toordinal()
SOCHI_START, SOCHI_END = dt.date(2016, 5, 1), dt.date(2016, 6, 30)


def counts_for(n_events: int) -> dict[str, int]:
    """How many records of each collection a dataset of ``n_events`` events has."""
    out = {name: max(MINIMUM[name], round(n_events * r)) for name, r in RATIOS.items()}
    out.update(events=n_events, plan_areas=PLAN_AREAS)
    return out


class _Gen:
    def __init__(self, n_events: int, seed: int, base: dict[str, list[dict]] | None = None):
        self.rnd = random.Random(f"jr-bench:{n_events}:{seed}")
        self.base = base or {c.name: [] for c in schema.COLLECTIONS}
        total = counts_for(n_events)
        if self.base["plan_areas"]:
            total["plan_areas"] = 0  # the base dataset has the plan's areas already
        # How many records to invent: the proportional total minus what the base brings.
        self.counts = {name: max(0, n - len(self.base[name])) for name, n in total.items()}
        new_ids = {c.name: [self._id(c, i) for i in range(self.counts[c.name])] for c in schema.COLLECTIONS}
        if not self.base["plan_areas"]:
            new_ids["plan_areas"] = [f"area-{i + 1}" for i in range(PLAN_AREAS)]
        # Base records first: the skewed picks below make them the most cited, like the real
        # states and the article itself would be in a grown dataset.
        self.new_ids = new_ids
        self.ids = {name: [r["id"] for r in self.base[name]] + new_ids[name] for name in new_ids}
        base_states = [r["id"] for r in self.base["actors"] if r.get("kind") == "state"]
        n_states = max(2, round(self.counts["actors"] * STATES))
        self.states = base_states + new_ids["actors"][:n_states]
        self.records: dict[str, list[dict]] = {}
        self.current: dict = {}

    @staticmethod
    def _id(coll: schema.Collection, i: int) -> str:
        return f"{coll.singular.replace(' ', '-')}-{i + 1:05d}"

    # --- generic values by kind ---------------------------------------------------------
    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.rnd.choice(WORDS) for _ in range(self.rnd.randint(lo, hi)))

    def text(self, f: schema.Field) -> str:
        if f.name in ("title", "name", "publisher", "author", "occasion", "country"):
            return self.words(2, 6).capitalize()
        return self.words(12, 40).capitalize() + "."

    def markdown(self, f: schema.Field) -> str:
        text = self.words(20, 60).capitalize().split(" ")
        i = self.rnd.randrange(len(text))
        text[i] = f"**{text[i]}**"
        if self.rnd.random() < 0.3:
            text.append(f"([more](https://example.org/bench/{self.rnd.randrange(10**6)}))")
        return " ".join(text) + "."

    def date(self, lo: int = START, hi: int = END) -> str:
        d = dt.date.fromordinal(self.rnd.randint(lo, hi))
        r = self.rnd.random()
        if r < 0.6:
            return d.isoformat()
        if r < 0.8:
            return d.strftime("%Y-%m")
        if r < 0.88:
            return f"{self.rnd.choice(schema_qualifiers())} {d.strftime('%Y-%m')}"
        if r < 0.95:
            end = d + dt.timedelta(days=self.rnd.randint(1, 3))
            return f"{d.isoformat()}/{end.isoformat()}"
        return str(d.year)

    def ref(self, f: schema.Field) -> str:
        return self._pick(f.target or "", 1)[0]

    def refs(self, f: schema.Field) -> list[str]:
        k = max(f.min_items, self.rnd.choice((1, 1, 2, 2, 3, 4)))
        return self._pick(f.target or "", k)

    def _pick(self, target: str, k: int) -> list[str]:
        """``k`` distinct ids, skewed: low-numbered records are cited far more often."""
        ids = self.ids[target]
        k = min(k, len(ids))
        out: list[str] = []
        while len(out) < k:
            # Pareto-like index: a handful of records get a large share of the references.
            i = min(len(ids) - 1, int(len(ids) * self.rnd.random() ** 3))
            if ids[i] not in out and ids[i] != self.current.get("id"):
                out.append(ids[i])
        return out

    def value(self, coll: schema.Collection, f: schema.Field):
        special = _SPECIAL.get((coll.name, f.name))
        if special is not None:
            return special(self, f)
        return f.synth(self, coll)  # each field kind generates its own values (explainer_core.data.kinds)

    def mapping(self, coll: schema.Collection, fields: tuple[schema.Field, ...]) -> dict:
        out: dict = {}
        for f in fields:
            if f.name == "id":
                continue
            if not f.required and self.rnd.random() < _OPTIONAL.get((coll.name, f.name), 0.5):
                continue
            value = self.value(coll, f)
            if value is not None:
                out[f.name] = value
        return out

    # --- whole collections -----------------------------------------------------------
    def collection(self, coll: schema.Collection) -> list[dict]:
        records = [dict(r) for r in self.base[coll.name]]
        for i, rid in enumerate(self.new_ids[coll.name]):
            self.current = {"id": rid, "index": i}
            rec = {"id": rid}
            rec.update(self.mapping(coll, coll.fields))
            _FIXUP.get(coll.name, lambda g, r: None)(self, rec)
            records.append(rec)
        self.current = {}
        return records

    def dataset(self) -> dict[str, list[dict]]:
        for coll in schema.COLLECTIONS:
            self.records[coll.name] = self.collection(coll)
        return self.records


def schema_qualifiers() -> tuple[str, ...]:
    from explainer_core.data.dates import QUALIFIERS
    return QUALIFIERS


# --- rules the schema cannot express (cross-record checks in validate.py) ---------------------
def _event_date(g: _Gen, f) -> str:
    # Spread events across the whole period; a tenth land in the Sochi months, like the story.
    if g.rnd.random() < 0.1:
        return g.date(SOCHI_START.toordinal(), SOCHI_END.toordinal() - 4)
    return g.date()


def _era_of(date_text: str) -> str:
    from explainer_core.data.dates import FuzzyDate
    d = FuzzyDate.parse(date_text).first_day()
    return "background" if d < SOCHI_START else "sochi" if d <= SOCHI_END else "aftermath"


def _fix_event(g: _Gen, rec: dict) -> None:
    rec["era"] = _era_of(rec["date"])  # the timeline groups by era in date order
    rec["status"] = g.rnd.choices(schema.STATUSES, weights=(90, 8, 2))[0]
    if rec["status"] == "happened":
        rec.pop("outcome", None)
    elif "outcome" in rec and "event" in rec["outcome"] and rec["outcome"]["event"] == rec["id"]:
        del rec["outcome"]["event"]


def _fix_actor(g: _Gen, rec: dict) -> None:
    i = g.current["index"]
    rec["kind"] = "state" if rec["id"] in g.states else g.rnd.choice(("person", "person", "person", "organisation"))
    if rec["kind"] == "person":
        rec["name"] = f"{g.rnd.choice(FIRST)} {g.rnd.choice(LAST)} {i + 1}"
    if "native_name" in rec:
        rec["native_lang"] = g.rnd.choice(("ja", "ru"))
        alphabet = NATIVE[rec["native_lang"]]
        rec["native_name"] = "".join(g.rnd.choice(alphabet) for _ in range(4))
    else:
        rec.pop("native_lang", None)
    if rec["kind"] == "state" or rec.get("country") not in g.states or rec.get("country") == rec["id"]:
        rec.pop("country", None)
    if rec["kind"] != "state" and g.rnd.random() < 0.8:
        rec["country"] = g.rnd.choice(g.states[:2] if g.rnd.random() < 0.8 else g.states)
    for role in rec.get("roles", []):
        if "from" in role and "to" in role:
            a, b = sorted((role["from"], role["to"]), key=lambda d: _first_day(d))
            role["from"], role["to"] = a, b
            if _last_day(b) < _first_day(a):
                del role["to"]


def _first_day(text: str):
    from explainer_core.data.dates import FuzzyDate
    return FuzzyDate.parse(text).first_day()


def _last_day(text: str):
    from explainer_core.data.dates import FuzzyDate
    return FuzzyDate.parse(text).last_day()


def _plan_number(g: _Gen, f) -> int:
    return g.current["index"] + 1


def _organisations(g) -> list[str]:
    """Affiliations: the first 40 actors that are not states; without a base dataset the first 40
    can all be states (10 % of 8,000 actors), so then the first 40 non-states."""
    pool = [a for a in g.ids["actors"][:40] if a not in g.states]
    return pool or [a for a in g.ids["actors"] if a not in g.states][:40]


_SPECIAL = {
    ("events", "date"): _event_date,
    ("actors", "affiliation"): lambda g, f: g.rnd.choice(_organisations(g)),
    ("plan_areas", "number"): _plan_number,
    ("themes", "title"): lambda g, f: f"Theme {g.current['index'] + 1}: {g.words(1, 3)}",
    ("sources", "title"): lambda g, f: f"{g.words(3, 8).capitalize()} ({g.current['index'] + 1})",
}
# Probability that an optional field is LEFT OUT (default 0.5), tuned to the real data's look.
_OPTIONAL = {
    ("events", "aliases"): 0.97, ("actors", "aliases"): 0.97, ("plan_areas", "aliases"): 0.5,
    ("events", "related"): 0.7, ("events", "description"): 0.4, ("events", "plan_areas"): 0.7,
    ("events", "place"): 0.3, ("events", "actors"): 0.05, ("events", "themes"): 0.1,
    ("quotes", "event"): 0.2, ("quotes", "date"): 0.2, ("quotes", "lang"): 0.8, ("quotes", "original"): 0.8,
    ("actors", "affiliation"): 0.85, ("actors", "roles"): 0.4, ("actors", "summary"): 0.1,
    ("plan_areas", "afterwards"): 0.7,
}
def _fix_quote(g: _Gen, rec: dict) -> None:
    if rec.get("lang", "en") != "en":  # the text is the words as spoken: nothing is translated
        rec.pop("original", None)
        rec.pop("translation", None)
    elif "original" in rec:
        rec.setdefault("translation", "source")  # an original needs its translation labelled


def _fix_place(g: _Gen, rec: dict) -> None:
    if ("lat" in rec) != ("lon" in rec):  # a place has both coordinates or neither
        rec.pop("lat", None)
        rec.pop("lon", None)


_FIXUP = {"events": _fix_event, "actors": _fix_actor, "places": _fix_place, "quotes": _fix_quote}


def read_base(data_dir: str | Path) -> dict[str, list[dict]]:
    """The records of an existing (valid) dataset, as plain data, to grow from."""
    from explainer_core.data.loader import load_raw
    problems: list = []
    raw = load_raw(Path(data_dir), [c.name for c in schema.COLLECTIONS], problems)
    if problems:
        raise ValueError(f"the base dataset {data_dir} has problems: {problems[:3]}")

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    return {name: [plain(item) for _, item in coll.records] for name, coll in raw.items()}


def generate(n_events: int, seed: int = 0, base: str | Path | None = None) -> dict[str, list[dict]]:
    """The records of a valid dataset with ``n_events`` events, per collection.

    With ``base`` (a data folder, e.g. the real ``data/``), its records are kept and synthetic
    ones are added up to the proportional sizes, citing the base records too: the dataset
    "as it grows", and the hand-written docs' links to real events keep working.
    """
    return _Gen(n_events, seed, read_base(base) if base else None).dataset()


def write(dest: str | Path, n_events: int, seed: int = 0, base: str | Path | None = None) -> Path:
    """Write ``<dest>/<collection>.yml`` for every collection; returns ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for name, records in generate(n_events, seed, base).items():
        text = yaml.dump(records, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        (dest / f"{name}.yml").write_text(f"# Synthetic {name} for {n_events} events (bench/generate.py, seed {seed})\n"
                                          + text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    import argparse
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("events", type=int)
    p.add_argument("dest")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--base", help="grow from this data folder (e.g. data), keeping its records")
    args = p.parse_args(argv)
    write(args.dest, args.events, args.seed, args.base)
    counts = ", ".join(f"{n} {k}" for k, n in counts_for(args.events).items())
    print(f"wrote {args.dest}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
