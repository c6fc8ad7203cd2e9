"""Every setting is held to one rule, with one sentence for it on the desk and on the command
line; a mistyped or impossible value is refused, never kept quietly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cli.main import main
from store.db import open_store
from store.setting_values import parse_setting
from store.settings import Settings, SettingsError, load_settings
from tests.pilot import desk, fill
from tui.dialogs.settings import SettingsDialog


@pytest.fixture
def casefile(tmp_path: Path) -> Path:
    path = tmp_path / "c.sqlite3"
    open_store(path).close()
    return path


def set_(capsys: pytest.CaptureFixture[str], casefile: Path, key: str, value: str) -> str:
    """Set one setting on the command line; what it says on stderr when refused."""
    status = main(["settings", "set", key, value, "--db", str(casefile)])
    err = capsys.readouterr().err
    assert (status == 0) == (err == ""), err
    return err.removeprefix("complaints-tui: ").strip()


@pytest.mark.parametrize(
    ("key", "typed", "says"),
    [
        ("homes_rented", "²", "Homes rented: '²' is not a whole number: write it in figures"),
        ("homes_rented", "٣", "Homes rented: '٣' is not a whole number: write it in figures"),
        ("homes_rented", "9" * 40, "Homes rented: '9999"),
        ("homes_rented", "2000000", "Homes rented: give a whole number from 0 to 1,000,000."),
        ("due_soon_days", "61", "Due soon days: give a whole number from 0 to 60."),
        ("closure_days", "1800-12-25", "Closure days: 25 December 1800 is not a day the office"),
        ("closure_days", "9999-12-31", "Closure days: 31 December 9999 is not a day the office"),
        ("closure_days", "2026-12-29; 30/13/2026", "Closure days: \nLine 2: '30/13/2026' is not"),
        ("categories", "", "Categories: give at least one category"),
        ("categories", " ; ; ", "Categories: give at least one category"),
        ("categories", "Repairs; repairs", "Categories: 'repairs' is given twice."),
        ("letters_folder", "letters", "Letters folder: 'letters' is not a whole path"),
        ("letters_folder", "/", "Letters folder: '/' is the top of the disk"),
        ("landlord_name", "x" * 300, "Landlord name: it is 300 characters long: at most 200"),
        ("landlord_name", "Fell\ufffeside", "Landlord name: it holds U+FFFE, which is not a char"),
        ("officer_name", "Pri\x07ya", "Officer name: it holds a control code (U+0007)"),
        ("region", "Mars", "Region: the region must be one of ENG, WLS, SCT, NIR."),
        ("setup_done", "maybe", "Setup done: give yes or no."),
    ],
)
def test_a_value_that_will_not_do_is_refused_with_one_sentence(
    capsys: pytest.CaptureFixture[str], casefile: Path, key: str, typed: str, says: str
) -> None:
    with open_store(casefile, create=False) as store, store.connect() as db:
        before = load_settings(db)
    err = set_(capsys, casefile, key, typed)
    assert err.startswith(says), err
    with pytest.raises(SettingsError) as refused:
        parse_setting(key, typed)
    assert refused.value.message == err
    with open_store(casefile, create=False) as store, store.connect() as db:
        assert load_settings(db) == before


@pytest.mark.parametrize(
    ("key", "typed", "kept"),
    [
        ("homes_rented", "1,200", 1200),
        ("homes_rented", " 480 ", 480),
        ("region", "wls", "WLS"),
        ("landlord_address", "1 Fell Road;Kendal;LA9 4PX", "1 Fell Road\nKendal\nLA9 4PX"),
        ("landlord_address", "1 Fell Road\\nKendal", "1 Fell Road\nKendal"),
        ("categories", "Repairs; Damp and mould", ("Repairs", "Damp and mould")),
        ("letters_folder", "~/Letters", "~/Letters"),
    ],
)
def test_a_good_value_is_kept_as_meant(
    capsys: pytest.CaptureFixture[str], casefile: Path, key: str, typed: str, kept: object
) -> None:
    assert set_(capsys, casefile, key, typed) == ""
    with open_store(casefile, create=False) as store, store.connect() as db:
        assert getattr(load_settings(db), key) == kept


def test_lists_and_the_address_print_one_item_a_line(
    capsys: pytest.CaptureFixture[str], casefile: Path
) -> None:
    set_(capsys, casefile, "landlord_address", "1 Fell Road;Kendal;LA9 4PX")
    set_(capsys, casefile, "categories", "Repairs;Damp and mould")
    assert main(["settings", "--db", str(casefile)]) == 0
    out = capsys.readouterr().out.splitlines()
    width = len("ombudsman_how_to_complain")
    at = out.index(f"{'landlord_address':<{width}}  1 Fell Road")
    assert out[at + 1 : at + 3] == [f"{'':<{width}}  Kendal", f"{'':<{width}}  LA9 4PX"]
    at = out.index(f"{'categories':<{width}}  Repairs")
    assert out[at + 1] == f"{'':<{width}}  Damp and mould"
    assert not any(";" in line for line in out if "Fell Road" in line)


def test_every_setting_is_checked_however_it_arrives() -> None:
    with pytest.raises(SettingsError, match="Homes: give a whole number from 0 to 1,000,000"):
        Settings(homes=10**40)
    with pytest.raises(SettingsError, match="Categories: give at least one category"):
        Settings().replace(categories=())


def test_a_value_the_file_kept_from_before_is_set_aside_with_why(
    capsys: pytest.CaptureFixture[str], casefile: Path
) -> None:
    with sqlite3.connect(casefile) as db:
        db.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES ('letters_folder', ?)",
            (json.dumps("rel"),),
        )
    assert main(["settings", "--db", str(casefile)]) == 0
    out, err = capsys.readouterr()
    assert "Letters folder: 'rel' is not a whole path" in err
    assert "The default is used until it is set again." in err
    assert "letters_folder" in out


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "--db is empty: give the path of a complaints file"),
        ("   ", "--db is empty: give the path of a complaints file"),
        ("postgresql://host/db", "--db gives a postgresql:// address, which is an address, not"),
        ("postgres://u:secret@host:5432/db", "is an address, not a file"),
    ],
)
@pytest.mark.parametrize("command", [["export"], ["check"], ["settings"], ["backup"]])
def test_a_db_that_is_not_a_path_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
    says: str,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--db", given]) == 1
    err = capsys.readouterr().err
    assert says in err
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []


async def test_the_desk_says_the_same_sentence(store: object) -> None:
    from store.db import Store

    assert isinstance(store, Store)
    async with desk(store).run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, SettingsDialog)
        await fill(pilot, "homes_rented", "²")
        await fill(pilot, "letters_folder", "letters")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = " ".join(str(error.render()) for error in dialog.query(".error"))
        assert "Homes rented: '²' is not a whole number: write it in figures" in shown
        assert "Letters folder: 'letters' is not a whole path" in shown
