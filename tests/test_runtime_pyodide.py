"""The assistant's runtime under the real Pyodide (Node + the npm package) and
under CPython: every path of the GAMMA 2 flow walked, the same results.

The wheel and its pyodide-lock.json are the ones the site ships (built by
scripts/pyodide_package.py); Pyodide installs the wheel through loadPackage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pyodide_runs
import pyodide_package

PYODIDE = pyodide_runs.PYODIDE


@pytest.fixture(scope="module")
def under_pyodide(assistant_file: Path) -> dict:
    return pyodide_runs.under_pyodide("walk_all", assistant_file)


@pytest.fixture(scope="module")
def under_cpython(assistant_file: Path) -> dict:
    return pyodide_runs.under_cpython("walk_all", assistant_file)


def test_pyodide_runs_the_pinned_python(under_pyodide):
    package = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))
    assert package["version"].startswith("314."), package["version"]
    assert under_pyodide["python"].startswith("3.14."), under_pyodide["python"]


def test_the_runtime_comes_from_the_installed_wheel(under_pyodide):
    # Installed by loadPackage into site-packages, not read from the source tree.
    assert under_pyodide["runtime_file"].endswith("/site-packages/gammaflow/runtime.py")


def test_every_path_gives_the_same_results(under_pyodide, under_cpython, chart):
    assert len(under_cpython["paths"]) == len(chart.paths()) > 0
    assert [p["answers"] for p in under_pyodide["result"]["paths"]] == [p["answers"] for p in under_cpython["paths"]]
    for pyodide_path, cpython_path in zip(under_pyodide["result"]["paths"], under_cpython["paths"]):
        assert pyodide_path == cpython_path, pyodide_path["answers"]
    assert under_pyodide["result"] == under_cpython


def test_every_path_reaches_an_end(under_cpython, chart):
    for path in under_cpython["paths"]:
        last = path["views"][-1]
        assert last["is_end"] and chart.nodes[last["node"]]["kind"] == "outcome"
        assert [view["step"] for view in path["views"]] == list(range(1, len(path["answers"]) + 2))


def test_tampered_tokens_open_the_start_or_the_last_valid_step(under_pyodide):
    tokens = under_pyodide["result"]["tokens"]
    assert tokens["<script>alert(1)</script>"] == {"token": "", "node": "debut", "notice": tokens["inconnu"]["notice"]}
    assert tokens["x" * 3000]["node"] == "debut" and tokens["x" * 3000]["notice"]
    assert tokens["suite.inconnu"]["node"] == "diagnostic" and tokens["suite.inconnu"]["notice"]
    assert tokens[""] == {"token": "", "node": "debut", "notice": None}


def test_a_static_step_address_maps_to_a_shortest_path(under_pyodide, chart):
    for node_id, answers in under_pyodide["result"]["path_to"].items():
        if node_id == "inconnu":
            assert answers is None
            continue
        assert chart.walk(answers).current == node_id
        # No path of the flow reaches the node in fewer answers.
        for path in chart.paths():
            nodes = chart.walk(path).nodes
            if node_id in nodes:
                assert len(answers) <= nodes.index(node_id), (node_id, path)


# ---------------------------------------------------------------- the build side

def test_the_lock_lists_only_our_wheel_with_its_sha256():
    import hashlib
    import zipfile

    lock_file = pyodide_runs.lock_file()
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    runtime = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"] == runtime["info"]
    assert list(lock["packages"]) == ["gammaflow"]
    package = lock["packages"]["gammaflow"]
    wheel = lock_file.parent / package["file_name"]
    assert wheel.name.endswith("-py3-none-any.whl")
    # The wheel sits in a folder named after its own hash: a new wheel, a new URL.
    assert wheel.parent.name == hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]
    assert package["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert package["imports"] == ["gammaflow"] and package["depends"] == []
    names = zipfile.ZipFile(wheel).namelist()
    assert "gammaflow/runtime.py" in names and not [n for n in names if "__pycache__" in n]


def test_the_site_ships_the_core_runtime_and_the_wheel():
    files = pyodide_package.pyodide_assets()
    assert set(files) >= {f"{pyodide_package.PYODIDE_ASSETS}/{name}" for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")}
    assert sum(1 for uri in files if uri.endswith(".whl")) == 1
    assert all(path.is_file() for path in files.values())


def test_the_wheel_is_built_again_when_the_package_changes(monkeypatch, tmp_path):
    monkeypatch.setattr(pyodide_package, "PYODIDE_BUILD", tmp_path)
    first = pyodide_package.pyodide_package()
    again = pyodide_package.pyodide_package()
    assert again == first  # unchanged sources: the cached build
    monkeypatch.setattr(pyodide_package, "_package_digest", lambda: "f" * 64)
    changed = pyodide_package.pyodide_package()
    lock = changed[f"{pyodide_package.PYODIDE_ASSETS}/pyodide-lock.json"]
    assert lock.parent.name == "f" * 16
    assert [path.name for path in tmp_path.iterdir()] == ["f" * 16]  # the old build is gone


def test_missing_pyodide_files_give_a_french_error_naming_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(pyodide_package, "NPM", tmp_path)
    with pytest.raises(FileNotFoundError) as caught:
        pyodide_package.pyodide_assets()
    message = str(caught.value)
    assert "fichiers Pyodide manquants" in message and "node_modules/pyodide/pyodide.asm.wasm" in message
    assert "./dev setup" in message and "npm ci" in message


def test_a_pyodide_of_another_version_is_refused(monkeypatch, tmp_path):
    fake = tmp_path / "pyodide"
    fake.mkdir()
    for name in (*pyodide_package.PYODIDE_CORE, "pyodide-lock.json"):
        (fake / name).write_text("x")
    (fake / "package.json").write_text(json.dumps({"version": "0.26.0"}))
    monkeypatch.setattr(pyodide_package, "NPM", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"node_modules/pyodide est en version 0\.26\.0, package\.json demande 314\."):
        pyodide_package.pyodide_core()
