"""Each record rendered once: pandoc's output in every form an output needs, kept on disk.

A *unit* is the Markdown of one record (or one theme, group, or the self-assessment),
as named pieces. render_units gives, for every piece, HTML for the site, Typst for the
PDF packs (the command line's and the browser's) and pandoc's JSON AST for the DOCX and
HTML packs, with citations resolved against the whole bibliography, so "(Author, 2021a)"
reads the same in every output; and every reference entry in the same three forms.

The store (store.py) keeps each unit's rendering under a key made from what it was made
from (the unit's text, the works it cites and those that decide their labels (sources.py),
the style, pandoc's settings, Casebook's version):
delete it and the next build remakes it; a corrupt or stale entry is re-rendered.
"""

from __future__ import annotations

from casebook.fragments.model import Piece, Reference, Rendering, Unit
from casebook.fragments.sources import Sources
from casebook.fragments.store import FragmentStore, render_units

__all__ = ["FragmentStore", "Piece", "Reference", "Rendering", "Sources", "Unit", "render_units"]
