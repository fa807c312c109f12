"""Hooks for the benchmark's floor (b): every event of hooks/explainer.py except the data work.

``on_config`` (load, validate and render the data) is replaced by reading what it produced
(pages as HTML with their metadata, headings and anchors, redirects, exports) from
``prerendered.pickle``, written by bench/run.py from a real run of the hooks. Every other event
is the real one (it adds the files, hands MkDocs each page's HTML, sets the nav parents,
sanitizes, adds the CSP), so (a) and (b) build the same site.
"""

import importlib.util
import pickle
import sys
from pathlib import Path

_HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(_HOOKS))
_spec = importlib.util.spec_from_file_location("_explainer_for_floor", _HOOKS / "explainer.py")
assert _spec is not None and _spec.loader is not None
_explainer = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _explainer  # as MkDocs loads a hook (its dataclass needs its module)
_spec.loader.exec_module(_explainer)

for _name in dir(_explainer):
    if _name.startswith("on_") and _name != "on_config" and callable(getattr(_explainer, _name)):
        globals()[_name] = getattr(_explainer, _name)


def on_config(config):
    with open(Path(config.config_file_path).parent / "prerendered.pickle", "rb") as f:
        state = pickle.load(f)
    _explainer.keep(config, **state)
    return config
