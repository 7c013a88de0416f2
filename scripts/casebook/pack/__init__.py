"""Stage 4: briefing packs (PDF, DOCX, HTML) for any selection of published records, from the fragment store.

contents.py says what a pack holds (plain data, shared with the browser), typst_pack.py
writes it for templates/pack/pack.typ (PDF), document.py and ast_fill.py for pandoc (DOCX,
HTML), render.py chooses full text or digest, single.py is `casebook pack`, batch.py the
theme packs that `casebook build` puts on the site.
"""

from __future__ import annotations

from casebook.pack.batch import build_theme_packs
from casebook.pack.contents import PAGE_BUDGET, PackContents, PackSpec, pack_contents
from casebook.pack.render import render_pack
from casebook.pack.single import WrittenPack, write_selected_pack
from casebook.selection import Selection, describe, select

__all__ = ["PAGE_BUDGET", "PackContents", "PackSpec", "Selection", "WrittenPack", "build_theme_packs", "describe",
           "pack_contents", "render_pack", "select", "write_selected_pack"]
