"""The assistant page, as the assistant's browser tests see it."""

from __future__ import annotations



ASSISTANT_PAGE = "assistant.html"
PYODIDE_READY_MS = 120_000  # an upper bound for Pyodide on a loaded machine, not a target
PYTHON_MODE = '#assistant[data-mode="python"]'
FALLBACK_MODE = '#assistant[data-mode="fallback"]'
# Said whenever the Python assistant cannot take over (assistant.mjs, TEXT.failed).
STATIC_NOTE = "La version simple ci-dessous reste utilisable"
