"""Walk every path of a compiled chart and record everything the runtime says.

Run twice by tests/test_runtime_pyodide.py: under CPython (imported) and under
the real Pyodide in Node (its source passed to runPython by run.mjs). The two
JSON results must be identical.
"""

from __future__ import annotations

import json

from gammaflow.runtime import Chart, InvalidPath

PRODUCED_AT = "1er janvier 2026 à 9\u00a0h\u00a005"
TAMPERED = [
    "", "   ", "suite", "suite.", ".suite", "suite..materiel", "SUITE", "<script>alert(1)</script>",
    "suite.materiel.resolu.encore", "suite.inconnu", "inconnu", "x" * 3000, "suite.materiel%2Eresolu",
    "javascript:alert(1)", "suite.materiel.sans-solution.sans-solution.suite",
]


def _move(walk, name, *args):
    try:
        moved = getattr(walk, name)(*args)
    except InvalidPath as exc:
        return {"error": str(exc)}
    return {"token": moved.token(), "node": moved.current}


def walk_all(text: str) -> dict:
    chart = Chart.from_json(text)
    result = {"paths": [], "tokens": {}, "path_to": {}}
    for answers in chart.paths():
        walk = chart.walk()
        views = [walk.view()]
        for key in answers:
            walk = walk.answer(key)
            views.append(walk.view())
        entry = {
            "answers": list(answers),
            "views": views,
            "summary_text": walk.summary_text(PRODUCED_AT),
            "summary_text_plain": walk.summary_text(),
            "scenario": chart.scenario_name(answers),
            "back": [],
            "back_to": {node: _move(walk, "back_to", node) for node in chart.nodes},
            "change": [],
            "restart": walk.restart().view(),
        }
        back = walk
        while back.answers:
            back = back.back()
            entry["back"].append(back.view())
        for index, node_id in enumerate(walk.nodes):
            for choice in chart.nodes[node_id]["choices"]:
                entry["change"].append([index, choice["key"], _move(walk, "change", index, choice["key"])])
        entry["change"].append([len(walk.nodes) + 1, "x", _move(walk, "change", len(walk.nodes) + 1, "x")])
        result["paths"].append(entry)
        for cut in range(len(answers) + 1):
            result["tokens"][".".join(answers[:cut])] = None
    for token in [*result["tokens"], *TAMPERED]:
        walk, notice = chart.from_token(token)
        result["tokens"][token] = {"token": walk.token(), "node": walk.current, "notice": notice}
    for node_id in [*chart.nodes, "inconnu"]:
        path = chart.path_to(node_id)
        result["path_to"][node_id] = None if path is None else list(path)
    return result


def main(text: str) -> str:
    return json.dumps(walk_all(text), ensure_ascii=False, sort_keys=True)
