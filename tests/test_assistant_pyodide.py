"""The assistant page's protocol (gammaflow.assistant) under the real Pyodide (Node + the npm package, our wheel installed from the lock the site ships) and under CPython: the same answers to every operation on every path of the GAMMA 2 flow."""

from __future__ import annotations

from pathlib import Path

import pytest

import pyodide_runs
from gammaflow.assistant import OPERATIONS

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def under_pyodide(assistant_file: Path) -> dict:
    """What tests/pyodide/protocol_all.py gives under Pyodide, with the Python version and the runtime's file."""
    return pyodide_runs.under_pyodide("protocol_all", assistant_file)


@pytest.fixture(scope="module")
def under_cpython(assistant_file: Path) -> dict:
    """What tests/pyodide/protocol_all.py gives under CPython."""
    return pyodide_runs.under_cpython("protocol_all", assistant_file)


def test_the_assistant_comes_from_the_installed_wheel(under_pyodide):
    """Under Pyodide, gammaflow.assistant (and the runtime it uses) is read from site-packages, where loadPackage installed the wheel, under the pinned Python."""
    assert under_pyodide["python"].startswith("3.14."), f"expected Python 3.14, got {under_pyodide['python']!r}"
    mine = under_pyodide["result"]["assistant_file"]
    assert mine.endswith("/site-packages/gammaflow/assistant.py"), f"expected the wheel's assistant.py in site-packages, got {mine!r}"
    assert under_pyodide["runtime_file"].endswith("/site-packages/gammaflow/runtime.py"), f"expected the wheel's runtime.py, got {under_pyodide['runtime_file']!r}"


@pytest.mark.parametrize("part", ["nodes", "restart", "produced_at", "produced_at_junk", "unknown_op", "junk"])
def test_the_same_answers_to_the_pages_simple_operations(under_pyodide, under_cpython, part):
    """nodes, restart, produced_at (with a fixed clock and with junk), an unknown op and junk args give the same answers under Pyodide and CPython."""
    mine, theirs = under_pyodide["result"]["result"][part], under_cpython["result"][part]
    assert mine == theirs, f"{part}: expected the CPython answer {theirs!r}, got {mine!r}"


def test_the_same_refusal_of_a_clock_out_of_range(under_pyodide, under_cpython):
    """produced_at refuses an epoch outside years 1–9999 or an offset of a whole day with its own ValueError, the same under Pyodide and CPython."""
    mine, theirs = under_pyodide["result"]["result"]["produced_at_out_of_range"], under_cpython["result"]["produced_at_out_of_range"]
    assert mine == theirs, f"expected the CPython answers {theirs!r}, got {mine!r}"
    for answer in theirs:
        assert answer.get("error") == "ValueError" and answer["message"].startswith("expected epoch milliseconds"), f"expected the runtime's own refusal, got {answer!r}"


def test_the_same_answers_on_every_start_of_every_path(under_pyodide, under_cpython):
    """open (by address, with an edit, by static address), answer, an unknown answer and back give the same answers on every start of every path."""
    mine, theirs = under_pyodide["result"]["result"]["prefixes"], under_cpython["result"]["prefixes"]
    assert list(mine) == list(theirs) and len(theirs) > 18, f"expected the same prefixes, got {len(mine)} and {len(theirs)}"
    for token in theirs:
        for op in theirs[token]:
            assert mine[token][op] == theirs[token][op], f"{token!r} {op}: Pyodide and CPython differ"


def test_the_same_answers_on_every_path(under_pyodide, under_cpython, chart):
    """change for every step and alternative, back_to every node, view with every edit and summary_text give the same answers on every path."""
    mine, theirs = under_pyodide["result"]["result"]["paths"], under_cpython["result"]["paths"]
    assert [p["answers"] for p in theirs] == [list(p) for p in chart.paths()], "expected every path of the chart, in its order"
    assert [p["answers"] for p in mine] == [p["answers"] for p in theirs]
    for a, b in zip(mine, theirs):
        for op in b:
            assert a[op] == b[op], f"{'.'.join(b['answers'])} {op}: Pyodide and CPython differ"


def test_the_same_answers_to_hostile_fragments(under_pyodide, under_cpython):
    """Every hostile fragment with every hostile trail gives the same answer under Pyodide and CPython, and open never raises."""
    mine, theirs = under_pyodide["result"]["result"]["hostile"], under_cpython["result"]["hostile"]
    assert len(mine) == len(theirs) > 0
    for index, (a, b) in enumerate(zip(mine, theirs)):
        assert a == b, f"hostile fragment {index}: Pyodide and CPython differ"
        assert all("ok" in answer for answer in a), f"hostile fragment {index}: open raised {[x for x in a if 'ok' not in x]}"


def test_everything_else_is_identical(under_pyodide, under_cpython):
    """The whole record is the same under Pyodide and CPython, the out-of-range clocks included."""
    mine = under_pyodide["result"]["result"]
    theirs = under_cpython["result"]
    assert set(theirs) == {"nodes", "restart", "prefixes", "paths", "hostile", "junk", "produced_at", "produced_at_junk", "unknown_op", "produced_at_out_of_range"}, sorted(theirs)
    assert mine == theirs


def test_the_record_says_what_the_page_relies_on(under_cpython, chart):
    """The CPython record itself: open of junk args never raises, an unknown op and an invalid token are refused, every change is answered with a view and produced_at writes the French date."""
    record = under_cpython["result"]
    assert all("ok" in answer for answer in record["junk"][:6]), f"expected open to answer junk args, got {record['junk'][:6]}"
    assert [answer.get("error") for answer in record["junk"][6:]] == ["InvalidPath"] * 5, f"expected InvalidPath for invalid tokens, got {record['junk'][6:]}"
    assert record["unknown_op"][0] == {"error": "ValueError", "message": f"unknown op 'inconnu'; expected one of {sorted(OPERATIONS)}"}, record["unknown_op"][0]
    assert record["produced_at"][0] == {"ok": f"1er décembre 2026 à 9{NBSP}h{NBSP}05"}, record["produced_at"][0]
    assert all(answer.get("error") == "ValueError" for answer in record["produced_at_junk"]), record["produced_at_junk"]
    assert record["nodes"] == {"ok": list(chart.nodes)}
    for path in record["paths"]:
        assert all("ok" in answer for _, _, answer in path["change"]), f"{path['answers']}: a change raised"
        assert path["change_out_of_range"]["error"] == "InvalidPath"
        assert path["summary_text"]["ok"].split("\n")[1] == f"Récapitulatif établi le 1er décembre 2026 à 9{NBSP}h{NBSP}05"
