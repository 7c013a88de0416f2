"""The site's settings that more than the site needs: its address and the repository's.

mkdocs.yml is read here once, leniently (MkDocs' own tags such as `!ENV` or
`!!python/name` become None instead of failing a safe loader), and the one site address
is resolved: CASEBOOK_SITE_URL when set, else `site_url`. Packs, the feed, open data,
JSON-LD and "How to cite" all take it from the ContentSet, never from here again. The
repository (where "Suggest an edit" and the Propose page send people) is `repo_url`, else
CASEBOOK_REPO_URL and CASEBOOK_REPO_BRANCH, which the workflows set from GitHub's context.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import yaml

from casebook.model import SiteAddress

ENV_SITE_URL = "CASEBOOK_SITE_URL"
# Set by the deploy and pull-request workflows from GitHub's own context (github.repository and the
# branch), so every fork's site sends contributions to that fork with no configuration.
ENV_REPO_URL = "CASEBOOK_REPO_URL"
ENV_REPO_BRANCH = "CASEBOOK_REPO_BRANCH"
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")
NOT_SET_NOTE = ("site address not set: packs and the feed carry no links to the site; "
                "set site_url in mkdocs.yml (or CASEBOOK_SITE_URL)")
_UNSAFE_IN_URL = re.compile(r"[\s<>\"'\\`{}|^]")


class _Lenient(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that reads any tag it does not know as None (it never builds objects)."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_config(text: str | None) -> dict:
    """mkdocs.yml as plain data ({} when absent or not a mapping; mkdocs itself reports its errors)."""
    if not text:
        return {}
    try:
        data = yaml.load(text, Loader=_Lenient)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def check_url(value: str) -> str | None:
    """Why value cannot be the site's address, or None when it can."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "it must be an absolute http:// or https:// address, e.g. https://example.org/casebook/"
    if _UNSAFE_IN_URL.search(value) or parts.query or parts.fragment:
        return "it may not hold spaces, quotes, a query (?) or a fragment (#)"
    return None


def resolve_address(config: Mapping, env: Mapping[str, str] | None = None) -> SiteAddress:
    """The one site address: CASEBOOK_SITE_URL if set, else site_url; always ending in '/'.

    Values that check_url refuses are dropped here; validation reports them.
    """
    env = os.environ if env is None else env
    url = (env.get(ENV_SITE_URL) or "").strip() or _text(config.get("site_url"))
    if url and check_url(url) is None:
        url = url if url.endswith("/") else url + "/"
    else:
        url = None
    repo = _text(config.get("repo_url"))
    edit_uri = _text(config.get("edit_uri"))
    if not repo:  # mkdocs.yml wins; else the repository the workflow builds from
        repo = (env.get(ENV_REPO_URL) or "").strip() or None
        branch = (env.get(ENV_REPO_BRANCH) or "").strip()
        edit_uri = f"edit/{branch}/docs/" if _BRANCH.fullmatch(branch) and ".." not in branch else None
    if repo and check_url(repo) is not None:
        repo = None
    edit_base = None
    if repo:
        edit_base = repo.rstrip("/") + "/" + (edit_uri or "edit/main/docs/").replace("/docs/", "/").lstrip("/")
    extra = config.get("extra")
    contact = _text(extra.get("casebook_contact")) if isinstance(extra, Mapping) else None
    if contact and not (contact.startswith("mailto:") or re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+", contact)
                        or check_url(contact) is None):
        contact = None  # neither an email address nor a web address: not offered to readers
    return SiteAddress(url=url, repo_url=repo.rstrip("/") if repo else None, edit_base=edit_base, contact=contact)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
