"""Whole-site checks over a built ``site/`` folder: a link crawler, the Content Security Policy
of every page and of ``_headers``, and the Nu HTML Checker.

Used by tests/test_site_checks.py, tests/test_hosting.py and tests/test_engines.py (and usable
by hand: ``python tests/support/sitecheck.py site``).
"""

from __future__ import annotations

import json
import re
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


# --- the Content Security Policy ---------------------------------------------------------------

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
SHA256 = re.compile(r"'sha256-[^']+'")
_WITHOUT_HASHES = re.compile(r" 'sha256-[^']+'")


def page_policy(text: str) -> tuple[str | None, list[str]]:
    """A page's policy and what is wrong with it: the policy is one ``<meta>`` in the head, before
    any script, with the charset in the first 1,024 bytes; its script-src allows exactly the
    hashes of the page's inline scripts, as the browser reads them, and never 'unsafe-inline'."""
    from explainer_core import csp  # the browser's reading of inline scripts and their hashes

    head = text[:text.find("</head>")]
    m = CSP_META.search(head)
    if not m:
        return None, ["no Content-Security-Policy meta in the head"]
    problems = []
    if m.start() > len(head.split("<script")[0]):
        problems.append("a script comes before the policy")
    if text.count('http-equiv="Content-Security-Policy"') != 1:
        problems.append("more than one Content-Security-Policy meta")
    if not 0 <= text.find("<meta charset") < 1024:
        problems.append("charset not in the first 1,024 bytes")
    policy = m.group(1)
    script_src = next((d for d in policy.split(";") if d.split()[:1] == ["script-src"]), "")
    if not script_src or "'unsafe-inline'" in script_src:
        problems.append(f"script-src is missing or allows 'unsafe-inline': {script_src!r}")
    wanted = {csp.source_hash(script) for script in csp.inline_scripts(text)}
    allowed = set(SHA256.findall(script_src))
    problems += [f"inline script not allowed ({h})" for h in sorted(wanted - allowed)]
    problems += [f"allows a script the page does not have ({h})" for h in sorted(allowed - wanted)]
    return policy, problems


@dataclass
class CspReport:
    pages: int = 0
    policies: dict[str, str] = field(default_factory=dict)  # page (site-relative) -> its policy
    problems: list[str] = field(default_factory=list)


def check_csp(site: Path) -> CspReport:
    """:func:`page_policy` on every HTML page of the site."""
    report = CspReport()
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        report.pages += 1
        policy, problems = page_policy(path.read_text(encoding="utf-8"))
        if policy is not None:
            report.policies[rel] = policy
        report.problems += [f"{rel}: {p}" for p in problems]
    return report


@dataclass
class HeadersReport:
    rules: dict[str, dict[str, str]] = field(default_factory=dict)  # path pattern -> {header: value}
    problems: list[str] = field(default_factory=list)


IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def check_headers(site: Path, base_path: str) -> HeadersReport:
    """``_headers`` (Netlify, Cloudflare Pages): for ``<base_path>*`` the pages' policy as a real
    header, with every page's script hashes, ``frame-ancestors 'self'`` and ``nosniff``; every
    other rule a file of the site, cached for a year as immutable."""
    report = HeadersReport()
    current: dict[str, str] = {}
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            report.rules[line] = current = {}
        elif line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            current[name] = value
        elif not line.startswith("#"):
            report.problems.append(f"_headers: not a rule, header or comment: {line!r}")
    everything = report.rules.get(f"{base_path}*", {})
    header_policy = everything.get("Content-Security-Policy", "")
    if everything.get("X-Content-Type-Options") != "nosniff":
        report.problems.append(f"_headers: {base_path}* lacks X-Content-Type-Options: nosniff")
    pages = check_csp(site).policies
    for rel, page_policy_ in pages.items():
        if _WITHOUT_HASHES.sub("", header_policy) != _WITHOUT_HASHES.sub("", page_policy_) + "; frame-ancestors 'self'":
            report.problems.append(f"_headers: the policy's directives are not those of {rel} plus frame-ancestors")
    hashes = {h for p in pages.values() for h in SHA256.findall(p)}
    if set(SHA256.findall(header_policy)) != hashes:
        report.problems.append("_headers: the policy does not allow exactly the pages' script hashes")
    for rule, headers in report.rules.items():
        if rule == f"{base_path}*":
            continue
        target = site / rule.removeprefix(base_path)
        if not (rule.startswith(base_path) and target.is_file()):
            report.problems.append(f"_headers: {rule} is not a file of the site")
        if headers != IMMUTABLE:
            report.problems.append(f"_headers: {rule} has {headers}, not {IMMUTABLE}")
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
