"""Build glue between the flow engine and the MkDocs site.

The hooks (hooks.py) and the macros (macros.py) both read the compiled flow
from here, compiled once per change of the flow file. Page fragments are
rendered from the Jinja templates in templates/; nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from gammaflow import DotMissing, FlowInvalid, Outputs, compile_flow

ROOT = Path(__file__).resolve().parent.parent
FLOW = ROOT / "flow" / "gamma2.yaml"
NPM = ROOT / "node_modules"
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
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


@dataclass
class State:
    """The flow as last compiled: its outputs, or the errors that stopped it."""

    outputs: Outputs | None = None
    errors: list[str] = field(default_factory=list)
    stamp: tuple[int, int] | None = None
    built_at: _dt.datetime = field(default_factory=_dt.datetime.now)


_state = State()
command = "build"


def current(flow_path: Path = FLOW) -> State:
    """The compiled flow, compiled again whenever the flow file changed."""
    global _state
    try:
        info = flow_path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = None
    if _state.stamp != stamp or stamp is None:
        try:
            _state = State(outputs=compile_flow(flow_path), stamp=stamp)
        except FlowInvalid as exc:
            _state = State(errors=[str(error) for error in exc.errors], stamp=stamp)
        except DotMissing as exc:
            _state = State(errors=[str(exc)], stamp=stamp)
    return _state


def french_date(moment: _dt.datetime) -> str:
    """« 27 novembre 2026 à 10 h 24 »."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MONTHS[moment.month - 1]} {moment.year} à {moment.hour}\u00a0h\u00a0{moment.minute:02d}"


def generated_files(outputs: Outputs) -> dict[str, str]:
    """The compiled outputs the site serves, by their path in the site."""
    files = outputs.files()
    return {f"{FLOW_ASSETS}/{name}": files[name] for name in ("wizard.json", "scenarios.json", "logigramme.svg", "logigramme.dot")}


def npm_assets() -> dict[str, Path]:
    """npm files to ship, checked to exist (they come from ./dev setup)."""
    found = {dest: NPM / src for dest, src in NPM_ASSETS.items()}
    missing = [str(path.relative_to(ROOT)) for path in found.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            "fichiers npm manquants (" + ", ".join(missing[:3]) + ("…" if len(missing) > 3 else "")
            + ") ; lancer ./dev setup (ou npm ci) puis reconstruire"
        )
    return found


def render(template: str, **context: Any) -> str:
    """Render one of the HTML fragment templates."""
    return TEMPLATES.get_template(template).render(**context)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
