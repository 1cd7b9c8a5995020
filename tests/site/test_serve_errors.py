"""`mkdocs serve` with a flow file that an author breaks and then mends."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).parent / "mkdocs"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, process: subprocess.Popen, limit: float = 90) -> str:
    """Poll url until its page contains text (the rebuild is asynchronous)."""
    end = time.monotonic() + limit
    page = ""
    while time.monotonic() < end:
        assert process.poll() is None, "mkdocs serve s'est arrêté"
        page = _page(url)
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared on {url}; last page:\n{page[:2000]}")


def test_invalid_flow_shows_errors_and_the_server_recovers(tmp_path):
    """Saving a broken flow shows file:line errors on the page and in the terminal; mending it brings the site back."""
    flow = tmp_path / "gamma2.yaml"
    shutil.copy(ROOT / "flow" / "gamma2.yaml", flow)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "GAMMAFLOW_FLOW": str(flow), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(MKDOCS), "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-w", str(flow)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        _wait_for(url, "Démarrer l’assistant", process)

        flow.write_text(flow.read_text(encoding="utf-8").replace("    to: mode\n", "    to: modee\n"), encoding="utf-8")
        page = _wait_for(url, "Le site ne peut pas être construit", process)
        assert "La procédure (" in page and "gamma2.yaml) contient des erreurs" in page
        # One error per list item, in the page's wrapping text (never a <pre> that cuts it off).
        assert re.search(r'<ul class="flow-errors">\s*<li>[^<]*gamma2\.yaml:\d+:\d+: ', page) and "<pre" not in page.split("flow-errors")[1][:200]
        # Reported at the answer: the line of its « - key: non-signale », the column of « key ».
        lines = flow.read_text(encoding="utf-8").splitlines()
        line = next(number for number, text in enumerate(lines, 1) if text.strip() == "- key: non-signale")
        column = lines[line - 1].index("key") + 1
        assert f"gamma2.yaml:{line}:{column}: nœud 'meteo'\u00a0: la réponse 'non-signale' mène à 'modee'" in page.replace("&#39;", "'")
        assert "mène à 'modee'" in log.read_text(encoding="utf-8")

        shutil.copy(ROOT / "flow" / "gamma2.yaml", flow)
        _wait_for(url, "Démarrer l’assistant", process)
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=20)
