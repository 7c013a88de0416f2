"""Stage 4: briefing packs (PDF, DOCX, HTML) for any selection of published records, from the fragment store.

pack_data.py gathers what templates/pack/pack.typ assembles a PDF from (the browser gathers
the same data), typst_pack.py hands it to Typst; contents.py says what a DOCX or HTML pack
holds, for pandoc (document.py, ast_fill.py); render.py sets one pack in each format asked
for, following pack.typ's choice of full text, digest or listing; single.py is `casebook
pack`, batch.py the theme packs (PDF and Word) that `casebook build` puts on the site.
"""

from __future__ import annotations

from casebook.pack.batch import build_theme_packs
from casebook.pack.contents import PAGE_BUDGET, PackContents, PackSpec, pack_contents
from casebook.pack.render import render_pack
from casebook.pack.single import WrittenPack, write_selected_pack
from casebook.selection import Selection, describe, select

__all__ = ["PAGE_BUDGET", "PackContents", "PackSpec", "Selection", "WrittenPack", "build_theme_packs", "describe",
           "pack_contents", "render_pack", "select", "write_selected_pack"]
