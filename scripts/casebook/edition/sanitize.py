"""Every HTML fragment from record text passes through here before it reaches a page.

Pandoc's reader already refuses raw HTML and attributes (pandoc/common.yaml) and the
safety filter drops unsafe links; this is the second, independent wall: an allow-list
of tags and attributes (nh3), safe URL schemes only, and no link that leaves the site
through a relative path or a protocol-relative `//host`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import nh3

from casebook.markdown import link_scheme

TAGS = {
    "p", "br", "em", "strong", "a", "span", "ul", "ol", "li", "blockquote", "code", "pre",
    "sup", "sub", "table", "thead", "tbody", "tr", "th", "td", "caption", "h2", "h3",
    "h4", "h5", "h6", "hr", "del", "s", "dl", "dt", "dd", "div", "aside",
}
ATTRIBUTES = {
    "a": {"href", "title", "role", "id"},
    "li": {"id"},
    "aside": {"id", "role"},
    "span": {"data-cites"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
}
CLASSES = {"span": {"citation"}, "a": {"footnote-ref", "footnote-back"}, "aside": {"footnotes"}}
# Pandoc's footnote anchors are the only ids record text may carry: the fragment store gives each
# piece's notes the piece's own prefix ("summary-fn1"), so they are unique on a page; any other id
# could clash with the page's own.
_FOOTNOTE_ID = re.compile(r"^[a-z0-9-]*-(fn|fnref)[0-9]+$|^[a-z0-9-]*-footnotes(-[0-9]+)?$")


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    if attribute == "role":
        return value if value in ("doc-biblioref", "doc-noteref", "doc-backlink", "doc-footnote") else None
    return value
URL_SCHEMES = {"http", "https", "mailto"}
_HREF = re.compile(r'href="([^"]*)"')


def clean(fragment: str, page_url: str) -> str:
    """Sanitise one pandoc HTML fragment for the page at page_url (e.g. 'cases/x/')."""
    cleaned = nh3.clean(
        fragment,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        attribute_filter=_keep,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _HREF.sub(lambda m: _safe_href(m.group(1), page_url), cleaned)


def _safe_href(href: str, page_url: str) -> str:
    """Keep a link only if it is http(s)/mailto or stays inside the site; else drop the href."""
    if href.startswith("#"):
        return f'href="{href}"'
    scheme = link_scheme(unquote(href))  # `java%20script:` is what a careless decoder would run
    if scheme is not None:
        return f'href="{href}"' if scheme in URL_SCHEMES else ""
    parts = urlsplit(href)
    if parts.netloc or href.startswith(("/", "\\")) or "\\" in href:
        return ""  # `//host`, `/abs` and backslash tricks: not a path inside this site
    if not inside_site(page_url, parts.path):
        return ""
    return f'href="{href}"'


def inside_site(page_url: str, relative: str) -> bool:
    """Whether a relative path from page_url stays under the site root."""
    depth = [part for part in page_url.split("/") if part]
    if page_url and not page_url.endswith("/"):
        depth = depth[:-1]  # a file address: links resolve from its folder
    level = len(depth)
    for part in relative.split("/")[:-1] if not relative.endswith("/") else relative.split("/"):
        if part == "..":
            level -= 1
            if level < 0:
                return False
        elif part not in ("", "."):
            level += 1
    return True
