"""Nothing the product writes goes through a link planted where it writes: not at the temporary
names earlier versions used, not at the name of the file itself. Each command is run with a link
at every such name pointing at the case file, and the case file must come through untouched."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from letters.output import LetterFailed, libreoffice, to_pdf
from letters.render import letters_folder
from store.db import open_store
from store.paths import SCRATCH_SUFFIX, complaint_folder_name, new_file
from store.settings import load_settings, update_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def casefile(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "c.sqlite3"
    assert main(["demo", "--complaints", "12", "--db", str(path)]) == 0
    with open_store(path, create=False) as store, store.connect() as db:
        update_settings(
            db,
            landlord_name="Fellside Homes",
            officer_name="Priya Shah",
            letters_folder=str(tmp_path / "letters"),
        )
    return path


def plant(target: Path, victim: Path) -> list[Path]:
    """Links at every temporary name a write to `target` has used, and at `target` itself."""
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [
        target.with_name(f".{target.name}.partial"),
        target.with_name(f"{target.name}.partial"),
        target.with_name(f".{target.name}.restoring"),
    ]
    for name in names:
        name.symlink_to(victim)
    return names


def untouched(victim: Path, before: str, links: list[Path]) -> None:
    assert digest(victim) == before
    assert all(link.is_symlink() for link in links), "a planted link was replaced by a file"


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.mark.parametrize(
    ("command", "written"),
    [
        (["export", "--out", "{out}/complaints.csv"], "complaints.csv"),
        (["export", "--format", "json", "--out", "{out}/complaints.json"], "complaints.json"),
        (["backup", "{out}/copy.sqlite3"], "copy.sqlite3"),
        (
            ["report", "annual", "--year", "2025", "--out", "{out}"],
            "Annual complaints report 2025-26.docx",
        ),
        (
            ["report", "self-assessment", "--year", "2025", "--out", "{out}"],
            "Self-assessment 2025-26.csv",
        ),
        (["templates", "export", "{out}"], "acknowledgement.docx"),
    ],
    ids=["export-csv", "export-json", "backup", "annual", "self-assessment", "templates"],
)
def test_no_command_writes_through_a_link_at_a_temporary_name(
    casefile: Path, tmp_path: Path, command: list[str], written: str
) -> None:
    out = tmp_path / "out"
    links = plant(out / written, casefile)
    before = digest(casefile)
    argv = [part.replace("{out}", str(out)) for part in command]
    assert run("--db", str(casefile), *argv) == 0
    untouched(casefile, before, links)
    made = out / written
    assert made.is_file() and not made.is_symlink()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert not [
        path
        for path in out.iterdir()
        if path.name.endswith(SCRATCH_SUFFIX) and not path.is_symlink()
    ]


def test_a_default_backup_and_a_restore_write_through_no_link(
    casefile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("backup", "--db", str(casefile)) == 0
    copy = Path(capsys.readouterr().out.strip())
    victim = casefile.parent / "victim.sqlite3"
    victim.write_bytes(casefile.read_bytes())
    before = digest(victim)
    links = plant(casefile, victim)
    assert run("restore", str(copy), "--db", str(casefile)) == 0
    untouched(victim, before, links)
    assert stat.S_IMODE(casefile.stat().st_mode) == 0o600


def test_a_letter_never_writes_through_a_link_at_its_own_name(
    casefile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(casefile, create=False) as store, store.connect() as db:
        settings = load_settings(db)
        reference = db.execute(
            "SELECT reference FROM complaint c JOIN stage s ON s.complaint_id = c.id "
            "WHERE s.number = 1 AND s.acknowledged_on IS NOT NULL AND c.voided_on IS NULL "
            "ORDER BY c.id LIMIT 1"
        ).fetchone()[0]
    folder = letters_folder(settings) / complaint_folder_name(reference)
    # The letter's name is known in advance: a link waits there, and at its temporary names.
    assert run("letter", reference, "s1-ack", "--db", str(casefile)) == 0
    first = Path(capsys.readouterr().out.strip())
    first.unlink()
    victim = casefile.parent / "victim.txt"
    victim.write_text("anything a link could point at")
    before = digest(victim)
    second = first.with_name(f"{first.stem} (2){first.suffix}")
    links = [*plant(first, victim), *plant(second, victim), first]
    first.symlink_to(victim)
    assert run("letter", reference, "s1-ack", "--db", str(casefile)) == 0
    made = Path(capsys.readouterr().out.strip())
    untouched(victim, before, links)
    assert made.parent == folder and made != first and not made.is_symlink()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_a_pdf_is_never_written_through_a_link_nor_readable_by_others(
    casefile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letters" / "x" / "letter.docx"
    letter.parent.mkdir(parents=True)
    with open_store(casefile, create=False) as store, store.connect() as db:
        reference = db.execute("SELECT reference FROM complaint LIMIT 1").fetchone()[0]
    assert run("templates", "export", str(tmp_path / "t")) == 0
    capsys.readouterr()
    letter.write_bytes((tmp_path / "t" / "acknowledgement.docx").read_bytes())
    before = digest(casefile)
    pdf = letter.with_suffix(".pdf")
    links = plant(pdf, casefile)
    made = to_pdf(letter)
    untouched(casefile, before, links)
    assert made == pdf and not made.is_symlink()
    assert made.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert reference  # the case file was read, not written
    # A link at the PDF's own name, pointing where nothing is yet, is not followed either.
    made.unlink()
    elsewhere = tmp_path / "elsewhere.pdf"
    pdf.symlink_to(elsewhere)
    with pytest.raises(LetterFailed, match="already exists"):
        to_pdf(letter)
    assert not elsewhere.exists()


def test_a_write_that_fails_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out" / "half.csv"
    with pytest.raises(RuntimeError), new_file(target) as scratch:
        scratch.file.write(b"half a file")
        raise RuntimeError("the disk is full")
    assert list(target.parent.iterdir()) == []


def test_a_file_published_then_not_recorded_is_taken_back(tmp_path: Path) -> None:
    target = tmp_path / "letter.docx"
    with pytest.raises(RuntimeError), new_file(target, numbered=True) as scratch:
        scratch.file.write(b"a letter")
        assert scratch.publish() == target
        raise RuntimeError("the record could not be saved")
    assert list(tmp_path.iterdir()) == []


class FullDisk(io.RawIOBase):
    """A file on a disk that fills up after a few bytes."""

    def __init__(self, descriptor: int, room: int) -> None:
        self.descriptor, self.room = descriptor, room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return os.write(self.descriptor, data)

    def fileno(self) -> int:
        return self.descriptor

    def close(self) -> None:
        if not self.closed:
            os.close(self.descriptor)
        super().close()


@pytest.mark.parametrize(
    "command",
    [
        ["report", "annual", "--year", "2025", "--out", "{out}"],
        ["report", "self-assessment", "--year", "2025", "--out", "{out}"],
        ["report", "board", "--out", "{out}"],
        ["export", "--out", "{out}/complaints.csv"],
        ["backup", "{out}/copy.sqlite3"],
    ],
    ids=["annual", "self-assessment", "board", "export", "backup"],
)
def test_a_full_disk_leaves_no_half_a_document_and_one_sentence(
    casefile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = os.fdopen

    def filling(descriptor: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode:
            return io.BufferedWriter(FullDisk(descriptor, room=2_000))
        return real(descriptor, mode, *args, **kwargs)

    monkeypatch.setattr("store.paths.os.fdopen", filling)
    argv = [part.replace("{out}", str(out)) for part in command]
    if command[0] == "backup":
        # SQLite writes a backup itself: the disk fills as it does.
        connect = sqlite3.connect

        def filling_up(database: Any, *args: Any, **kwargs: Any) -> Any:
            if SCRATCH_SUFFIX in str(database):
                raise sqlite3.OperationalError("database or disk is full")
            return connect(database, *args, **kwargs)

        monkeypatch.setattr("store.safekeeping.sqlite3.connect", filling_up)
    assert run("--db", str(casefile), *argv) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "No space left on device" in err or "disk is full" in err, err
    assert "Traceback" not in err and "ZipFile" not in err
    assert list(out.iterdir()) == []
