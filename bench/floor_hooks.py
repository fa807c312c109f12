"""Hooks for the benchmark's floor (b): every event of hooks/explainer.py except the data work.

``on_config`` (load and validate the data) and ``on_files`` (render pages, redirects and
exports) are what the floor replaces with files written out beforehand. The other events
change the HTML of each page (e.g. the nav highlight on per-record pages), so the floor keeps
them; otherwise (a) and (b) would not build the same site.
"""

import importlib.util
import sys
from pathlib import Path

_HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(_HOOKS))
_spec = importlib.util.spec_from_file_location("_explainer_for_floor", _HOOKS / "explainer.py")
_explainer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_explainer)

for _name in dir(_explainer):
    if _name.startswith("on_") and _name not in ("on_config", "on_files") and callable(getattr(_explainer, _name)):
        globals()[_name] = getattr(_explainer, _name)
