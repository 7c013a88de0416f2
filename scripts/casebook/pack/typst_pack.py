"""A PDF pack: templates/pack/pack.typ beside pack.json (plain data, pack/pack_data.py).

Nothing is spliced into Typst: the template reads pack.json, shows its strings as text and
evaluates only the fragment store's Typst (record prose and reference entries) as markup.
The browser gathers the same pack.json (assets/site/pack-gather.js) and compiles the same
template, so `typst_string` and friends are gone from both.
"""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "pack" / "pack.typ"
INFO_LABEL = "<casebook-pack>"  # the template's metadata: pages, mode, budget, title


def pack_files(data: dict) -> dict[str, bytes]:
    """The two files Typst compiles, by name: the same for the command line and the browser."""
    return {
        "main.typ": TEMPLATE.read_bytes(),
        "pack.json": json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
    }
