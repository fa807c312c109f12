"""MkDocs adapter for the explainer: thin ``on_*`` hooks that call the ``explainer_core`` core.

MkDocs puts ``hooks/`` on ``sys.path`` only while it imports this file, so the core is
imported here at the top. Only the event handlers are named ``on_*``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import importlib
import logging
import os
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from explainer_core import DataError, Problem, pipeline
from explainer_core.data.problems import safe_text
from explainer_core.data.schema import BY_NAME, index_page_for
from explainer_core.model import freshness
from explainer_core.pages import catalogue, incremental, jinja_cache
from explainer_core.pages.render import LATEST_MARKER, GeneratedPage
from explainer_core.pipeline import SiteOptions, SiteOutput
from explainer_core.publish import alternates
from explainer_core.publish.exports import english_only, midnight
from explainer_core.web import csp, themefix
from explainer_core.web.sanitize import inert_content, sanitize_html

log = logging.getLogger("mkdocs.hooks.explainer")


@dataclass
class BuildState:
    """What ``on_config`` made for one build, for the later events. It travels on the config
    MkDocs hands to every event (``config["explainer"]``), so each build, and each rebuild under
    ``mkdocs serve``, has its own, and this module keeps no state between events."""

    generated: dict[str, GeneratedPage]  # src_uri -> page (HTML compressed); each leaves as MkDocs writes it
    redirects: list[tuple[str, str]]  # (output path, cleaned HTML) for retired ids
    exports: dict[str, bytes]  # output path -> bytes
    theme: themefix.SiteTexts
    page_files: list[File]  # the generated pages' Files, made once: the clash check and on_files read them
    csp: csp.SitePolicy = field(default_factory=csp.SitePolicy)  # the hashes that _headers allows
    hand_dates: dict = field(default_factory=dict)  # src_uri of a hand-written page -> its front matter's day
    fingerprinted: list[str] = field(default_factory=list)
    latest: int | None = None  # the site's latest page date, as a Unix time (midnight UTC)
    filled: dict[str, str] = field(default_factory=dict)  # src_uri of a hand-written page -> its Markdown, markers filled
    # Rebuilding only what changed (issue 22): each page's fingerprint, and what this build
    # decides and keeps for the next one against the last good build (none: write every page).
    fingerprints: dict[str, str] = field(default_factory=dict)  # src_uri of a generated page -> its core fingerprint
    rebuild: incremental.Rebuild = field(default_factory=lambda: incremental.Rebuild(None))
    order: list[str] = field(default_factory=list)  # every page's src_uri, in the order MkDocs reads (and writes) them
    nav: Any = None
    files: Any = None
    search_start: int = 0  # where the page being written starts in the search plugin's entries
    langs: tuple[str, ...] = ("en",)  # every edition of the site, English first (the switcher's and hreflang's)
    english_url: str = ""  # the English edition's site URL, the root of the others
    editions: dict[str, Prepared] = field(default_factory=dict)  # the editions this build builds after its own
    page_urls: set[str] = field(default_factory=set)  # every page's URL, for its alternates
    root_only: set[str] = field(default_factory=set)  # in another edition: exports only the English one has
    page_translations: dict = field(default_factory=dict)  # src_uri of a hand-written page -> its PageTranslation here
    untranslated_note: str = ""  # in another edition: the note over a hand-written page shown in English
    day_meta: Callable[[dt.date | None], dict] = freshness.page_meta  # a page's date as metadata, in its language


@dataclass
class Prepared:
    """What the English build's ``on_config`` rendered for another edition, handed to that
    edition's build (``_build_editions``) on its configuration, so it loads and renders nothing."""

    out: SiteOutput
    hand_written: dict[str, str]
    langs: tuple[str, ...]
    english_url: str


_PREPARED = "explainer_prepared"  # the key of an edition's configuration that holds its Prepared


def keep(config, generated: dict[str, GeneratedPage], redirects: list[tuple[str, str]],
         exports: dict[str, bytes], hand_dates: dict | None = None, filled: dict | None = None) -> BuildState:
    """Hand this build's pages, redirects and exports to the later events (bench/floor_hooks.py
    replays a recorded build through here)."""
    theme = themefix.SiteTexts(config.site_name, config.site_description or "", config.site_author or "")
    # The page is HTML already: MkDocs gets an empty Markdown source; on_page_content sets its
    # table of contents and anchors, and on_page_context its HTML.
    page_files = [File.generated(config, page.src_uri, content="",
                                 inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
                  for page in generated.values()]
    config["explainer"] = build = BuildState(generated, redirects, exports, theme, page_files,
                                             hand_dates=hand_dates or {}, filled=filled or {},
                                             fingerprints={uri: incremental.page_fingerprint(page)
                                                           for uri, page in generated.items()},
                                             rebuild=incremental.Rebuild(_BASE.get(_site_key(config))))
    days = [dt.date.fromisoformat(p.meta["updated"]) for p in generated.values() if p.meta.get("updated")]
    days += build.hand_dates.values()
    if days:
        build.latest = int(midnight(max(days)).timestamp())
    return build


def state(config) -> BuildState:
    return config["explainer"]


def _data_dir(config) -> Path:
    root = Path(config.config_file_path).parent
    return root / config.extra.get("explainer_data_dir", "data")


def _data_error(message: str, problems) -> PluginError:
    error = PluginError(message)
    error.data_problems = problems  # type: ignore[attr-defined]  # marks the error as "bad data, site folder untouched"
    return error


def _edition(config) -> str:
    """The edition this configuration builds (``extra.edition``; ``mkdocs.ja.yml`` and
    ``mkdocs.ru.yml`` inherit ``mkdocs.yml`` and set it): its language, and the path below
    ``site_url`` where it lives (``ja/``), which the site URL gains here."""
    edition = config.extra.get("edition", "en")
    if edition != "en" and config.site_url and not config.site_url.rstrip("/").endswith(f"/{edition}"):
        config.site_url = config.site_url.rstrip("/") + f"/{edition}/"
    return edition


def _site_words_in(config, edition: str) -> None:
    """An edition's words around the pages, from the catalogue: the palette switch's names and
    the footer's line (the nav's titles follow in ``on_nav``)."""
    if edition == "en":
        return
    words = catalogue.site_words(catalogue.for_lang(edition))
    for palette in config.theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if isinstance(toggle, dict) and toggle.get("name") in words:
            toggle["name"] = words[toggle["name"]]
    if config.copyright in words:
        config.copyright = words[config.copyright]


def on_config(config):
    """Everything that can fail because of the data happens here, before MkDocs cleans the
    site folder: loading and validation, rendering every page, redirect and export of every
    edition, and the clash checks. A failure leaves the last good build whole (and ``mkdocs
    serve`` serving it); ``on_files`` then only adds what is ready. An edition built by the
    English build (``_build_editions``) gets what this rendered for it, and renders nothing."""
    prepared = config.get(_PREPARED)
    if prepared is not None:
        return _keep_edition(config, prepared)
    data_dir = _data_dir(config)
    edition = _edition(config)
    _site_words_in(config, edition)
    options = SiteOptions(site_url=config.site_url or "", use_directory_urls=config.use_directory_urls,
                          site_name=config.site_name, markdown_extensions=config.markdown_extensions,
                          markdown_configs=config.mdx_configs,
                          page_limits=config.extra.get("explainer_page_limits"), lang=edition)
    docs = get_files(config)
    hand_written = {}
    for f in docs.documentation_pages():  # each needs its date in its front matter, checked with the data
        try:
            hand_written[f"docs/{f.src_uri}"] = f.content_string
        except (OSError, UnicodeDecodeError) as exc:
            hand_written[f"docs/{f.src_uri}"] = ""  # reported as a page without a date, after this line
            log.error(f"docs/{f.src_uri}: could not be read ({type(exc).__name__})")
    try:
        # Only the English configuration builds the other editions (mkdocs.ja.yml builds one alone).
        editions = pipeline.edition_langs(config.extra.get("editions")) if edition == "en" else (edition,)
        reuse = {lang: _last_renders(config, lang) for lang in editions} if _SERVING else None
        out = pipeline.build(data_dir, options, root=Path(config.config_file_path).parent, hand_written=hand_written,
                             editions=editions, reuse=reuse)
    except DataError as exc:
        raise _data_error(exc.report(), exc.problems) from None
    except Exception as exc:  # a bug, but the reader gets one line and the last good site, not a traceback
        log.debug("rendering failed", exc_info=True)
        raise _data_error(f"the data passed validation but could not be rendered ({type(exc).__name__}: "
                          f"{safe_text(exc)}); nothing was built. Please report this with the data that "
                          "caused it", [str(exc)]) from None
    if not options.site_url:
        log.warning("site_url is not set, so the data exports (events.json, events.ics, feed.xml, ...) "
                    "were not built: their records carry permanent absolute URLs")
    build = _keep_output(config, out, hand_written, docs)
    if edition == "en":
        build.langs, build.english_url = editions, options.site_url
        build.editions = {lang: Prepared(edition_out, hand_written, editions, options.site_url)
                          for lang, edition_out in out.editions.items()}
    elif options.site_url:  # one edition alone (mkdocs.ja.yml): its pages link to the English JSON exports
        build.english_url = alternates.english_url(options.site_url, edition)
        build.root_only = set(english_only())
    counts = ", ".join(f"{n} {name}" for name, n in out.dataset.counts().items())
    log.info(f"Loaded {data_dir.name}/: {counts}")
    return config


def _keep_output(config, out, hand_written: dict[str, str], docs) -> BuildState:
    """One edition's rendered output, kept for the later events (after the clash checks)."""
    redirects = [(r, _clean(r.content, r.path)) for r in out.redirects]  # static HTML: cleaned here, pages in on_post_page
    # Paths and HTML only: a redirect's record links to the whole dataset, which the build no longer needs.
    # A hand-written page's markers (the newest events), filled now, as strings the floor replays.
    filled = {}
    for label, text in hand_written.items():
        if LATEST_MARKER in text:  # only then is its front matter split off
            src_uri = label.removeprefix("docs/")
            filled[src_uri] = out.fill_markers(get_data(text)[0], src_uri)
    for src_uri, translation in out.page_translations.items():  # another edition's translated pages
        filled[src_uri] = out.fill_markers(translation.markdown, src_uri)
    build = keep(config, {page.src_uri: page for page in out.pages}, [(r.path, html) for r, html in redirects],
                 out.exports, {label.removeprefix("docs/"): day for label, day in out.page_dates.items()}, filled)
    if out.kept is not None:  # under serve: kept for the next build
        build.rebuild.next.renders = out.kept
        if _BASE.get(_site_key(config)) is not None:
            log.info(f"Rendered {len(out.pages) - out.reused} of {len(out.pages)} pages again (the others' inputs are unchanged)")
    build.page_translations, build.untranslated_note, build.day_meta = (
        out.page_translations, out.untranslated_note, out.day_meta)
    clashes = _clashes(docs, build.page_files, redirects, out.exports)
    if clashes:
        error = DataError(clashes)
        raise _data_error(error.report(), error.problems)
    return build


def _keep_edition(config, prepared: Prepared):
    """An edition's build (``_build_editions``): what the English build rendered for it."""
    _site_words_in(config, _edition(config))
    build = _keep_output(config, prepared.out, prepared.hand_written, get_files(config))
    build.langs, build.english_url = prepared.langs, prepared.english_url
    build.root_only = set(english_only())
    return config


def _clashes(docs, page_files: list[File], redirects, exports) -> list[Problem]:
    """Generated files that would replace a hand-written one (in ``docs``), or each other."""
    clashes = [Problem(f"docs/{f.src_uri}", 0, None, None, "clashes with a page generated from the data; "
                       "rename or remove it") for f in page_files if docs.get_file_from_path(f.src_uri) is not None]
    taken = {f.dest_uri for f in docs}
    taken |= {f.dest_uri for f in page_files}
    for r, _ in redirects:
        if r.path in taken:
            rec = r.record
            clashes.append(Problem(rec.file, rec.line_of("aliases"), f"{BY_NAME[rec.collection].singular} '{rec.id}'",
                                   "aliases", f"the redirect from /{r.url} clashes with a page there; "
                                   "remove the alias or the page"))
        taken.add(r.path)
    clashes += [Problem(f"docs/{path}", 0, None, None, "clashes with an export generated from the data; "
                        "rename or remove it") for path in exports if path in taken]
    return clashes


def _clean(html: str, where: str) -> str:
    """The sanitizer's allow-list on generated HTML; anything it removes is logged (as info:
    the output is safe, and a strict build must not stop after the site folder was emptied)."""
    html, removed = sanitize_html(html)
    for what in removed:
        log.info(f"{where}: removed {what} (only http, https, mailto and relative URLs, no event handlers)")
    return html


def _fix_theme(output: str, where: str, config) -> str:
    """Material's markup with the fixes in ``explainer_core.web.themefix``; one whose markup is gone
    (a theme upgrade changed it) is a warning, so a strict build stops."""
    output, missing = themefix.fix_page(output, state(config).theme)
    for name in missing:
        log.warning(f"{where}: the theme fix '{name}' found no markup to fix: Material's template changed; "
                    "update hooks/explainer_core/web/themefix.py (or drop the fix if Material made it)")
    return output


@event_priority(50)  # before plugins such as redirects, so they see the generated pages
def on_files(files, config):
    build = state(config)
    for file in build.page_files:
        files.append(file)
    made = []
    for path, html in build.redirects:  # retired ids: static HTML, out of the sitemap and search
        made.append(File.generated(config, path, content=build.csp.protect(html)[0]))
    for path, content in build.exports.items():
        made.append(File.generated(config, path, content=content))
    for file in made:
        files.append(file)
        # Under an incremental (dirty) build MkDocs writes a generated file only if it is_modified():
        # here, only if its content differs from the last build's.
        changed = build.rebuild.file_changed(file.dest_uri, file.content_bytes)
        file.is_modified = functools.partial(bool, changed)  # type: ignore[method-assign]
    build.fingerprinted = [f.dest_uri for f in files if csp.FINGERPRINTED.search(f.dest_uri)]
    build.files = files
    if build.rebuild.incremental:
        _write_only_changed(files, build)
    return files


def _generated(page, config) -> GeneratedPage | None:
    return state(config).generated.get(page.file.src_uri) if page.file.generated_by else None


def on_page_markdown(markdown, page, config, files):
    """A generated page's metadata comes from the renderer's dict, never from text. Every page's
    date (``updated``, from its records or its front matter) is also the sitemap's ``lastmod``,
    which MkDocs reads from ``page.update_date`` (by default the build's date). A hand-written
    page's markers (``<!-- explainer:latest -->``) are filled from the data."""
    generated = _generated(page, config)
    if generated is not None:
        page.meta = dict(generated.meta)
    else:
        _translated_meta(page, config)
        if page.meta.get("updated"):  # the theme's "Last updated:" in the edition's words, as generated pages carry it
            page.meta["updated_label"] = catalogue.updated_label(catalogue.for_lang(config.extra.get("edition", "en")))
        filled = state(config).filled.get(page.file.src_uri)
        if filled is not None:
            markdown = filled
        if state(config).root_only:  # another edition: links to the English edition's JSON exports
            markdown = alternates.root_links(markdown, page.file.src_uri, state(config).root_only,
                                             state(config).english_url)
    if page.meta.get("updated"):
        page.update_date = page.meta["updated"]
    return markdown


def _translated_meta(page, config) -> None:
    """A hand-written page's date (its ``updated``, shown in the edition's language) and, in
    another edition, its translation's front matter, where it has a current translation."""
    build = state(config)
    translation = build.page_translations.get(page.file.src_uri)
    if translation is not None:
        page.meta = {**page.meta, **translation.meta}
        page.meta.update(build.day_meta(translation.updated))
    else:
        page.meta.update(build.day_meta(build.hand_dates.get(page.file.src_uri)))


def _edition_content(html: str, page, config) -> str:
    """In another edition, a hand-written page's translation comes from data/, so it passes the
    sanitizer's allow-list like every generated page (before the Content Security Policy reads
    the page's content); without a current translation, the page is the English, marked
    ``lang="en"``, under the note the generated pages use."""
    build = state(config)
    translation = build.page_translations.get(page.file.src_uri)
    if translation is not None:
        html, removed = inert_content(html)
        for what in removed:
            log.info(f"{translation.file}: removed {what} (a translation from data/: no scripts, frames, "
                     "embeds, script URLs or event handlers)")
        return html
    if not build.untranslated_note:
        return html
    return f'{build.untranslated_note}\n<div lang="en">\n{html}\n</div>'


def on_page_content(html, page, config, files):
    """A generated page's body, table of contents and anchors, as the core rendered them: what
    MkDocs' Markdown pass would have given (the search index, the theme's TOC and the anchor
    checks of links from hand-written pages read these), without parsing the HTML again."""
    generated = _generated(page, config)
    if generated is None:
        return _edition_content(html, page, config)
    page.toc = get_toc(generated.toc)
    page.present_anchor_ids = set(generated.anchors)
    return ""  # the HTML comes in on_page_context, when MkDocs writes the page


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    """A generated page's HTML, unpacked only now: MkDocs reads every page before it writes the
    first, and holding all their HTML at once is most of a large build's memory."""
    build = state(config)
    if page.file.generated_by:
        generated = build.generated.pop(page.file.src_uri, None)
        if generated is not None:
            page.content = generated.content
    index = _search_index(config)
    build.search_start = len(index.entries) if index is not None else 0
    _set_alternates(config, page.url)
    return context


def on_env(env, config, files):
    """Keep the theme's compiled templates for the next rebuild under ``mkdocs serve``. Every
    page has been read now: decide which to write (``_decide_writes``)."""
    env.bytecode_cache = jinja_cache.TEMPLATES
    build = state(config)
    build.page_urls = {f.url for f in files.documentation_pages()}
    _set_alternates(config, None)  # the theme's own pages (404.html): each edition's home
    _decide_writes(config, files)
    return env


# --- editions (issue 21): the switcher, hreflang, the sitemap's alternates, the nested builds ----

def _set_alternates(config, url: str | None) -> None:
    """The page at ``url`` in every edition, for Material's language switcher and the head's
    ``hreflang`` links (``extra.alternate``, which base.html and partials/alternate.html read)
    and its ``x-default`` (``extra.x_default``, which overrides/main.html reads). A site of one
    edition gets neither."""
    build = state(config)
    if len(build.langs) < 2:
        return
    links = alternates.alternates(build.english_url, build.langs, url, build.page_urls)
    config.extra["alternate"] = [{"name": a.name, "link": a.url, "lang": a.lang} for a in links if a.lang != "x-default"]
    config.extra["x_default"] = links[-1].url


def _sitemap_alternates(xml: str, config) -> str:
    build = state(config)
    if len(build.langs) < 2:
        return xml
    return alternates.sitemap(xml, config.site_url or "",
                              lambda path: alternates.alternates(build.english_url, build.langs, path, build.page_urls))


def _build_editions(config) -> None:
    """Build each other edition, with what this build's ``on_config`` rendered for it, into
    ``<site_dir>/<lang>/`` at ``<site_url><lang>/``: MkDocs' own build of this configuration,
    in the edition's language (Material's ``theme.language``, and so its search language).
    Then this edition's ``_headers`` covers theirs: their pages' script hashes and assets."""
    # The engine running this build (MkDocs, or a fork such as ProperDocs, whose package is
    # another name) builds the editions too.
    engine = type(config).__module__.split(".")[0]
    mkdocs_build = importlib.import_module(f"{engine}.commands.build").build
    load_config = importlib.import_module(f"{engine}.config").load_config

    build = state(config)
    # MkDocs keeps one instance of each plugin per configuration file, so the editions' builds
    # run this build's plugins again (Material's search among them, with its language and its
    # index): what they hold is put back afterwards for this build's own later events.
    plugins = [p for p in config.plugins.values() if not isinstance(p, types.ModuleType)]  # hooks: modules
    held = [(p, dict(vars(p))) for p in plugins]
    try:
        _build_each_edition(config, build, mkdocs_build, load_config)
    finally:
        for plugin, attributes in held:
            vars(plugin).clear()
            vars(plugin).update(attributes)


def _build_each_edition(config, build: BuildState, mkdocs_build, load_config) -> None:
    for lang, prepared in build.editions.items():
        edition = load_config(config.config_file_path, site_dir=str(Path(config.site_dir, lang)),
                              site_url=alternates.edition_url(config.site_url or "", lang) or None,
                              strict=config.strict)
        edition.theme["language"] = lang
        edition.extra["edition"] = lang
        edition[_PREPARED] = prepared
        # This module is the editions' hooks too (MkDocs loads a hook file once): under serve
        # they stay "serve", and each edition's rebuild is incremental against its last good one.
        edition.plugins.on_startup(command="serve" if _SERVING else "build", dirty=False)
        try:
            if _SERVING:
                _build_against_last_good(mkdocs_build, edition)
            else:
                mkdocs_build(edition)
        finally:
            edition.plugins.on_shutdown()
        built = edition["explainer"]
        build.csp.hashes |= built.csp.hashes
        build.fingerprinted += [f"{lang}/{path}" for path in built.fingerprinted]


def on_nav(nav, config, files):
    """Per-record pages stay out of the nav (a nav entry per event makes every build quadratic);
    their listing page (the timeline, the actor directory) is their parent, so MkDocs marks it
    active while one renders: readers see where they are, as with a blog post under its index."""
    state(config).nav = nav
    by_uri = {p.file.src_uri: p for p in nav.pages}
    for file in files.documentation_pages():
        index = by_uri.get(index_page_for(file.src_uri) or "")
        if index is not None and file.page is not None and file.page.parent is None:
            file.page.parent = index
    edition = config.extra.get("edition", "en")
    if edition != "en":  # the nav's titles (mkdocs.yml's, in English) in the edition's words
        words = catalogue.site_words(catalogue.for_lang(edition))
        items = list(nav.items)
        while items:
            item = items.pop()
            title = vars(item).get("title") if isinstance(item, Page) else getattr(item, "title", None)
            if isinstance(title, str) and title in words:
                item.title = words[title]
            items.extend(getattr(item, "children", None) or [])
    return nav


@event_priority(-100)  # last: the policy hashes the inline scripts of the finished page
def on_post_page(output, page, config):
    output = _fix_theme(output, page.file.dest_uri, config)
    if page.file.generated_by:
        output = _clean(output, page.file.dest_uri)
    build = state(config)
    output, refused = build.csp.protect(output, untrusted=page.content or "")
    index = _search_index(config)
    build.rebuild.wrote(page.file.src_uri, index.entries[build.search_start:] if index is not None else [],
                        build.csp.last)
    for script in refused:
        log.warning(f"docs/{page.file.src_uri}: an inline <script> in the page content would not run under "
                    f"the Content Security Policy; put it in a file under overrides/assets/javascripts/ "
                    f"({script.strip()[:60]!r})")
    if page.file.generated_by:
        # Written and indexed: MkDocs would keep every page's HTML until the build ends (the
        # timeline alone is 24 MB at 10,000 events); the nav and the sitemap need only its URL.
        page.content = None
    return output


def on_post_template(output_content, template_name, config):
    """Theme pages rendered outside the nav, such as 404.html, get the policy too."""
    if template_name.endswith(".html"):
        output_content, _ = state(config).csp.protect(_fix_theme(output_content, template_name, config))
    elif template_name == "sitemap.xml":
        output_content = _sitemap_alternates(output_content, config)
    return output_content


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config):
    """``_headers`` for hosts that read one: the same policy, long caching for fingerprinted assets.
    ``sitemap.xml.gz`` again, stamped with the site's latest page date instead of the build's
    time (MkDocs takes SOURCE_DATE_EPOCH, else the clock), so no output depends on when it was built.
    Pages not written again give their kept search entries and script hashes (``_finish_rebuild``).
    The English build then builds the other editions, and writes the one ``_headers`` for all."""
    build = state(config)
    _finish_rebuild(config, build)
    _build_editions(config)
    if config.extra.get("edition", "en") == "en":  # hosts read _headers at the root only
        base_path = urlsplit(config.site_url or "/").path
        text = build.csp.headers_file(base_path, build.fingerprinted)
        Path(config.site_dir, "_headers").write_text(text, encoding="utf-8")
    sitemap = Path(config.site_dir, "sitemap.xml")
    if sitemap.is_file() and build.latest is not None:
        with open(sitemap.with_name("sitemap.xml.gz"), "wb") as f, \
                gzip.GzipFile(fileobj=f, filename="sitemap.xml.gz", mode="wb", mtime=build.latest) as gz:
            gz.write(sitemap.read_bytes())


def on_serve(server, config, builder):
    """Keep serving the last good build while the data has problems.

    A data error stops the build in ``on_config``, before MkDocs touches the site folder, so
    the previous build is still whole. MkDocs' server would hold every request until a build
    succeeds; treating the failed rebuild as done lets it keep serving that previous build.
    """
    build_once = server.builder

    def build_or_keep_last_good(*args, **kwargs):
        try:
            return build_once(*args, **kwargs)
        except Abort as exc:
            if getattr(exc.__context__, "data_problems", None) is None:
                raise
            log.warning("Still serving the last good build; fix the data above and save to rebuild.")

    server.builder = build_or_keep_last_good
    made = _MADE.pop(_site_key(config), None)  # the first build, which MkDocs ran before this event
    if made is not None:
        _GOOD[_site_key(config)] = made
    _serve_incrementally()

    # The reload script MkDocs injects into every served page is inline: hash it into that
    # page's policy too, so `make serve` runs under the same CSP as the hosted site.
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is not None:
        def inject_and_allow(content, epoch):
            served = inject(content, epoch).decode("utf-8")
            added = set(csp.inline_scripts(served)) - set(csp.inline_scripts(content.decode("utf-8")))
            return csp.allow(served, added).encode("utf-8")

        server._inject_js_into_html = inject_and_allow
    return server


# --- rebuilding only what changed under `mkdocs serve` (issue 22) ------------------------------
# The core fingerprints pages and keeps what a build leaves for the next
# (explainer_core/pages/incremental.py); these functions connect it to MkDocs. Module state
# survives the rebuilds of one `mkdocs serve` (MkDocs loads this file once), keyed by the
# configuration file and the edition, so each edition's build has its own.

_SERVING = False  # set by on_startup: a plain `mkdocs build` keeps nothing
_GOOD: dict[tuple[str, str], incremental.SiteCache] = {}  # the last good build of each site
_BASE: dict[tuple[str, str], incremental.SiteCache] = {}  # what the running build compares with
_MADE: dict[tuple[str, str], incremental.SiteCache] = {}  # a finished build's, until it is known good


def _site_key(config) -> tuple[str, str]:
    return str(config.config_file_path), str(config.extra.get("edition", "en"))


def on_startup(command, dirty):
    global _SERVING
    _SERVING = command == "serve"


def _write_only_changed(files, build: BuildState) -> None:
    """An incremental build runs MkDocs with ``dirty``: it reads and writes only the pages whose
    file ``is_modified()``. Here that is the rebuild's answer. While MkDocs reads pages: every
    hand-written page (so each has its title, headings, anchors and checked links, as in a full
    build) and every generated page the core made differently from the last build (the others
    get what reading would give them in ``_restore_unread``). Then, when it writes them: only
    those whose fingerprint changed (decided in ``on_env``)."""
    rebuild = build.rebuild
    for file in files.documentation_pages(inclusion=lambda level: True):
        core = build.fingerprints.get(file.src_uri) if file.generated_by else None
        read = core is None or rebuild.core_changed(file.src_uri, core)
        file.is_modified = functools.partial(rebuild.must_write, file.src_uri, read)


def _restore_unread(files, build: BuildState) -> None:
    """A generated page MkDocs did not read again gets what reading it gives (``on_page_markdown``
    and ``on_page_content``): its metadata, date, table of contents and anchors, and an empty body."""
    for file in files.documentation_pages(inclusion=lambda level: True):
        page = file.page
        generated = build.generated.get(file.src_uri) if file.generated_by else None
        if page is None or page.markdown is not None or generated is None:
            continue
        page.markdown, page.content = "", ""
        page.meta = dict(generated.meta)
        if page.meta.get("updated"):
            page.update_date = page.meta["updated"]
        page.toc = get_toc(generated.toc)
        page.present_anchor_ids = set(generated.anchors)


def _toc(items) -> list:
    return [(item.id, item.title, item.level, _toc(item.children)) for item in items]


def _around(page) -> tuple:
    """What the theme shows of the pages around ``page``: its nav parents and neighbours."""
    parents, parent = [], page.parent
    while parent is not None:
        parents.append((parent.title, getattr(parent, "url", None)))
        parent = parent.parent
    neighbours = [(p.title, p.url) if p is not None else None for p in (page.previous_page, page.next_page)]
    return tuple(parents), tuple(neighbours), page.is_homepage


def _page_fingerprint(page, build: BuildState) -> str:
    """Everything of ``page`` that its written HTML shows, but the frame (``_frame``)."""
    generated = build.fingerprints.get(page.file.src_uri) if page.file.generated_by else None
    body = generated if generated is not None else incremental.digest(page.content)
    return incremental.digest((body, page.url, page.canonical_url, page.edit_url, page.title,
                               list(page.meta.items()), page.update_date, _toc(page.toc), _around(page)))


def _nav_signature(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None), _nav_signature(item.children or []))
            for item in items]


def _config_texts(path: str | None) -> list[bytes]:
    """The configuration file and those it INHERITs."""
    texts: list[bytes] = []
    while path and os.path.isfile(path) and len(texts) < 10:
        text = Path(path).read_bytes()
        texts.append(text)
        parent = re.search(rb"^INHERIT:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", text, re.M)
        path = os.path.join(os.path.dirname(path), parent[1].decode("utf-8", "replace")) if parent else None
    return texts


def _tree_stats(folder: str | None) -> list:
    if not folder or not os.path.isdir(folder):
        return []
    return sorted((os.path.relpath(os.path.join(d, name), folder), st.st_mtime_ns, st.st_size)
                  for d, _, names in os.walk(folder) for name in names
                  for st in [os.stat(os.path.join(d, name))])


def _frame(config, nav) -> str:
    """What every written page shares: the configuration, the theme's overrides, the nav."""
    return incremental.digest((_config_texts(config.config_file_path), _tree_stats(config.theme.custom_dir),
                               config.site_url, _nav_signature(nav.items) if nav is not None else None))


def _decide_writes(config, files) -> None:
    build = state(config)
    _restore_unread(files, build)
    # The order MkDocs writes pages in (and a full build's search index lists them in).
    build.order = [f.src_uri for f in files.documentation_pages(inclusion=lambda level: True)
                   if f.page is not None and f.page.markdown is not None]
    fingerprints = {}
    for uri in build.order:
        file = files.get_file_from_path(uri)
        if file is not None and file.page is not None:
            fingerprints[uri] = _page_fingerprint(file.page, build)
    write = build.rebuild.decide(_frame(config, build.nav), fingerprints, build.fingerprints)
    if build.rebuild.incremental:
        log.info(f"Writing {len(fingerprints) if write is None else len(write)} of {len(fingerprints)} pages "
                 "(the others are unchanged)")


def _search_index(config):
    """Material's search index of this build (None without the search plugin)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin.search_index
    return None


def _finish_rebuild(config, build: BuildState) -> None:
    """The search plugin gets every page's entries in a full build's order (those of pages not
    written again, kept from their last writing: MkDocs' dirty builds alone would lose them, or
    keep stale ones); the policy every page's script hashes; files no longer made are removed
    from the site folder; and what this build leaves for the next is put aside."""
    rebuild = build.rebuild
    index = _search_index(config)
    if index is not None:
        index.entries = rebuild.search_entries(build.order)
    build.csp.hashes |= rebuild.hashes()
    outputs = {f.dest_uri for f in build.files} if build.files is not None else set()
    for uri in rebuild.finish(outputs):
        path = Path(config.site_dir, uri)
        if path.is_file():
            path.unlink()
            for parent in path.parents:  # and the folders it leaves empty
                if parent == Path(config.site_dir) or any(parent.iterdir()):
                    break
                parent.rmdir()
    if _SERVING:
        _MADE[_site_key(config)] = rebuild.next


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build "will likely lead to inaccurate navigation": ours
    writes again every page the change reaches, so the warning (which strict mode would count)
    does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _site_untouched(exc: BaseException) -> bool:
    """A failure in ``on_config`` (bad data, a clash): the site folder is as the last build left it."""
    seen = 0
    while exc is not None and seen < 5:
        if getattr(exc, "data_problems", None) is not None:
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return False


def _last_renders(config, lang: str) -> dict:
    """The record pages an edition's last good build kept (``{}``: none yet). The English build
    renders every edition in its ``on_config``: its own last build is the base of the running
    one, the others' are still their last good build's (their builds come after)."""
    key = (str(config.config_file_path), lang)
    last = _BASE.get(key) if lang == config.extra.get("edition", "en") else _GOOD.get(key)
    return last.renders if last is not None else {}


def _build_against_last_good(full_build, config, **options) -> None:
    """One build of one edition under serve: dirty against its last good build, if there is one.
    A build that fails before touching the site folder keeps that build as the base; any other
    failure drops it, so the next build is a full one."""
    key = _site_key(config)
    last = _GOOD.pop(key, None)
    if last is not None:
        _BASE[key] = last
    notice = _DirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        full_build(config, **{**options, "dirty": options.get("dirty", False) or last is not None})
    except BaseException as exc:
        if last is not None and _site_untouched(exc):
            _GOOD[key] = last
        _MADE.pop(key, None)
        raise
    else:
        made = _MADE.pop(key, None)
        if made is not None:
            _GOOD[key] = made
    finally:
        _BASE.pop(key, None)
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)


def _serve_incrementally() -> None:
    """Every rebuild of ``mkdocs serve`` after a good build is dirty, against that build: only
    the pages whose fingerprint changed are written. A build that fails before touching the
    site folder keeps the last good build as the base; any other failure drops it, so the next
    build is a full one."""
    from mkdocs.commands import serve as serve_command

    full_build = serve_command.build
    if getattr(full_build, "explainer_incremental", False):
        return

    def build_incrementally(config, *, serve_url=None, dirty=False):
        _build_against_last_good(full_build, config, serve_url=serve_url, dirty=dirty)

    build_incrementally.explainer_incremental = True  # type: ignore[attr-defined]
    serve_command.build = build_incrementally
    _keep_theme_files()


_THEME_FILES: dict[tuple, list[tuple[str, str | None]]] = {}  # under serve: each theme's static files


def _keep_theme_files() -> None:
    """MkDocs lists every file of the theme in every build (Material's 14,500, each matched
    against a dozen patterns: 0.06 s of CPU a build, three builds a reload with the editions).
    Under serve the list is kept, per theme, while the theme's overrides (the one theme folder
    that can change while serving; the installed themes do not) are unchanged; whether a docs
    file of the same path hides a theme file is still decided in each build, as MkDocs does."""
    from mkdocs.structure.files import Files

    original = Files.add_files_from_theme
    if getattr(original, "explainer_kept", False):
        return

    def add_files_from_theme(self, env, config) -> None:
        theme = config.theme
        key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), tuple(_tree_stats(theme.custom_dir)))
        found = _THEME_FILES.get(key)
        if found is None:
            every = Files([])
            original(every, env, config)
            found = [(f.src_uri, f.src_dir) for f in every]
            _THEME_FILES.clear()
            _THEME_FILES[key] = found
        for path, src_dir in found:
            if self.get_file_from_path(path) is None:
                self.append(File(path, src_dir, config.site_dir, config.use_directory_urls))

    add_files_from_theme.explainer_kept = True  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
