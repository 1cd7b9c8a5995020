"""The project's rooms keep to themselves: no import cycle inside gammaflow,
no private module of it imported from outside, no long file without a reason."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "gammaflow"
# The package's own unit tests (tests/test_*.py, mirroring its modules) may
# reach its private modules; nothing else may: the build glue, the benchmarks,
# the site and browser tests and their support use gammaflow.build and the
# browser-side modules only.
OUTSIDE = [ROOT / "scripts", ROOT / "benchmarks", ROOT / "tests" / "site", ROOT / "tests" / "browser",
           ROOT / "tests" / "pyodide", ROOT / "tests" / "sitefixtures"]
LONG = 500
# What a long file's header says when it must stay whole.
WHOLE = "stays whole"


def imports_of(path: Path) -> set[str]:
    """The modules a Python file imports, anywhere in it (inside functions too), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = "gammaflow" if path.parent == PACKAGE else ""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"{package}.{base}".rstrip(".") if package else base
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def cycles(graph: dict[str, set[str]]) -> set[str]:
    """Every way round in an import graph (module → the modules it imports), as « a → b → a »."""
    found = set()

    def visit(name: str, trail: list[str]) -> None:
        for target in sorted(graph[name]):
            if target in trail:
                found.add(" → ".join([*trail[trail.index(target):], target]))
            else:
                visit(target, [*trail, target])

    for name in sorted(graph):
        visit(name, [name])
    return found


def test_no_import_cycle_inside_gammaflow():
    """Following the imports between gammaflow's modules (lazy ones too) never comes back to where it began."""
    modules = {f"gammaflow.{path.stem}": path for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    graph = {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}
    assert len(graph) > 10 and any(graph.values())
    assert not cycles(graph), "imports circulaires dans gammaflow :\n" + "\n".join(sorted(cycles(graph)))


def test_the_cycle_finder_sees_a_lazy_import_cycle(tmp_path):
    """Control: a module importing another inside a function, which imports it back, is a cycle."""
    (tmp_path / "a.py").write_text("def f():\n    from gammaflow import b\n", encoding="utf-8")
    assert "gammaflow.b" in imports_of(tmp_path / "a.py")
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == {"a → b → c → a", "b → c → a → b", "c → a → b → c"}
    assert not cycles({"a": {"b"}, "b": {"c"}, "c": set()})


def test_nothing_outside_the_package_imports_its_private_modules():
    """scripts/, benchmarks/ and the site, browser and Pyodide tests import gammaflow.build and the browser modules, never gammaflow._x."""
    found = []
    for folder in OUTSIDE:
        for path in sorted(folder.rglob("*.py")):
            private = sorted(m for m in imports_of(path) if m.startswith("gammaflow._"))
            if private:
                found.append(f"{path.relative_to(ROOT)} : {', '.join(private)}")
    assert not found, "modules privés de gammaflow importés hors du paquet :\n" + "\n".join(found)


def test_a_long_source_file_says_why_it_stays_whole():
    """A source file over 500 lines says in its header (first 40 lines) why it must stay whole."""
    kinds = ("*.py", "*.mjs", "*.js", "*.css")
    places = [PACKAGE, ROOT / "scripts", ROOT / "benchmarks", ROOT / "tests", ROOT / "docs" / "assets"]
    long = []
    for place in places:
        for kind in kinds:
            for path in sorted(place.rglob(kind)):
                if "fixtures" in path.parts or "__pycache__" in path.parts:
                    continue
                lines = path.read_text(encoding="utf-8").splitlines()
                if len(lines) > LONG and WHOLE not in " ".join(lines[:40]):
                    long.append(f"{path.relative_to(ROOT)} ({len(lines)} lignes)")
    assert not long, f"fichiers de plus de {LONG} lignes sans « {WHOLE} » dans leur en-tête :\n" + "\n".join(long)
