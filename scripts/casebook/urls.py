"""Where each thing lives on the built site: one rule, used by pages, packs and feeds."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """ASCII slug for names that are not ids already (organisations)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def record_page(record_id: str) -> str:
    return f"cases/{record_id}/"


def theme_page(theme_id: str) -> str:
    return f"themes/{theme_id}/"


def organisation_page(name: str) -> str:
    return f"organisations/{slug(name)}/"


def pack_file(pack_slug: str, extension: str = "pdf") -> str:
    return f"packs/{pack_slug}.{extension}"


SOURCES = "data/sources"  # data/sources/<record id>.ris and .bib: each record's own sources, to download


def sources_file(record_id: str, extension: str) -> str:
    """The site address of one record's sources file, e.g. data/sources/x.ris."""
    return f"{SOURCES}/{record_id}.{extension}"


PROPOSE = "propose/"
BIBLIOGRAPHY = "bibliography/"
CASE_INDEX = "cases/"
SELF_ASSESSMENT = "self-assessment/"
BASKET = "packs/basket/"
EVIDENCE_MAP = "evidence-map/"
