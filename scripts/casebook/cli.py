"""The `casebook` command: a thin layer that maps subcommands to library functions.

Only here do CasebookErrors become messages and exit codes (0 ok, 1 problems, 2 usage).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casebook.model import ContentSet
from casebook.pack import contents as pack_contents
from casebook.pack.contents import PAGE_BUDGET
from casebook.problems import CasebookError, Problem, Severity, printable
from casebook.project import Project
from casebook.report import REPORTERS
from casebook.selection import FACETS
from casebook.siteconfig import NOT_SET_NOTE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with a one-line message, as argparse does, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casebook", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("validate", help="check records, themes and references.bib",
                       description="Check the whole content set. Files named are reported in full; "
                                   "elsewhere only errors, which stop `casebook build` too.")
    v.add_argument("paths", nargs="*", type=Path, help="files to report on in full (default: all)")
    v.add_argument("--format", choices=sorted(REPORTERS), default=None,
                   help="output format (default: text; github when GITHUB_ACTIONS is set)")

    n = sub.add_parser("new", help="scaffold a new record that validates at once",
                       description="Create case_studies/<id>.yaml. Asks for what is missing when run in a terminal.")
    n.add_argument("id", nargs="?", help="lower-case slug, e.g. sandwell-customer-panel")
    n.add_argument("--kind", help="what the record is: a kind in the record schema, e.g. case-study")
    n.add_argument("--title")
    n.add_argument("--theme", action="append", dest="themes", help="theme id (repeatable)")
    n.add_argument("--source", help="citation key of the main source (in references.bib or a record)")
    n.add_argument("--new-source", action="store_true",
                   help="the source is not in Casebook yet: describe it in the new record under --source's key")
    n.add_argument("--locator", help="page or section in that source, e.g. 'p. 7'")
    n.add_argument("--evidence-type")
    n.add_argument("--no-input", action="store_true", help="never prompt; fail if something is missing")

    m = sub.add_parser("move-works", help="move the works records describe into references.bib",
                       description="A record may describe the new works it cites under `references`. This "
                                   "moves them to the end of references.bib and takes the field out of the "
                                   "record, when every work reads exactly as before; otherwise nothing is "
                                   "written.")
    m.add_argument("paths", nargs="*", type=Path, help="record files (default: every record describing works)")

    b = sub.add_parser("build", help="validate, then build the site and the briefing packs into site/")
    b.add_argument("--no-packs", action="store_true", help="skip the PDF briefing packs")
    b.add_argument("--jobs", type=int, default=None, help="parallel pack builds (default: CPU count)")

    s = sub.add_parser("serve", help="live preview that rebuilds when a record changes")
    s.add_argument("--port", type=int, default=8000)

    p = sub.add_parser(
        "pack", help="build a briefing pack (PDF, DOCX or HTML) for a selection of records",
        description=("Select records as the case index filters them: each option is repeatable; values of "
                     "the same option are alternatives (OR), different options must all match (AND). "
                     "--from-url takes a filtered case index address as it is. With no option, every "
                     "published record is included. Only published records are ever included; an unknown "
                     f"value or a selection that matches nothing is an error (exit 1) and writes nothing. "
                     f"A selection longer than {PAGE_BUDGET} pages becomes a digest unless --full is given."))
    for facet in FACETS:
        p.add_argument(f"--{facet.name.replace('_', '-')}", action="append", default=[], dest=facet.name,
                       metavar="VALUE", help=f"{facet.legend.lower()} (the case index's `{facet.name}=` filter)")
    p.add_argument("--id", action="append", default=[], dest="ids", help="record id (a hand-picked pack)")
    p.add_argument("--from-url", metavar="ADDRESS",
                   help="a filtered case index address, e.g. 'cases/?region=West+Midlands&theme=agility'")
    p.add_argument("--full", action="store_true", help=f"full text even past {PAGE_BUDGET} pages")
    p.add_argument("--title", help="pack title (default: from the selection)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="output file; format from the extension: .pdf, .docx or .html "
                        "(no extension: a PDF, with .pdf added to the name)")

    bench = sub.add_parser("bench", help="measure validation, site and pack speed at scale")
    bench.add_argument("--sizes", default="100,1000,5000", help="record counts, comma-separated")
    bench.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    bench.add_argument("--out", type=Path, default=Path("bench/results"))
    bench.add_argument("--max-theme-pack-records", type=int, default=1000,
                       help="build the theme packs only up to this many records (default: 1000)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        project = Project(args.root.resolve()) if args.root else Project.find()
        return _HANDLERS[args.command](project, args)
    except CasebookError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("casebook: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in Casebook, never the contributor's fault: one line, no traceback, exit 2
        detail = " ".join(str(exc).split())[:300]
        print(f"casebook: internal error in `casebook {args.command}` ({type(exc).__name__}: {detail}); "
              "please report it with the command and the files it read", file=sys.stderr)
        return 2


def _validated(project: Project, what: str) -> ContentSet:
    """The content set, or CasebookError listing the errors (warnings are printed either way)."""
    from casebook.validate import validate_project

    result = validate_project(project)
    for warning in result.problems.warnings:
        print(warning, file=sys.stderr)
    if not result.ok or result.content is None:
        raise CasebookError(f"validation failed; {what}", problems=result.problems.sorted())
    return result.content


def _validate(project: Project, args: argparse.Namespace) -> int:
    from casebook.validate import validate_project

    result = validate_project(project, only=args.paths or None)
    problems = result.problems.sorted()
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    REPORTERS[fmt](problems)
    if not problems and fmt == "text":
        checked = len(args.paths) if args.paths else len(result.content.records) if result.content else 0
        print(f"ok: {checked} record(s) valid")
    if args.paths and fmt == "text":
        _note_errors_elsewhere(project, args.paths, problems)
    return 0 if result.ok else 1


def _note_errors_elsewhere(project: Project, named: list[Path], problems: list[Problem]) -> None:
    """Errors in files not named are shown because the build stops on them; say so, once."""
    shown = {project.rel(path) for path in named}
    elsewhere = sorted({p.path for p in problems if p.severity is Severity.ERROR and p.path not in shown})
    if elsewhere:
        files = ", ".join(elsewhere[:3]) + (f" and {len(elsewhere) - 3} more" if len(elsewhere) > 3 else "")
        print(printable(f"casebook: note: the errors in {files} (not named) stop `casebook build` too"),
              file=sys.stderr)


def _new(project: Project, args: argparse.Namespace) -> int:
    from casebook.scaffold import scaffold

    given = {"id": args.id, "kind": args.kind, "title": args.title, "themes": args.themes, "source": args.source,
             "locator": args.locator, "evidence_type": args.evidence_type, "new_source": args.new_source}
    path = scaffold(project, given, no_input=args.no_input)
    print(f"created {project.rel(path)}: fill it in, then run `casebook validate {project.rel(path)}`")
    return 0


def _move_works(project: Project, args: argparse.Namespace) -> int:
    from casebook.worksmove import move_works

    content = _validated(project, "nothing was moved")
    moved = move_works(project, content, args.paths or None)
    for m in moved:
        print(f"moved {', '.join(m.keys)} from {m.record} to {project.rel(project.bib)}")
    if not moved:
        print("no record describes works of its own: nothing to move")
    return 0


def _build(project: Project, args: argparse.Namespace) -> int:
    from casebook.build import build_all
    from casebook.fragments import FragmentStore
    from casebook.npm import find_node_modules
    from casebook.site.briefing import TYPST_PACKAGE

    content = _validated(project, "nothing was built and site/ is unchanged")
    typst_js = find_node_modules(TYPST_PACKAGE)
    if typst_js is None:
        raise CasebookError(f"the site's in-browser packs need {TYPST_PACKAGE} from npm: run `make build` "
                            "(it installs the pinned packages)")
    build_all(content, project.site, packs=not args.no_packs, jobs=args.jobs,
              store=FragmentStore(project.fragment_store), node_modules=typst_js, manifest=project.site_manifest)
    print(f"built {project.rel(project.site)}/")
    return 0


def _serve(project: Project, args: argparse.Namespace) -> int:
    from casebook.serve import serve

    serve(project, port=args.port)
    return 0


def _pack(project: Project, args: argparse.Namespace) -> int:
    from casebook.fragments import FragmentStore
    from casebook.pack import write_selected_pack
    from casebook.selection import Selection, from_url

    chosen = {f.name: getattr(args, f.name) for f in FACETS}
    if args.from_url:
        if any(chosen.values()) or args.ids:
            raise CasebookError("give either --from-url or filter options, not both")
        selection = from_url(args.from_url)
    else:
        selection = Selection.of(ids=tuple(args.ids), **chosen)
    content = _validated(project, "no pack was written")
    if content.address.url is None:
        print(f"casebook: note: {NOT_SET_NOTE}", file=sys.stderr)
    written = write_selected_pack(content, selection, Path(args.output), title=args.title, full=args.full,
                                  store=FragmentStore(project.fragment_store))
    for note in written.notes:
        print(f"casebook: warning: {written.path.name}: {note}", file=sys.stderr)
    if written.digest:
        print(f"casebook: note: {written.records} records run past {pack_contents.PAGE_BUDGET} pages, "
              "so this pack is a digest "
              "(each record's facts and summary); add --full for the full text", file=sys.stderr)
    print(f"wrote {written.path}")
    return 0


def _bench(project: Project, args: argparse.Namespace) -> int:
    from casebook.bench import run_bench

    run_bench(project, sizes=[int(s) for s in args.sizes.split(",")], repeat=args.repeat, out=args.out,
              max_theme_pack_records=args.max_theme_pack_records)
    return 0


_HANDLERS = {"validate": _validate, "new": _new, "move-works": _move_works, "build": _build, "serve": _serve,
             "pack": _pack, "bench": _bench}
