"""Record cards on the pages that list every record (the case index, the theme pages), kept from build to build.

At 5,000 records the case index holds 5,000 cards and the theme pages about twice as many: 0.9 s of
every rebuild after a one-record edit went on making them again (Jinja's macros and join filter,
and two nh3 passes over each summary). A card shows part of what its record's page is made from,
so it is kept under that page's input digest (site/page_inputs.py) and the folder the listing sits
in (its links are relative): a rebuild makes only the cards of records whose pages change. The
cards of one listing are one fragment-store entry (one file to read, not thousands), named by the
listing and by what every page shares, so changed code or templates name another entry.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from casebook.fragments import FragmentStore


class KeptCards:
    """One listing's cards: those kept by the previous build, and this build's (kept when it ends)."""

    def __init__(self, store: FragmentStore | None, key: str | None):
        self.store, self.key = store, key
        found = store.read(key) if store is not None and key else None
        cards = found.get("cards") if found else None
        self.before: dict[str, str] = cards if isinstance(cards, dict) else {}
        self.now: dict[str, str] = {}

    def card(self, digest: str | None, make: Callable[[], str]) -> Markup:
        """The card made from what digest names: the kept one when there is one, else made."""
        if digest is None:
            return Markup(make())
        html = self.before.get(digest)
        if not isinstance(html, str):
            html = str(make())
        self.now[digest] = html
        return Markup(html)

    def keep(self) -> None:
        """Keep this build's cards for the next (only they: a card no record shows any more goes)."""
        if self.store is not None and self.key and self.now != self.before:
            self.store.write(self.key, {"cards": self.now})
