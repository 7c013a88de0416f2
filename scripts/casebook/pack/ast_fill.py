"""Put the fragment store's AST where the body's placeholders stand, and append the references.

A placeholder alone in a paragraph becomes the piece's blocks (headings already demoted to
bold paragraphs, as in every pack form); a placeholder inside a line (a citation after a
quote, in a table cell or a list item) becomes the piece's inlines.
"""

from __future__ import annotations

from casebook.fragments import Rendering
from casebook.fragments.units import record_unit
from casebook.pack.document import Document
from casebook.problems import CasebookError

REFERENCES_TITLE = "References"


def fill(ast: dict, document: Document, rendering: Rendering, references: list[str]) -> dict:
    prefix = f"CASEBOOKPIECE{document.token}x"
    used: set[str] = set()

    def piece_blocks(word: str) -> list:
        name = word[len(prefix):]
        if name not in document.places:
            raise CasebookError(f"pack: no piece for placeholder {name}")
        used.add(name)
        record_id, piece = document.places[name]
        return _demote(rendering.piece(record_unit(record_id), piece).ast)

    def blocks(items: list) -> list:
        out = []
        for block in items:
            kind = block.get("t")
            if kind in ("Para", "Plain") and len(block["c"]) == 1 and _word(block["c"][0], prefix):
                out.extend(piece_blocks(block["c"][0]["c"]))
            else:
                out.append(walk(block))
        return out

    def inlines(items: list) -> list:
        out = []
        for item in items:
            if _word(item, prefix):
                for block in piece_blocks(item["c"]):
                    out.extend(block["c"] if block.get("t") in ("Para", "Plain") else [])
            else:
                out.append(walk(item))
        return out

    def walk(node):
        if isinstance(node, list):
            if node and all(isinstance(n, dict) and "t" in n for n in node):
                kinds = {n["t"] for n in node}
                return blocks(node) if kinds & _BLOCK_KINDS else inlines(node)
            return [walk(n) for n in node]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return node

    filled = {**ast, "blocks": blocks(ast["blocks"])}
    unused = set(document.places) - used
    if unused:
        raise CasebookError(f"pack: {len(unused)} piece(s) have no placeholder in the body")
    filled["blocks"] += [{"t": "Header", "c": [1, ["references", [], []], [{"t": "Str", "c": REFERENCES_TITLE}]]},
                         {"t": "Div", "c": [["refs", ["references", "csl-bib-body"], []],
                                            [rendering.references[k].ast[0] for k in references]]}]
    return filled


_BLOCK_KINDS = {"Para", "Plain", "Header", "BulletList", "OrderedList", "BlockQuote", "Table", "Div",
                "CodeBlock", "HorizontalRule", "DefinitionList", "LineBlock", "Figure", "RawBlock"}


def _word(node: dict, prefix: str) -> bool:
    return node.get("t") == "Str" and node["c"].startswith(prefix)


def _demote(blocks: list) -> list:
    """A heading in record text becomes a bold paragraph: it cannot open a section of the pack."""
    out = []
    for block in blocks:
        if block.get("t") == "Header":
            out.append({"t": "Para", "c": [{"t": "Strong", "c": block["c"][2]}]})
        else:
            out.append(block)
    return out
