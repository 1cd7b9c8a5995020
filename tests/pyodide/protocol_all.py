"""Run the assistant page's protocol (gammaflow.assistant) over every path of a
compiled chart and record every answer, as the page's worker would receive it.

Run twice by tests/test_assistant_pyodide.py: under CPython (imported) and
under the real Pyodide in Node (its source passed to runPython by run.mjs,
which puts the assistant's JSON in the global ``assistant_text`` and calls ``main``).
The two JSON results must be identical, apart from ``assistant_file``.
"""

from __future__ import annotations

import json

import gammaflow.assistant
from gammaflow.assistant import Assistant

# 1 December 2026, 8:05 UTC (Date.now() in milliseconds), read at UTC+1, UTC-5 and UTC+5:30.
EPOCH_MS = 1_796_112_300_000
OFFSETS = (60, -300, 330, 0)
HOSTILE = [
    "", "#", "chemin=", "chemin=" + "suite." * 10_000, "chemin=suite&" + "x" * 100_000, "x" * 100_000,
    "chemin=" + "é" * 5000, "chemin=suíte", "chemin=\u202esuite", "chemin=suite\x00", "chemin=../..",
    "chemin=a.b&modifier=999", "chemin=suite&modifier=1", "chemin=suite&modifier=0", "chemin=suite.materiel%2Eresolu",
    "chemin=<script>alert(1)</script>", "chemin=suite.materiel.resolu.encore", "chemin=suite.inconnu&modifier=2",
    "chemin=__proto__", "etape-inconnu", "#etape-", "etape-", "etape-../../etc/passwd", "etape-__proto__",
    "etape-secours", "#etape-resolu", "javascript:alert(1)", "##chemin=suite", "Chemin=suite", "\u00e9\u0301\U0001f642",
]
TRAILS = [
    [], None, "suite", 12, {"a": ["suite"]}, [None, 3, ["suite"]], ["suite"] * 10_000,
    ["suite", "pas-de-panne-locale", "signale", "suite"], ["x" * 3000] * 300,
]
JUNK_ARGS = ["null", "[]", "42", "\"chemin=suite\"", json.dumps({"fragment": {"a": [1, {"b": None}]}, "trail": {"x": [1]}}), "[" * 200 + "]" * 200]


def call(assistant: Assistant, op: str, args) -> dict:
    """handle() as the worker calls it; its answer decoded, or its error's type and message."""
    text = args if isinstance(args, str) else json.dumps(args)
    try:
        return {"ok": json.loads(assistant.handle(op, text))}
    except Exception as error:  # noqa: BLE001 - the worker reports every error to the page
        return {"error": type(error).__name__, "message": str(error)}


def protocol_all(text: str) -> dict:
    assistant = Assistant.from_json(text)
    chart = assistant.chart
    result: dict = {
        "nodes": call(assistant, "nodes", {}),
        "restart": call(assistant, "restart", {}),
        "prefixes": {},
        "paths": [],
        "hostile": [],
        "junk": [],
        "produced_at": [call(assistant, "produced_at", {"epoch_ms": EPOCH_MS, "offset_minutes": offset}) for offset in OFFSETS],
        "produced_at_junk": [
            call(assistant, "produced_at", args)
            for args in ({}, {"epoch_ms": "0", "offset_minutes": 0}, {"epoch_ms": 0, "offset_minutes": 24 * 60 + 1}, {"epoch_ms": None, "offset_minutes": 60})
        ],
        # Numbers a browser's clock never gives: past datetime's years, an offset of a whole day.
        "produced_at_out_of_range": [
            call(assistant, "produced_at", {"epoch_ms": epoch_ms, "offset_minutes": offset})
            for epoch_ms, offset in ((1e20, 0), (253_402_300_800_000, 0), (-1e15, 0), (0, 24 * 60))
        ],
        "unknown_op": [call(assistant, "inconnu", {"token": "suite"}), call(assistant, "inconnu", {})],
    }
    for path in chart.paths():
        for cut in range(len(path) + 1):
            walk = chart.walk(path[:cut])
            token = walk.token()
            if token in result["prefixes"]:
                continue
            fragment = gammaflow.assistant.fragment(walk)
            result["prefixes"][token] = {
                "open": call(assistant, "open", {"fragment": "#" + fragment, "trail": list(path)}),
                "edits": [call(assistant, "open", {"fragment": gammaflow.assistant.fragment(walk, edit)}) for edit in range(cut)],
                "answer": {c["key"]: call(assistant, "answer", {"token": token, "key": c["key"]}) for c in chart.nodes[walk.current]["choices"]},
                "answer_unknown": call(assistant, "answer", {"token": token, "key": "inconnu"}),
                "back": call(assistant, "back", {"token": token}),
                "static": call(assistant, "open", {"fragment": gammaflow.assistant.static_fragment(walk.current), "trail": list(path)}),
            }
        walk = chart.walk(path)
        token = walk.token()
        entry = {
            "answers": list(path),
            "change": [
                [index, choice["key"], call(assistant, "change", {"token": token, "index": index, "key": choice["key"]})]
                for index, node in enumerate(walk.nodes[:-1]) for choice in chart.nodes[node]["choices"]
            ],
            "change_out_of_range": call(assistant, "change", {"token": token, "index": len(path) + 1, "key": "suite"}),
            "back_to": {node: call(assistant, "back_to", {"token": token, "node": node}) for node in [*chart.nodes, "inconnu"]},
            "views": [call(assistant, "view", {"token": token, "edit": edit}) for edit in (None, -1, len(path), *range(len(path)))],
            "summary_text": call(assistant, "summary_text", {"token": token, "produced_at": call(assistant, "produced_at", {"epoch_ms": EPOCH_MS, "offset_minutes": 60})["ok"]}),
            "summary_text_plain": call(assistant, "summary_text", {"token": token}),
        }
        result["paths"].append(entry)
    for fragment in HOSTILE:
        result["hostile"].append([call(assistant, "open", {"fragment": fragment, "trail": trail}) for trail in TRAILS])
    for args in JUNK_ARGS:
        result["junk"].append(call(assistant, "open", args))
    for token in (None, 5, "inconnu", "suite.inconnu", "x" * 5000):
        result["junk"].append(call(assistant, "view", {"token": token}))
    return result


def main(text: str) -> str:
    return json.dumps({"result": protocol_all(text), "assistant_file": gammaflow.assistant.__file__}, ensure_ascii=False, sort_keys=True)
