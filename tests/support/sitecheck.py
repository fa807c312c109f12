"""Whole-site checks over a built ``site/`` folder: a link crawler and the Nu HTML Checker.

Used by tests/test_site_checks.py (and usable by hand: ``python tests/support/sitecheck.py site``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that hold a URL the browser will fetch or follow.
URL_ATTRS = {("a", "href"), ("link", "href"), ("area", "href"), ("script", "src"), ("img", "src"),
             ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
             ("form", "action"), ("object", "data"), ("embed", "src"), ("track", "src")}
EXTERNAL_SCHEMES = ("http", "https")
INERT_SCHEMES = ("mailto",)  # well-formed if parseable; never fetched


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for name, value in attrs:
            if (tag, name) in URL_ATTRS and value is not None:
                self.links.append((tag, name, value))
            elif name in ("srcset",) and value:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append((tag, name, url))


@dataclass
class LinkReport:
    pages: int = 0
    internal: int = 0
    fragments: int = 0
    external: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.internal + self.external


def _parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _target_file(site: Path, site_path: str) -> Path | None:
    """The file a site-relative URL path (no query, no fragment) is served from, if any."""
    rel = unquote(site_path).lstrip("/")
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None  # escapes the site folder
    return candidate if candidate.is_file() else None


def check_links(site: Path, site_url: str) -> LinkReport:
    """Every internal href/src resolves to a file and every #fragment to an id on its target page;
    every external link is a well-formed http(s) URL. ``site_url`` (mkdocs.yml) makes absolute
    links to the site itself (canonical, 404 page assets) count as internal."""
    site = site.resolve()
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    report = LinkReport()
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = _parse(path).ids
        return ids_cache[path]

    for page in sorted(site.rglob("*.html")):
        report.pages += 1
        parsed = _parse(page)
        ids_cache[page] = parsed.ids
        page_rel = page.relative_to(site).as_posix()
        page_url = f"{base.scheme}://{base.netloc}{base_path}{page_rel}"
        for tag, attr, raw in parsed.links:
            where = f"{page_rel}: <{tag} {attr}={raw!r}>"
            url = raw.strip()
            if url != raw or any(c.isspace() for c in url):
                report.problems.append(f"{where}: contains whitespace")
                continue
            try:
                parts = urlsplit(url)
            except ValueError as exc:
                report.problems.append(f"{where}: unparseable ({exc})")
                continue
            if not parts.scheme and parts.netloc:
                report.problems.append(f"{where}: protocol-relative link; write the scheme")
                continue
            absolute = urlsplit(urljoin(page_url, url))
            internal = (absolute.scheme, absolute.netloc) == (base.scheme, base.netloc) \
                and (absolute.path + "/").startswith(base_path) and (not parts.scheme or bool(parts.netloc))
            if parts.scheme and not internal:
                if parts.scheme in EXTERNAL_SCHEMES:
                    report.external += 1
                    try:
                        port_ok = parts.port is None or parts.port > 0
                    except ValueError:
                        port_ok = False
                    if not parts.hostname or "." not in parts.hostname or not port_ok:
                        report.problems.append(f"{where}: not a well-formed http(s) URL")
                elif parts.scheme in INERT_SCHEMES:
                    report.external += 1
                    if not parts.path:
                        report.problems.append(f"{where}: empty {parts.scheme} link")
                else:
                    report.problems.append(f"{where}: scheme '{parts.scheme}' is not allowed")
                continue
            if not internal:
                report.problems.append(f"{where}: points outside the site ({absolute.geturl()})")
                continue
            report.internal += 1
            target = _target_file(site, absolute.path[len(base_path):])
            if target is None:
                report.problems.append(f"{where}: no such file in the site")
                continue
            if absolute.fragment and target.suffix == ".html":
                report.fragments += 1
                frag = unquote(absolute.fragment)
                if frag not in ids_of(target):
                    report.problems.append(f"{where}: no id '{frag}' on {target.relative_to(site).as_posix()}")
    return report


# --- the Nu HTML Checker -----------------------------------------------------------------------

# Messages the stock theme produces that no override can fix: document each one and match it
# exactly (type, message). None so far: the stock Material errors are fixed in the finished HTML
# by hooks/explainer_core/themefix.py (tests/test_themefix.py pins each fix to Material's templates).
ALLOWED_NU_MESSAGES: dict[tuple[str, str], str] = {}


@dataclass
class NuReport:
    files: list[str]
    errors: list[str]
    filtered: list[str]
    other: list[str]  # warnings and info, for the record


def run_vnu(vnu_jar: Path, *sites: Path) -> NuReport:
    files = sorted(str(p) for s in sites for p in Path(s).rglob("*.html"))
    proc = subprocess.run(["java", "-Xss4m", "-jar", str(vnu_jar), "--format", "json", "--exit-zero-always", *files],
                          capture_output=True, text=True, timeout=900)
    try:
        messages = json.loads(proc.stderr or proc.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise RuntimeError(f"vnu gave no JSON report ({exc}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}") from None
    return classify_nu(files, messages)


def classify_nu(files: list[str], messages: list[dict],
                allowed: dict[tuple[str, str], str] = ALLOWED_NU_MESSAGES) -> NuReport:
    """Sort vnu's JSON messages: errors (unless exactly allowed), filtered, and the rest."""
    errors: list[str] = []
    filtered: list[str] = []
    other: list[str] = []
    for m in messages:
        where = f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}"
        text = f"{where}: {m.get('type')}: {m.get('message')}"
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
            (filtered if (m.get("type"), m.get("message")) in allowed else errors).append(text)
        else:
            other.append(text)
    return NuReport(files, errors, filtered, other)


if __name__ == "__main__":
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    r = check_links(site_dir, sys.argv[2] if len(sys.argv) > 2 else "https://example.org/new-approach/")
    print(f"{r.pages} pages, {r.internal} internal links ({r.fragments} with #fragments), {r.external} external")
    print("\n".join(r.problems) or "no broken links")
    sys.exit(1 if r.problems else 0)
