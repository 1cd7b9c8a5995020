"""The Pyodide memory snapshot: shipped gzipped with its SRI hash in
snapshot.json, served as is, made once per change, and a build without it
when it cannot be made."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import re
import urllib.request
from pathlib import Path

import pytest

import pyodide_package
from sitefixtures import ROOT, BuiltSite, serve_site

PYODIDE = Path("assets") / "pyodide"


def manifest(site: Path) -> dict:
    return json.loads((site / PYODIDE / "snapshot.json").read_text(encoding="utf-8"))


def test_the_site_ships_the_snapshot_with_its_integrity(built_site: BuiltSite) -> None:
    """snapshot.json names a gzipped snapshot whose SRI hash, name and sizes match the file, for the pinned Pyodide."""
    found = manifest(built_site.path)
    assert re.fullmatch(r"snapshot-[0-9a-f]{16}\.bin\.gz", found["file"]), found
    packed = (built_site.path / PYODIDE / found["file"]).read_bytes()
    assert found["integrity"] == "sha384-" + base64.b64encode(hashlib.sha384(packed).digest()).decode()
    assert found["file"] == f"snapshot-{hashlib.sha256(packed).hexdigest()[:16]}.bin.gz"  # a new snapshot, a new URL
    assert found["size"] == len(packed) < 12_000_000
    assert len(gzip.decompress(packed)) == found["memory"]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    assert found["pyodide"] == pinned
    assert found["stdlib"] == (built_site.path / PYODIDE / "python_stdlib.zip").stat().st_size
    assert set(found["modules"]) >= {"gammaflow.runtime", "gammaflow.assistant", "gammaflow.lrn", "gammaflow.lrn_register"}
    assert sorted(p.name for p in (built_site.path / PYODIDE).glob("snapshot-*")) == [found["file"]]


def test_the_preview_server_sends_the_snapshot_as_it_is(built_site: BuiltSite) -> None:
    """The gzipped file goes out byte for byte, without Content-Encoding (its SRI hash is of those bytes), revalidated."""
    name = manifest(built_site.path)["file"]
    with serve_site(built_site.path) as url:
        request = urllib.request.Request(url + f"assets/pyodide/{name}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body, headers = response.read(), response.headers
    assert body == (built_site.path / PYODIDE / name).read_bytes()
    assert headers.get_content_type() == "application/gzip"
    assert "Content-Encoding" not in headers
    assert headers["Cache-Control"] == "no-cache"


def test_the_deploy_configs_send_the_snapshot_as_it_is() -> None:
    """No server compresses it again or labels it Content-Encoding; each gives .gz its type."""
    deploy = ROOT / "deploy"
    nginx = (deploy / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"location ~\* \\\.gz\$ \{\s*types \{ \}\s*default_type application/gzip;", nginx)
    assert "application/gzip" not in re.search(r"gzip_types ([^;]*);", nginx).group(1)
    apache = (deploy / "apache.htaccess").read_text(encoding="utf-8")
    assert re.search(r"^AddType application/gzip \.gz$", apache, re.M) and re.search(r"^RemoveEncoding \.gz$", apache, re.M)
    assert "application/gzip" not in re.search(r"DEFLATE ([^\n]*)", apache).group(1)
    iis = (deploy / "web.config").read_text(encoding="utf-8")
    assert '<mimeMap fileExtension=".gz" mimeType="application/gzip" />' in iis


@pytest.fixture
def snapshot_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(pyodide_package, "PYODIDE_SNAPSHOT_BUILD", tmp_path / "build")
    monkeypatch.setattr(pyodide_package, "_snapshot_failures", {})
    monkeypatch.delenv("GAMMAFLOW_SNAPSHOT", raising=False)
    return tmp_path / "build"


def test_the_snapshot_is_made_again_only_when_its_sources_change(snapshot_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same wheel and Pyodide: the cached snapshot; another key: made again and the old one removed."""
    made: list[Path] = []

    def fake(wheel: Path, out: Path) -> None:
        made.append(out)
        out.mkdir(parents=True)
        (out / "snapshot-0123456789abcdef.bin.gz").write_bytes(b"x")
        (out / "snapshot.json").write_text(json.dumps({"file": "snapshot-0123456789abcdef.bin.gz", "size": 1}))

    monkeypatch.setattr(pyodide_package, "_make_snapshot", fake)
    wheel = snapshot_build.parent / "roue.whl"
    wheel.write_bytes(b"roue")
    first = pyodide_package.pyodide_snapshot(wheel)
    assert pyodide_package.pyodide_snapshot(wheel) == first and len(made) == 1
    assert set(first) == {"assets/pyodide/snapshot.json", "assets/pyodide/snapshot-0123456789abcdef.bin.gz"}
    wheel.write_bytes(b"autre roue")
    pyodide_package.pyodide_snapshot(wheel)
    assert len(made) == 2 and sorted(p.name for p in snapshot_build.iterdir()) == [made[1].name]


def test_without_node_the_build_goes_on_without_a_snapshot(
    snapshot_build: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No Node: only a snapshot.json saying {"file": null}, and a French line in the build log, not a warning (strict builds pass)."""
    monkeypatch.setattr("shutil.which", lambda name: None)
    wheel = snapshot_build.parent / "roue.whl"
    wheel.write_bytes(b"roue")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        files = pyodide_package.pyodide_snapshot(wheel)
        again = pyodide_package.pyodide_snapshot(wheel)
    assert files == again and list(files) == ["assets/pyodide/snapshot.json"]
    assert json.loads(files["assets/pyodide/snapshot.json"].read_text(encoding="utf-8")) == {"file": None}
    told = [record for record in caplog.records if "instantané de Pyodide non produit" in record.getMessage()]
    assert len(told) == 1 and told[0].levelno == logging.INFO, caplog.text  # told once, as information
    assert "node est introuvable" in told[0].getMessage()


def test_gammaflow_snapshot_0_builds_without_one(snapshot_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GAMMAFLOW_SNAPSHOT=0: no snapshot, no Node run."""
    monkeypatch.setenv("GAMMAFLOW_SNAPSHOT", "0")
    monkeypatch.setattr(pyodide_package, "_make_snapshot", lambda *args: pytest.fail("instantané produit malgré GAMMAFLOW_SNAPSHOT=0"))
    files = pyodide_package.pyodide_snapshot(snapshot_build.parent / "roue.whl")
    assert list(files) == ["assets/pyodide/snapshot.json"]
