"""Make pandoc/reference.docx: pandoc's own reference document plus an A4 page, a running
header (the document title) and page numbers ("Page N of M"), which .docx packs then share.

The file is committed; regenerate it after changing this module (needs python-docx, a
test dependency):  .venv/bin/python -m casebook.pack.reference_docx
"""

from __future__ import annotations

import io
import subprocess
import sys

from casebook.pandoc_tools import PANDOC_DIR, pandoc_binary

REFERENCE_DOCX = PANDOC_DIR / "reference.docx"


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (TITLE, PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build_reference_docx() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    default = subprocess.run([pandoc_binary(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    document = docx.Document(io.BytesIO(default))
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.different_first_page_header_footer = True  # the title page carries neither
    header = section.header.paragraphs[0]
    _field(header, "TITLE", "Casebook briefing pack")  # shown as is until Word fills the field in
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(8.5)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    REFERENCE_DOCX.write_bytes(build_reference_docx())
    print(f"wrote {REFERENCE_DOCX}", file=sys.stderr)
