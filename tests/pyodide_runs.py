"""Run a script of tests/pyodide/ under the real Pyodide (Node + the npm
package, our wheel installed from the lock the site ships) and under CPython,
so that a test can compare the two results."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pyodide_package

HERE = Path(__file__).resolve().parent / "pyodide"
PYODIDE = pyodide_package.NPM / "pyodide"


def lock_file() -> Path:
    """The pyodide-lock.json the site ships (it lists only our wheel)."""
    return pyodide_package.pyodide_package()[f"{pyodide_package.PYODIDE_ASSETS}/pyodide-lock.json"]


def under_pyodide(script: str, input_file: Path) -> dict:
    """The JSON that tests/pyodide/<script>.py prints for input_file, run under Pyodide."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est introuvable : installez Node.js 20 (Debian : apt-get install nodejs)")
    done = subprocess.run(
        [node, str(HERE / "run.mjs"), str(PYODIDE), str(lock_file()), str(input_file), str(HERE / f"{script}.py")],
        capture_output=True, text=True, encoding="utf-8", timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def under_cpython(script: str, input_file: Path) -> dict:
    """The JSON that tests/pyodide/<script>.py gives for input_file under CPython."""
    sys.path.insert(0, str(HERE))
    try:
        module = importlib.import_module(script)
    finally:
        sys.path.remove(str(HERE))
    return json.loads(module.main(input_file.read_text(encoding="utf-8")))
