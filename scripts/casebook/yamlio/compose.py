"""Composing YAML with libyaml, and the fast way from its nodes to plain data.

yamlsafe.py reads every record through here first: the C parser composes the nodes
and one small builder turns them into dicts, lists and text, refusing (for yamlsafe's
careful path to locate and explain) anything a record must not hold. PyYAML's own
constructor does general work records never need; this takes about a quarter of its time.
"""

from __future__ import annotations

import re

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
    C_READER = True
except ImportError:  # pragma: no cover - libyaml ships in the PyYAML wheel
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
    C_READER = False

STR = "tag:yaml.org,2002:str"
# Typographic quotes a word processor types for " and '; YAML reads them as ordinary letters.
CURLY_QUOTES = frozenset("\u201c\u201d\u2018\u2019\u201e\u201f")
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SCALAR_TAGS = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", STR, TIMESTAMP,
}
_DOUBTFUL = re.compile("[ :]|^[" + "".join(sorted(CURLY_QUOTES)) + "]").search
# A line that starts a list item; one that is only a dash and a block opener (`- >-`).
ITEM_LINE = re.compile(r"^ *-(?: |$)", re.MULTILINE)
BLOCK_ITEM_LINE = re.compile(r"^ *- +[>|][-+]?[ \t]*$", re.MULTILINE)
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
CONSTRUCTOR = yaml.SafeLoader.__new__(yaml.SafeLoader)
yaml.constructor.SafeConstructor.__init__(CONSTRUCTOR)
_WILDCARD = tuple(yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
# The safe loader's implicit resolvers by first character, as BaseResolver.resolve looks them up.
_IMPLICIT = {first: tuple(resolvers) + _WILDCARD
             for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items() if first is not None}


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, less the path-resolver machinery PyYAML calls twice for every node
    (the safe loader has no path resolvers): an eighth of the time to compose a record."""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain: `NO`, `12`, `~` ... may be other than text
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class Refused(Exception):
    pass


# Null, bool, int and float, built by PyYAML's own functions (not construct_object, whose cache keeps every node).
_SCALAR_BUILDERS = {tag: yaml.SafeLoader.yaml_constructors[tag] for tag in SCALAR_TAGS - {STR, TIMESTAMP}}


def plain_data(node: yaml.Node | None, seen: set[int] | None, text: str) -> object:
    """The fast path: data from the C composer's nodes, refusing (for the slow path to locate)
    anything but text keys, each once, and the standard tags. An alias is the same node met
    again, so when the text could hold an anchor (`&`), nodes are counted in `seen`.
    Faster than PyYAML's constructor, which does general work records never need.
    `text` is what was composed, to look at the lines of text that may hold a list item."""
    if seen is not None:
        if id(node) in seen:
            raise Refused("alias")
        seen.add(id(node))
    kind = type(node)
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == STR or tag == TIMESTAMP:  # dates stay strings, so format: date is checked as text
            if may_hold_an_item(node, text):
                raise Refused("a list item read as text")
            return node.value
        return _SCALAR_BUILDERS[tag](CONSTRUCTOR, node)  # KeyError for any other tag: refused
    if kind is yaml.MappingNode and node.tag == _MAP:
        result: dict[str, object] = {}
        for key, value in node.value:
            # `1:`, `true:`, `<<:` or a bare `?` resolve to other tags than text.
            if (type(key) is not yaml.ScalarNode or key.tag != STR or key.value in result
                    or not key.value.isidentifier() and doubtful_key(key)):  # most names are identifiers
                raise Refused("duplicate, complex, non-text or doubtful key")
            result[key.value] = plain_data(value, seen, text)
        return result
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [plain_data(item, seen, text) for item in node.value]
    raise Refused("an empty document or a tag that is not allowed")


def doubtful_key(key: yaml.ScalarNode) -> bool:
    """A plain name in curly quotes (“kind”:), or holding a space or colon (`title:"A: b"` is a
    key `title:"A`): maybe a mistake, which the careful path (yamlsafe.py) looks at."""
    return not key.style and _DOUBTFUL(key.value) is not None


def may_hold_an_item(node: yaml.ScalarNode, text: str) -> bool:
    """Text that holds a `- item` indented so deep that YAML read it as more of the text: in
    plain text, any line after the first that starts with a dash; in a block (`>-`, `|`), a
    line that is only a dash and a block opener (a `- ` line there may be Markdown). Cheap
    tests first, as every text value passes here: plain text holds a dash, and is on several
    lines, far less often than not, and a block seldom holds a `>` or `|` (one character is
    found many times faster than `- >`)."""
    style = node.style
    if not style:
        if "-" not in node.value:
            return False
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            return False
        pattern = ITEM_LINE
    elif style in "|>" and (">" in node.value or "|" in node.value):
        start, end, pattern = node.start_mark, node.end_mark, BLOCK_ITEM_LINE
    else:
        return False
    second = text.find("\n", start.index, end.index) + 1
    return second > 0 and pattern.search(text, second, end.index) is not None
