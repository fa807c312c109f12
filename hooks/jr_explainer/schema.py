"""The dataset's schema: the one place where every collection and field is defined.

Validation (``validate.py``), the model (``model.py``) and the maintainers' data
reference page (rendered from :func:`reference_rows`) all read this module, so the
rules and their documentation cannot drift apart.

Field kinds
-----------
``text``      plain text, one line or a paragraph; never interpreted as Markdown or HTML.
``markdown``  Markdown is allowed (emphasis, lists, http(s) links); raw HTML is shown as text.
``slug``      an id: lower-case ASCII letters, digits and single hyphens.
``date``      a date with its precision (see ``dates.py``).
``url``       an absolute http(s) URL.
``int``       a whole number (``minimum``/``maximum`` apply).
``number``    a decimal number, e.g. a latitude (``minimum``/``maximum`` apply).
``enum``      one of ``choices``.
``ref``       the id of a record in ``target``.
``refs``      a list of ids of records in ``target``.
``strings``   a list of plain-text strings.
``slugs``     a list of slugs (used for ``aliases``: former ids that must keep working).
``records``   a list of mappings, each checked against ``fields``.
``record``    one mapping, checked against ``fields``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    doc: str
    required: bool = False
    target: str | None = None
    choices: tuple[str, ...] = ()
    fields: tuple["Field", ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    default: object = None

    @property
    def allows_markdown(self) -> bool:
        return self.kind == "markdown"


@dataclass(frozen=True)
class Collection:
    name: str  # key used in code and in the data folder: data/<name>.yml or data/<name>/*.yml
    singular: str  # used in error messages: "event 'sochi-summit'"
    doc: str
    fields: tuple[Field, ...]
    url_prefix: str | None = None  # records with their own page live at /<url_prefix>/<id>/
    index_page: str | None = None  # the listing page their pages belong to (highlighted in the nav)

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


ID = Field("id", "slug", "Permanent identifier; the record's URL is built from it. Never change it "
           "once published: add the old value to `aliases` instead.", required=True)
ALIASES = Field("aliases", "slugs", "Former ids of this record. Their URLs (for plan areas: their "
                "#area- anchors on the plan page) keep leading to it; "
                "an alias may not equal any live id.")

ERAS = ("background", "sochi", "aftermath")
ERA_TITLES = {
    "background": "Background (before May 2016)",
    "sochi": "The Sochi summit and its follow-up (May–June 2016)",
    "aftermath": "What happened next (after June 2016)",
}
STATUSES = ("happened", "planned", "cancelled")
ACTOR_KINDS = ("person", "organisation", "state", "grouping")
LANGS = ("ja", "ru", "zh", "en")

SOURCES = Collection(
    "sources", "source",
    "Publications that facts on the site are drawn from. Every event and quote cites at least one.",
    (
        ID,
        Field("title", "text", "Title of the article, page or book.", required=True),
        Field("url", "url", "Where the source can be read (http or https only).", required=True),
        Field("publisher", "text", "Publication or website, e.g. 'The Diplomat'."),
        Field("author", "text", "Author(s), as credited."),
        Field("published", "date", "Publication date, at the precision known."),
        Field("kind", "enum", "What sort of source it is.",
              choices=("article", "news", "analysis", "reference", "official", "book"), default="article"),
        Field("note", "text", "What this source is used for, or caveats about it."),
    ),
)

PLACES = Collection(
    "places", "place",
    "Places where events happen. Disputed places carry both names.",
    (
        ID,
        Field("name", "text", "Name shown on the site. For the disputed islands give both names, "
              "e.g. 'Etorofu / Iturup'.", required=True),
        Field("other_names", "strings", "Other names, e.g. the name used by the other side or a native-script name."),
        Field("country", "text", "Country the place is in, or who administers it (plain text)."),
        Field("note", "text", "A sentence of context, e.g. 'Not one of the four disputed islands.'"),
        Field("lat", "number", "Latitude of the place's approximate centre, in decimal degrees (north is "
              "positive), e.g. 45.03. With `lon`, puts the place on the map page; a place without "
              "coordinates is listed there but not drawn.", minimum=-90, maximum=90),
        Field("lon", "number", "Longitude of the place's approximate centre, in decimal degrees (east is "
              "positive), e.g. 147.62.", minimum=-180, maximum=180),
        Field("shape", "enum", "How the map draws the place: 'point' (a mark with its name beside it) or "
              "'area' (a region or island group: its name, set at `lat`/`lon`, is the link).",
              choices=("point", "area"), default="point"),
        Field("sources", "refs", "Sources for the note and the coordinates.", target="sources"),
    ),
)

THEMES = Collection(
    "themes", "theme",
    "Themes that readers can filter the timeline by.",
    (
        ID,
        Field("title", "text", "Short name of the theme.", required=True),
        Field("description", "text", "One sentence on what the theme covers."),
    ),
)

ACTORS = Collection(
    "actors", "actor",
    "People, organisations, states and groupings that act in the story. Each has its own page.",
    (
        ID,
        ALIASES,
        Field("name", "text", "Name in English, in the usual order for the person (e.g. 'Shinzo Abe').", required=True),
        Field("kind", "enum", "What sort of actor this is.", required=True, choices=ACTOR_KINDS),
        Field("native_name", "text", "Name in its own script (Japanese or Russian), where one exists."),
        Field("native_lang", "enum", "Language of `native_name` (BCP 47 code).", choices=LANGS),
        Field("country", "ref", "The state the actor belongs to or acts for.", target="actors"),
        Field("affiliation", "ref", "Organisation the actor belonged to at the time, if any.", target="actors"),
        Field("roles", "records", "Role(s) held at the time of the events, with dates where known.", fields=(
            Field("title", "text", "The role, e.g. 'Prime Minister of Japan'.", required=True),
            Field("from", "date", "When the role began."),
            Field("to", "date", "When the role ended (leave out if it continued past the story)."),
            Field("source", "ref", "Source for the role.", target="sources"),
        )),
        Field("summary", "text", "One or two sentences on who this is and why they matter here."),
        Field("sources", "refs", "Sources for the summary and roles.", target="sources"),
    ),
    url_prefix="actors",
    index_page="actors/index.md",
)

PLAN_AREAS = Collection(
    "plan_areas", "plan area",
    "The eight points of the economic cooperation plan Japan presented at Sochi in May 2016.",
    (
        ID,
        ALIASES,
        Field("number", "int", "Position in the plan as Japan's government published it (1 to 8).", required=True, minimum=1, maximum=8),
        Field("title", "text", "The point's title as Japan's government published it, e.g. 'Energy'.", required=True),
        Field("description", "markdown", "What the area covers and what was proposed or done in it."),
        Field("article_areas", "strings", "The areas of the article's own summary of the plan (e.g. 'healthcare') that fall under this point."),
        Field("afterwards", "markdown", "Where this area stood later, as far as sources say."),
        Field("developments", "records", "Dated developments in this point from 2016 on, each with its sources (the plan page lists them oldest first).", fields=(
            Field("date", "date", "When it happened or was reported, at the precision the sources give.", required=True),
            Field("summary", "text", "What happened, in our own words.", required=True),
            Field("event", "ref", "The event that records it, if any.", target="events"),
            Field("sources", "refs", "Sources for the development.", target="sources", required=True, min_items=1),
        )),
        Field("sources", "refs", "Sources for the description.", target="sources", min_items=1, required=True),
    ),
)

EVENTS = Collection(
    "events", "event",
    "Dated developments. Each has a permanent page at /events/<id>/.",
    (
        ID,
        ALIASES,
        Field("title", "text", "Short headline, e.g. 'Abe and Putin meet in Sochi'.", required=True),
        Field("date", "date", "When it happened (or was expected to happen), at the precision the sources give.", required=True),
        Field("era", "enum", "Which part of the story the event belongs to.", required=True, choices=ERAS),
        Field("status", "enum", "'happened', or 'planned' if it was only planned or expected when the article "
              "was written (June 2016), or 'cancelled'.", choices=STATUSES, default="happened"),
        Field("outcome", "record", "For planned events: what actually happened, where a source says.", fields=(
            Field("summary", "text", "What happened in the end.", required=True),
            Field("event", "ref", "The later event that records it.", target="events"),
            Field("sources", "refs", "Sources for the outcome.", target="sources"),
        )),
        Field("summary", "text", "One or two sentences in our own words: what happened.", required=True),
        Field("description", "markdown", "Longer explanation, in our own words."),
        Field("place", "ref", "Where it happened.", target="places"),
        Field("actors", "refs", "Actors involved.", target="actors"),
        Field("plan_areas", "refs", "Areas of the eight-point plan the event touches.", target="plan_areas"),
        Field("themes", "refs", "Themes, for filtering the timeline.", target="themes"),
        Field("related", "refs", "Other events closely connected to this one.", target="events"),
        Field("sources", "refs", "Sources for this event (at least one).", target="sources", required=True, min_items=1),
    ),
    url_prefix="events",
    index_page="timeline.md",
)

QUOTES = Collection(
    "quotes", "quote",
    "Quoted speech, reproduced verbatim and attributed. Nothing paraphrased belongs here.",
    (
        ID,
        Field("text", "text", "The words exactly as the source quotes them, without quotation marks.", required=True),
        Field("speaker", "ref", "Who said it.", required=True, target="actors"),
        Field("date", "date", "When it was said, as precisely as the source allows."),
        Field("event", "ref", "The event at or about which it was said.", target="events"),
        Field("occasion", "text", "Where or how it was said, e.g. 'press remarks after the Sochi talks'."),
        Field("source", "ref", "The source that reports the quote.", required=True, target="sources"),
        Field("note", "text", "Context, e.g. that the source gives an English translation."),
    ),
)

GLOSSARY = Collection(
    "glossary", "glossary term",
    "Terms the pages use, each defined in our own words with a source. Each has an anchor "
    "#term-<id> on the glossary page; the first mention of a term (or of one of its other names) "
    "in an event's summary or description links there, with the definition as a tooltip.",
    (
        ID,
        Field("term", "text", "The term as readers meet it, e.g. 'Eastern Economic Forum'.", required=True),
        Field("other_names", "strings", "Other names, spellings, plurals and abbreviations, e.g. 'EEF'. "
              "Mentions of these are linked to the term too."),
        Field("definition", "text", "One to three sentences in our own words (no quotation).", required=True),
        Field("sources", "refs", "Sources for the definition.", target="sources", required=True, min_items=1),
        Field("events", "refs", "Events where the term matters.", target="events"),
        Field("actors", "refs", "Actors the term concerns.", target="actors"),
    ),
)

COLLECTIONS: tuple[Collection, ...] = (SOURCES, PLACES, THEMES, ACTORS, PLAN_AREAS, EVENTS, QUOTES, GLOSSARY)
BY_NAME = {c.name: c for c in COLLECTIONS}


@dataclass(frozen=True)
class ReferenceRow:
    path: str
    kind: str
    required: bool
    doc: str
    target: str | None = None
    choices: tuple[str, ...] = ()
    markdown: bool = False
    extra: list[str] = field(default_factory=list)


def reference_rows(collection: Collection) -> list[ReferenceRow]:
    """Flatten a collection's fields (nested ones as ``roles[].title``) for the reference page."""
    rows: list[ReferenceRow] = []

    def walk(fields: tuple[Field, ...], prefix: str) -> None:
        for f in fields:
            extra = []
            if f.minimum is not None or f.maximum is not None:
                extra.append(f"from {f.minimum} to {f.maximum}")
            if f.min_items:
                extra.append(f"at least {f.min_items}")
            if f.default is not None:
                extra.append(f"default '{f.default}'")
            rows.append(ReferenceRow(prefix + f.name, f.kind, f.required, f.doc, f.target, f.choices,
                                     f.allows_markdown, extra))
            if f.fields:
                walk(f.fields, prefix + f.name + ("[]." if f.kind == "records" else "."))

    walk(collection.fields, "")
    return rows


def index_page_for(src_uri: str) -> str | None:
    """The listing page a per-record page (``events/<id>.md``) belongs to, if any."""
    for c in COLLECTIONS:
        if c.url_prefix and c.index_page and src_uri.startswith(c.url_prefix + "/") and src_uri != c.index_page:
            return c.index_page
    return None
