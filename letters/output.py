"""A letter made: opened in the desktop's program for it, or turned into a PDF by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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
    """A PDF beside the letter, made by LibreOffice with a profile of its own."""
    program = libreoffice()
    if program is None:
        raise LetterFailed("LibreOffice is not installed, so no PDF can be made.")
    pdf = path.with_suffix(".pdf")
    if pdf.exists():
        raise LetterFailed(f"{pdf.name} already exists.")
    with tempfile.TemporaryDirectory(prefix="complaints-lo-") as profile:
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(path.parent),
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
    # LibreOffice can finish without error and without a PDF: look for the file itself.
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise LetterFailed(f"LibreOffice did not make a PDF of {path.name}.")
    pdf.chmod(0o600)
    return pdf
