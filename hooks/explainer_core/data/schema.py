"""The dataset's schema: the one place where every collection and field is defined.

Validation (``validate.py``), the model (``model.py``), the JSON exports and their schemas
(``exports.py``, ``export_schemas.py``), the benchmark's generator and the maintainers' data
reference page (rendered from :func:`reference_rows`) all read this module, so the rules, the
published files and their documentation cannot drift apart.

The ``export*`` and ``embed`` keywords say how the JSON exports publish a field where its kind's
way is not the one reusers have (see ``Field`` in ``kinds.py``).

Field kinds (classes in ``kinds.py``, which check, link, export and generate their values)
-------------------------------------------------------------------------------------------
``text``      plain text, one line or a paragraph; never interpreted as Markdown or HTML.
``markdown``  Markdown is allowed (emphasis, lists, http(s) links); raw HTML is shown as text.
``slug``      an id: lower-case ASCII letters, digits and single hyphens.
``date``      a date with its precision (see ``dates.py``).
``day``       a day, YYYY-MM-DD, not after today (``updated``: when a record last changed).
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

from dataclasses import dataclass, field, replace

from .kinds import (
    Date,
    Day,
    Enum,
    Field,
    Int,
    Markdown,
    Number,
    Ref,
    Refs,
    Slug,
    Slugs,
    Strings,
    SubRecord,
    SubRecords,
    Text,
    Url,
)


@dataclass(frozen=True)
class Collection:
    name: str  # key used in code and in the data folder: data/<name>.yml or data/<name>/*.yml
    singular: str  # used in error messages: "event 'sochi-summit'"
    doc: str
    fields: tuple[Field, ...]
    url_prefix: str | None = None  # records with their own page live at /<url_prefix>/<id>/
    index_page: str | None = None  # the listing page their pages belong to (highlighted in the nav)
    export_doc: str | None = None  # what one record is, in the JSON exports' schemas
    export_inline: bool = False  # the JSON exports carry a whole record, not its id, wherever one is referenced

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def field_named(self, name: str) -> Field:
        """The field ``name``, which the caller knows exists (a KeyError otherwise)."""
        f = self.field(name)
        if f is None:
            raise KeyError(f"{self.name} has no field {name!r}")
        return f


ID = Slug("id", "Permanent identifier; the record's URL is built from it. Never change it "
           "once published: add the old value to `aliases` instead.", required=True, export_doc="Permanent id.")
UPDATED = Day("updated", "The day this record's content last changed (YYYY-MM-DD, not after today). Pages "
              "that show the record give the latest such day as their 'Last updated' date, and the sitemap, "
              "JSON-LD, feed and calendar carry it.", required=True,
              export_doc="The day the record's content last changed (YYYY-MM-DD).")
ALIASES = Slugs("aliases", "Former ids of this record. Their URLs (for plan areas: their "
                "#area- anchors on the plan page) keep leading to it; "
                "an alias may not equal any live id.", export_doc="Former ids; their URLs redirect to `url`.")

ERAS = ("background", "sochi", "aftermath", "after-break")
ERA_TITLES = {
    "background": "Background (before May 2016)",
    "sochi": "The Sochi summit and its follow-up (May–June 2016)",
    "aftermath": "What happened next (June 2016 to September 2022)",
    "after-break": "After the break (from September 2022)",
}
STATUSES = ("happened", "planned", "cancelled")
ACTOR_KINDS = ("person", "organisation", "state", "grouping")
LANGS = ("ja", "ru", "zh", "en")
TRANSLATIONS = ("source", "ours")  # whose English a quote's `text` is
ORIGINAL_FIELDS = (  # a quote's `original`: the words as spoken (see QUOTES)
    Text("text", "The words verbatim, as the page gives them, without quotation marks.", required=True),
    Enum("lang", "Their language (BCP 47 code).", choices=("ja", "ru"), required=True),
    Ref("source", "The page that gives them.", target="sources", required=True),
    Text("note", "Context, e.g. how the page reports the words."),
)

SOURCES = Collection(
    "sources", "source",
    "Publications that facts on the site are drawn from. Every event and quote cites at least one.",
    (
        ID,
        Text("title", "Title of the article, page or book.", required=True),
        Url("url", "Where the source can be read (http or https only).", required=True),
        Text("publisher", "Publication or website, e.g. 'The Diplomat'."),
        Text("author", "Author(s), as credited."),
        Date("published", "Publication date, at the precision known."),
        Enum("kind", "What sort of source it is.",
              choices=("article", "news", "analysis", "reference", "official", "book"), default="article",
              export_nullable=True),  # never null (it has a default), but the published schema has always allowed it
        Text("note", "What this source is used for, or caveats about it.", exported=False, translatable=True),
        UPDATED,
    ),
    export_doc="A publication that the record's facts are drawn from.",
    export_inline=True,
)

PLACES = Collection(
    "places", "place",
    "Places where events happen. Disputed places carry both names.",
    (
        ID,
        Text("name", "Name shown on the site. For the disputed islands give both names, "
              "e.g. 'Etorofu / Iturup'.", required=True, translatable=True),
        Strings("other_names", "Other names, e.g. the name used by the other side or a native-script name.", translatable=True),
        Text("country", "Country the place is in, or who administers it (plain text)."),
        Text("note", "A sentence of context, e.g. 'Not one of the four disputed islands.'", translatable=True),
        Number("lat", "Latitude of the place's approximate centre, in decimal degrees (north is "
              "positive), e.g. 45.03. With `lon`, puts the place on the map page; a place without "
              "coordinates is listed there but not drawn.", minimum=-90, maximum=90),
        Number("lon", "Longitude of the place's approximate centre, in decimal degrees (east is "
              "positive), e.g. 147.62.", minimum=-180, maximum=180),
        Enum("shape", "How the map draws the place: 'point' (a mark with its name beside it) or "
              "'area' (a region or island group: its name, set at `lat`/`lon`, is the link).",
              choices=("point", "area"), default="point"),
        Refs("sources", "Sources for the note and the coordinates.", target="sources"),
        UPDATED,
    ),
)

THEMES = Collection(
    "themes", "theme",
    "Themes that readers can filter the timeline by.",
    (
        ID,
        Text("title", "Short name of the theme.", required=True, translatable=True),
        Text("description", "One sentence on what the theme covers.", translatable=True),
        UPDATED,
    ),
)

ACTORS = Collection(
    "actors", "actor",
    "People, organisations, states and groupings that act in the story. Each has its own page.",
    (
        ID,
        ALIASES,
        Text("name", "Name in English, in the usual order for the person (e.g. 'Shinzo Abe').", required=True, translatable=True),
        Enum("kind", "What sort of actor this is.", required=True, choices=ACTOR_KINDS),
        Text("native_name", "Name in its own script (Japanese or Russian), where one exists.",
             export_doc="Name in its own script."),
        Enum("native_lang", "Language of `native_name` (BCP 47 code).", choices=LANGS,
             export_doc="BCP 47 language of native_name."),
        Ref("country", "The state the actor belongs to or acts for.", target="actors",
            export_doc="Id of the state the actor belongs to or acts for."),
        Ref("affiliation", "Organisation the actor belonged to at the time, if any.", target="actors",
            export_doc="Id of the organisation the actor belonged to."),
        SubRecords("roles", "Role(s) held at the time of the events, with dates where known.", fields=(
            Text("title", "The role, e.g. 'Prime Minister of Japan'.", required=True, translatable=True),
            Date("from", "When the role began."),
            Date("to", "When the role ended. Leave it out only if the role's `source` shows it still held: "
                 "pages then say 'as of' that source's date, never that it is held today."),
            Ref("source", "Source for the role.", target="sources", export_doc="The source for the role, if any."),
        ), translatable=True),
        Text("summary", "One or two sentences on who this is and why they matter here.",
             export_doc="Plain text, in the site's own words.", translatable=True),
        Refs("sources", "Sources for the summary and roles.", target="sources"),
        UPDATED,
    ),
    export_doc="A person, organisation, state or grouping; it has a permanent page at `url`.",
    url_prefix="actors",
    index_page="actors/index.md",
)

PLAN_AREAS = Collection(
    "plan_areas", "plan area",
    "The eight points of the economic cooperation plan Japan presented at Sochi in May 2016.",
    (
        ID,
        ALIASES,
        Int("number", "Position in the plan as Japan's government published it (1 to 8).", required=True, minimum=1, maximum=8),
        Text("title", "The point's title as Japan's government published it, e.g. 'Energy'.", required=True, translatable=True),
        Markdown("description", "What the area covers and what was proposed or done in it.", translatable=True),
        Strings("article_areas", "The areas of the article's own summary of the plan (e.g. 'healthcare') that fall under this point."),
        Markdown("afterwards", "Where this area stood later, as far as sources say.", translatable=True),
        SubRecords("developments", "Dated developments in this point from 2016 on, each with its sources (the plan page lists them oldest first).", fields=(
            Date("date", "When it happened or was reported, at the precision the sources give.", required=True),
            Text("summary", "What happened, in our own words.", required=True, translatable=True),
            Ref("event", "The event that records it, if any.", target="events"),
            Refs("sources", "Sources for the development.", target="sources", required=True, min_items=1),
        ), translatable=True),
        SubRecord("status", "Where the point stands as of the latest source that reports on it. If no source "
                  "after the 2022 halt reports on the point itself, `summary` says so plainly.", fields=(
            Date("as_of", "The date of the latest source that reports on the point (the plan page shows "
                 "'Status as of <date>').", required=True),
            Text("summary", "Where the point stands, in our own words, each side's claims attributed.", required=True, translatable=True),
            Refs("sources", "Sources for the status.", target="sources", required=True, min_items=1),
        ), translatable=True),
        Refs("sources", "Sources for the description.", target="sources", min_items=1, required=True),
        UPDATED,
    ),
)

EVENTS = Collection(
    "events", "event",
    "Dated developments. Each has a permanent page at /events/<id>/.",
    (
        ID,
        ALIASES,
        Text("title", "Short headline, e.g. 'Abe and Putin meet in Sochi'.", required=True, translatable=True),
        Date("date", "When it happened (or was expected to happen), at the precision the sources give.", required=True),
        Enum("era", "Which part of the story the event belongs to.", required=True, choices=ERAS,
             export_doc="Part of the story: " + "; ".join(f"{k}: {v}" for k, v in ERA_TITLES.items())),
        Enum("status", "'happened', or 'planned' if it was only planned or expected when the article "
              "was written (June 2016), or 'cancelled'.", choices=STATUSES, default="happened",
             export_doc="'planned' if it was only planned or expected in June 2016."),
        SubRecord("outcome", "For planned events: what actually happened, where a source says.", fields=(
            Text("summary", "What happened in the end.", required=True, translatable=True),
            Ref("event", "The later event that records it.", target="events", export_doc="Id of the later event that records it."),
            Refs("sources", "Sources for the outcome.", target="sources"),
        ), export_after="description", export_doc="For planned events: what happened in the end, where a source says.", translatable=True),
        Text("summary", "One or two sentences in our own words: what happened.", required=True,
             export_doc="Plain text, in the site's own words.", translatable=True),
        Markdown("description", "Longer explanation, in our own words.",
                 export_doc="Markdown source (Python-Markdown), in the site's own words.", translatable=True),
        Ref("place", "Where it happened.", target="places", embed=("id", "name", "other_names")),
        Refs("actors", "Actors involved.", target="actors", export_doc="Ids of actors (see actors.json)."),
        Refs("plan_areas", "Areas of the eight-point plan the event touches.", target="plan_areas",
             embed=("id", "number", "title", "url")),
        Refs("themes", "Themes, for filtering the timeline.", target="themes", embed=("id", "title")),
        Refs("related", "Other events closely connected to this one.", target="events",
             export_doc="Ids of closely connected events."),
        Refs("sources", "Sources for this event (at least one).", target="sources", required=True, min_items=1),
        UPDATED,
    ),
    export_doc="A dated development; it has a permanent page at `url`.",
    url_prefix="events",
    index_page="timeline.md",
)

QUOTES = Collection(
    "quotes", "quote",
    "Quoted speech, reproduced verbatim and attributed. Nothing paraphrased belongs here.",
    (
        replace(ID, export_doc="Permanent id; also the anchor on the Quotes page."),
        Text("text", "The words exactly as the source quotes them, without quotation marks.", required=True,
             export_doc="The words exactly as the source quotes them, without quotation marks."),
        Enum("lang", "Language of `text`: 'en' (the default), or 'ja'/'ru' where the cited page gives the words as spoken.", choices=LANGS, default="en", export_doc="Language of `text` (BCP 47 code)."),
        Enum("translation", "Whose English `text` is, where the words were spoken in another language: 'source' (the cited source's translation) or 'ours'.", choices=TRANSLATIONS, export_doc="Whose English translation `text` is: 'source' (the cited source's) or 'ours'."),
        SubRecord("original", "The words as spoken, verbatim from a stored page in their language, with that page as its own source; only for a quote whose `text` is English.", fields=ORIGINAL_FIELDS, export_doc="The words as spoken, verbatim, with their own source."),
        Ref("speaker", "Who said it.", required=True, target="actors", export_doc="Id of the speaker (see actors.json)."),
        Date("date", "When it was said, as precisely as the source allows.",
             export_doc="When it was said, as precisely as the source allows."),
        Ref("event", "The event at or about which it was said.", target="events",
            export_doc="Id of the event at or about which it was said."),
        Text("occasion", "Where or how it was said, e.g. 'press remarks after the Sochi talks'.", translatable=True),
        Ref("source", "The source that reports the quote.", required=True, target="sources"),
        Text("note", "Context, e.g. that the source gives an English translation.", export_after="occasion", translatable=True),
        UPDATED,
    ),
    export_doc="Speech quoted verbatim by a source, attributed to its speaker.",
)

GLOSSARY = Collection(
    "glossary", "glossary term",
    "Terms the pages use, each defined in our own words with a source. Each has an anchor "
    "#term-<id> on the glossary page; the first mention of a term (or of one of its other names) "
    "in an event's summary or description links there, with the definition as a tooltip.",
    (
        ID,
        Text("term", "The term as readers meet it, e.g. 'Eastern Economic Forum'.", required=True, translatable=True),
        Strings("other_names", "Other names, spellings, plurals and abbreviations, e.g. 'EEF'. "
              "Mentions of these are linked to the term too.", translatable=True),
        Text("definition", "One to three sentences in our own words (no quotation).", required=True, translatable=True),
        Refs("sources", "Sources for the definition.", target="sources", required=True, min_items=1),
        Refs("events", "Events where the term matters.", target="events"),
        Refs("actors", "Actors the term concerns.", target="actors"),
        UPDATED,
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
            if f.translatable and not f.fields:
                extra.append("translatable")
            rows.append(ReferenceRow(prefix + f.name, f.kind, f.required, f.doc, f.target, f.choices,
                                     f.allows_markdown, extra))
            if f.fields:
                walk(f.fields, prefix + f.sub_prefix())

    walk(collection.fields, "")
    return rows


# --- editions: translations in data/i18n/<lang>/ ----------------------------------------------
# The site is written in English; the other editions' text comes from data/i18n/<lang>/<collection>.yml
# (and .../<collection>/*.yml), one entry per translated record: its `id`, `english_updated` (the
# English record's `updated` it follows) and its translatable fields by the same names.
TRANSLATION_LANGS = ("ja", "ru")
LANG_NAMES = {"en": "English", "ja": "Japanese", "ru": "Russian"}
ENGLISH_UPDATED = Day("english_updated", "The `updated` day of the English record this translation follows "
                      "(YYYY-MM-DD). When the English record's `updated` is later, the translation is stale: "
                      "`make check` notes it and the pages show the English until it is brought up to date.",
                      required=True)


def translatable_fields(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields a translation may give: translatable text fields, and sub-records cut down to
    theirs. None is required in a translation (a field left out falls back to the English)."""
    out = []
    for f in fields:
        if not f.translatable:
            continue
        out.append(replace(f, required=False, min_items=0, fields=translatable_fields(f.fields)) if f.fields
                   else replace(f, required=False))
    return tuple(out)


def translation_fields(collection: Collection) -> tuple[Field, ...]:
    """What one translation entry of ``collection`` may hold."""
    return (ID, ENGLISH_UPDATED, *translatable_fields(collection.fields))


def translatable_paths(collection: Collection) -> list[str]:
    """Its translatable text fields as the reference page names them: ``title``, ``roles[].title``."""
    out: list[str] = []

    def walk(fields: tuple[Field, ...], prefix: str) -> None:
        for f in translatable_fields(fields):
            if f.fields:
                walk(f.fields, prefix + f.sub_prefix())
            else:
                out.append(prefix + f.name)

    walk(collection.fields, "")
    return out


def index_page_for(src_uri: str) -> str | None:
    """The listing page a per-record page (``events/<id>.md``) belongs to, if any."""
    for c in COLLECTIONS:
        if c.url_prefix and c.index_page and src_uri.startswith(c.url_prefix + "/") and src_uri != c.index_page:
            return c.index_page
    return None
