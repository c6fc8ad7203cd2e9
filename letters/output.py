"""A letter made: opened in the desktop's program for it, or turned into a PDF by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from store.paths import new_file

PDF_TIMEOUT_SECONDS = 120


class LetterFailed(RuntimeError):
    """The letter could not be written, opened or converted; the message says why."""


def open_in_default_app(path: Path) -> None:
    """Hand the file to the desktop's default application, without waiting for it."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise LetterFailed(f"No program to open {path.name} with: open it from {path.parent}.")
    subprocess.Popen(
        [opener, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(path: Path) -> Path:
    """A PDF beside the letter, made by LibreOffice with a profile of its own.

    LibreOffice writes into a private scratch folder, never beside the letter: it would follow a
    link planted at the PDF's name, and leave the PDF readable by anyone for a moment."""
    program = libreoffice()
    if program is None:
        raise LetterFailed("LibreOffice is not installed, so no PDF can be made.")
    pdf = path.with_suffix(".pdf")
    if os.path.lexists(pdf):
        raise LetterFailed(f"{pdf.name} already exists.")
    with (
        tempfile.TemporaryDirectory(prefix="complaints-lo-") as profile,
        tempfile.TemporaryDirectory(prefix="complaints-pdf-") as out,
    ):
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    out,
                    str(path),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=PDF_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise LetterFailed(
                f"LibreOffice took more than {PDF_TIMEOUT_SECONDS} seconds and was stopped."
            ) from None
        made = Path(out) / pdf.name
        # LibreOffice can finish without error and without a PDF: look for the file itself.
        if not made.is_file() or made.stat().st_size == 0:
            raise LetterFailed(f"LibreOffice did not make a PDF of {path.name}.")
        try:
            with new_file(pdf) as scratch, made.open("rb") as source:
                shutil.copyfileobj(source, scratch.file)
        except OSError as error:
            raise LetterFailed(
                f"The PDF could not be saved in {pdf.parent}: {error.strerror or error}."
            ) from None
    return pdf
