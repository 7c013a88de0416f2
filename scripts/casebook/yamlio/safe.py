"""Load untrusted YAML into plain data while remembering where every node was.

PyYAML alone accepts duplicate keys, expands alias bombs, and turns dates into
`date` objects. We compose nodes with the C parser and build the data ourselves,
refusing aliases and custom tags, reporting duplicate keys (the file is still read,
so its other problems are found too), and keeping dates as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from casebook.problems import brief
from casebook.words import message
from casebook.yamlio import explain as yamlexplain
from casebook.yamlio import text as yamltext
from casebook.yamlio.compose import (
    C_READER,
    CONSTRUCTOR,
    SCALAR_TAGS,
    STR,
    TIMESTAMP,
    Loader,
    doubtful_key,
    may_hold_an_item,
    plain_data,
)
from casebook.yamlio.text import Lines as _Lines
from casebook.yamlio.text import position

MAX_BYTES = 256 * 1024
# Records nest four or five levels deep. Far deeper input overflows the C composer's
# stack (a crash, not an exception), so depth is bounded before anything is composed.
MAX_DEPTH = 64
Path_ = tuple[str | int, ...]

@dataclass(frozen=True)
class YamlIssue:
    line: int
    col: int
    code: str
    message: str


@dataclass
class LoadedYaml:
    """The data, plus each value's (and key's) 1-based line and column, worked out on demand.

    Valid files never need positions, so they are only computed (by composing the
    text again, with marks) when a check has something to report. The same pass keeps
    the words of every unquoted scalar YAML turned into something other than text
    (`NO` into false), so a message can show what the contributor wrote.
    """

    data: object
    text: str = ""
    _marks: tuple[dict, dict, dict] | None = field(default=None, repr=False)
    # Problems that do not stop the file being read (a duplicate key): reported, and the file refused.
    issues: list[YamlIssue] = field(default_factory=list)

    @property
    def value_marks(self) -> dict[Path_, tuple[int, int]]:
        return self._located()[0]

    @property
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        return self._located()[1]

    @property
    def written_as(self) -> dict[Path_, str]:
        """Unquoted scalars that YAML read as a boolean, number or null, as they were written."""
        return self._located()[2]

    def _located(self) -> tuple[dict, dict, dict]:
        if self._marks is None:
            located, _ = _load_with_marks(self.text)
            self._marks = (located._located() if located else ({}, {}, {}))
        return self._marks

    def mark(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Nearest known position for a path, walking up to the parent if needed."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))


class YamlRejected(Exception):
    def __init__(self, issue: YamlIssue):
        super().__init__(issue.message)
        self.issue = issue


def decode_utf8(raw: bytes) -> tuple[str | None, YamlIssue | None]:
    """Decode strictly; on failure say which line holds the bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, YamlIssue(line, col, "encoding",
                               f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")
    return text.removeprefix("\ufeff"), None


def load_yaml_bytes(raw: bytes) -> tuple[LoadedYaml | None, YamlIssue | None]:
    """Parse one YAML document; return the data (positions on demand), or the first fatal issue."""
    if len(raw) > MAX_BYTES:
        return None, YamlIssue(1, 1, "file-too-large", message("file-too-large", size=f"{len(raw):,}",
                                                               limit=f"{MAX_BYTES:,}"))
    text, issue = decode_utf8(raw)
    if issue:
        return None, issue
    assert text is not None
    if yamltext.nesting_bound(text, MAX_DEPTH) > MAX_DEPTH:
        too_deep = _too_deep(text)
        if too_deep:
            return None, too_deep
    try:
        data = plain_data(yaml.compose(text, Loader=Loader), set() if "&" in text else None, text)
    except Exception:  # anything odd: the slow path finds and locates it exactly
        return _load_with_marks(text)
    if data is None:
        return None, YamlIssue(1, 1, "empty-file", "the file holds no YAML document")
    return LoadedYaml(data=data, text=text), None


def _too_deep(text: str) -> YamlIssue | None:
    mark = yamltext.too_deep_at(text, MAX_DEPTH)
    if mark is None:
        return None
    line, col = position(mark, text)
    return YamlIssue(line, col, "yaml-too-deep",
                     f"lists and mappings are nested more than {MAX_DEPTH} levels deep here")


def _load_with_marks(text: str) -> tuple[LoadedYaml | None, YamlIssue | None]:
    """The careful path: compose nodes with positions and build the data ourselves."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mistake = yamlexplain.explain(exc, text)
        if mistake:
            return None, YamlIssue(*mistake)
        mark = exc.problem_mark or exc.context_mark
        line, col = position(mark, text) if mark else (1, 1)
        context = exc.context or ""
        if context and exc.context_mark and mark is not exc.context_mark:
            context += " (at line {}, column {})".format(*position(exc.context_mark, text))
        what = " ".join(str(s) for s in (context, exc.problem) if s)
        return None, YamlIssue(line, col, "yaml-syntax", f"YAML syntax error: {what}")
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as a control character
        # libyaml counts bytes, PyYAML's own reader characters.
        before = text.encode()[: exc.position].decode(errors="ignore") if C_READER else text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        return None, YamlIssue(line, col, "yaml-character",
                               f"the character U+{exc.character:04X} is not allowed in YAML; delete it")
    except yaml.YAMLError as exc:
        return None, YamlIssue(1, 1, "yaml-syntax", f"YAML error: {exc}")
    if node is None:
        return None, YamlIssue(1, 1, "empty-file", "the file holds no YAML document")
    loaded = LoadedYaml(data=None, text=text, _marks=({}, {}, {}))
    try:
        loaded.data = _build(node, (), loaded, set(), _Lines(text))
    except RecursionError:  # a backstop: MAX_DEPTH should stop this long before
        return None, YamlIssue(1, 1, "yaml-too-deep", "lists and mappings are nested too deeply")
    except YamlRejected as exc:
        if exc.issue.code == "yaml-alias":
            return None, _first_alias(text) or exc.issue
        return None, exc.issue
    return loaded, None


def _first_alias(text: str) -> YamlIssue | None:
    """Point at the first `*alias` itself rather than at its anchor."""
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            line, col = position(event.start_mark, text)
            return YamlIssue(line, col, "yaml-alias",
                             f"alias *{event.anchor} refers back to an anchor; anchors and aliases "
                             "are not allowed, write the value out in full")
    return None


def _at(node: yaml.Node, lines: _Lines) -> tuple[int, int]:
    return lines.at(node.start_mark)


def _odd_key(key: str, out: LoadedYaml, line: int, col: int) -> str:
    """A name in curly quotes is reported and read as the name meant, so the rest of the file is
    checked as usual; a key that swallowed its own value (`title:"A: b"`) refuses the file."""
    mistake = yamlexplain.odd_key(key, out.text.split("\n"), line, col)
    if mistake is None:
        return key
    if mistake.code != "yaml-curly-quote":
        raise YamlRejected(YamlIssue(*mistake))
    out.issues.append(YamlIssue(*mistake))
    return key[1:-1]


def _refuse_swallowed_item(node: yaml.ScalarNode, text: str, lines: _Lines) -> None:
    """Text over several lines: refused when one of them is a `- item` YAML joined to it."""
    mistake = yamlexplain.swallowed_item(text.split("\n"), lines.at(node.start_mark)[0] - 1,
                                         lines.at(node.end_mark)[0] - 1, block=bool(node.style))
    if mistake:
        raise YamlRejected(YamlIssue(*mistake))


def _tag_refused(node: yaml.Node, lines: _Lines) -> YamlRejected:
    line, col = _at(node, lines)
    tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
    return YamlRejected(YamlIssue(line, col, "yaml-tag", f"the tag {brief(tag)} is not allowed; remove it"))


def _build(node: yaml.Node, path: Path_, out: LoadedYaml, seen: set[int], lines: _Lines) -> object:
    if id(node) in seen:
        line, col = _at(node, lines)
        raise YamlRejected(YamlIssue(line, col, "yaml-alias",
                                     "anchors and aliases (&name / *name) are not allowed; "
                                     "write the value out in full"))
    seen.add(id(node))
    out.value_marks[path] = _at(node, lines)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in SCALAR_TAGS:
            raise _tag_refused(node, lines)
        if node.tag in (STR, TIMESTAMP):
            if may_hold_an_item(node, out.text):
                _refuse_swallowed_item(node, out.text, lines)
            return node.value  # dates stay strings, so format: date is checked as text
        if not node.style:  # plain (libyaml says '', PyYAML None); a quoted scalar is text anyway
            out.written_as[path] = node.value
        try:
            return CONSTRUCTOR.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # ValueError: ints over 4,300 digits
            line, col = _at(node, lines)
            kind = node.tag.rsplit(":", 1)[-1]
            issue = YamlIssue(line, col, "yaml-value", f"{brief(node.value)} cannot be read as {kind}")
            raise YamlRejected(issue) from exc
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _tag_refused(node, lines)
        return [_build(item, (*path, i), out, seen, lines) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _tag_refused(node, lines)
        result: dict[str, object] = {}
        first_at: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            line, col = _at(key_node, lines)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlRejected(YamlIssue(line, col, "yaml-merge-key",
                                             "merge keys (<<) are not allowed; write the fields out in full"))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlRejected(YamlIssue(line, col, "yaml-key", "keys must be plain text, not lists or mappings"))
            key = key_node.value
            if doubtful_key(key_node):
                key = _odd_key(key, out, line, col)
            if key in first_at:
                # Not fatal: the last value is kept (as PyYAML would) so every other problem is still found.
                out.issues.append(YamlIssue(line, col, "duplicate-key",
                                            f"key {brief(key)} appears twice (first at line {first_at[key][0]}); "
                                            "keep one"))
            else:
                first_at[key] = (line, col)
            out.key_marks[(*path, key)] = (line, col)
            result[key] = _build(value_node, (*path, key), out, seen, lines)
        return result
    line, col = _at(node, lines)  # pragma: no cover - PyYAML has no other node kinds
    raise YamlRejected(YamlIssue(line, col, "yaml-node", "unsupported YAML node"))
