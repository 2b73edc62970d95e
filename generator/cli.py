"""The ``factsheet`` command: check, generate, build, serve, deploy.

Exit codes: 0 success, 1 content or build errors, 2 usage errors. Content problems print as
``path:line:col: level: message``; no traceback is ever shown for them."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator import __version__, fs
from generator.authoring.schema import FILES, schema_text
from generator.pipeline import check, generate
from generator.problems import ContentError, Problem, Problems
from generator.project import Project, load_project
from generator.read.content import show
from generator.sources.archive import ENDPOINT
from generator.write.docs import OutputError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    _setup_logging(args.verbose)
    if args.command == "schema" and not args.write:
        sys.stdout.write(schema_text(args.file))  # (needs no project)
        return EXIT_OK
    if args.command == "new":
        return _new(args)  # (makes the project)
    try:
        project = load_project(Path(args.config))
    except (OSError, yaml.YAMLError) as e:
        print(f"factsheet: cannot read the configuration {args.config}: {e}", file=sys.stderr)
        return EXIT_USAGE
    handler = {"check": _check, "generate": _generate, "build": _build, "serve": _serve,
               "deploy": _deploy, "draft": _draft, "schema": _schema, "sources": _sources}
    try:
        if args.command in LOCKING:  # (the preview takes the lock for each rebuild)
            with fs.one_at_a_time(lock_file(project), wait=not args.no_wait, waiting=_say_waiting):
                return handler[args.command](project, args)
        return handler[args.command](project, args)
    except fs.Busy as e:
        print(f"factsheet: another build of this project is running ({e}); not waiting for it "
              "(--no-wait)", file=sys.stderr)
        return EXIT_CONTENT
    except ContentError as e:
        return _report(e.problems)
    except OutputError as e:
        print(f"factsheet: error: {e}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as e:  # (disk full, permissions, a read-only file system: one line, no traceback)
        print(fs.describe(e, "cannot " + WHAT.get(args.command, "go on")), file=sys.stderr)
        return EXIT_CONTENT
    except jinja2.TemplateError as e:  # templates are trusted, but their authors deserve a line
        where = show(getattr(e, "filename", None) or "a template")
        number = getattr(e, "lineno", None)
        line = f":{number}" if number else ""
        print(f"{where}{line}: error: {e.message or e}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130


LOCKING = ("generate", "build", "deploy")  # the commands that write build/ and site/
WHAT = {"sources": "keep the source records", "generate": "write the generated files",
        "build": "build the site", "deploy": "publish the site",
        "serve": "serve the preview", "draft": "write the draft", "schema": "write the schemas",
        "check": "read the content"}


def lock_file(project: Project) -> Path:
    return project.docs_dir.parent / ".factsheet-lock"


def _say_waiting(holder: str) -> None:
    print(f"factsheet: waiting for another build of this project to finish ({holder}); --no-wait "
          "refuses instead", file=sys.stderr, flush=True)


def _no_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", action="store_true",
                        help="when another build of the project is running, stop at once (exit 1) "
                             "instead of waiting for it")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factsheet",
        description="Build a static site of fact sheets from news articles and key-figure YAML.",
        epilog="Run 'factsheet COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"factsheet {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config", default="mkdocs.yml", metavar="FILE",
                        help="the MkDocs configuration that names the folders (default: %(default)s)")
    common.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_check_and_generate(sub, common)
    _add_build(sub, common)
    _add_serve_and_deploy(sub, common)
    _add_authoring(sub, common)
    _add_sources(sub, common)
    return parser


def _add_check_and_generate(sub: Any, common: argparse.ArgumentParser) -> None:
    check_parser = sub.add_parser(
        "check", parents=[common], help="report every content problem; write nothing",
        description="Read and check all content; print every problem as path:line:col: level: "
                    "message, and a summary. Exit 1 on errors.")
    check_parser.add_argument(
        "--format", choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="text (path:line:col: level: message), github (GitHub Actions annotations, the "
             "default when GITHUB_ACTIONS=true) or json (one list, for editors and scripts)")
    generate = sub.add_parser("generate", parents=[common], help="write the Markdown into the docs folder",
                              description="Check the content, then write the sheets' Markdown and data "
                                          "into the docs folder (build/docs by default). No HTML is built.")
    _no_wait(generate)


def _add_build(sub: Any, common: argparse.ArgumentParser) -> None:
    build = sub.add_parser("build", parents=[common], help="check, generate, build site/ with MkDocs",
                           description="Check, generate, then build the HTML site with MkDocs in "
                                       "strict mode. The previous site is replaced only on success.")
    _no_wait(build)
    build.add_argument("--no-strict", dest="strict", action="store_false",
                       help="let MkDocs warnings pass (strict by default)")
    build.add_argument("--skip-generate", dest="generate", action="store_false",
                       help="build the HTML from the docs folder as it is (the benchmarks use "
                            "this to time MkDocs alone)")
    build.add_argument("--full", action="store_true",
                       help="render every page again, into an empty tree (by default only what "
                            "changed since the last build is rendered)")
    build.add_argument("--workers", type=_positive, metavar="N",
                       help="MkDocs processes to render pages with (default: one a core)")
    build.add_argument("--shard", type=_shard, metavar="I/N",
                       help="build only the I-th of N shards of the site, into --out (for a build "
                            "spread over several machines; join them with --merge)")
    build.add_argument("--out", type=Path, metavar="DIR",
                       help="the folder a shard is built into (default: site-shard-I)")
    build.add_argument("--merge", nargs="+", type=Path, metavar="DIR",
                       help="join the shards in these folders into the site (nothing is generated)")


def _add_serve_and_deploy(sub: Any, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common], help="live preview on 127.0.0.1",
                           description="Serve a live preview of the site (built into build/preview); "
                                       "edits under content/ and templates/, of the theme overrides "
                                       "and of mkdocs.yml rebuild what changed and reload the "
                                       "browser. Content errors show on every page until fixed.")
    _no_wait(serve)
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                       help="address to serve on (default: %(default)s)")
    serve.add_argument("--full-rebuilds", dest="dirty", action="store_false",
                       help="render every page on each change (by default only the pages that "
                            "changed are, which keeps large sites quick)")
    deploy = sub.add_parser("deploy", parents=[common], help="build, then push site/ to GitHub Pages",
                            description="Build the site, then push it as one new commit to the "
                                        "gh-pages branch of the git remote named in mkdocs.yml "
                                        "(remote_name, remote_branch). Your working tree, index "
                                        "and branch are left as they are.")
    _no_wait(deploy)
    deploy.add_argument("--no-build", dest="build", action="store_false",
                        help="push the site/ that is already built")
    deploy.add_argument("-m", "--message", default="Publish the fact sheets",
                        help="commit message (default: %(default)s)")


def _add_sources(sub: Any, common: argparse.ArgumentParser) -> None:
    sources = sub.add_parser(
        "sources", parents=[common], help="read the pages the references cite; keep what they say",
        description="Read the pages the sheets' references cite (politely: robots.txt, one request "
                    "at a time to a host, a second apart; safely: http(s) only, no private "
                    "addresses, bounded size and time), look up their archived copies, find the "
                    "sentence that states each figure, and keep a record of each page in "
                    "content/sources/ for check and build to show. The only command that uses "
                    "the network.")
    sources.add_argument("slugs", nargs="*", metavar="SLUG", help="only these sheets (default: all)")
    sources.add_argument("--refresh", action="store_true",
                         help="read again records younger than --max-age")
    sources.add_argument("--max-age", type=_positive, default=7, metavar="DAYS",
                         help="a record read within this many days is not read again "
                              "(default: %(default)s)")
    sources.add_argument("--allow-private-hosts", action="store_true",
                         help="read loopback, private, link-local and other non-public addresses too")
    sources.add_argument("--archive-endpoint", default=ENDPOINT, metavar="URL",
                         help="a Wayback Machine availability API (default: %(default)s)")
    sources.add_argument("--no-archive", dest="archive", action="store_false",
                         help="look up no archived copies")
    sources.add_argument("--jobs", type=_positive, default=8, metavar="N",
                         help="hosts read at once (default: %(default)s)")


def _add_authoring(sub: Any, common: argparse.ArgumentParser) -> None:
    new = sub.add_parser("new", parents=[common], help="start a site project of your own",
                         description="Write a new site project into FOLDER: mkdocs.yml, an example "
                                     "article and its figures, the GitHub Pages and pull-request "
                                     "workflows, .gitignore, the editor's schema mapping and a README. "
                                     "Then: cd FOLDER && factsheet build.")
    new.add_argument("folder", type=Path, metavar="FOLDER", help="the project's folder (made if missing)")
    new.add_argument("--force", action="store_true",
                     help="write into a folder that has files (adding the missing ones; none is replaced)")
    draft = sub.add_parser("draft", parents=[common], help="propose the figures file of an article",
                           description="Read an article (.txt or .md) and write a draft of its "
                                       "figures file beside it (<slug>.yaml): a figure for each "
                                       "quantity it states, with qualifier, unit, source and "
                                       "quote, and its dated events. The draft passes 'factsheet "
                                       "check'; review every line before publishing.")
    draft.add_argument("articles", type=Path, nargs="*", metavar="ARTICLE", help="the article files")
    draft.add_argument("--missing", action="store_true",
                       help="draft every article that has no figures file yet")
    draft.add_argument("-o", "--output", metavar="FILE",
                       help="write here instead (- prints it; one article only)")
    draft.add_argument("--force", action="store_true",
                       help="replace a figures file that exists")
    schema = sub.add_parser("schema", parents=[common], help="print the JSON Schema of a content file",
                            description="Print the JSON Schema of the figures file (or of the series "
                                        "file), which editors use to complete and explain keys. "
                                        "The repository ships both in schemas/.")
    schema.add_argument("file", nargs="?", choices=tuple(FILES), default="figures",
                        help="which file's schema (default: %(default)s)")
    schema.add_argument("--write", action="store_true",
                        help="write both schemas into the project's schemas/ folder instead")


def _shard(text: str) -> tuple[int, int]:
    shard, _, of = text.partition("/")
    if not (shard.isdigit() and of.isdigit() and 1 <= int(shard) <= int(of)):
        raise argparse.ArgumentTypeError(f"expected I/N with 1 <= I <= N, such as 2/3, got {text!r}")
    return int(shard), int(of)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("factsheet", "mkdocs"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False


PER_FILE = 50  # problems printed for one file; `check --format json` gives them all


def capped(problems: list[Problem], show: Callable[[Problem], str] = str) -> list[str]:
    """The lines for the problems, in order, at most PER_FILE a file, then how many more: one
    bad line can make thousands (a 1 MB line of citation markers made 349,278)."""
    lines: list[str] = []
    count: Counter[str] = Counter(p.path for p in problems)
    printed: Counter[str] = Counter()
    for problem in problems:
        printed[problem.path] += 1
        if printed[problem.path] <= PER_FILE:
            lines.append(show(problem))
        if printed[problem.path] == PER_FILE and count[problem.path] > PER_FILE:
            more = count[problem.path] - PER_FILE
            lines.append(f"{problem.path}: ... and {more} more problems in this file (factsheet check "
                         "--format json lists them all)")
    return lines


def _report(problems: list[Problem]) -> int:
    collected = Problems(list(problems))
    for line in capped(collected.sorted()):
        print(line)
    print(collected.summary(), file=sys.stderr)
    return EXIT_CONTENT if collected.errors else EXIT_OK


def _check(project: Project, args: argparse.Namespace) -> int:
    found = check(project)
    if args.format == "text":
        return _report(found.items)
    problems = found.sorted()
    if args.format == "json":
        print(json.dumps([{"path": p.path, "line": p.line, "column": p.col, "level": p.level,
                           "message": p.message} for p in problems], ensure_ascii=False, indent=1))
    else:
        for line in capped(problems, github_annotation):
            print(line)
    print(found.summary(), file=sys.stderr)
    return EXIT_CONTENT if found.errors else EXIT_OK


def github_annotation(problem: Problem) -> str:
    """A problem as a GitHub Actions workflow command, which shows it on its line of the
    pull request's files (the values escaped as the runner expects)."""
    where = f"file={_property(problem.path)}"
    if problem.line:
        where += f",line={problem.line}"
        if problem.col:
            where += f",col={problem.col}"
    return f"::{problem.level} {where}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _schema(project: Project, args: argparse.Namespace) -> int:
    for name, file in FILES.items():
        path = project.root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_text(name), encoding="utf-8")
        print(show(path))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from generator.authoring.new_site import NewError, new_site

    try:
        written, kept = new_site(args.folder, force=args.force)
    except NewError as e:
        print(e, file=sys.stderr)
        return EXIT_CONTENT
    except OSError as e:
        print(fs.describe(e, "cannot make the project"), file=sys.stderr)
        return EXIT_CONTENT
    for path in kept:
        print(f"{show(path)}: kept as it was", file=sys.stderr)
    print(f"factsheet: made {show(args.folder)} ({len(written)} files). Next: cd {show(args.folder)} && "
          "factsheet build, then factsheet serve", file=sys.stderr)
    return EXIT_OK


def _draft(project: Project, args: argparse.Namespace) -> int:
    from generator.authoring.draft import DraftError, missing_drafts, write_draft

    articles = list(dict.fromkeys([*args.articles, *(missing_drafts(project) if args.missing else [])]))
    if not articles:
        if args.missing:
            print("factsheet: every article has a figures file", file=sys.stderr)
            return EXIT_OK
        print("factsheet: nothing to draft: name the articles, or --missing for every article "
              "without a figures file", file=sys.stderr)
        return EXIT_USAGE
    if args.output and len(articles) > 1:
        print("factsheet: -o takes one article", file=sys.stderr)
        return EXIT_USAGE
    made = []
    for n, article in enumerate(articles, 1):
        try:
            made.append(write_draft(project, article, args.output, force=args.force))
        except DraftError as e:
            print(f"{e}", file=sys.stderr)
        if len(articles) > 1 and sys.stderr.isatty():
            print(f"\r{n}/{len(articles)} articles", end="\n" if n == len(articles) else "",
                  file=sys.stderr, flush=True)
    failed = len(articles) - len(made)
    if len(articles) == 1 and made and made[0].path is not None:
        print(f"factsheet: wrote {show(made[0].path)}: a draft; review it, then run factsheet check",
              file=sys.stderr)
    elif len(articles) > 1:
        print(f"factsheet: {len(made)} drafts written ({sum(d.figures for d in made)} figures, "
              f"{sum(d.events for d in made)} events)" + (f"; {failed} not drafted" if failed else "")
              + "; review each, then run factsheet check", file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK


def _generate(project: Project, args: argparse.Namespace) -> int:
    result = generate(project)
    for line in capped(result.problems.sorted()):
        print(line)
    return EXIT_OK


def _build(project: Project, args: argparse.Namespace) -> int:
    from generator.site.build import BuildError, ShardError, build_shard, build_site, merge_shards

    merge, shard = getattr(args, "merge", None), getattr(args, "shard", None)
    if merge and shard:
        print("factsheet: --shard and --merge go in separate runs", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "generate", True) and not merge:
        _generate(project, args)
    try:
        if merge:
            merge_shards(project, merge)
        elif shard:
            out = args.out or project.root / f"site-shard-{shard[0]}"
            build_shard(project, shard[0], shard[1], out, strict=args.strict, workers=args.workers)
        else:
            build_site(project, strict=args.strict, full=getattr(args, "full", False),
                       workers=getattr(args, "workers", None))
    except ShardError as e:
        print(f"factsheet: the shards were not merged: {e}; the site is unchanged", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as e:
        print(f"factsheet: the site was not built: {e}; the previous site is unchanged",
              file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _deploy(project: Project, args: argparse.Namespace) -> int:
    from generator.site.publish import PublishError, deploy_site

    args.strict = True
    if args.build and (code := _build(project, args)) != EXIT_OK:
        return code
    try:
        commit = deploy_site(project.root, project.site_dir, project.remote_name,
                             project.remote_branch, args.message)
    except PublishError as e:
        print(f"factsheet: nothing was published: {e}", file=sys.stderr)
        return EXIT_CONTENT
    logging.getLogger("factsheet").info("published %s to %s/%s", commit[:12], project.remote_name,
                                        project.remote_branch)
    return EXIT_OK


def _sources(project: Project, args: argparse.Namespace) -> int:
    from generator.pipeline import load_site
    from generator.sources.run import Options, run_sources

    site, problems = load_site(project.settings)
    if site is None:
        return _report(problems.items)
    sheets = [s for s in site.sheets if not args.slugs or s.slug in args.slugs]
    if unknown := sorted(set(args.slugs) - {s.slug for s in site.sheets}):
        print(f"factsheet: no sheet named {', '.join(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    found = Problems()
    run_sources(project, sheets, Options(args.refresh, args.max_age, args.allow_private_hosts,
                                         args.archive_endpoint, args.archive, args.jobs), found)
    for line in capped(found.sorted()):
        print(line, file=sys.stderr)
    return EXIT_OK


def _serve(project: Project, args: argparse.Namespace) -> int:
    from generator.mkdocs_glue.preview import serve

    serve(project, args.dev_addr, full_rebuilds=not args.dirty, wait=not args.no_wait)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
