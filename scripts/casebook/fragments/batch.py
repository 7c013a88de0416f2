"""One pandoc batch: many pieces in three pandoc calls, each piece's output independent of its batch.

1. Markdown -> JSON AST, with citeproc over the whole bibliography (nocite @*), so labels
   and disambiguation are global. The AST is split at marker paragraphs; the numbers
   citeproc counts across the document (citationHash, citationNoteNum) are zeroed, so a
   piece's AST is the same whatever else shared its batch.
2. AST -> HTML and 3. AST -> Typst, without citeproc (cheap). HTML footnote numbers and
   ids, which pandoc counts across the document, are renumbered from 1 in each piece and
   given the piece's own prefix (two pieces on one page never share an id).
"""

from __future__ import annotations

import json
import re
import secrets

from casebook import markdown
from casebook.fragments.model import Piece, Reference
from casebook.pandoc_tools import PANDOC_DIR, base_args, prepare, run_pandoc
from casebook.problems import CasebookError

DEMOTE_FILTER = PANDOC_DIR / "fragments.lua"
NOCITE_ALL = PANDOC_DIR / "nocite-all.yaml"
_AST_TO = ["--from", "json", "--wrap", "none", "--sandbox", "--fail-if-warnings"]


def render_batch(pieces: list[tuple[str, str]], bib_paths: list[str]) -> tuple[list[Piece], dict[str, Reference]]:
    """pieces: (id prefix, Markdown); bib_paths: the bibliography files (Sources.files). Returns each
    piece rendered, and every reference entry by key."""
    marker = f"CASEBOOKPIECE{secrets.token_hex(8)}"
    parts = []
    for i, (_, text) in enumerate(pieces):
        if marker in text:
            raise CasebookError("a record contains Casebook's fragment marker")
        # Each piece's footnote labels are its own: two records may both use [^1].
        parts.append(f"{marker}x{i}\n\n{markdown.scope_footnotes(prepare(text), f'n{i}-')}\n\n")
    parts.append(f"{marker}xend\n\n")
    args = [*base_args(bib_paths), "--metadata-file", str(NOCITE_ALL), "--to", "json"]
    doc = json.loads(run_pandoc("".join(parts), args, "record text"))
    blocks, entries = _split(doc, marker, len(pieces))
    asts = [_zero_counters(b) for b in blocks]
    entry_asts = {key: _zero_counters([div]) for key, div in entries.items()}
    html = _convert(doc, [*asts, *entry_asts.values()], marker, ["--to", "html5", "--reference-location=block"])
    typst = _convert(doc, [*asts, *entry_asts.values()], marker,
                     ["--to", "typst", "--lua-filter", str(DEMOTE_FILTER)])
    out = [Piece(html=_local_notes(html[i], prefix), typst=typst[i].strip(), keys=_keys(asts[i]), ast_data=asts[i])
           for i, (prefix, _) in enumerate(pieces)]
    n = len(pieces)
    references = {key: Reference(html=_inner(html[n + j]), typst=typst[n + j].strip(), ast_data=ast)
                  for j, (key, ast) in enumerate(entry_asts.items())}
    return out, references


def _split(doc: dict, marker: str, count: int) -> tuple[list[list], dict[str, dict]]:
    """The blocks between marker paragraphs, and the reference entries citeproc appended."""
    pieces: list[list] = []
    current: list | None = None
    entries: dict[str, dict] = {}
    for block in doc["blocks"]:
        text = _marker_text(block)
        if text is not None and text.startswith(marker + "x"):
            current = [] if text != f"{marker}xend" else None
            if current is not None:
                pieces.append(current)
        elif block.get("t") == "Div" and block["c"][0][0] == "refs":
            for entry in block["c"][1]:
                if entry.get("t") == "Div" and entry["c"][0][0].startswith("ref-"):
                    entries[entry["c"][0][0][len("ref-"):]] = entry
        elif current is not None:
            current.append(block)
    if len(pieces) != count:
        raise CasebookError(f"record text split into {len(pieces)} pieces, not {count}: a piece broke its marker")
    return pieces, entries


def _marker_text(block: dict) -> str | None:
    if block.get("t") == "Para" and len(block["c"]) == 1 and block["c"][0].get("t") == "Str":
        return block["c"][0]["c"]
    return None


def _zero_counters(node):
    """Zero the counts citeproc makes across the whole document, so a piece reads the same in any batch."""
    if isinstance(node, list):
        return [_zero_counters(item) for item in node]
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            citations, inlines = node["c"]
            citations = [{**c, "citationNoteNum": 0, "citationHash": 0} for c in citations]
            return {"t": "Cite", "c": [citations, _zero_counters(inlines)]}
        return {key: _zero_counters(value) for key, value in node.items()}
    return node


def _keys(blocks: list) -> tuple[str, ...]:
    found: dict[str, None] = {}

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("t") == "Cite":
                for citation in node["c"][0]:
                    found.setdefault(citation["citationId"], None)
            for value in node.values():
                walk(value)

    walk(blocks)
    return tuple(found)


def _convert(doc: dict, groups: list[list], marker: str, to: list[str]) -> list[str]:
    """Each group of blocks through one pandoc writer, split back at marker paragraphs."""
    blocks = []
    for i, group in enumerate(groups):
        blocks.append({"t": "Para", "c": [{"t": "Str", "c": f"{marker}x{i}"}]})
        blocks.extend(group)
    blocks.append({"t": "Para", "c": [{"t": "Str", "c": f"{marker}xend"}]})
    source = json.dumps({**doc, "blocks": blocks, "meta": {"lang": {"t": "MetaInlines", "c": [
        {"t": "Str", "c": "en-GB"}]}}})
    out = run_pandoc(source, [*_AST_TO, *to], "record text")
    found = re.split(rf"(?:<p>)?{marker}x(\d+|end)(?:</p>)?\n?", out)
    texts = {int(found[i]): found[i + 1] for i in range(1, len(found) - 1, 2) if found[i] != "end"}
    if len(texts) != len(groups):
        raise CasebookError("record text came back from pandoc in the wrong number of pieces")
    return [texts[i].strip() for i in range(len(groups))]


_NOTE_ID = re.compile(r'(href="#|id=")(fnref|fn)(\d+)"')
_NOTE_SUP = re.compile(r'(role="doc-noteref"><sup>)(\d+)(</sup>)')
_OL_START = re.compile(r'<ol start="(\d+)"')
_ASIDE_ID = re.compile(r'id="footnotes(?:-\d+)?"')


def _local_notes(html: str, prefix: str) -> str:
    """Footnotes numbered from 1 within the piece, with ids that carry the piece's prefix."""
    if "footnote" not in html:
        return html
    numbers: dict[str, int] = {}
    html = _NOTE_ID.sub(lambda m: f'{m[1]}{prefix}{m[2]}{numbers.setdefault(m[3], len(numbers) + 1)}"', html)
    html = _NOTE_SUP.sub(lambda m: f"{m[1]}{numbers.get(m[2], m[2])}{m[3]}", html)
    html = _OL_START.sub(lambda m: f'<ol start="{numbers.get(m[1], m[1])}"', html).replace('<ol start="1"', "<ol")
    asides = iter(range(1, html.count('id="footnotes') + 1))
    return _ASIDE_ID.sub(lambda m: f'id="{prefix}footnotes' + ("" if (k := next(asides)) == 1 else f"-{k}") + '"',
                         html)


def _inner(html: str) -> str:
    """A reference entry's HTML without its <div id="ref-..."> wrapper."""
    html = html.strip()
    if html.startswith("<div") and html.endswith("</div>"):
        return html[html.index(">") + 1: -len("</div>")].strip()
    return html
