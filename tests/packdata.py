"""Fixture records, projects and PDF readers shared by the briefing-pack tests (no tests here)."""

from __future__ import annotations

import io
import re
import shutil
import textwrap
from pathlib import Path

from conftest import MODELINE, REPO
from pypdf import PdfReader

AGILE = """\
id: sandford-agile-teams
kind: case-study
title: "Sandford's agile teams: deciding at the front line"
summary: >-
  Sandford Borough Council moved decisions to front-line teams, so that staff
  could respond to customers without waiting for approval [@latham2015aspire, p. 7].
  The council reports quicker responses [@latham2015aspire, p. 8].
organisations:
  - name: Sandford Borough Council
    type: district-council
    nation: England
    region: West Midlands
year: 2015
themes: [agility, customer-focus]
evidence_type: practitioner-report
narrative:
  context: >-
    Demand outstripped resource [@latham2015aspire, p. 6].
  approach: >-
    Teams were given delegated authority [@latham2015aspire, p. 7].
quotes:
  - text: Engaged employees work with customers in mind.
    speaker: David MacLeod
    role: co-author
    source: {key: macleod2009engaging, locator: p. 9}
figures:
  - label: Teams given delegated authority
    value: 12
    unit: teams
    note: The report gives the number once.
    source: {key: latham2015aspire, locator: p. 7}
sources:
  - key: latham2015aspire
    locator: pp. 6-8
editorial_notes:
  - Casebook has only pages 1 to 8 of the report.
status: published
last_reviewed: "2026-11-01"
"""

FINDING = """\
id: engagement-finding
kind: finding
title: Engaged managers make the difference
summary: >-
  Leaders from 14 local service organisations said that engaging managers
  matters most [@cipd2012leading, p. 3].
themes: [engaging-managers]
evidence_type: interview-research
sources:
  - key: cipd2012leading
    locator: p. 3
status: published
last_reviewed: "2026-11-01"
"""

DRAFT = """\
id: draft-agility
kind: case-study
title: A draft that must not appear
summary: >-
  This draft record is about agility [@latham2015aspire, p. 5].
themes: [agility]
evidence_type: practitioner-report
sources:
  - key: latham2015aspire
    locator: p. 5
status: draft
last_reviewed: "2026-11-01"
"""

# Every trick from the issue, in Markdown fields and in plain-text fields.
HOSTILE = r'''id: hostile-record
kind: case-study
title: 'Hostile #eval("1+1") \input{x} @name C:\Temp\new_reports'
summary: |-
  Typst #read("/etc/passwd") and #eval("1+1") stay text, as do LaTeX \input{/etc/passwd},
  raw HTML <script>alert(1)</script>, a raw attribute `x`{=typst}, a stray @name and the
  path C:\Temp\new_reports [@latham2015aspire, p. 8].

  ---
  title: pwned
  ---

  # Heading smuggled into a summary

  Closing text [@latham2015aspire, p. 8].
themes: [agility]
evidence_type: practitioner-report
quotes:
  - text: 'A quote with #image("/etc/passwd") and *stars* and [@latham2015aspire]'
    speaker: 'Speaker \\ with <b>tags</b>'
    source: {key: latham2015aspire, locator: p. 8}
figures:
  - label: 'Cells | with pipes | and #sym.pi'
    value: '#eval("2+2")'
    source: {key: latham2015aspire, locator: p. 8}
sources:
  - key: latham2015aspire
    locator: p. 8
editorial_notes:
  - |-
    ```{=typst}
    #read("/etc/hostname")
    ```
status: published
last_reviewed: "2026-11-01"
'''

# Ordinary Markdown a contributor may use, and characters Typst's own fonts lack.
RICH = """\
id: rich-markdown
kind: finding
title: "Rich Markdown: footnotes, lists and 中文"
summary: |-
  A summary with a footnote[^a], `code`, **bold**, a [link](https://example.org) and 😀
  [@latham2015aspire, p. 7].

  [^a]: The footnote text [@latham2015aspire, p. 8].
narrative:
  context: |-
    1. First point [@latham2015aspire, p. 1]
       - nested point [@latham2015aspire, p. 2]
    2. Second point [@latham2015aspire, p. 3]

    > A block quote.
    > [@latham2015aspire, p. 4]

    Term
    : Definition [@latham2015aspire, p. 5]

    | Column a | Column b |
    |---|---|
    | 1 | 2 [@latham2015aspire, p. 6] |
themes: [listening]
evidence_type: survey
sources:
  - key: latham2015aspire
    locator: p. 7
status: published
last_reviewed: "2026-11-01"
"""


def pack_project(root: Path, records: dict[str, str]) -> Path:
    """A project from the repo's schema, taxonomy and bibliography, with the given records."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copyfile(REPO / "themes.yaml", root / "themes.yaml")
    shutil.copyfile(REPO / "references.bib", root / "references.bib")
    (root / "case_studies").mkdir()
    for record_id, text in records.items():
        record = MODELINE + "\n" + textwrap.dedent(text)
        (root / "case_studies" / f"{record_id}.yaml").write_text(record, encoding="utf-8")
    return root


def standard_records(hostile: bool = True) -> dict[str, str]:
    records = {"sandford-agile-teams": AGILE, "engagement-finding": FINDING, "draft-agility": DRAFT}
    if hostile:
        records["hostile-record"] = HOSTILE
    return records


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """Text compared without layout: no whitespace or hyphens (line breaks hyphenate words),
    and straight quotes (Typst sets smart quotes)."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)
