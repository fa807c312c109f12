"""The maintained successors of MkDocs 1.6 the site is also built with (tests/test_engines.py).

Each engine lives in its own venv, ``.venv-engines/<name>/``, installed by ``make engines``
(which ``make test`` runs) from its full lock ``requirements-engines/<name>.txt``. A venv that
is missing, or does not hold exactly its lock, makes the engine tests skip locally and fail
under CI=true (``support.project.unavailable``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from support.project import ROOT, unavailable

ENGINE_DIR = ROOT / ".venv-engines"
LOCK_DIR = ROOT / "requirements-engines"

# The generator tag of the main build (requirements.txt's mkdocs and Material).
MKDOCS_GENERATOR = "mkdocs-1.6.1, mkdocs-material-9.8.1"


@dataclass(frozen=True)
class Engine:
    name: str  # of its lock and its venv
    command: str  # the console script in the venv that builds the site
    build_args: tuple[str, ...]  # what `<command> build --strict` needs beyond the main build's arguments
    generator: str  # the generator tag its pages carry: proof of which engine built them

    @property
    def venv(self) -> Path:
        return ENGINE_DIR / self.name

    @property
    def lock(self) -> Path:
        return LOCK_DIR / f"{self.name}.txt"

    @property
    def executable(self) -> Path:
        return self.venv / "bin" / self.command

    @property
    def build_command(self) -> list[str]:
        """The command, before ``build --strict``; ``support.project.build(command=...)`` runs it."""
        return [str(self.executable)]


ENGINES = {
    # ProperDocs reads mkdocs.yml only as a deprecated fallback (an INFO notice); -f names it.
    "properdocs": Engine("properdocs", "properdocs", ("-f", "mkdocs.yml"),
                         "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"),
    # mkdocs-ng keeps the mkdocs command and mkdocs.yml; mkdocs-ng-material 9.7.7 names itself 9.7.6.
    "mkdocs-ng": Engine("mkdocs-ng", "mkdocs", (), "mkdocs-1.8.0, mkdocs-material-9.7.6"),
}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> dict[str, str]:
    """{normalised name: version} of a lock's ``name==version`` lines."""
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[_key(name)] = version.strip()
    return out


def installed(venv: Path) -> dict[str, str]:
    """{normalised name: version} of every distribution in a venv, read from its metadata files
    (without starting its Python); pip and setuptools, which venv puts there, are left out."""
    out = {}
    for meta in venv.glob("lib/python*/site-packages/*.dist-info/METADATA"):
        headers = HeaderParser().parsestr(meta.read_text(encoding="utf-8", errors="replace"), headersonly=True)
        if headers["Name"] and _key(headers["Name"]) not in ("pip", "setuptools"):
            out[_key(headers["Name"])] = str(headers["Version"])
    return out


def why_missing(engine: Engine) -> str | None:
    if not engine.executable.is_file():
        return f"{engine.executable.relative_to(ROOT)} is missing; run `make engines` (make test does)"
    want, have = locked(engine.lock), installed(engine.venv)
    if want != have:
        drift = sorted(f"{n} (locked {want.get(n, 'none')}, installed {have.get(n, 'none')})"
                       for n in want.keys() | have.keys() if want.get(n) != have.get(n))
        return f"{engine.venv.relative_to(ROOT)} does not hold {engine.lock.relative_to(ROOT)}: " \
               f"{', '.join(drift)}; run `make engines`"
    return None


def require_engine(name: str) -> Engine:
    """The engine, installed exactly as locked; else skip (locally) or fail (CI=true)."""
    engine = ENGINES[name]
    reason = why_missing(engine)
    if reason:
        unavailable(reason)
    return engine
