"""What each headless command does. Only the desk, `import` and `demo` may make a new file;
the others refuse a file that does not exist rather than leave an empty one behind."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from store.casefile import CaseFile
from store.clock import today_london
from store.db import claim, open_store
from store.locking import held
from store.paths import resolve_db_path, write_private

if TYPE_CHECKING:
    from reports.source import Source
    from reports.year import ReportingYear

MAX_DEMO = 100_000


class CommandError(Exception):
    """A problem worth one line on stderr and a non-zero exit status."""


def _open(arguments: argparse.Namespace, *, create: bool = False) -> CaseFile:
    return CaseFile(open_store(resolve_db_path(arguments.db), create=create, check=True))


def start_desk(arguments: argparse.Namespace) -> int:
    from tui.app import run_desk  # Textual loads only for the desk itself.

    if arguments.demo:
        from store.demo import make_demo

        with tempfile.TemporaryDirectory(prefix="complaints-demo-") as folder:
            casefile = CaseFile(open_store(Path(folder) / "demo.sqlite3"))
            make_demo(casefile.store, 200, today=today_london())
            # The demo's letters go when the demo does.
            casefile.change_settings(letters_folder=str(Path(folder) / "Complaint letters"))
            with casefile:
                return run_desk(casefile, demo=True)
    path = resolve_db_path(arguments.db)
    claim(path, create=True)
    # Held until the desk closes, or its process ends however it ends: a restore refuses
    # while it is held, rather than replace the file beneath the desk.
    # The desk checks the file for damage after its first paint, not before.
    with (
        held(path, refusal=f"{path} is already open on another desk: use that one, or close it."),
        CaseFile(open_store(path)) as casefile,
    ):
        return run_desk(casefile)


def _import(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    from store.spreadsheet import ImportFailed
    from store.transfer import import_csv

    with _open(arguments, create=True) as casefile:
        try:
            report = casefile.run(
                import_csv,
                path,
                today=today_london(),
                allow_duplicates=arguments.allow_duplicates,
            )
        except ImportFailed as failure:
            print("Nothing was imported:", file=sys.stderr)
            for problem in failure.problems:
                print(f"  {problem}", file=sys.stderr)
            if failure.duplicates:
                them = "it" if failure.duplicates == 1 else "them"
                print(
                    f"If the repeated rows are meant, import {them} anyway with "
                    "--allow-duplicates.",
                    file=sys.stderr,
                )
            return 1
        for note in report.notes:
            print(note, file=sys.stderr)
        count = len(report.references)
        print(
            f"Imported {count} complaint{'s' if count != 1 else ''}: "
            f"{report.references[0]} to {report.references[-1]}."
        )
        return 0


def _export(arguments: argparse.Namespace) -> int:
    from store.export import export_records, write_export
    from store.safekeeping import refuse_to_overwrite

    with _open(arguments) as casefile:
        refuse_to_overwrite(casefile.path, arguments.out, "an export")
        if arguments.out is not None and arguments.out.exists() and not arguments.force:
            raise CommandError(f"{arguments.out} already exists: give --force to replace it.")
        today = today_london()
        calendar = casefile.calendar(casefile.settings(), today)
        records = casefile.read(export_records, calendar, today)
        if arguments.out is None:
            write_export(records, sys.stdout, arguments.format)
            return 0
        write_private(
            arguments.out,
            lambda handle: write_export(records, handle, arguments.format),
            replace=arguments.force,
        )
        print(f"Exported {len(records)} complaints to {arguments.out}.", file=sys.stderr)
        return 0


def _demo(arguments: argparse.Namespace) -> int:
    count = arguments.complaints
    if not 1 <= count <= MAX_DEMO:
        raise CommandError(f"--complaints must be between 1 and {MAX_DEMO:,}.")
    from store.demo import make_demo
    from store.listing import count_rows

    with _open(arguments, create=True) as casefile:
        if casefile.read(count_rows):
            raise CommandError(
                f"{casefile.path} already holds complaints; give --db a new file for the demo."
            )
        references = make_demo(casefile.store, count, today=today_london())
        print(f"Wrote {len(references)} demo complaints to {casefile.path}.")
        return 0


def _letter(arguments: argparse.Namespace) -> int:
    from letters.catalogue import LetterKind
    from letters.context import LetterRefused
    from letters.document import TemplateProblem
    from letters.issue import issue_letter
    from letters.output import LetterFailed
    from store.case import complaint_id_of
    from store.safekeeping import refuse_to_overwrite

    with _open(arguments) as casefile:
        refuse_to_overwrite(casefile.path, arguments.out, "a letter")
        today = today_london()
        settings = casefile.settings()
        calendar = casefile.calendar(settings, today)
        complaint_id = casefile.run(complaint_id_of, arguments.reference)
        try:
            issued = casefile.run(
                issue_letter,
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
    from letters.document import TemplateProblem
    from letters.templates import check_folder, export_templates
    from reports.document import TEMPLATE_NAME, check_report_template
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
    if not folder.exists():
        raise CommandError(
            f"{folder} does not exist: `complaints-tui templates export {folder}` makes it, "
            "with the bundled templates to edit."
        )
    if not folder.is_dir():
        raise CommandError(f"{folder} is a file, not a folder: give the folder of templates.")
    results = check_folder(folder, {TEMPLATE_NAME: check_report_template})
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
    from store.safekeeping import backup

    with _open(arguments) as casefile:
        print(backup(casefile.path, arguments.dest))
        return 0


def _check(arguments: argparse.Namespace) -> int:
    from store.safekeeping import check_file

    path = resolve_db_path(arguments.db)
    claim(path, create=False)
    verdict = check_file(path)
    print(verdict.sentence(path), file=sys.stdout if verdict.sound else sys.stderr)
    return 0 if verdict.sound else 1


def _restore(arguments: argparse.Namespace) -> int:
    from store.safekeeping import restore

    path = resolve_db_path(arguments.db)
    kept = restore(path, arguments.backup)
    if kept is not None:
        print(f"The file it replaced is kept as {kept}.", file=sys.stderr)
    # Opening it once proves the restored file is one this version can use.
    open_store(path, create=False, check=True).close()
    print(f"Restored {path} from {arguments.backup}.")
    return 0


def _report(arguments: argparse.Namespace) -> int:
    from reports.document import ReportFailed
    from reports.source import read_source
    from reports.year import last_full_quarter

    today = today_london()
    with _open(arguments) as casefile:
        source = casefile.read(read_source, today)
        answers = None
        if arguments.report == "self-assessment":
            from store.assessment import load_answers

            answers = casefile.read(load_answers, _year(arguments, today).start.year)
    try:
        if arguments.report == "tsm":
            return _tsm(arguments, source, _year(arguments, today))
        if arguments.report == "board":
            from reports.board import board_pack
            from reports.year import Period

            quarter = last_full_quarter(today)
            period = Period(arguments.start or quarter.start, arguments.end or quarter.end)
            if period.end < period.start:
                raise CommandError("--to is before --from.")
            print(board_pack(source, period, arguments.out))
            return 0
        year = _year(arguments, today)
        if arguments.report == "annual":
            from reports.annual import annual_report

            print(annual_report(source, year, arguments.out))
            return 0
        from reports.self_assessment import self_assessment

        assert answers is not None
        docx, sheet, flagged = self_assessment(source, year, answers, arguments.out)
        print(docx)
        print(sheet)
        if flagged:
            print(f"Answered No with no action and date: {', '.join(flagged)}.", file=sys.stderr)
        return 0
    except ReportFailed as failure:
        raise CommandError(str(failure)) from None


def _year(arguments: argparse.Namespace, today: date) -> ReportingYear:
    from reports.year import ReportingYear

    if arguments.year is not None:
        return ReportingYear.of(arguments.year)
    return ReportingYear.last_ended(today)


def _tsm(arguments: argparse.Namespace, source: Source, year: ReportingYear) -> int:
    import json

    from reports.tsm import measure

    measures = measure(source.rows, source.settings, source.calendar, year)
    if arguments.format == "json":
        print(json.dumps(measures.to_json(), indent=2))
    elif arguments.format == "csv":
        print(measures.to_csv(), end="")
    else:
        print(measures.to_text(), end="")
    return 0


def _settings(arguments: argparse.Namespace) -> int:
    from store.setting_values import parse_setting, shown
    from store.settings import KNOWN, Settings

    with _open(arguments) as casefile:
        if arguments.action == "set":
            value = parse_setting(arguments.key, arguments.value)
            settings = casefile.change_settings(**{arguments.key: value})
            names = [arguments.key]
        else:
            settings = casefile.settings()
            names = [name for name in Settings.__dataclass_fields__ if name in KNOWN]
    width = max(map(len, names))
    for name in names:
        first, *rest = shown(name, getattr(settings, name))
        print(f"{name:<{width}}  {first}".rstrip())
        for line in rest:
            print(f"{'':<{width}}  {line}")
    for problem in settings.unusable:
        print(f"{problem} The default is used until it is set again.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": _import,
    "export": _export,
    "demo": _demo,
    "backup": _backup,
    "letter": _letter,
    "templates": _templates,
    "check": _check,
    "restore": _restore,
    "settings": _settings,
    "report": _report,
}
