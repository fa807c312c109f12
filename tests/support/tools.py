"""The external tools the browser, validator and Lighthouse checks need, in one place.

Imported by the tests (paths, Chromium flags, "is it there?") and run as a script by
``make test`` before pytest (``python tests/support/tools.py``) to install what is missing:

* the npm test tools pinned in package-lock.json (axe-core, vnu-jar, lighthouse): ``npm ci``
  when node_modules is missing or does not hold the locked versions;
* Debian's Chromium (``apt-get install -y chromium``) when /usr/bin/chromium is missing and we
  are root; Playwright drives it, so no browser is ever downloaded;
* Java (``default-jre-headless``) for the Nu HTML Checker, the same way.

Under CI=true anything still missing is an error (exit 1, and the tests fail rather than
skip); locally the script says what is missing and how to get it, and the tests that need it
are skipped with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Headless Chromium as root in a container, without any call home (see DEVELOPERS.md).
# Playwright adds its own --user-data-dir (a fresh temporary profile) per launch.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
NPM_TOOLS = ("axe-core", "vnu-jar", "lighthouse")

APT_PACKAGES = {"chromium": "chromium", "java": "default-jre-headless", "cjk-font": "fonts-ipafont-gothic"}


def stale_npm_packages() -> list[str]:
    """Direct npm dev-dependencies missing from node_modules or not at the locked version."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = lock["packages"][""].get("devDependencies", {})
    stale = []
    for name in sorted(wanted):
        locked = lock["packages"].get(f"node_modules/{name}", {}).get("version")
        manifest = NODE_MODULES / name / "package.json"
        try:
            installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            installed = None
        if installed != locked:
            stale.append(f"{name} (locked {locked}, installed {installed or 'none'})")
    return stale


def java() -> str | None:
    return shutil.which("java")


def japanese_font() -> bool:
    """A font with Japanese glyphs for Chromium (fontconfig): without one, kanji are drawn as
    narrow boxes and a test of how Japanese text lays out measures the boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


def missing() -> dict[str, str]:
    """What is missing, each with how to get it."""
    out: dict[str, str] = {}
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        out["chromium"] = f"{CHROMIUM} not found; install Debian's: apt-get update && apt-get install -y chromium"
    if java() is None:
        out["java"] = "java not found (the Nu HTML Checker needs it); apt-get install -y default-jre-headless"
    if not japanese_font():
        out["cjk-font"] = ("no Japanese font for Chromium (the Japanese edition's layout tests need one); "
                           "apt-get install -y fonts-ipafont-gothic")
    stale = stale_npm_packages()
    if stale:
        out["npm"] = f"node_modules is missing or stale ({', '.join(stale)}); run: npm ci"
    return out


def why_missing(*tools: str) -> str | None:
    """A reason to skip (locally) or fail (CI) if any of ``tools`` is missing, else None."""
    gone = missing()
    reasons = [gone[t] for t in tools if t in gone]
    return "; ".join(reasons) or None


def _run(cmd: list[str]) -> bool:
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode == 0


def ensure() -> int:
    gone = missing()
    if "npm" in gone:
        if shutil.which("npm"):
            _run(["npm", "ci", "--no-audit", "--no-fund"])
        else:
            print("npm not found: install Node.js 20 and npm to get the test tools", file=sys.stderr)
    apt = [APT_PACKAGES[t] for t in ("chromium", "java", "cjk-font") if t in gone]
    if apt:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            ok = subprocess.run(["apt-get", "update"], env=env).returncode == 0
            if ok:
                subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *apt], env=env)
        else:
            print(f"not root: ask an administrator to run: apt-get update && apt-get install -y {' '.join(apt)}",
                  file=sys.stderr)
    gone = missing()
    for reason in gone.values():
        print(("ERROR: " if IN_CI else "warning: ") + reason, file=sys.stderr)
    if gone and IN_CI:
        print("CI=true: the browser and validator tests cannot run without these tools.", file=sys.stderr)
        return 1
    if gone:
        print("The tests that need them will be skipped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(ensure())
