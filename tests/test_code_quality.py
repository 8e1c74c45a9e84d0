"""The code stays clean: ruff, mypy (strict on app/), the import-direction contract, no import cycle,
and rules defined once."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra")
    return found


def test_ruff_is_clean():
    result = run(tool("ruff"), "check", "app", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_point_one_way():
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def app_graph() -> grimp.ImportGraph:
    return grimp.build_graph("app", cache_dir=None)


def test_app_has_no_import_cycle():
    graph = app_graph()
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if graph.chain_exists(importer=imported, imported=module):
                back = graph.find_shortest_chain(importer=imported, imported=module) or ()
                cycles.append(" -> ".join((module, *back)))
    assert not cycles, "import cycles in app/:\n" + "\n".join(cycles)


def definitions_in_app(*names: str) -> dict[str, list[str]]:
    """Where in app/ a function or class of one of these names is defined, by dotted module name."""
    found: dict[str, list[str]] = {name: [] for name in names}
    for path in sorted((ROOT / "app").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_definition = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            if is_definition and node.name in found:
                found[node.name].append(module)
    return found


def test_the_outbound_rule_is_defined_once_in_the_contract():
    found = definitions_in_app("decide_outbound", "OutboundDecision", "pair_active")
    assert found == {
        "decide_outbound": ["app.contract.outbound"],
        "OutboundDecision": ["app.contract.outbound"],
        "pair_active": ["app.contract.outbound"],
    }
    graph = app_graph()
    # The server's communications and the desktop's composer both ask that one function.
    for user in ("app.server.messaging", "app.desktop.customer.outbound"):
        assert graph.direct_import_exists(importer=user, imported="app.contract.outbound"), user
