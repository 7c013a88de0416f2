"""Link rules for record text: no images, safe schemes only, relative links that resolve inside the repository;
and no raw HTML."""

from __future__ import annotations

import os
import re
from pathlib import Path

from casebook import markdown, rawhtml
from casebook.hints import dotted
from casebook.problems import brief
from casebook.validate.citations import markdown_fields
from casebook.validate.context import RecordCheck
from casebook.validate.locate import locate
from casebook.words import said


def record_links(check: RecordCheck) -> None:
    root = check.ctx.root
    for path, value in markdown_fields(check.data):
        for link in markdown.links(value):
            line, col = (locate(check.loaded, path, value, markdown.Found(link.target, link.offset), prefix="")
                         if link.target else check.loaded.mark(path))
            if link.is_image:
                check.error_at(line, col, "image", *said("image"))
                continue
            if not markdown.is_safe_url(link.target):
                check.error_at(line, col, "unsafe-link",
                               *said("unsafe-link", scheme=brief(markdown.link_scheme(link.target))))
                continue
            if markdown.link_scheme(link.target) or not link.target or link.target.startswith("#"):
                continue
            target = link.target.split("#")[0].split("?")[0]
            resolved = (root / target.lstrip("/")) if target.startswith("/") else (check.file.path.parent / target)
            resolved = Path(os.path.normpath(resolved))
            if not resolved.is_relative_to(root):
                check.error_at(line, col, "link-outside", f"link {brief(link.target)} points outside the repository")
            elif not os.path.exists(resolved):  # False, not an exception, for over-long names
                check.error_at(line, col, "broken-link", f"link {brief(link.target)} does not resolve to a file",
                               hint="relative links are resolved from case_studies/")


_HEAD = re.compile(r"<!--|<[^\s>]*")


def record_html(check: RecordCheck) -> None:
    """Raw HTML is not allowed in record text (CONTRIBUTING): an error at each tag and comment."""
    for path, value in markdown_fields(check.data):
        for raw in rawhtml.raw_html(value):
            head = _HEAD.match(raw.text).group()  # type: ignore[union-attr]  # raw HTML starts with <
            line, col = locate(check.loaded, path, value, markdown.Found(head, raw.offset), prefix="")
            check.error_at(line, col, "raw-html", *said("raw-html/comment" if raw.comment else "raw-html/tag",
                                                         where=dotted(path), tag=brief(raw.text)))
