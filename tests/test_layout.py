"""The shape of the code: imports flow one way, with no circles, and no module grows too big."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("store", "letters", "reports", "tui", "cli")
# What each package may import from the others: `cli` starts the desk, `tui`, which uses the rest,
# and they never use either.
MAY_IMPORT = {
    "store": {"store"},
    "letters": {"store", "letters"},
    "reports": {"store", "letters", "reports"},
    "tui": {"store", "letters", "reports", "tui"},
    "cli": set(PACKAGES),
}
# The one exception: the command line's older name, kept for scripts that import it.
ALIASES = {("tui.cli", "cli.main")}
# What only the case file's own storage may touch: the screens go through `store.casefile`.
STORAGE = ("sqlite3", "sqlmodel", "sqlalchemy", "store.db", "store.schema", "store.bulk")
LONGEST_MODULE = 420


def sources(*packages: str) -> dict[str, Path]:
    """Each module of the packages, by its dotted name."""
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for package in packages
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def modules(*packages: str) -> list[str]:
    return sorted(sources(*packages))


def imports_of(module: str, *, ours: bool = True) -> set[str]:
    """The modules that `module` imports, at the top or inside functions: the project's own,
    or every one."""
    found = set()
    for node in ast.walk(ast.parse(sources(*PACKAGES)[module].read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found |= {name for name in names if not ours or name.split(".")[0] in PACKAGES}
    return found


@pytest.mark.parametrize("module", modules("store", "letters", "reports"))
def test_store_letters_and_reports_never_load_textual(module: str) -> None:
    code = f"import sys, {module}; print(sorted({{'textual', 'rich'}} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_imports_flow_one_way() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module in modules(*PACKAGES)
        for imported in imports_of(module)
        if imported.split(".")[0] not in MAY_IMPORT[module.split(".")[0]]
        and (module, imported) not in ALIASES
    ]
    assert wrong == []


def test_the_screens_never_touch_storage() -> None:
    """No screen, form or widget opens a session or a connection, nor speaks SQL: each change
    is a use case and each read a query of `store.casefile`."""
    touching = [
        f"{module} imports {imported}"
        for module in modules("tui")
        for imported in imports_of(module, ours=False)
        if imported.startswith(STORAGE)
    ]
    assert touching == []


def test_no_import_circles() -> None:
    known = set(modules(*PACKAGES))
    graph = {module: imports_of(module) & known for module in known}
    done: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append([*path[path.index(module) :], module])
            return
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert circles == []


def test_no_module_grows_too_big() -> None:
    lengths = {
        module: len(path.read_text().splitlines()) for module, path in sources(*PACKAGES).items()
    }
    assert {module: lines for module, lines in lengths.items() if lines > LONGEST_MODULE} == {}


LONGEST_FUNCTION = 60


def test_no_function_grows_too_long() -> None:
    """A function a reader cannot see whole is doing more than one thing."""
    long = [
        f"{module}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for module, path in sources(*PACKAGES).items()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION
    ]
    assert long == []
