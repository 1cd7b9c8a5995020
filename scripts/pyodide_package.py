"""The Python assistant's runtime in the site: Pyodide's core files from npm,
our engine as a pure-Python wheel with its pyodide-lock.json, and a memory
snapshot with our modules imported. Built again only when their sources change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from assets import NPM, ROOT

# ---- Pyodide: the core runtime from npm, our engine as a wheel ------------
# The Python assistant runs gammaflow.runtime under Pyodide in a Web Worker
# (docs/assets/js/python-worker.mjs). The site ships the four core files of
# the npm package, our package as a pure-Python wheel and a pyodide-lock.json
# that lists only that wheel, so that Pyodide checks its sha256 on load.
PYODIDE_ASSETS = "assets/pyodide"
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PYODIDE_PACKAGE = ROOT / "src" / "gammaflow"
PYODIDE_BUILD = ROOT / "build" / "pyodide"


def pyodide_core() -> dict[str, Path]:
    """The core runtime files to ship, checked to exist and to be the pinned version."""
    npm = NPM / "pyodide"
    missing = [f"node_modules/pyodide/{name}" for name in (*PYODIDE_CORE, "pyodide-lock.json") if not (npm / name).is_file()]
    if missing:
        raise FileNotFoundError(
            "fichiers Pyodide manquants (" + ", ".join(missing[:3]) + ("…" if len(missing) > 3 else "")
            + ") ; lancer ./dev setup (ou npm ci) puis reconstruire"
        )
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    found = json.loads((npm / "package.json").read_text(encoding="utf-8")).get("version")
    if found != wanted:
        raise FileNotFoundError(
            f"node_modules/pyodide est en version {found}, package.json demande {wanted} ; "
            "lancer ./dev setup (ou npm ci) puis reconstruire"
        )
    return {f"{PYODIDE_ASSETS}/{name}": npm / name for name in PYODIDE_CORE}


def _package_digest() -> str:
    """A digest of everything that goes into the wheel: rebuild when it changes."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted([ROOT / "pyproject.toml", *PYODIDE_PACKAGE.rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _build_pyodide_package(out: Path) -> None:
    """Build the wheel (hatchling, in-process) and its one-package lock into out."""
    import hashlib
    import shutil
    import tempfile

    from hatchling.builders.wheel import WheelBuilder
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out.parent))
    try:
        built = Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(staging / "dist"), versions=["standard"]))))
        # The wheel lives in a folder named after its own hash: a new wheel gets
        # a new URL, so a browser cache never serves a stale one (whose sha256
        # would no longer match the lock).
        folder = staging / hashlib.sha256(built.read_bytes()).hexdigest()[:16]
        folder.mkdir()
        wheel = folder / built.name
        built.rename(wheel)
        shutil.rmtree(staging / "dist")
        spec = PyodideLockSpec.from_json(NPM / "pyodide" / "pyodide-lock.json")
        spec.packages.clear()
        spec = add_wheels_to_spec(spec, [wheel], base_path=staging)
        spec.to_json(staging / "pyodide-lock.json", indent=1)
        try:
            staging.rename(out)
        except OSError:  # another build got there first with the same sources
            if not (out / "pyodide-lock.json").is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def pyodide_package() -> dict[str, Path]:
    """Our wheel and its lock file (built again when src/gammaflow changed)."""
    import shutil

    pyodide_core()  # the lock is made from the runtime's own lock file
    out = PYODIDE_BUILD / _package_digest()[:16]
    if not (out / "pyodide-lock.json").is_file():
        _build_pyodide_package(out)
        for old in PYODIDE_BUILD.iterdir():
            if old != out and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    wheel = next(out.glob("*/*.whl"))
    return {
        f"{PYODIDE_ASSETS}/pyodide-lock.json": out / "pyodide-lock.json",
        f"{PYODIDE_ASSETS}/{wheel.relative_to(out).as_posix()}": wheel,
    }


# ---- Pyodide: a memory snapshot with our package imported ------------------
# Made under Node.js (scripts/pyodide-snapshot.mjs) from node_modules/pyodide,
# the very pyodide.asm.wasm the site ships (Pyodide checks its build id): the
# worker restores it instead of starting Python and installing the wheel,
# several times faster (docs/administrateurs.md), and falls back to that
# normal start if restoring fails (pyodide-loader.mjs). The site ships it
# gzipped (31 Mo → 6 Mo; the worker inflates it with DecompressionStream, so
# no server has to compress it), named after its content, with
# snapshot.json: its name and its SRI hash, which the worker checks. No Node
# or a failed snapshot: the build goes on without one (snapshot.json says so)
# and the worker starts Python the normal way.
PYODIDE_SNAPSHOT_BUILD = ROOT / "build" / "pyodide-snapshot"
PYODIDE_SNAPSHOT_SCRIPT = ROOT / "scripts" / "pyodide-snapshot.mjs"
PYODIDE_SNAPSHOT_MANIFEST = "snapshot.json"
PYODIDE_SNAPSHOT_MODULES = ("gammaflow.runtime", "gammaflow.assistant", "gammaflow.lrn", "gammaflow.lrn_register")
_snapshot_failures: dict[str, str] = {}  # key → why it failed: told once per process


def _snapshot_key(wheel: Path) -> str:
    """A digest of everything the snapshot is made of: make it again when it changes."""
    import hashlib

    digest = hashlib.sha256(b"snapshot.json 2\0")  # the manifest's format
    npm = NPM / "pyodide"
    for path in [wheel, PYODIDE_SNAPSHOT_SCRIPT, npm / "package.json", *(npm / name for name in PYODIDE_CORE)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _make_snapshot(wheel: Path, out: Path) -> None:
    """Run the Node script, then gzip its snapshot into out with its manifest."""
    import base64
    import gzip
    import hashlib
    import shutil
    import subprocess
    import tempfile

    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node est introuvable (Node.js 20 : apt-get install nodejs)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out.parent))
    try:
        raw = staging / "snapshot.bin"
        try:
            done = subprocess.run(
                [node, str(PYODIDE_SNAPSHOT_SCRIPT), str(NPM / "pyodide"), str(wheel), str(raw), ",".join(PYODIDE_SNAPSHOT_MODULES)],
                capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"node n'a pas abouti ({exc})") from None
        if done.returncode != 0 or not raw.is_file():
            lines = [line for line in (done.stderr or done.stdout).strip().splitlines() if line.strip()]
            raise RuntimeError(f"node a échoué (code {done.returncode}) : {lines[-1] if lines else 'sans message'}")
        data = raw.read_bytes()
        raw.unlink()
        packed = gzip.compress(data, compresslevel=6, mtime=0)
        name = f"snapshot-{hashlib.sha256(packed).hexdigest()[:16]}.bin.gz"
        (staging / name).write_bytes(packed)
        manifest = {
            "file": name,
            "integrity": "sha384-" + base64.b64encode(hashlib.sha384(packed).digest()).decode(),
            "size": len(packed),
            "memory": len(data),
            "pyodide": json.loads((NPM / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"],
            # The standard library stays out of the snapshot: the worker checks
            # that the python_stdlib.zip it fetched is the one of this build.
            "stdlib": (NPM / "pyodide" / "python_stdlib.zip").stat().st_size,
            "modules": list(PYODIDE_SNAPSHOT_MODULES),
        }
        (staging / PYODIDE_SNAPSHOT_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        try:
            staging.rename(out)
        except OSError:  # another build got there first with the same sources
            if not (out / PYODIDE_SNAPSHOT_MANIFEST).is_file():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _no_snapshot() -> dict[str, Path]:
    """The manifest of a site without a snapshot: the worker starts Python the normal way."""
    folder = PYODIDE_SNAPSHOT_BUILD / "sans-instantane"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / PYODIDE_SNAPSHOT_MANIFEST
    text = json.dumps({"file": None}) + "\n"
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != text:
        manifest.write_text(text, encoding="utf-8")
    return {f"{PYODIDE_ASSETS}/{PYODIDE_SNAPSHOT_MANIFEST}": manifest}


def pyodide_snapshot(wheel: Path, *, serving: bool = False) -> dict[str, Path]:
    """The snapshot and its manifest (made again when the wheel or Pyodide
    changed); only the manifest, {"file": null}, if it cannot be made.

    GAMMAFLOW_SNAPSHOT=0 builds without one, =1 with one; unset: with one,
    except under `mkdocs serve` (some 10 s more at each change of the engine).
    A failure is told in the build log (in French, as information: a strict
    build still succeeds).
    """
    import logging
    import shutil

    wanted = os.environ.get("GAMMAFLOW_SNAPSHOT", "0" if serving else "1")
    if wanted == "0":
        return _no_snapshot()
    key = _snapshot_key(wheel)[:16]
    out = PYODIDE_SNAPSHOT_BUILD / key
    if key in _snapshot_failures:
        return _no_snapshot()
    if not (out / PYODIDE_SNAPSHOT_MANIFEST).is_file():
        import time

        log = logging.getLogger("mkdocs.plugins.gammaflow")
        began = time.monotonic()
        try:
            _make_snapshot(wheel, out)
        except Exception as exc:  # noqa: BLE001 - any failure: the site goes without a snapshot
            _snapshot_failures[key] = why = str(exc) or type(exc).__name__
            log.info(
                f"Avertissement : instantané de Pyodide non produit ({why}) ; "
                "le site est construit sans lui, Python démarrera plus lentement (démarrage normal)"
            )
            return _no_snapshot()
        size = json.loads((out / PYODIDE_SNAPSHOT_MANIFEST).read_text(encoding="utf-8"))["size"]
        took, megabytes = f"{time.monotonic() - began:.1f}", f"{size / 1e6:.1f}"
        log.info(f"Instantané de Pyodide produit en {took.replace('.', ',')} s ({megabytes.replace('.', ',')} Mo compressé)")
        for old in PYODIDE_SNAPSHOT_BUILD.iterdir():
            if old != out and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    manifest = json.loads((out / PYODIDE_SNAPSHOT_MANIFEST).read_text(encoding="utf-8"))
    return {
        f"{PYODIDE_ASSETS}/{PYODIDE_SNAPSHOT_MANIFEST}": out / PYODIDE_SNAPSHOT_MANIFEST,
        f"{PYODIDE_ASSETS}/{manifest['file']}": out / manifest["file"],
    }


def pyodide_assets(*, serving: bool = False) -> dict[str, Path]:
    """Every file of the Python assistant's runtime, by its path in the site
    (serving: under `mkdocs serve`, see pyodide_snapshot)."""
    package = pyodide_package()
    wheel = next(path for uri, path in package.items() if uri.endswith(".whl"))
    return {**pyodide_core(), **package, **pyodide_snapshot(wheel, serving=serving)}
