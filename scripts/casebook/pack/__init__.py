"""Stage 4: briefing packs (PDF, DOCX, HTML) for any selection of published records.

select.py chooses records, document.py writes the pandoc input from templates/pack/,
render.py runs pandoc once per pack (and Typst for PDF), single.py is `casebook pack`,
batch.py the theme packs that `casebook build` puts on the site.
"""

from __future__ import annotations

from casebook.pack.batch import build_theme_packs
from casebook.pack.document import PackSpec, build_document
from casebook.pack.escape import escape_markdown
from casebook.pack.render import render_pack
from casebook.pack.select import Selection, describe, select, select_records
from casebook.pack.single import WrittenPack, write_selected_pack

__all__ = ["PackSpec", "Selection", "WrittenPack", "build_document", "build_theme_packs", "describe",
           "escape_markdown", "render_pack", "select", "select_records", "write_selected_pack"]
