"""gammaflow: the GAMMA 2 fallback procedure as a flow, compiled for the site.

Build side (needs PyYAML, graphviz, Markdown): ``load``, ``compile_flow``,
``write_outputs``. Browser side (standard library only, runs in Pyodide):
``gammaflow.runtime``. Importing this package imports neither side, so the
runtime loads in Pyodide without the build dependencies.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DotMissing", "FlowError", "FlowInvalid", "Outputs", "compile_flow", "french", "load", "write_outputs"]

_LAZY = {
    "DotMissing": "._diagram",
    "FlowError": "._errors",
    "FlowInvalid": "._errors",
    "Outputs": "._build",
    "compile_flow": "._build",
    "french": "._typography",  # the site's French typography, for the pages' own texts
    "load": "._loader",
    "write_outputs": "._build",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'gammaflow' has no attribute {name!r}")
