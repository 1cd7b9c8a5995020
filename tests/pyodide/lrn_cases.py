"""Run gammaflow.lrn on a list of cases; the same script under CPython and
under Pyodide (tests/test_lrn_pyodide.py, through tests/pyodide/run.mjs, which
puts the cases' JSON in the global ``wizard_text`` and calls ``main``)."""

import json

from gammaflow import lrn


def main(text: str) -> str:
    cases = json.loads(text)
    return json.dumps({
        "check": [lrn.check_json(value) for value in cases["check"]],
        "next": [lrn.next_number_json(last, year) for last, year in cases["next"]],
        "series": [lrn.check_series_json(series, year) for series, year in cases["series"]],
        "natures": [lrn.RULE, lrn.ADVICE],
        "lrn_file": lrn.__file__,
    }, ensure_ascii=False)
