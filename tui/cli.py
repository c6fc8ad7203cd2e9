"""The `complaints-tui` command: the desk by default, and headless commands for the rest."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from letters.catalogue import LetterKind
from store.clock import today_london
from store.db import Store, StoreError, backup, describe_database_error, open_store
from store.paths import resolve_db_path
from store.settings import SettingsError, load_settings, update_settings

MAX_DEMO = 100_000


class CommandError(Exception):
    """A problem worth one line on stderr and a non-zero exit status."""


def _parser() -> argparse.ArgumentParser:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--db",
        metavar="PATH",
        help="the complaints file (default: $COMPLAINTS_TUI_DB, else the user's data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="complaints-tui",
        parents=[shared],
        description="The complaints desk of a social landlord, under the Housing Ombudsman's "
        "Complaint Handling Code.",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway demo file, to try the desk"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imported = commands.add_parser(
        "import", parents=[shared], help="import complaints from a spreadsheet tracker (CSV)"
    )
    imported.add_argument("file", type=Path, metavar="FILE.csv")

    exported = commands.add_parser(
        "export", parents=[shared], help="export every complaint with its deadlines"
    )
    exported.add_argument("--format", choices=("csv", "json"), default="csv")
    exported.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")

    demo = commands.add_parser(
        "demo", parents=[shared], help="fill an empty file with realistic demo complaints"
    )
    demo.add_argument(
        "--complaints",
        type=int,
        default=200,
        metavar="N",
        help=f"how many (up to {MAX_DEMO:,}; default 200)",
    )

    letter = commands.add_parser("letter", parents=[shared], help="make one letter")
    letter.add_argument("reference")
    letter.add_argument(
        "kind",
        choices=[kind.value for kind in LetterKind],
        metavar="KIND",
        help=", ".join(kind.value for kind in LetterKind),
    )
    letter.add_argument(
        "--out", type=Path, metavar="DIR", help="default: the letters folder in the settings"
    )

    templates = commands.add_parser("templates", help="the landlord's own letter templates")
    actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    copied = actions.add_parser("export", help="copy the default templates to edit")
    copied.add_argument("dir", type=Path, metavar="DIR")
    checked = actions.add_parser("check", help="check templates before they are used")
    checked.add_argument(
        "dir", type=Path, metavar="DIR", nargs="?", help="default: the user templates folder"
    )

    backed = commands.add_parser(
        "backup", parents=[shared], help="take a consistent copy of the file, even while in use"
    )
    backed.add_argument(
        "dest",
        nargs="?",
        type=Path,
        metavar="DEST",
        help="a file or folder (default: the backups folder beside the file)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command is None:
            return _start_desk(arguments)
        command: Callable[[argparse.Namespace], int] = COMMANDS[arguments.command]
        return command(arguments)
    except (CommandError, StoreError, SettingsError, LookupError) as error:
        print(f"complaints-tui: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"complaints-tui: {error.strerror or error}"
            + (f": {error.filename}" if error.filename else ""),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        message = describe_database_error(error) or (
            f"something unexpected went wrong ({type(error).__name__}: {error}); "
            "nothing more was changed."
        )
        print(f"complaints-tui: {message}", file=sys.stderr)
        return 1


def _open(arguments: argparse.Namespace) -> Store:
    return open_store(resolve_db_path(arguments.db))


def _start_desk(arguments: argparse.Namespace) -> int:
    from tui.app import run_desk  # Textual loads only for the desk itself.

    if arguments.demo:
        from store.demo import make_demo

        with tempfile.TemporaryDirectory(prefix="complaints-demo-") as folder:
            store = open_store(Path(folder) / "demo.sqlite3")
            make_demo(store, 200, today=today_london())
            with store.connect() as db:  # the demo's letters go when the demo does
                update_settings(db, letters_folder=str(Path(folder) / "Complaint letters"))
            try:
                return run_desk(store, demo=True)
            finally:
                store.close()
    store = _open(arguments)
    try:
        return run_desk(store)
    finally:
        store.close()


def _import(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    from store.transfer import ImportFailed, import_csv

    store = _open(arguments)
    try:
        with store.session() as session:
            report = import_csv(session, path, today=today_london())
    except ImportFailed as failure:
        print("Nothing was imported:", file=sys.stderr)
        for problem in failure.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for column in report.unknown_columns:
        print(
            f"Ignored the column {column!r}, which complaints-tui does not know.", file=sys.stderr
        )
    count = len(report.references)
    print(
        f"Imported {count} complaint{'s' if count != 1 else ''}: "
        f"{report.references[0]} to {report.references[-1]}."
    )
    return 0


def _export(arguments: argparse.Namespace) -> int:
    from store.calendar_cache import working_calendar
    from store.export import export_records, write_export

    store = _open(arguments)
    today = today_london()
    with store.connect() as db:
        calendar = working_calendar(db, load_settings(db), today)
        records = export_records(db, calendar, today)
    if arguments.out is None:
        write_export(records, sys.stdout, arguments.format)
        return 0
    out: Path = arguments.out
    partial = out.with_name(f".{out.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            write_export(records, handle, arguments.format)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    print(f"Exported {len(records)} complaints to {out}.", file=sys.stderr)
    return 0


def _demo(arguments: argparse.Namespace) -> int:
    count = arguments.complaints
    if not 1 <= count <= MAX_DEMO:
        raise CommandError(f"--complaints must be between 1 and {MAX_DEMO:,}.")
    from store.demo import make_demo
    from store.listing import count_rows

    store = _open(arguments)
    with store.connect() as db:
        if count_rows(db):
            raise CommandError(
                f"{store.path} already holds complaints; give --db a new file for the demo."
            )
    references = make_demo(store, count, today=today_london())
    print(f"Wrote {len(references)} demo complaints to {store.path}.")
    return 0


def _letter(arguments: argparse.Namespace) -> int:
    from letters.context import LetterRefused
    from letters.issue import issue_letter
    from letters.render import LetterFailed
    from letters.templates import TemplateProblem
    from store.calendar_cache import working_calendar
    from store.case import complaint_id_of

    store = _open(arguments)
    today = today_london()
    with store.connect() as db:
        settings = load_settings(db)
        calendar = working_calendar(db, settings, today)
    with store.session() as session:
        complaint_id = complaint_id_of(session, arguments.reference)
    try:
        issued = issue_letter(
            store,
            LetterKind(arguments.kind),
            complaint_id,
            settings,
            calendar,
            today,
            folder=arguments.out,
        )
    except (LetterRefused, LetterFailed) as error:
        raise CommandError(str(error)) from None
    except TemplateProblem as problem:
        raise CommandError(
            "the letter template cannot be used: " + " ".join(problem.problems)
        ) from None
    if issued.note is not None:
        print(issued.note, file=sys.stderr)
    print(issued.path)
    return 0


def _templates(arguments: argparse.Namespace) -> int:
    from letters.templates import TemplateProblem, check_folder, export_templates
    from store.paths import user_templates_dir

    if arguments.action == "export":
        try:
            written = export_templates(arguments.dir)
        except TemplateProblem as problem:
            raise CommandError(" ".join(problem.problems)) from None
        for path in written:
            print(path)
        return 0
    folder = arguments.dir or user_templates_dir()
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder.")
    results = check_folder(folder)
    if not results:
        print(f"{folder} holds no letter templates: the bundled ones are used.")
        return 0
    failed = False
    for name, problems in results.items():
        print(f"{name}: {'ok' if not problems else 'cannot be used'}")
        for line in problems:
            print(f"  {line}")
        failed = failed or bool(problems)
    return 1 if failed else 0


def _backup(arguments: argparse.Namespace) -> int:
    store = _open(arguments)
    copy = backup(store, arguments.dest)
    print(copy)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": _import,
    "export": _export,
    "demo": _demo,
    "backup": _backup,
    "letter": _letter,
    "templates": _templates,
}
