"""The case file is never misdirected, poisoned or lost: the commands, damaged files, restores,
atomic schema changes, private files and the export's cells."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from store import schema
from store.db import open_store
from store.errors import StoreError
from store.safekeeping import KEEP_BACKUPS, backup, prune_backups
from store.settings import update_settings
from tests.factories import logged

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
TRACKER = (
    "resident_name,received,description,stage1_acknowledged,stage1_understanding,"
    "stage1_outcomes_sought\n"
    "Ann Example,2026-11-02,The tap leaks.,2026-11-03,You say the tap leaks.,A repair.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def name_the_landlord(path: Path) -> None:
    with open_store(path, create=False).connect() as db:
        update_settings(db, landlord_name="Fellside Homes", officer_name="Priya Shah")


def complaints_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM complaint").fetchone()[0])


@pytest.fixture
def filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "files" / "c.sqlite3"
    assert run(capsys, "demo", "--complaints", "30", "--db", str(path))[0] == 0
    return path


@pytest.mark.parametrize("before", [True, False], ids=["db-first", "db-last"])
def test_db_means_the_same_before_or_after_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    database = tmp_path / "chosen" / "c.sqlite3"
    tracker = tmp_path / "t.csv"
    tracker.write_text(TRACKER)
    out_file = tmp_path / "out.csv"

    def command(*argv: str) -> tuple[int, str, str]:
        where = ("--db", str(database))
        return run(capsys, *(where + argv if before else argv + where))

    assert command("import", str(tracker))[0] == 0
    assert complaints_in(database) == 1
    name_the_landlord(database)
    status, _, err = command("demo", "--complaints", "5")
    assert status == 1 and str(database) in err  # it found the chosen file, already filled
    assert command("export", "--out", str(out_file))[0] == 0
    assert "Ann Example" in out_file.read_text()
    status, out, _ = command("backup")
    assert status == 0 and Path(out.strip()).parent == database.parent / "backups"
    letters = tmp_path / "letters"
    status, out, err = command("letter", "C-2026-0001", "s1-ack", "--out", str(letters))
    assert status == 0, err
    assert Path(out.strip()).is_relative_to(letters)
    status, out, _ = command("check")
    assert status == 0 and "is sound: 1 complaint" in out
    status, _, _ = command("restore", out_file.parent.joinpath("nothing.sqlite3").as_posix())
    assert status == 1
    # Nothing went to the file in the data folder.
    default = Path(os.environ["XDG_DATA_HOME"]) / "complaints-tui" / "complaints.sqlite3"
    assert not default.exists()


@pytest.mark.parametrize(
    "command", [["export"], ["backup"], ["check"], ["letter", "X-1", "s1-ack"]]
)
def test_a_mistyped_db_makes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "typo" / "complants.sqlite3"
    status, _, err = run(capsys, *command, "--db", str(missing))
    assert status == 1 and "does not exist" in err
    assert not missing.parent.exists()


@pytest.mark.parametrize("command", [["export"], ["backup"], ["check"], ["import", "t.csv"]])
def test_a_file_that_is_not_ours_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    (tmp_path / "t.csv").write_text(TRACKER)
    other = tmp_path / "notes.txt"
    other.write_text("my notes " * 50)
    other.chmod(0o644)
    before = (other.read_bytes(), other.stat().st_mode, other.stat().st_mtime_ns)
    argv = [str(tmp_path / part) if part.endswith(".csv") else part for part in command]
    status, _, err = run(capsys, *argv, "--db", str(other))
    assert status == 1 and "not" in err and "Traceback" not in err
    assert (other.read_bytes(), other.stat().st_mode, other.stat().st_mtime_ns) == before


def test_an_empty_file_is_only_made_a_complaints_file_by_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert run(capsys, "export", "--db", str(empty))[0] == 1
    assert empty.stat().st_size == 0
    (tmp_path / "t.csv").write_text(TRACKER)
    assert run(capsys, "import", str(tmp_path / "t.csv"), "--db", str(empty))[0] == 0
    assert complaints_in(empty) == 1


def test_nothing_is_written_over_the_open_file(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _dump(filled)
    for target in (filled, Path(f"{filled}-wal"), Path(f"{filled}-shm")):
        for command in (
            ["export", "--out", str(target), "--force"],
            ["backup", str(target)],
            ["letter", "C-2026-0001", "s1-ack", "--out", str(target)],
        ):
            status, _, err = run(capsys, *command, "--db", str(filled))
            assert status == 1 and "is the complaints file itself" in err, (command, err)
    assert _dump(filled) == before
    assert complaints_in(filled) == 30


def test_an_export_never_replaces_a_file_unless_told(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    out.write_text("keep me")
    status, _, err = run(capsys, "export", "--out", str(out), "--db", str(filled))
    assert status == 1 and "--force" in err and out.read_text() == "keep me"
    assert run(capsys, "export", "--out", str(out), "--force", "--db", str(filled))[0] == 0
    assert out.read_text().startswith("reference,")
    assert not list(tmp_path.glob(".report.csv*"))


@POSIX
def test_everything_written_is_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "new" / "deeper" / "c.sqlite3"
    (tmp_path / "t.csv").write_text(TRACKER)
    assert run(capsys, "import", str(tmp_path / "t.csv"), "--db", str(database))[0] == 0
    name_the_landlord(database)
    exported = tmp_path / "out" / "all.csv"
    assert run(capsys, "export", "--out", str(exported), "--db", str(database))[0] == 0
    letters = tmp_path / "letters" / "folder"
    status, out, _ = run(
        capsys, "letter", "C-2026-0001", "s1-ack", "--out", str(letters), "--db", str(database)
    )
    assert status == 0
    status, copy, _ = run(capsys, "backup", "--db", str(database))
    files = [database, exported, Path(out.strip()), Path(copy.strip())]
    folders = [
        database.parent,
        database.parent.parent,
        exported.parent,
        letters,
        letters.parent,
        Path(out.strip()).parent,
        Path(copy.strip()).parent,
    ]
    assert {path: oct(path.stat().st_mode & 0o777) for path in files} == {
        path: "0o600" for path in files
    }
    assert {path: oct(path.stat().st_mode & 0o777) for path in folders} == {
        path: "0o700" for path in folders
    }


def test_the_export_never_runs_a_formula_and_imports_back_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "c.sqlite3"
    tracker = tmp_path / "t.csv"
    with tracker.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["resident_name", "received", "description", "category"])
        writer.writerow(['=HYPERLINK("http://x")', "2026-11-02", "+44 7700 900123", "@SUM(A1)"])
        writer.writerow(["-Bob", "2026-11-03", "\tTabbed", "Repairs"])
    assert run(capsys, "import", str(tracker), "--db", str(database))[0] == 0
    exported = tmp_path / "out.csv"
    assert run(capsys, "export", "--out", str(exported), "--db", str(database))[0] == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert [row["resident_name"] for row in rows] == ['\'=HYPERLINK("http://x")', "'-Bob"]
    assert rows[0]["description"] == "'+44 7700 900123" and rows[0]["category"] == "'@SUM(A1)"
    assert rows[1]["description"] == "'\tTabbed" or rows[1]["description"] == "Tabbed"
    again = tmp_path / "again.sqlite3"
    assert run(capsys, "import", str(exported), "--db", str(again))[0] == 0
    second = tmp_path / "second.csv"
    assert run(capsys, "export", "--out", str(second), "--db", str(again))[0] == 0
    assert second.read_text() == exported.read_text()


def test_a_damaged_file_is_named_and_a_backup_restores_it(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, good, _ = run(capsys, "backup", "--db", str(filled))
    good_copy = Path(good.strip())
    with sqlite3.connect(filled) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        # A page of the complaints themselves: no check may miss its loss.
        page = connection.execute(
            "SELECT max(pageno) FROM dbstat WHERE name = 'complaint'"
        ).fetchone()[0]
    connection.close()
    with filled.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(os.urandom(page_size))
    for command in (["check"], ["export"], ["backup"], ["import", str(filled)]):
        status, _, err = run(capsys, *command, "--db", str(filled))
        assert status == 1, command
        assert "is damaged" in err and "complaints-tui restore" in err, (command, err)
        assert "malformed" not in err
    status, out, err = run(capsys, "restore", str(good_copy), "--db", str(filled))
    assert status == 0, err
    assert "The file it replaced is kept as" in err
    kept = Path(err.split("kept as ", 1)[1].strip().rstrip("."))
    assert kept.exists() and kept != good_copy
    status, out, _ = run(capsys, "check", "--db", str(filled))
    assert status == 0 and "is sound: 30 complaints" in out


def test_a_restore_is_refused_while_another_program_has_the_file(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = backup(filled, tmp_path / "copy.sqlite3")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('PRAGMA journal_mode=WAL'); c.execute('SELECT 1 FROM complaint').fetchall();"
            " print('open', flush=True); time.sleep(60)",
            str(filled),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        status, _, err = run(capsys, "restore", str(copy), "--db", str(filled))
        assert status == 1 and "open in another program" in err
    finally:
        holder.kill()
        holder.wait()
    assert run(capsys, "restore", str(copy), "--db", str(filled))[0] == 0


def test_a_restore_leaves_no_journal_of_later_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "c.sqlite3"
    store = open_store(database)
    with store.session() as session:
        logged(session)
    store.close()
    copy = backup(database, tmp_path / "copy.sqlite3")
    # An edit after the backup, left in the write-ahead log by a program that was killed.
    holder = sqlite3.connect(database)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("UPDATE resident SET name = 'Edited After'")
    holder.commit()
    wal = database.with_name(database.name + "-wal")
    log = wal.read_bytes()
    # A clean close folds the log in and removes it: put it back, as a kill leaves it.
    holder.close()
    with sqlite3.connect(copy) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    database.write_bytes(copy.read_bytes())
    wal.write_bytes(log)
    status, _, err = run(capsys, "restore", str(copy), "--db", str(database))
    assert status == 0, err
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT name FROM resident").fetchall() == [("Ann Example",)]


def test_a_damaged_backup_is_not_restored(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(filled.read_bytes())
    with bad.open("r+b") as handle:
        handle.seek(bad.stat().st_size // 2)
        handle.write(os.urandom(8192))
    before = filled.read_bytes()
    status, _, err = run(capsys, "restore", str(bad), "--db", str(filled))
    assert status == 1 and "cannot be restored" in err
    assert filled.read_bytes() == before


def test_creating_a_file_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    statements = _count_statements(monkeypatch, lambda: open_store(tmp_path / "count.sqlite3"))
    assert statements > 20
    for failing_at in range(statements):
        path = tmp_path / f"c{failing_at}.sqlite3"
        _fail_at(monkeypatch, failing_at)
        with pytest.raises((KeyboardInterrupt, StoreError)):
            open_store(path)
        monkeypatch.undo()
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == 0
            assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        open_store(path).close()  # a second try makes the whole file
        assert complaints_in(path) == 0


FIRST_SCHEMA = Path(__file__).parent / "data" / "schema_v1.sql"


def test_an_upgrade_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill at any statement leaves the file wholly at one version, the one before the step
    that was running; the next open finishes the upgrade, to the same file a clean one makes."""

    def old_file(name: str) -> Path:
        path = tmp_path / name
        with sqlite3.connect(path) as connection:
            connection.executescript(FIRST_SCHEMA.read_text())
        return path

    clean = old_file("clean.sqlite3")
    statements = _count_statements(monkeypatch, lambda: open_store(clean).close())
    assert statements > 20
    upgraded = _dump(clean)
    for failing_at in range(statements):
        path = old_file(f"old{failing_at}.sqlite3")
        before = _dump(path)
        _fail_at(monkeypatch, failing_at)
        with pytest.raises((KeyboardInterrupt, StoreError)):
            open_store(path)
        monkeypatch.undo()
        with sqlite3.connect(path) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        assert version < schema.SCHEMA_VERSION, failing_at
        if version == 1:
            assert _dump(path) == before, failing_at
        open_store(path).close()  # the next open upgrades it whole
        assert _dump(path) == upgraded, failing_at


def _count_statements(monkeypatch: pytest.MonkeyPatch, work: object) -> int:
    real = schema.execute
    count = [0]

    def counting(connection: sqlite3.Connection, sql: str, parameters: object = ()) -> list[object]:
        count[0] += 1
        return real(connection, sql, parameters)  # type: ignore[arg-type]

    monkeypatch.setattr(schema, "execute", counting)
    work()  # type: ignore[operator]
    monkeypatch.undo()
    return count[0]


def _fail_at(monkeypatch: pytest.MonkeyPatch, failing_at: int) -> None:
    """Stop the process, as a kill would, at the given statement of a schema change."""
    real = schema.execute
    count = [0]

    def failing(connection: sqlite3.Connection, sql: str, parameters: object = ()) -> list[object]:
        count[0] += 1
        if count[0] > failing_at:
            raise KeyboardInterrupt(f"killed at statement {failing_at}")
        return real(connection, sql, parameters)  # type: ignore[arg-type]

    monkeypatch.setattr(schema, "execute", failing)


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_the_last_backup_before_an_upgrade_is_never_pruned(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "c-20260101T000000000000Z-before-migration-v1.sqlite3").write_text("x")
    for day in range(1, KEEP_BACKUPS + 5):
        (folder / f"c-202602{day:02d}T000000000000Z-backup.sqlite3").write_text("x")
    prune_backups(folder, "c")
    left = sorted(path.name for path in folder.iterdir())
    assert "c-20260101T000000000000Z-before-migration-v1.sqlite3" in left
    assert len(left) == KEEP_BACKUPS + 1


def test_backing_up_a_file_never_prunes_another_files_backups(tmp_path: Path) -> None:
    """This year's file and last year's share a backups folder, and the names of last year's
    backups begin with this year's name and a dash too."""
    short, longer = tmp_path / "complaints.sqlite3", tmp_path / "complaints-2025.sqlite3"
    open_store(short).close()
    open_store(longer).close()
    theirs = [backup(longer) for _ in range(3)]
    ours = [backup(short) for _ in range(KEEP_BACKUPS + 2)]
    assert all(copy.exists() for copy in theirs)
    assert sorted(path.name for path in (tmp_path / "backups").glob("*.sqlite3")) == sorted(
        copy.name for copy in theirs + ours[-KEEP_BACKUPS:]
    )


def test_two_imports_at_once_both_land_or_one_says_busy(tmp_path: Path) -> None:
    database = tmp_path / "c.sqlite3"
    open_store(database).close()
    trackers = []
    for index in range(2):
        tracker = tmp_path / f"t{index}.csv"
        rows = "".join(f"Resident {index}-{n},2026-11-02,Leak {n}\n" for n in range(2000))
        tracker.write_text("resident_name,received,description\n" + rows)
        trackers.append(tracker)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cli", "import", str(tracker), "--db", str(database)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tracker in trackers
    ]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in runs]  # type: ignore[union-attr]
    for status, err in results:
        assert "Traceback" not in err and "UNIQUE" not in err, err
        assert status == 0 or "locked by another program" in err, err
    landed = sum(status == 0 for status, _ in results)
    assert landed >= 1 and complaints_in(database) == 2000 * landed
    with sqlite3.connect(database) as connection:
        references = [row[0] for row in connection.execute("SELECT reference FROM complaint")]
    assert len(set(references)) == len(references)


@pytest.mark.parametrize(
    ("reference", "accepted"),
    [
        ("HSG/2026/001", True),
        ("C 12.3-a", True),
        ("../../x", False),
        ("a\nb", False),
        (".hidden", False),
    ],
)
def test_references_never_become_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str, accepted: bool
) -> None:
    database = tmp_path / "c.sqlite3"
    tracker = tmp_path / "t.csv"
    with tracker.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", *TRACKER.split("\n")[0].split(",")])
        writer.writerow([reference, *TRACKER.split("\n")[1].split(",")])
    status, _, err = run(capsys, "import", str(tracker), "--db", str(database))
    if not accepted:
        assert status == 1 and "Row 2, reference:" in err
        return
    assert status == 0, err
    name_the_landlord(database)
    letters = tmp_path / "letters"
    status, out, err = run(
        capsys, "letter", reference, "s1-ack", "--out", str(letters), "--db", str(database)
    )
    assert status == 0, err
    made = Path(out.strip())
    assert made.parent.parent == letters and "/" not in made.parent.name


def test_a_bad_row_already_in_the_file_is_shown_flagged(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(filled) as connection:
        first = connection.execute("SELECT id, reference FROM complaint ORDER BY id").fetchone()
        connection.execute(
            "INSERT INTO stageextension (complaint_id, stage, working_days, reason, good_reason) "
            "VALUES (?, 1, 5000000, 'typo', 'typo')",
            (first[0],),
        )
    out = tmp_path / "out.json"
    status, _, err = run(
        capsys, "export", "--format", "json", "--out", str(out), "--db", str(filled)
    )
    assert status == 0, err
    records = {record["reference"]: record for record in json.loads(out.read_text())}
    assert len(records) == 30
    assert records[first[1]]["next_step"].startswith("cannot be worked out")
    from store.agenda import Urgency, desk_entries
    from store.calendar_cache import working_calendar
    from store.listing import load_rows
    from store.settings import load_settings

    store = open_store(filled)
    with store.connect() as db:
        rows = load_rows(db)
        entries = desk_entries(
            rows, working_calendar(db, load_settings(db), date(2026, 11, 25)), date(2026, 11, 25), 3
        )
    assert entries[0].reference == first[1] and entries[0].urgency is Urgency.CHECK
    assert entries[0].step.startswith("Needs checking")
    assert len(entries) == 30
