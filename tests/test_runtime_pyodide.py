"""The assistant's runtime under the real Pyodide (Node + the npm package) and
under CPython: every path of the GAMMA 2 flow walked, the same results.

The wheel and its pyodide-lock.json are the ones the site ships (built by
scripts/sitebuild.py); Pyodide installs the wheel through loadPackage.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild

HERE = Path(__file__).resolve().parent / "pyodide"
PYODIDE = sitebuild.NPM / "pyodide"


@pytest.fixture(scope="module")
def wizard_file(gamma2_outputs, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pyodide") / "wizard.json"
    path.write_text(gamma2_outputs.files()["wizard.json"], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lock_file() -> Path:
    files = sitebuild.pyodide_package()
    return files[f"{sitebuild.PYODIDE_ASSETS}/pyodide-lock.json"]


@pytest.fixture(scope="module")
def under_pyodide(wizard_file: Path, lock_file: Path) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est introuvable : installez Node.js 20 (Debian : apt-get install nodejs)")
    done = subprocess.run(
        [node, str(HERE / "run.mjs"), str(PYODIDE), str(lock_file), str(wizard_file), str(HERE / "walk_all.py")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def under_cpython(wizard_file: Path) -> dict:
    sys.path.insert(0, str(HERE))
    try:
        import walk_all
    finally:
        sys.path.remove(str(HERE))
    return json.loads(walk_all.main(wizard_file.read_text(encoding="utf-8")))


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
