"""Every built page through the Nu Html Checker (vnu): no error that Casebook adds.

mkdocs-material's own templates already carry errors (`autocomplete` on its checkbox
toggles; `label for="__toc"` on pages outside the navigation). They are told apart by
building a bare `mkdocs new` project with the same theme settings, plus one page outside
the navigation as Casebook's record pages are, and checking it the same way: an error is
Material's when the same message is raised on the same markup there. Everything else
is Casebook's and fails the test. vnu-jar comes from npm (the Makefile's pinned list)
and runs on Debian's Java (`make java`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from casebook.builders import build_site
from casebook.project import Project
from casebook.siteconfig import read_mkdocs_config
from casebook.validate import validate_project

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.slow


def vnu_errors(site: Path) -> list[dict]:
    """vnu's errors over every HTML file under site, each with the markup it points at."""
    if shutil.which("java") is None:
        pytest.fail("java not found: run `make java` (apt-get install default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} missing: run `make test` (it installs vnu-jar from npm)")
    done = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                           str(site)], capture_output=True, text=True, check=False)
    found = []
    for m in json.loads(done.stderr or done.stdout)["messages"]:
        start, length = m.get("hiliteStart", 0), m.get("hiliteLength", 0)
        markup = m.get("extract", "")[start:start + length]
        found.append({"page": Path(m.get("url", "").removeprefix("file:")).relative_to(site.resolve()).as_posix(),
                      "message": m["message"], "markup": markup, "type": m["type"]})
    return found


def bare_material_site(root: Path) -> Path:
    """`mkdocs new`, with Casebook's theme settings and one page left out of the navigation."""
    subprocess.run([sys.executable, "-m", "mkdocs", "new", str(root)], check=True, capture_output=True)
    theme = read_mkdocs_config((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    (root / "docs" / "outside.md").write_text("# Outside the navigation\n\n## A heading\n\nText.\n",
                                              encoding="utf-8")
    config = {"site_name": "Bare", "theme": theme, "nav": [{"Home": "index.md"}], "not_in_nav": "/outside.md"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")], check=True,
                   capture_output=True, env=env)
    return root / "site"


@pytest.fixture(scope="module")
def casebook_site(tmp_path_factory) -> Path:
    result = validate_project(Project(REPO))
    assert result.content is not None
    out = tmp_path_factory.mktemp("vnu") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    build_site(result.content, out, packs=[], node_modules=REPO / "node_modules")
    return out


def test_no_page_has_an_html_error_casebook_added(casebook_site: Path, tmp_path: Path) -> None:
    materials = {(e["message"], e["markup"]) for e in vnu_errors(bare_material_site(tmp_path / "bare"))}
    assert materials, "the bare Material site should show Material's own errors; is vnu reading the pages?"
    errors = vnu_errors(casebook_site)
    pages = {p.relative_to(casebook_site).as_posix() for p in casebook_site.rglob("*.html")}
    assert len(pages) > 40 and {e["page"] for e in errors} <= pages
    ours = [e for e in errors if (e["message"], e["markup"]) not in materials]
    assert ours == [], "\n".join(f"{e['page']}: {e['message']} at {e['markup']}" for e in ours[:20])
