"""Build glue between the flow engine and the MkDocs site.

The hooks (hooks.py) and the macros (macros.py) both read the compiled flow
from here, compiled once per change of the flow file. Page fragments are
rendered from the Jinja templates in templates/; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from gammaflow import DotMissing, FlowInvalid, Outputs, compile_flow, french
from gammaflow.assistant import PATH_PREFIX, STEP_PREFIX
from gammaflow.runtime import SEPARATOR, french_date

ROOT = Path(__file__).resolve().parent.parent
FLOW = Path(os.environ.get("GAMMAFLOW_FLOW", ROOT / "flow" / "gamma2.yaml"))
# The site's local contacts, set by its administrator (docs/administrateurs.md);
# GAMMAFLOW_CONTACTS points at another file (the tests build a site with theirs).
CONTACTS = Path(os.environ.get("GAMMAFLOW_CONTACTS", ROOT / "data" / "contacts.yaml"))
NPM = Path(os.environ.get("GAMMAFLOW_NPM", ROOT / "node_modules"))  # tests point it at an empty folder
# The assistant's address grammar, for the static assistant's preview (assistant.mjs).
ADDRESS_GRAMMAR = {"path": PATH_PREFIX, "separator": SEPARATOR, "step": STEP_PREFIX}
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)

# Where the built site finds the compiled flow.
FLOW_ASSETS = "assets/flow"
# npm files shipped in the site: destination in the site → file in node_modules.
FONT_WEIGHTS = ("300-normal", "300-italic", "400-normal", "400-italic", "700-normal", "700-italic")
NPM_ASSETS = {
    **{f"assets/fonts/roboto-latin-{w}.woff2": f"@fontsource/roboto/files/roboto-latin-{w}.woff2" for w in FONT_WEIGHTS},
    **{f"assets/fonts/roboto-mono-latin-{w}.woff2": f"@fontsource/roboto-mono/files/roboto-mono-latin-{w}.woff2" for w in ("400-normal", "700-normal")},
}


@dataclass
class State:
    """The flow as last compiled: its outputs, or the errors that stopped it."""

    outputs: Outputs | None = None
    errors: list[str] = field(default_factory=list)
    stamp: tuple[Any, ...] | None = None
    sources: list[str] = field(default_factory=list)  # the files with errors, as error_sources() names them
    built_at: _dt.datetime = field(default_factory=_dt.datetime.now)


_state = State()
command = "build"


def current(flow_path: Path = FLOW, contacts_path: Path = CONTACTS) -> State:
    """The compiled flow, compiled again whenever the flow file or the contacts file changed."""
    global _state
    try:
        stamp = tuple((info.st_mtime_ns, info.st_size) for info in (flow_path.stat(), contacts_path.stat()))
    except OSError:
        stamp = None
    if _state.stamp != stamp or stamp is None:
        try:
            _state = State(outputs=compile_flow(flow_path, contacts=contacts_path), stamp=stamp)
        except FlowInvalid as exc:
            paths = {error.path for error in exc.errors}
            sources = [_source_name(path) for path in (str(flow_path), str(contacts_path)) if path in paths]
            _state = State(errors=[str(error) for error in exc.errors], stamp=stamp, sources=sources)
        except DotMissing as exc:
            _state = State(errors=[str(exc)], stamp=stamp)
    return _state


def flow_name() -> str:
    """The flow file's path as an author would type it (relative to the repo when inside)."""
    return _source_name(str(FLOW))


def _source_name(path: str) -> str:
    """A file's path relative to the repo when inside, as an author would type it."""
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return path


def error_sources() -> str:
    """What the last build's errors are in, with its verb: « la procédure
    (flow/gamma2.yaml) contient », « les contacts locaux (data/contacts.yaml)
    contiennent », or both."""
    names = {_source_name(str(FLOW)): "la procédure", _source_name(str(CONTACTS)): "les contacts locaux"}
    found = [f"{names.get(source, source)} ({source})" for source in current().sources] or [f"la procédure ({flow_name()})"]
    plural = len(found) > 1 or found[0].startswith("les ")
    return " et ".join(found) + (" contiennent" if plural else " contient")


def generated_files(outputs: Outputs) -> dict[str, str]:
    """The compiled outputs the site serves, by their path in the site; the
    site's wizard.json also says where the fallback document is and which
    motif each node that authorises the fallback gives it (fallback_link)."""
    files = outputs.files()
    found = {f"{FLOW_ASSETS}/{name}": files[name] for name in ("wizard.json", "scenarios.json", "logigramme.svg", "logigramme.dot")}
    wizard = json.loads(files["wizard.json"])
    wizard["fallback_document"] = fallback_link(outputs.wizard)
    found[f"{FLOW_ASSETS}/wizard.json"] = json.dumps(wizard, ensure_ascii=False, indent=1) + "\n"
    return found


# The fallback document's page, and the field its address fills (#motif=<key>).
FALLBACK_PAGE = "document-de-secours.html"
FALLBACK_MOTIF_FIELD = "motif"


def fallback_link(flow: dict[str, Any]) -> dict[str, Any]:
    """What the assistant needs to link a fallback end to the document: the
    page, the field, and the motif given by each node that authorises the fallback."""
    return {"page": FALLBACK_PAGE, "field": FALLBACK_MOTIF_FIELD, "motifs": document_motifs(fallback_document(flow))}


def npm_assets() -> dict[str, Path]:
    """npm files to ship, checked to exist (they come from ./dev setup)."""
    found = {dest: NPM / src for dest, src in NPM_ASSETS.items()}
    missing = [f"node_modules/{src}" for dest, src in NPM_ASSETS.items() if not found[dest].is_file()]
    if missing:
        raise FileNotFoundError(
            "fichiers npm manquants (" + ", ".join(missing[:3]) + ("…" if len(missing) > 3 else "")
            + ") ; lancer ./dev setup (ou npm ci) puis reconstruire"
        )
    return found


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW_ELEMENTS = re.compile(r"<(/?)(code|pre|script|style|kbd|samp|svg|textarea)\b", re.I)
# Tags that do not end a run of text: « GAMMA</abbr> 2 » or « l'<abbr>ARC</abbr> »
# read as one text, typeset as one (the no-break space, the apostrophe ’).
_INLINE_TAG = re.compile(r"</?(a|abbr|b|bdi|bdo|cite|data|dfn|em|i|mark|q|s|small|span|strong|sub|sup|time|u|del|ins)\b", re.I)
# Attributes whose value a reader sees or hears; never href, src, id, class, data-*.
_TEXT_ATTRIBUTE = re.compile(r"""(?<=\s)(title|alt|aria-label|placeholder)=("[^"]*"|'[^']*')""", re.I)
_APOSTROPHE_ENTITY = re.compile(r"&#0*39;|&#[xX]0*27;|&apos;")


def typeset(html: str) -> str:
    """Apply French typography to the text of a page, not to its tags or code.

    french() (no-break spaces, the apostrophe ’) runs on each run of text that
    only inline tags (<abbr>, <a>, <strong>…) interrupt, as one text, so that
    « <abbr>GAMMA</abbr> 2 » is joined too; and on the title, alt and
    aria-label attributes. Nothing inside <code>, <pre>, <script>, <style>…
    """
    parts = _TAG_OR_TEXT.split(html)
    depth = 0
    run: list[int] = []  # indexes of the text parts of the current run
    for index, part in enumerate(parts):
        if index % 2 == 0:  # text
            if depth == 0:
                run.append(index)
            continue
        match = _RAW_ELEMENTS.match(part)
        if match and not part.endswith("/>"):
            depth = max(depth + (-1 if match.group(1) else 1), 0)
        elif depth == 0 and _TEXT_ATTRIBUTE.search(part):
            parts[index] = _TEXT_ATTRIBUTE.sub(_typeset_attribute, part)
        if depth or match or not _INLINE_TAG.match(part):
            _typeset_run(parts, run)
            run = []
    _typeset_run(parts, run)
    return "".join(parts)


def _typeset_attribute(match: re.Match[str]) -> str:
    """One title, alt or aria-label attribute, typeset (its quotes kept safe)."""
    quote, value = match.group(2)[0], match.group(2)[1:-1]
    value = french(_APOSTROPHE_ENTITY.sub("'", value)).replace("'", "&#39;")
    return f"{match.group(1)}={quote}{value}{quote}"


def _typeset_run(parts: list[str], run: list[int]) -> None:
    """french() on the text parts parts[i] (i in run) read as one text.

    french() only turns a straight apostrophe into ’, and a space or tab, or a
    run of them, into one no-break space: each character of the result goes
    back to the part its source character came from.
    """
    texts = [_APOSTROPHE_ENTITY.sub("'", parts[i]) for i in run]
    source = "".join(texts)
    if not source.strip():
        return
    result = french(source)
    owner = [n for n, text in enumerate(texts) for _ in text]
    typeset: list[list[str]] = [[] for _ in texts]
    done = 0
    for position, char in enumerate(source):
        new = result[done:done + 1]
        if new == char or (char == "'" and new == "\u2019") or (char in " \t" and new == "\u00a0"):
            typeset[owner[position]].append(new)
            done += 1
        elif char not in " \t":  # not a space folded into the previous no-break space
            typeset = [[french(text)] for text in texts]  # unexpected: each part on its own
            break
    else:
        if done != len(result):
            typeset = [[french(text)] for text in texts]
    for i, chars in zip(run, typeset):
        parts[i] = "".join(chars)


def typeset_toc(items: Any) -> None:
    """French typography on a page's table of contents (its titles are plain text)."""
    for item in items:
        item.title = french(item.title)
        typeset_toc(item.children)


def render(template: str, **context: Any) -> str:
    """Render one of the HTML fragment templates."""
    return TEMPLATES.get_template(template).render(**context)


def render_macro(template: str, macro: str, *args: Any) -> str:
    """Call one macro of a template of templates/ (e.g. contacts.html's table)."""
    return str(getattr(TEMPLATES.get_template(template).module, macro)(*args))


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
PYODIDE_SNAPSHOT_MODULES = ("gammaflow.runtime", "gammaflow.assistant", "gammaflow.lrn")
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
                [node, str(PYODIDE_SNAPSHOT_SCRIPT), str(NPM / "pyodide"), str(wheel), str(raw)],
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


def pyodide_snapshot(wheel: Path) -> dict[str, Path]:
    """The snapshot and its manifest (made again when the wheel or Pyodide
    changed); only the manifest, {"file": null}, if it cannot be made.

    GAMMAFLOW_SNAPSHOT=0 builds without one, =1 with one; unset: with one,
    except under `mkdocs serve` (some 10 s more at each change of the engine).
    A failure is told in the build log (in French, as information: a strict
    build still succeeds).
    """
    import logging
    import shutil

    wanted = os.environ.get("GAMMAFLOW_SNAPSHOT", "0" if command == "serve" else "1")
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


def pyodide_assets() -> dict[str, Path]:
    """Every file of the Python assistant's runtime, by its path in the site."""
    package = pyodide_package()
    wheel = next(path for uri, path in package.items() if uri.endswith(".whl"))
    return {**pyodide_core(), **package, **pyodide_snapshot(wheel)}


# ---- The fallback kit: the fields of the fallback document -----------------
# data/document-secours.yaml lists the fields of the printable fallback
# document and of the after-outage checklist, each with its sources and each
# source with its nature (docs/document-de-secours.md). Read at build time;
# checked here so that a mistake in the file stops the build with a clear message.
FALLBACK_DOCUMENT = ROOT / "data" / "document-secours.yaml"
FIELD_TYPES = ("text", "textarea", "date", "time", "lrn", "choice", "lines", "box")
# What kind of source says it: the label the page shows for each nature.
SOURCE_NATURES = {
    "regle": "Règle (texte juridique)",
    "logigramme": "Logigramme",
    "faq": "Doctrine officielle (FAQ)",
    "pratique": "Pratique",
    "site": "Proposition du site",
}
_FIELD_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SOURCE_KEYS = {"flow", "ref", "detail", "title", "nature"}
_FIELD_KEYS = {"id", "label", "type", "hint", "rows", "options", "columns", "prefill", "sources", "reason"}
_PREFILLS = {"now": ("date", "time"), "register": ("lrn",)}
_OPTION_KEYS = {"key", "label", "node"}
_STEP_KEYS = {"id", "label", "detail", "sources", "reason"}


def fallback_document(flow: dict[str, Any], path: Path = FALLBACK_DOCUMENT) -> dict[str, Any]:
    """The fallback document's fields and checklist, checked; sources resolved
    against the compiled flow (its references' titles and links, its title
    and version), so that a change of wording in the flow reaches this page."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    sources: dict[str, dict[str, Any]] = {}

    def known_keys(where: str, item: dict[str, Any], allowed: set[str]) -> None:
        unknown = sorted(set(item) - allowed)
        if unknown:
            problems.append(f"{where} : clés inconnues {unknown} ({', '.join(sorted(allowed))})")

    for name, source in (data.get("sources") or {}).items():
        source = dict(source or {})
        known_keys(f"source {name!r}", source, _SOURCE_KEYS)
        if source.get("nature") not in SOURCE_NATURES:
            problems.append(f"source {name!r} : nature {source.get('nature')!r} inconnue ({', '.join(SOURCE_NATURES)})")
            continue
        source["nature_label"] = SOURCE_NATURES[source["nature"]]
        if source.get("flow"):
            source["title"] = f"Logigramme « {flow['title']} » ({flow['version']})"
        elif source.get("ref"):
            ref = flow["references"].get(source["ref"])
            if ref is None:
                problems.append(f"source {name!r} : référence {source['ref']!r} absente de la procédure")
                continue
            source["title"] = ref["title"] + (f", {source['detail']}" if source.get("detail") else "")
            source["url"] = ref["url"]
        if not source.get("title"):
            problems.append(f"source {name!r} : ni « ref », ni « flow », ni « title »")
            continue
        sources[name] = source
    if not isinstance(data.get("format"), int):
        problems.append("« format » doit être un entier")
    seen: set[str] = set()

    def resolve(where: str, item: dict[str, Any]) -> None:
        names = item.get("sources") or []
        if not names:
            problems.append(f"{where} : aucune source")
        unknown = [name for name in names if name not in sources]
        if unknown:
            problems.append(f"{where} : sources inconnues {unknown}")
        item["sources_resolved"] = [sources[name] for name in names if name in sources]
        # A suggestion of this site says why; only a suggestion has a reason.
        suggested = any(source["nature"] == "site" for source in item["sources_resolved"])
        reason = item.get("reason")
        if suggested and not (isinstance(reason, str) and reason.strip()):
            problems.append(f"{where} : proposition du site sans « reason »")
        elif reason is not None and not suggested:
            problems.append(f"{where} : « reason » sans la source de nature « site »")

    def ident(where: str, value: Any) -> None:
        if not isinstance(value, str) or not _FIELD_ID.match(value):
            problems.append(f"{where} : identifiant invalide {value!r}")
        elif value in seen:
            problems.append(f"{where} : identifiant en double {value!r}")
        else:
            seen.add(value)

    for section in data.get("sections") or []:
        for fld in section.get("fields") or []:
            where = f"rubrique {fld.get('id')!r}"
            known_keys(where, fld, _FIELD_KEYS)
            ident(where, fld.get("id"))
            if fld.get("type") not in FIELD_TYPES:
                problems.append(f"{where} : type {fld.get('type')!r} inconnu ({', '.join(FIELD_TYPES)})")
            if fld.get("type") == "choice" and not fld.get("options"):
                problems.append(f"{where} : un choix sans options")
            if "prefill" in fld and fld.get("type") not in _PREFILLS.get(fld["prefill"], ()):
                problems.append(f"{where} : « prefill » {fld['prefill']!r} ne convient pas au type {fld.get('type')!r} (now : date, time ; register : lrn)")
            for option in fld.get("options") or []:
                known_keys(f"{where}, option {option.get('key')!r}", option, _OPTION_KEYS)
                if "node" in option and option["node"] not in flow["nodes"]:
                    problems.append(f"{where}, option {option.get('key')!r} : nœud {option['node']!r} absent de la procédure")
            if fld.get("type") == "lines":
                columns = fld.get("columns") or []
                if not columns or not isinstance(fld.get("rows"), int) or not all(
                    isinstance(c, dict) and isinstance(c.get("id"), str) and _FIELD_ID.match(c["id"]) and c.get("label") for c in columns
                ):
                    problems.append(f"{where} : un tableau demande « rows » (un entier) et « columns » (chacune avec id et label), reçu {fld.get('rows')!r} et {columns!r}")
            resolve(where, fld)
    checklist = data.get("checklist") or {}
    for item in checklist.get("items") or []:
        where = f"étape {item.get('id')!r}"
        known_keys(where, item, _STEP_KEYS)
        ident(where, item.get("id"))
        resolve(where, item)
    resolve("liste de régularisation", checklist)
    if problems:
        raise ValueError(f"{path.name} : " + " ; ".join(problems))
    return data


def document_motifs(doc: dict[str, Any]) -> dict[str, str]:
    """The nodes of the procedure that authorise the fallback, and the motif
    each one gives the fallback document (its choice options' « node »)."""
    return {
        option["node"]: option["key"]
        for section in doc["sections"] for fld in section["fields"]
        for option in fld.get("options") or [] if option.get("node")
    }
