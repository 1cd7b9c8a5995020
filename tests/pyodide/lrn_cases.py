"""Run gammaflow.lrn on a list of cases; the same script under CPython and
under Pyodide (tests/test_lrn_pyodide.py, through tests/pyodide/run.mjs, which
puts the cases' JSON in the global ``assistant_text`` and calls ``main``)."""

import json

from gammaflow import lrn, lrn_register


def register(op: str, args: dict) -> str:
    """register_call()'s JSON, or the RegisterError it raises (as {"error": message})."""
    try:
        if op == "round-trip":  # exported, then imported into an empty register
            exported = json.loads(lrn_register.register_call("export", json.dumps(args, ensure_ascii=False)))
            args = {"rows": [], "year": args["year"], "text": exported["csv"]}
            op = "import"
        return lrn_register.register_call(op, json.dumps(args, ensure_ascii=False))
    except lrn_register.RegisterError as error:
        return json.dumps({"error": str(error)}, ensure_ascii=False)


def main(text: str) -> str:
    cases = json.loads(text)
    return json.dumps({
        "register": [register(op, args) for op, args in cases.get("register", [])],
        "check": [lrn.check_json(value) for value in cases["check"]],
        "next": [lrn.next_number_json(last, year) for last, year in cases["next"]],
        "series": [lrn.check_series_json(series, year) for series, year in cases["series"]],
        "natures": [lrn.RULE, lrn.ADVICE],
        "lrn_file": lrn.__file__,
    }, ensure_ascii=False)
