"""Load untrusted YAML into plain data while remembering where every node was.

PyYAML alone accepts duplicate keys, expands alias bombs, and turns dates into
`date` objects. We compose nodes with the C parser and build the data ourselves,
refusing aliases, custom tags and duplicate keys, and keeping dates as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml ships in the PyYAML wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", _STR, "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
yaml.constructor.SafeConstructor.__init__(_constructor)


@dataclass(frozen=True)
class YamlIssue:
    line: int
    col: int
    code: str
    message: str


@dataclass
class LoadedYaml:
    """The data plus a map from each value's path (and each key's) to its 1-based line, col."""

    data: object
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    comment_header: str = ""

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
    """Parse one YAML document; return the data with marks, or the first fatal issue."""
    if len(raw) > MAX_BYTES:
        return None, YamlIssue(1, 1, "file-too-large",
                               f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    text, issue = decode_utf8(raw)
    if issue:
        return None, issue
    assert text is not None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(s) for s in (exc.context, exc.problem) if s)
        return None, YamlIssue(line, col, "yaml-syntax", f"YAML syntax error: {what}")
    except yaml.YAMLError as exc:
        return None, YamlIssue(1, 1, "yaml-syntax", f"YAML error: {exc}")
    if node is None:
        return None, YamlIssue(1, 1, "empty-file", "the file holds no YAML document")
    loaded = LoadedYaml(data=None)
    try:
        loaded.data = _build(node, (), loaded, set())
    except YamlRejected as exc:
        if exc.issue.code == "yaml-alias":
            return None, _first_alias(text) or exc.issue
        return None, exc.issue
    loaded.comment_header = "\n".join(
        line for line in text.splitlines()[:3] if line.startswith("#"))
    return loaded, None


def _first_alias(text: str) -> YamlIssue | None:
    """Point at the first `*alias` itself rather than at its anchor."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            return YamlIssue(line, col, "yaml-alias",
                             f"alias *{event.anchor} refers back to an anchor; anchors and aliases "
                             "are not allowed, write the value out in full")
    return None


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: Path_, out: LoadedYaml, seen: set[int]) -> object:
    if id(node) in seen:
        line, col = _at(node)
        raise YamlRejected(YamlIssue(line, col, "yaml-alias",
                                     "anchors and aliases (&name / *name) are not allowed; "
                                     "write the value out in full"))
    seen.add(id(node))
    out.value_marks[path] = _at(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            line, col = _at(node)
            raise YamlRejected(YamlIssue(line, col, "yaml-tag",
                                         f"the tag {node.tag!r} is not allowed; remove it"))
        if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay strings, so format: date is checked as text
        return _constructor.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            line, col = _at(node)
            raise YamlRejected(YamlIssue(line, col, "yaml-tag", f"the tag {node.tag!r} is not allowed"))
        return [_build(item, (*path, i), out, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            line, col = _at(node)
            raise YamlRejected(YamlIssue(line, col, "yaml-tag", f"the tag {node.tag!r} is not allowed"))
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            line, col = _at(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlRejected(YamlIssue(line, col, "yaml-key",
                                             "keys must be plain text (no merge keys or complex keys)"))
            key = key_node.value
            if key in result:
                first = out.key_marks[(*path, key)]
                raise YamlRejected(YamlIssue(line, col, "duplicate-key",
                                             f"key {key!r} appears twice (first at line {first[0]}); "
                                             "keep one"))
            out.key_marks[(*path, key)] = (line, col)
            result[key] = _build(value_node, (*path, key), out, seen)
        return result
    line, col = _at(node)  # pragma: no cover - PyYAML has no other node kinds
    raise YamlRejected(YamlIssue(line, col, "yaml-node", "unsupported YAML node"))
