"""The `complaints-tui` command: the desk by default, and headless commands for the rest.

`--db` means the same wherever it stands, before the command or after it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from cli.commands import COMMANDS, MAX_DEMO, CommandError, start_desk
from letters.catalogue import LetterKind
from store.db import describe_database_error
from store.errors import StoreError
from store.formats import parse_date
from store.settings import SettingsError

DB_HELP = "the complaints file (default: $COMPLAINTS_TUI_DB, else the user's data folder)"
YEAR_HELP = "the reporting year starting 1 April YEAR (default: the last to have ended)"


def _day(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


Command = Callable[[str, str], argparse.ArgumentParser]


def _parser() -> argparse.ArgumentParser:
    # After the command, --db must not reset what was given before it: SUPPRESS leaves it alone.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    parser = argparse.ArgumentParser(
        prog="complaints-tui",
        description="The complaints desk of a social landlord, under the Housing Ombudsman's "
        "Complaint Handling Code.",
    )
    parser.add_argument("--db", metavar="PATH", help=DB_HELP)
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway demo file, to try the desk"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[after], help=help, description=help)

    _complaints(command)
    _the_file(command)
    _reports(command("report", "the year's figures and documents"), after)
    _settings(command("settings", "print every setting, or set one"), after)
    return parser


def _complaints(command: Command) -> None:
    """Complaints in and out: import, export, a demo, a letter, the letters' templates."""
    imported = command("import", "import complaints from a spreadsheet tracker (CSV)")
    imported.add_argument("file", type=Path, metavar="FILE.csv")
    imported.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="import rows that repeat a complaint already in the file, or another row "
        "(the same resident, date received and description)",
    )
    exported = command("export", "export every complaint with its deadlines")
    exported.add_argument("--format", choices=("csv", "json"), default="csv")
    exported.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    exported.add_argument("--force", action="store_true", help="replace FILE if it exists")
    demo = command("demo", "fill an empty file with realistic demo complaints")
    demo.add_argument(
        "--complaints",
        type=int,
        default=200,
        metavar="N",
        help=f"how many (up to {MAX_DEMO:,}; default 200)",
    )
    letter = command("letter", "make one letter")
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
    templates = command("templates", "the landlord's own letter templates")
    actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    copied = actions.add_parser("export", help="copy the default templates to edit")
    copied.add_argument("dir", type=Path, metavar="DIR")
    checked = actions.add_parser("check", help="check templates before they are used")
    checked.add_argument(
        "dir", type=Path, metavar="DIR", nargs="?", help="default: the user templates folder"
    )


def _the_file(command: Command) -> None:
    """Keeping the file safe: backup, check, restore."""
    backed = command("backup", "take a consistent copy of the file, even while in use")
    backed.add_argument(
        "dest",
        nargs="?",
        type=Path,
        metavar="DEST",
        help="a file or folder (default: the backups folder beside the file)",
    )
    command("check", "check the file for damage, with a one-line verdict")
    restored = command("restore", "put a backup in place of the file (the file is kept)")
    restored.add_argument("backup", type=Path, metavar="BACKUP")


def _reports(report: argparse.ArgumentParser, after: argparse.ArgumentParser) -> None:
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    tsm = kinds.add_parser(
        "tsm", parents=[after], help="the Tenant Satisfaction Measures on complaints (CH01, CH02)"
    )
    tsm.add_argument("--year", type=int, metavar="YEAR", help=YEAR_HELP)
    tsm.add_argument("--format", choices=("text", "json", "csv"), default="text")
    for name, help in (
        ("annual", "the annual complaints performance and service improvement report (8.1)"),
        ("self-assessment", "the self-assessment against the Code, as DOCX and CSV"),
    ):
        made = kinds.add_parser(name, parents=[after], help=help)
        made.add_argument("--year", type=int, metavar="YEAR", help=YEAR_HELP)
        made.add_argument("--out", type=Path, metavar="DIR", required=True)
    board = kinds.add_parser(
        "board", parents=[after], help="the governing body's pack for a period (9.7)"
    )
    board.add_argument("--from", dest="start", type=_day, metavar="DATE")
    board.add_argument("--to", dest="end", type=_day, metavar="DATE")
    board.add_argument("--out", type=Path, metavar="DIR", required=True)


def _settings(settings: argparse.ArgumentParser, after: argparse.ArgumentParser) -> None:
    settings.set_defaults(action="print")
    changes = settings.add_subparsers(dest="action", metavar="ACTION")
    changed = changes.add_parser(
        "set",
        parents=[after],
        help="set one: whole numbers, yes or no, lists and dates separated by ';'",
    )
    changed.add_argument("key", metavar="KEY")
    changed.add_argument("value", metavar="VALUE")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command is None:
            return start_desk(arguments)
        return COMMANDS[arguments.command](arguments)
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
