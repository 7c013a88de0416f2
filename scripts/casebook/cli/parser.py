"""How `casebook` reads its command line: subcommands, options and help texts (docs/cli.md is made from them)."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

from casebook.pack.contents import PAGE_BUDGET
from casebook.pack.pack_data import LISTING_FROM
from casebook.report import REPORTERS
from casebook.selection import FACETS


class _Formatter(argparse.HelpFormatter):
    """Fill running text to the terminal's width, but keep indented lines (examples) as written,
    and never break a name at its hyphen or a `quoted command` across lines."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: list[str] = []
        words: list[str] = []
        for line in [*textwrap.dedent(text).strip("\n").splitlines(), ""]:
            if line.strip() and not line.startswith(" "):
                words.append(line)
                continue
            if words:
                out += [indent + filled for filled in self._split_lines(" ".join(words), width - len(indent))]
                words = []
            out.append(indent + line if line.strip() else "")
        return "\n".join(out).rstrip("\n")

    def _split_lines(self, text: str, width: int) -> list[str]:
        kept = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", _NBSP), " ".join(text.split()))
        lines = textwrap.wrap(kept, width, break_on_hyphens=False, break_long_words=False)
        return [line.replace(_NBSP, " ") for line in lines]


_NBSP = "\u00a0"  # textwrap never breaks here


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # exit 2 with a one-line message, as argparse does, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


# The words below are for the people who run the command; docs/cli.md is generated from them
# (`python -m casebook.cli.reference --write`), and a test fails when the two differ.
ABOUT = """
Check, preview and publish Casebook: the records in case_studies/, the themes in themes.yaml
and the sources in references.bib, made into a website and briefing packs.

Run it in the project folder, or name the folder with --root. After `make build` it is at
.venv/bin/casebook. `casebook COMMAND --help` says more about each command.
"""
EVERYDAY = """
everyday use:
  casebook validate                      check everything
  casebook validate case_studies/x.yaml  one record in full
  casebook new my-council-panel          start a record; it asks what it needs
  casebook serve                         preview the site as you edit
  casebook pack --theme agility -o agility.pdf

Exit status: 0 when done (warnings allowed); 1 when something must be fixed first (a build,
pack or move that stops writes nothing); 2 when the command is mistyped, or on a fault in
Casebook itself, which it then asks you to report.
"""


_Commands = argparse._SubParsersAction  # what add_subparsers returns (argparse gives it no public name)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casebook", description=ABOUT, epilog=EVERYDAY)
    parser.add_argument("--root", type=Path, metavar="FOLDER",
                        help="the project folder (default: the nearest folder, here or above, holding "
                             "case_studies/ and references.bib)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="commands",
                                metavar="COMMAND")
    _add_validate(sub)
    _add_new(sub)
    _add_move_works(sub)
    _add_build(sub)
    _add_serve(sub)
    _add_pack(sub)
    _add_bench(sub)
    return parser


def _add_validate(sub: _Commands) -> None:
    v = sub.add_parser("validate", help="check records, themes and sources; say where each problem is",
                       description="""
Check the records in case_studies/, themes.yaml and references.bib against Casebook's rules,
and print every problem in one run, each with its file, line and column, and a hint where one
helps:

  case_studies/x.yaml:14:5: error[unknown-theme]: 'agilty' is not a theme

Errors must be fixed before the site can be built; warnings need not be. Name files to see
their problems in full: the whole project is still checked, and any error elsewhere is shown
too, since it would stop `casebook build` as well. Nothing is written.""",
                       epilog="""
examples:
  casebook validate
  casebook validate case_studies/warwickshire-one-front-door.yaml
  casebook validate --format json > problems.json""")
    v.add_argument("paths", nargs="*", type=Path, metavar="FILE",
                   help="a record, themes.yaml or references.bib to report in full (default: everything)")
    v.add_argument("--format", choices=sorted(REPORTERS), default=None, metavar="FORMAT",
                   help="text: a line per problem (the default); json: for other programs; github: "
                        "annotations on a pull request's lines (the default when GITHUB_ACTIONS=true)")


def _add_new(sub: _Commands) -> None:
    n = sub.add_parser("new", help="start a new record that passes the checks at once",
                       description="""
Start a record: write case_studies/ID.yaml, with every field explained in a comment above it
and TODO where your words go. The file passes `casebook validate` as it is, and stays a draft,
left off the site, until a reviewer has checked it.

At a terminal it asks for what the options leave out, and checks each answer (a misspelt theme
gets "did you mean ...?"). Elsewhere, or with --no-input, give every answer as an option.""",
                       epilog="""
examples:
  casebook new sandwell-customer-panel
  casebook new sandwell-customer-panel --no-input --kind case-study \\
    --title "Sandwell: a customer panel that shapes services" \\
    --theme listening --theme employee-voice --source latham2015aspire \\
    --locator "p. 7" --evidence-type practitioner-report""")
    n.add_argument("id", nargs="?", metavar="ID",
                   help="the record's id and file name: lower-case words joined by hyphens, usually the "
                        "organisation and the practice, e.g. sandwell-customer-panel")
    n.add_argument("--kind", help="what the record is: case-study, finding or commentary")
    n.add_argument("--title", metavar="TEXT", help="the page heading, in plain text")
    n.add_argument("--theme", action="append", dest="themes", metavar="THEME",
                   help="a theme id from themes.yaml; repeat it for more themes")
    n.add_argument("--source", metavar="KEY",
                   help="the citation key of the main source, in references.bib or a record's references")
    n.add_argument("--new-source", action="store_true",
                   help="the source is not in Casebook yet: the record starts with a description of it, "
                        "under --source's key, for you to complete")
    n.add_argument("--locator", metavar="WHERE", help="where in that source, e.g. 'p. 7', 'pp. 7-8', 'para. 6'")
    n.add_argument("--evidence-type", metavar="TYPE",
                   help="what kind of evidence the source is, e.g. practitioner-report")
    n.add_argument("--no-input", action="store_true", help="never ask: stop, naming what is missing")


def _add_move_works(sub: _Commands) -> None:
    m = sub.add_parser("move-works", help="move the sources records describe into references.bib",
                       description="""
For maintainers who keep one bibliography. A record may describe the new sources it cites,
under `references`; this appends each to references.bib as a biblatex entry and takes
`references` out of the record, but only when every page and pack would read exactly as
before. Otherwise nothing is written, and it says which source would change. The project must
pass `casebook validate` first.""",
                       epilog="""
example:
  casebook move-works case_studies/sandwell-customer-panel.yaml""")
    m.add_argument("paths", nargs="*", type=Path, metavar="FILE",
                   help="a record to move sources from (default: every record that describes some)")


def _add_build(sub: _Commands) -> None:
    b = sub.add_parser("build", help="check, then build the website and briefing packs into site/",
                       description="""
Check everything as `casebook validate` does, then build the website into site/, with a
briefing pack per theme and a complete one in site/packs/. If a check fails, nothing is
built and site/ is left as it was; site/ is replaced only when the whole build succeeds.
`make build` installs what the build needs, then runs this.

Rendered record text is kept in build/fragments/, so the next build renders only what
changed; deleting that folder is always safe. Set the site's address (site_url in mkdocs.yml,
or CASEBOOK_SITE_URL) so that packs, the feed and the data files link back to the site.""")
    b.add_argument("--no-packs", action="store_true",
                   help="leave out the briefing packs in site/packs/, for a quicker build")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="make up to N packs at once (default: one per CPU)")


def _add_serve(sub: _Commands) -> None:
    s = sub.add_parser("serve", help="preview the site, rebuilt whenever you save a change",
                       description="""
Build the site (without the pre-built packs) into build/preview/ and serve it at
http://127.0.0.1:PORT/, for looking at your changes as readers will. Saving a record,
themes.yaml, references.bib, mkdocs.yml or a page in docs/ rebuilds it, and open pages reload
themselves. A change that does not pass the checks prints its problems and leaves the last good
preview in place. Draft records are not shown. Stop it with Ctrl-C.

After the first build the preview writes only what an edit changed, and keeps from its first
build what only a published site needs: the search index and the whole-collection downloads
(data/cases.json, data/cases.csv, feed.xml). Search in the preview finds the text of that first
build; `casebook build` makes all of it fresh.""")
    s.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")


def _add_pack(sub: _Commands) -> None:
    p = sub.add_parser(
        "pack", help="make a briefing pack (PDF, Word or HTML) of chosen records",
        description=f"""
Make a briefing pack of published records: a PDF, a Word document (.docx) or a web page
(.html), with a cover, the records and their references.

Choose the records as the site's case index filters them. Each option can be repeated: values
of the same option are alternatives (any may match), different options must all match.
--from-url takes the address of a filtered case index as it is; --id picks records by hand.
With no option, every published record is included. A value no published record has, or a
choice that matches nothing, is an error and writes nothing. A pack longer than {PAGE_BUDGET} pages
becomes a digest (each record's facts and summary), and one of {LISTING_FROM} records or more a
listing (each record's facts and address), unless --full is given. With no --title, the title is
made from the filters.""",
        epilog="""
examples:
  casebook pack --theme agility -o agility.pdf
  casebook pack --region "West Midlands" --theme agility -o west-midlands.docx
  casebook pack --from-url 'cases/?theme=agility&year=2015' -o x.pdf
  casebook pack --id warwickshire-one-front-door -o one-front-door.html""")
    for facet in FACETS:
        p.add_argument(f"--{facet.name.replace('_', '-')}", action="append", default=[], dest=facet.name,
                       metavar="VALUE",
                       help=f"{facet.legend.lower()}, as the case index filters it (`{facet.name}=` in its address)")
    p.add_argument("--id", action="append", default=[], dest="ids", metavar="ID",
                   help="a record by its id, the file name in case_studies/ without .yaml")
    p.add_argument("--from-url", metavar="ADDRESS",
                   help="a filtered case index address, e.g. 'cases/?region=West+Midlands&theme=agility'")
    p.add_argument("--full", action="store_true", help=f"the full text, even past {PAGE_BUDGET} pages")
    p.add_argument("--title", metavar="TEXT", help="the pack's title (default: one that says what was chosen)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                   help="the file to write; its ending says the format: .pdf, .docx or .html (none: a PDF, "
                        "with .pdf added)")


def _add_bench(sub: _Commands) -> None:
    bench = sub.add_parser("bench", help="measure speed and size on large synthetic collections",
                           description="""
For maintainers: measure how Casebook copes with a large collection. For each size it makes a
project of synthetic records in a temporary folder and times validation, the site build,
rebuilds after a one-record edit, packs (from the command line and in a headless browser), the
first search and Lighthouse's mobile performance score of the Propose page (target 90), and
writes the results to bench/results/results.md and results.json. At the default sizes this
takes about twenty minutes; `make bench` runs it.""",
                           epilog="""
example:
  casebook bench --sizes 100 --repeat 1""")
    bench.add_argument("--sizes", default="100,1000,5000", metavar="N,N,...",
                       help="how many records to measure at (default: 100,1000,5000)")
    bench.add_argument("--repeat", type=int, default=3, metavar="N",
                       help="runs of each measurement; the median is reported (default: 3)")
    bench.add_argument("--out", type=Path, default=Path("bench/results"), metavar="FOLDER",
                       help="where to write the results (default: bench/results)")
    bench.add_argument("--max-theme-pack-records", type=int, default=1000, metavar="N",
                       help="build the per-theme packs only up to N records (default: 1000)")
    bench.add_argument("--only", metavar="STAGE,...",
                       help="measure only these stages, named as in the results, e.g. site_build,site_warm "
                            "(default: all)")
