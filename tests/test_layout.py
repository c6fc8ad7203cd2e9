"""The shape of the code: imports flow one way, with no circles, and no module grows too big."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("store", "letters", "reports", "tui")
# What each package may import from the others: `tui` uses the rest, which never use it.
MAY_IMPORT = {
    "store": {"store"},
    "letters": {"store", "letters"},
    "reports": {"store", "letters", "reports"},
    "tui": set(PACKAGES),
}
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


def imports_of(module: str) -> set[str]:
    """The project's own modules that `module` imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(sources(*PACKAGES)[module].read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in PACKAGES}
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
    ]
    assert wrong == []


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
