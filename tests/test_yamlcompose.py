"""The fast YAML path (yamlcompose.py) reads what PyYAML's safe loader reads.

Its resolver skips PyYAML's path-resolver calls and its builder replaces PyYAML's
constructor; both must give the same tags and the same data for every input they accept.
"""

from __future__ import annotations

import pytest
import yaml
from casebook.yamlio.compose import Loader, Refused, plain_data
from casebook.yamlio.safe import load_yaml_bytes
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

SCALARS = ["NO", "yes", "~", "null", "Null", "12", "0x1F", "1.5e3", ".inf", "-.INF", ".NaN", "2021-01-01",
           "2021-01-01T10:00:00Z", "'quoted'", '"double"', "", "-", "+1", "0o7", "1_000", "True", "off", "=",
           "12:30:00", "1:20", "text with: colon", "!!str 12", "[1, 2]", "{a: 1}", "0", "-0.5", "y", "n"]


def _tags(node: yaml.Node) -> list[tuple]:
    out = [(type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _tags(key) + _tags(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _tags(item)
    return out


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(SCALARS), min_size=1, max_size=6), st.lists(st.sampled_from(SCALARS), max_size=4))
def test_same_tags_and_data_as_pyyaml(values: list[str], items: list[str]) -> None:
    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values)) + "l:\n" + "".join(f"  - {v}\n" for v in items)
    try:
        theirs = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yaml.compose(text, Loader=Loader)
        return
    ours = yaml.compose(text, Loader=Loader)
    assert _tags(ours) == _tags(theirs), text
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:  # `=` resolves to a tag the safe loader cannot build: refused by both
        with pytest.raises(Exception):  # noqa: B017 - any refusal sends yamlsafe to its careful path
            plain_data(ours, None, text)
        return
    try:
        got = plain_data(ours, None, text)
    except Refused:  # a key or text that may hide a mistake: the careful path must read it the same
        loaded, issue = load_yaml_bytes(text.encode())
        assert issue is None and loaded is not None, text
        got = loaded.data
    # Dates stay text in Casebook (format: date is checked as text); everything else is PyYAML's.
    dated = {key.value for key, value in theirs.value if value.tag.endswith(":timestamp")}
    assert repr({k: v for k, v in got.items() if k not in dated and k != "l"}) == \
        repr({k: v for k, v in expected.items() if k not in dated and k != "l"}), text
    assert len(got["l"] or []) == len(expected["l"] or []), text


def test_every_real_record_reads_as_pyyaml_reads_it() -> None:
    for path in sorted((REPO / "case_studies").glob("*.yaml")):
        loaded, issue = load_yaml_bytes(path.read_bytes())
        assert issue is None and loaded is not None, path
        assert loaded.data == _dates_as_text(yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)), path


def _dates_as_text(data: object) -> object:
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if hasattr(data, "isoformat") else data
