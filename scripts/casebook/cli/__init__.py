"""The `casebook` command: a thin layer that maps subcommands to library functions.

Only here do CasebookErrors become messages and exit codes (0 ok, 1 problems, 2 usage).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casebook.cli.parser import build_parser
from casebook.model import ContentSet
from casebook.pack import contents as pack_contents
from casebook.problems import CasebookError, Problem, Severity, printable
from casebook.project import Project
from casebook.report import REPORTERS
from casebook.selection import FACETS
from casebook.siteconfig import NOT_SET_NOTE


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
    from casebook.contribute.scaffold import scaffold

    given = {"id": args.id, "kind": args.kind, "title": args.title, "themes": args.themes, "source": args.source,
             "locator": args.locator, "evidence_type": args.evidence_type, "new_source": args.new_source}
    path = scaffold(project, given, no_input=args.no_input)
    print(f"created {project.rel(path)}: fill it in, then run `casebook validate {project.rel(path)}`")
    return 0


def _move_works(project: Project, args: argparse.Namespace) -> int:
    from casebook.bib.works_move import move_works

    content = _validated(project, "nothing was moved")
    moved = move_works(project, content, args.paths or None)
    for m in moved:
        print(f"moved {', '.join(m.keys)} from {m.record} to {project.rel(project.bib)}")
    if not moved:
        print("no record describes works of its own: nothing to move")
    return 0


def _build(project: Project, args: argparse.Namespace) -> int:
    from casebook.build import build_all
    from casebook.builders.browser_packs import TYPST_PACKAGE
    from casebook.fragments import FragmentStore
    from casebook.npm import find_node_modules

    content = _validated(project, "nothing was built and site/ is unchanged")
    typst_js = find_node_modules(TYPST_PACKAGE)
    if typst_js is None:
        raise CasebookError(f"the site's in-browser packs need {TYPST_PACKAGE} from npm: run `make build` "
                            "(it installs the pinned packages)")
    build_all(content, project.site, packs=not args.no_packs, jobs=args.jobs,
              store=FragmentStore(project.fragment_store), node_modules=typst_js, manifest=project.site_manifest,
              kept=project.kept_packs)
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
    if written.mode == "listing":
        print(f"casebook: note: {written.records} records are more than a pack can brief on, so this pack is a "
              "listing (each record's facts and address); add --full for the full text", file=sys.stderr)
    elif written.digest:
        print(f"casebook: note: {written.records} records run past {pack_contents.PAGE_BUDGET} pages, "
              "so this pack is a digest "
              "(each record's facts and summary); add --full for the full text", file=sys.stderr)
    print(f"wrote {written.path}")
    return 0


def _bench(project: Project, args: argparse.Namespace) -> int:
    from casebook.bench import STAGES, run_bench

    known = [label for label, _, _ in STAGES]
    stages = tuple(args.only.split(",")) if args.only else tuple(known)
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise CasebookError(f"no bench stage named {', '.join(map(repr, unknown))}; the stages are: {', '.join(known)}")
    run_bench(project, sizes=[int(s) for s in args.sizes.split(",")], repeat=args.repeat, out=args.out,
              max_theme_pack_records=args.max_theme_pack_records, stages=stages)
    return 0


_HANDLERS = {"validate": _validate, "new": _new, "move-works": _move_works, "build": _build, "serve": _serve,
             "pack": _pack, "bench": _bench}
