"""Engine-agnostic core of the Japan–Russia "new approach" explainer.

Nothing in this package imports MkDocs: it loads and validates the YAML dataset
(``validate.load_dataset``), links it into a model (``model.Dataset``) and renders
pages and exports with Jinja2 (``render``). ``hooks/explainer.py`` is the MkDocs adapter.
"""

from .problems import DataError, Problem
from .validate import load_dataset

__all__ = ["DataError", "Problem", "load_dataset"]
