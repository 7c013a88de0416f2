"""Synthetic but valid content at any scale, for the benchmark and scale tests.

Records look like real ones (field sizes, themes, organisations, inline
citations into a generated bibliography) and are deterministic for a seed.
Nothing here is evidence: it exists only in temporary benchmark projects.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from casebook.load import taxonomy_from_data
from casebook.project import Project
from casebook.validate import MODELINE

_WORDS = ("council customer service staff leadership engagement purpose partners budget "
          "community manager team change culture values voice feedback outcome plan front "
          "door board employee citizen design delivery priority trust skills review").split()
_ORG_TYPES = ["county-council", "metropolitan-borough-council", "district-council", "police",
              "fire", "nhs", "membership-body", "research-body"]
_REGIONS = ["North East", "North West", "Yorkshire and The Humber", "East Midlands",
            "West Midlands", "East of England", "London", "South East", "South West"]
_EVIDENCE = ["practitioner-report", "interview-research", "opinion", "evaluation", "survey"]
SYNTH_BIB_ENTRIES = 200


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _cited_paragraph(rng: random.Random, keys: list[str], sentences: int = 4) -> str:
    parts = [f"{_sentence(rng)} [@{rng.choice(keys)}, p. {rng.randint(1, 60)}]."
             for _ in range(sentences)]
    return " ".join(parts)


def synth_record(i: int, rng: random.Random, themes: list[str], keys: list[str]) -> dict:
    """One record of roughly 3 KB of YAML."""
    key = rng.choice(keys)
    org_type = rng.choice(_ORG_TYPES)
    return {
        "id": f"synthetic-{i:05d}",
        "kind": rng.choice(["case-study", "finding"]),
        "title": f"Synthetic record {i}: {_sentence(rng, 6)}",
        "summary": _cited_paragraph(rng, keys, 3),
        "organisations": [{"name": f"Synthetic {org_type.replace('-', ' ')} {i % 97}", "type": org_type,
                           "region": rng.choice(_REGIONS), "nation": "England"}],
        "year": rng.randint(2008, 2026),
        "themes": sorted(rng.sample(themes, k=rng.randint(1, 3))),
        "evidence_type": rng.choice(_EVIDENCE),
        "narrative": {section: _cited_paragraph(rng, keys) for section in
                      ("context", "approach", "outcomes", "lessons")},
        "quotes": [{"text": _sentence(rng, 20), "speaker": f"Speaker {i}", "role": "Director",
                    "source": {"key": key, "locator": f"p. {rng.randint(1, 60)}"}}],
        "figures": [{"label": "People involved", "value": rng.randint(1, 5000), "unit": "people",
                     "source": {"key": key, "locator": f"p. {rng.randint(1, 60)}"}}],
        "sources": [{"key": key, "locator": f"pp. {rng.randint(1, 30)}-{rng.randint(31, 60)}"}],
        "editorial_notes": ["Synthetic benchmark record; not evidence."],
        "contributors": [{"name": "Benchmark generator"}],
        "status": "published",
        "added": "2026-01-01",
        "last_reviewed": "2026-11-01",
    }


def _synth_bib(count: int) -> str:
    entries = []
    for n in range(count):
        entries.append(
            f"@report{{synth{n:04d},\n  author = {{Author{n}, Alex and Writer{n}, Sam}},\n"
            f"  title = {{Synthetic report number {n} on public service leadership}},\n"
            f"  institution = {{Synthetic Institute {n % 17}}},\n  year = {{{2005 + n % 20}}},\n}}\n")
    return "\n".join(entries)


def make_synthetic_project(source: Project, dest: Path, count: int, seed: int = 1) -> Project:
    """Copy the project's schema, taxonomy, site config and docs; write `count` synthetic records."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("schema", "docs"):
        if (source.root / name).is_dir():
            shutil.copytree(source.root / name, dest / name, dirs_exist_ok=True)
    for name in ("themes.yaml", "mkdocs.yml", "assessment.yaml", "CONTRIBUTING.md"):
        if (source.root / name).is_file():
            shutil.copy2(source.root / name, dest / name)
    bib = source.bib.read_text(encoding="utf-8") + "\n" + _synth_bib(SYNTH_BIB_ENTRIES)
    (dest / "references.bib").write_text(bib, encoding="utf-8")
    taxonomy = taxonomy_from_data(yaml.safe_load(source.themes.read_text(encoding="utf-8")))
    keys = [f"synth{n:04d}" for n in range(SYNTH_BIB_ENTRIES)]
    rng = random.Random(seed)
    folder = dest / "case_studies"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for i in range(count):
        data = synth_record(i, rng, taxonomy.ids, keys)
        if data["kind"] == "finding" and data["evidence_type"] == "opinion":
            data["kind"] = "commentary"  # an opinion is not research (validate/records.py), after the draws
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
        (folder / f"{data['id']}.yaml").write_text(f"{MODELINE}\n{body}", encoding="utf-8")
    return Project(dest)
