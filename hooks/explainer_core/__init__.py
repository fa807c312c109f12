"""Engine-agnostic core of the Japan–Russia "new approach" explainer.

Nothing in this package imports MkDocs. ``pipeline.build`` is the one entry point: it loads
and validates the YAML dataset, links it into a model, renders the pages and makes the
redirects and exports, all in memory (``pipeline`` lists the modules of each step).
``hooks/explainer.py`` is the MkDocs adapter.
"""

from .data.problems import DataError, Problem
from .pipeline import SiteOptions, SiteOutput, build, load_dataset

__all__ = ["DataError", "Problem", "SiteOptions", "SiteOutput", "build", "load_dataset"]
