"""The npm files the site ships (fonts), checked to exist; nothing from a CDN.

Pyodide's files and our wheel are packaged by pyodide_package.py.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM = Path(os.environ.get("GAMMAFLOW_NPM", ROOT / "node_modules"))  # tests point it at an empty folder
# npm files shipped in the site: destination in the site → file in node_modules.
FONT_WEIGHTS = ("300-normal", "300-italic", "400-normal", "400-italic", "700-normal", "700-italic")
NPM_ASSETS = {
    **{f"assets/fonts/roboto-latin-{w}.woff2": f"@fontsource/roboto/files/roboto-latin-{w}.woff2" for w in FONT_WEIGHTS},
    **{f"assets/fonts/roboto-mono-latin-{w}.woff2": f"@fontsource/roboto-mono/files/roboto-mono-latin-{w}.woff2" for w in ("400-normal", "700-normal")},
}


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
