"""folders.py: listing and filling folders of many files with few system calls."""

from __future__ import annotations

import os
from pathlib import Path

from casebook.folders import empty_file, files_under, set_times


def test_files_under_lists_every_file_as_rglob_does_sorted_and_relative(tmp_path: Path) -> None:
    for rel in ("index.md", "cases/a/index.md", "cases/a-b/index.md", "cases/b/x.json", "assets/site.css"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    (tmp_path / "empty-folder").mkdir()
    expected = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files_under(tmp_path) == expected
    assert files_under(tmp_path, ".md") == [p for p in expected if p.endswith(".md")]


def test_empty_file_makes_the_folders_it_needs_and_replaces_what_is_there(tmp_path: Path) -> None:
    empty_file(tmp_path / "cases" / "x" / "index.md")  # two folders missing
    empty_file(tmp_path / "cases" / "y" / "index.md")  # one
    (tmp_path / "cases" / "x" / "other.md").write_text("text", encoding="utf-8")
    empty_file(tmp_path / "cases" / "x" / "other.md")  # the folder is there, and the file
    assert files_under(tmp_path) == ["cases/x/index.md", "cases/x/other.md", "cases/y/index.md"]
    assert all((tmp_path / p).read_bytes() == b"" for p in files_under(tmp_path))
    set_times(tmp_path, files_under(tmp_path), 0)
    assert {os.stat(tmp_path / p).st_mtime for p in files_under(tmp_path)} == {0}
