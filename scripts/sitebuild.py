"""Build glue between the flow engine and the MkDocs site.

The hooks (hooks.py) and the macros (macros.py) both read the compiled flow
from here, compiled once per change of the flow file. Page fragments are
rendered from the Jinja templates in templates/; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from gammaflow.assistant import PATH_PREFIX, STEP_PREFIX
from gammaflow.build import DotMissing, FlowInvalid, Outputs, compile_flow
from gammaflow.runtime import SEPARATOR

ROOT = Path(__file__).resolve().parent.parent
FLOW = Path(os.environ.get("GAMMAFLOW_FLOW", ROOT / "flow" / "gamma2.yaml"))
# The site's local contacts, set by its administrator (docs/administrateurs.md);
# GAMMAFLOW_CONTACTS points at another file (the tests build a site with theirs).
CONTACTS = Path(os.environ.get("GAMMAFLOW_CONTACTS", ROOT / "data" / "contacts.yaml"))
# The fallback document's fields and checklist (docs/document-de-secours.md).
FALLBACK_DOCUMENT = ROOT / "data" / "fallback-document.yaml"
# The « cas pratiques », beside the flow, each checked on it (docs/cas-pratiques.md).
CASES = Path(os.environ.get("GAMMAFLOW_CASES", ROOT / "flow" / "cases.yaml"))
# What each file is, for the error messages (« la procédure (flow/gamma2.yaml) contient »).
SOURCES = ((FLOW, "la procédure"), (CONTACTS, "les contacts locaux"), (FALLBACK_DOCUMENT, "le document de secours"), (CASES, "les cas pratiques"))
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
# The fallback document's page, and the field its address fills (#motif=<key>).
FALLBACK_PAGE = "document-de-secours.html"
FALLBACK_MOTIF_FIELD = "motif"


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


def current() -> State:
    """The compiled flow, compiled again whenever the flow, contacts, document or cases file changed."""
    global _state
    files = [path for path, _ in SOURCES]
    try:
        stamp = tuple((info.st_mtime_ns, info.st_size) for info in (path.stat() for path in files))
    except OSError:
        stamp = None
    if _state.stamp != stamp or stamp is None:
        try:
            _state = State(outputs=compile_flow(FLOW, contacts=CONTACTS, fallback_document=FALLBACK_DOCUMENT, cases=CASES), stamp=stamp)
        except FlowInvalid as exc:
            paths = {error.path for error in exc.errors}
            sources = [_source_name(str(path)) for path in files if str(path) in paths]
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
    contiennent », or several of them."""
    names = {_source_name(str(path)): name for path, name in SOURCES}
    found = [f"{names.get(source, source)} ({source})" for source in current().sources] or [f"la procédure ({flow_name()})"]
    plural = len(found) > 1 or found[0].startswith("les ")
    return " et ".join(found) + (" contiennent" if plural else " contient")


def generated_files(outputs: Outputs) -> dict[str, str]:
    """The compiled outputs the site serves, by their path in the site; the
    site's assistant.json also says where the fallback document is and which
    motif each node that authorises the fallback gives it (fallback_link)."""
    files = outputs.files()
    found = {f"{FLOW_ASSETS}/{name}": files[name] for name in ("assistant.json", "scenarios.json", "logigramme.svg", "logigramme.dot")}
    assistant_data = json.loads(files["assistant.json"])
    assistant_data["fallback_document"] = fallback_link(outputs)
    found[f"{FLOW_ASSETS}/assistant.json"] = json.dumps(assistant_data, ensure_ascii=False, indent=1) + "\n"
    return found


def fallback_link(outputs: Outputs) -> dict[str, Any]:
    """What the assistant needs to link a fallback end to the document: the
    page, the field, and the motif given by each node that authorises the fallback."""
    return {"page": FALLBACK_PAGE, "field": FALLBACK_MOTIF_FIELD, "motifs": outputs.motifs}


def render(template: str, **context: Any) -> str:
    """Render one of the HTML fragment templates."""
    return TEMPLATES.get_template(template).render(**context)


def render_macro(template: str, macro: str, *args: Any) -> str:
    """Call one macro of a template of templates/ (e.g. contacts.html's table)."""
    return str(getattr(TEMPLATES.get_template(template).module, macro)(*args))


