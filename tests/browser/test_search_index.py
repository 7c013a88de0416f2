"""What Pagefind indexed: the text its excerpts are cut from.

Pagefind joins the text of adjacent elements it treats as inline (dt and dd, th
and th) with no space, so excerpts read "Added23 November 2026" unless the page
separates them.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from casebook import urls

OFD = "warwickshire-one-front-door"


def indexed_text(site: Path, address: str) -> str:
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        data = json.loads(raw[raw.index(b"{"):])  # after Pagefind's "pagefind_dcd" signature
        if data["url"].rstrip("/").endswith(address.rstrip("/")):
            return data["content"]
    pytest.fail(f"no indexed page for {address}")


def test_record_facts_and_table_cells_are_separate_words(built_site: Path) -> None:
    text = indexed_text(built_site, urls.record_page(OFD))
    assert "Kind Case study" in text and "Added 23 November 2026" in text, text[:1200]
    for run_together in ("KindCase", "Added23", "Last reviewed23", "OrganisationType", "TypeRegion"):
        assert run_together not in text, run_together


def test_table_headers_stay_out_of_the_excerpts(built_site: Path) -> None:
    text = indexed_text(built_site, urls.record_page(OFD))
    assert "Warwickshire County Council. County council." in text
    assert "Organisations. Warwickshire County Council." in text, text[:1500]


def test_text_repeated_from_other_pages_stays_out_of_the_index(built_site: Path) -> None:
    """A record page indexes its own words, not its references, related records, citation
    advice or basket button; organisation and theme pages do not index their record lists.
    (Each would put every page's words into other pages' postings: the first search's bytes.)"""
    title = "Warwickshire's One Front Door"
    record = indexed_text(built_site, urls.record_page(OFD))
    assert title in record and "Summary." in record
    for repeated in ("Available at", "Where you can, cite the original sources", "Add to briefing pack",
                     "Other records that share", "Source YAML of this record"):
        assert repeated not in record, repeated
    organisation = indexed_text(built_site, urls.organisation_page("Warwickshire County Council"))
    assert "Warwickshire County Council" in organisation and title not in organisation, organisation[:600]
    theme = indexed_text(built_site, urls.theme_page("partnership-working"))
    assert "Definition." in theme and title not in theme and "Available at" not in theme, theme[:600]
