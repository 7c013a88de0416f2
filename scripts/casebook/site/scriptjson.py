"""JSON placed inside a <script> element (JSON-LD, page data): the one escaping rule for it."""

from __future__ import annotations

import json

_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: object, sort_keys: bool = False) -> str:
    """JSON that no `</script>`, `<!--` or line separator inside a value can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text
