"""The LRN helper (gammaflow.lrn) under the real Pyodide (Node + the npm
package, our wheel installed from the lock the site ships) gives the same JSON
as under CPython, byte for byte, for a list of cases: every rule, next numbers
across years, series with gaps, duplicates, disorder and mixed years, and
random strings (seeded) with spaces, invisible and non-ASCII characters; every
finding with its nature (rule or advice) and its source. The register too
(register_call): its view, numbers attributed, rows changed, CSV exported
and imported, hostile files included (formulas, quotes, « ; » and line breaks
in cells, wrong header or separator, wrong column count, broken quotes,
unreadable characters, more rows than the register holds).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import pyodide_runs


CHECKS = [
    "", "SEC20260001", "sec20260001", "2026000003", "SECOURS202600000000001", "SECOURS2026000000000001",
    "SEC 20260003", " SEC1", "SEC1 ", "SEC\t1", "SEC\n1", "SEC\u00a01", "SEC\u200b1", "SEC\ufeff1", "SEC\u00ad1",
    "SEC-2026-0041", "SEC/2026/0041", "SÉC20260001", "SEC_1", "x" * 40, "A" * 22, "A" * 23, "é" * 30,
    "SEC\x001", "SEC\x7f1", "🙂SEC1", "SEC\u30001", "a-b-c-d-e-f-g-h-i-j-k-l",
]
NEXTS = [
    ("SEC2026-0041", 2026), ("SEC2026-0041", 2027), ("SEC2026-0041", None), ("SEC20260009", 2026),
    ("SEC20269999", 2026), ("41", 2026), ("9", None), ("0099", None), ("A999", None), ("2026000123", 2026),
    ("2026000123", 2027), ("SEC", 2026), ("2026", 2026), ("", 2026), ("SEC 1", 2026), ("SEC-2025-0100", 2026),
    ("LRN2026X0007Y", 2026), ("000", None), ("SEC2026-0041", 1000), ("A" * 23, 2026),
]
SERIES = [
    ("SEC20260001\nSEC20260002\nSEC20260003", None),
    ("SEC20260001\nSEC20260003\nSEC20260002\nSEC20260002", 2026),
    ("SEC2026-0001\nSEC2026-0002\nSEC2027-0001\nSEC2026-0005", None),
    ("SEC2026-0001\nSEC2026-0002\nSEC2027-0001", 2027),
    ("1\n2\n4\n3\n3\n10", None),
    ("SEC 1\nSEC 2\nSEC 3\nSECOURS2026000000000000004", None),
    ("A1\nB2\nA3\n\n\nA0004", None),
    ("X\nY\n2026\nSEC-0001\r\nSEC-0002\rSEC-0003", 2026),
    ("", None),
    ("SEC01\nSEC1\nSEC02", None),
    ("SEC\u00a01\nSEC\u00a02\nSEC\u00a03\nSEC\u00a04\nSEC\u00a05\nSEC\u00a06\nSEC\u00a07", None),
]


HEADER = (
    "Numéro LRN;Date d’attribution;Heure d’attribution;Mouvement (destinataire, produits);"
    "Motif du recours à la procédure de secours;Date de saisie dans GAMMA 2"
)
ROWS = [
    {"number": "SEC2026-0001", "date": "2026-11-27", "time": "09:15", "movement": "Weinhandel GmbH; Berlin\n600 bouteilles",
     "reason": "Panne", "entered": "2026-11-28"},
    {"number": "SEC2026-0002", "date": "2026-11-27", "time": "10:00", "movement": "=HYPERLINK(\"http://x\")",
     "reason": "@SUM(A1) \"cité\"", "entered": ""},
    {"number": "SEC2026-0004", "date": "2026-11-28", "time": "", "movement": "-600 bouteilles\r\n+ 2 fûts",
     "reason": "'=déjà", "entered": ""},
]


def csv_lines(*lines: str) -> str:
    return "\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n"


REGISTER = [
    ("view", {"rows": [], "year": 2026}),
    ("view", {"rows": ROWS, "year": 2026}),
    ("view", {"rows": ROWS, "year": 2027}),
    ("view", {"rows": ROWS, "year": None}),
    ("view", {"rows": [{"number": "2027", "date": "2026-01-01"}, {"number": "2026", "date": "2026-01-01"}], "year": 2027}),
    ("view", {"rows": [{"number": "SEC 1", "date": "2026-01-01"}, {"number": "SEC 1", "date": "2026-01-01"},
                       {"number": "SECOURS2026000000000000005", "date": "2026-01-01"}], "year": 2026}),
    ("view", {"rows": [{"number": "A1", "date": "2026-02-31"}], "year": 2026}),
    ("view", {"rows": "x", "year": 2026}),
    ("assign", {"rows": ROWS, "year": 2026, "date": "2026-11-30", "time": "09:05", "number": None}),
    ("assign", {"rows": [], "year": 2026, "date": "2026-11-30", "time": "09:05", "number": None}),
    ("assign", {"rows": [], "year": 2026, "date": "2026-11-30", "time": "09:05", "number": "SEC\u00a01"}),
    ("assign", {"rows": ROWS, "year": 2026, "date": "2026-11-30", "time": "09:05", "number": "SEC2026-0002"}),
    ("assign", {"rows": ROWS, "year": 2026, "date": "2026-11-30", "time": "09:05", "number": "A" * 23}),
    ("assign", {"rows": ROWS, "year": 2026, "date": "30/11/2026", "time": "09:05", "number": None}),
    ("update", {"rows": ROWS, "year": 2026, "index": 1, "row": {**ROWS[1], "entered": "2026-12-01"}}),
    ("update", {"rows": ROWS, "year": 2026, "index": 1, "row": {**ROWS[1], "number": "SEC2026-0001", "date": "2026-02-30"}}),
    ("update", {"rows": ROWS, "year": 2026, "index": 1, "row": {**ROWS[1], "entered": "2026-01-01"}}),
    ("export", {"rows": ROWS, "year": 2026, "date": "2026-11-30"}),
    ("export", {"rows": [], "year": 2026, "date": ""}),
    ("import", {"rows": [], "year": 2026, "name": "r.csv", "text": csv_lines(
        'SEC2026-0001;27/11/2026;09:15;"Weinhandel GmbH; Berlin\n600 bouteilles";Panne;28/11/2026',
        "SEC2026-0002;1/2/2026;9 h 05;'=1+1;;", ";;;;;;", "", "SEC2026-0003;01/02/2026;;;;")}),
    ("import", {"rows": ROWS, "year": 2026, "name": "r.csv", "text": csv_lines(
        "SEC2026-0005;31/02/2026;09:15;;;", "SEC2026-0006;27/11/2026;25:00;;;", "SEC2026-0008;27/11/2026;09:15;;",
        ";27/11/2026;09:15;;;", "SEC2026-0009;;09:15;;;", "SEC2026-0010;28/11/2026;09:15;;;27/11/2026",
        "SEC2026-0012;28/11/2026;09:15;;caf\ufffd;", "SEC2026-0013;28/11/2026;09:15;;;;x")}),
    ("import", {"rows": ROWS, "year": 2026, "text": ""}),
    ("import", {"rows": ROWS, "year": 2026, "text": HEADER.replace(";", ",") + "\n"}),
    ("import", {"rows": ROWS, "year": 2026, "text": "Numéro LRN\tDate\n"}),
    ("import", {"rows": ROWS, "year": 2026, "text": csv_lines('SEC1;27/11/2026;09:15;"a"b;;', "SEC2;27/11/2026;;;;")}),
    ("import", {"rows": ROWS, "year": 2026, "text": csv_lines("SEC1;27/11/2026;;;;", 'SEC2;"27/11/2026')}),
    ("import", {"rows": ROWS, "year": 2026, "text": csv_lines(*("A;99/99/2026;;;;" for _ in range(60)))}),
    ("import", {"rows": [], "year": 2026, "text": csv_lines(*(f"A{n};27/11/2026;;;;" for n in range(10_001)))}),
    ("drop", {"rows": ROWS, "year": 2026}),
]


def random_register(generator: random.Random) -> list[tuple[str, dict]]:
    """Registers of hostile text (quotes, « ; », line breaks, formulas, emoji, NUL) exported, then imported back."""
    alphabet = "AZaz09;\"'=+-@\t\r\n \u00a0\u200bé\U0001f642\x00,"
    cases = []
    for _ in range(15):
        rows = []
        for n in range(generator.randint(0, 6)):
            text = lambda: "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 20)))  # noqa: E731
            number = generator.choice(["SEC2026-", "", "=", "-"]) + str(generator.randint(0, 30)).zfill(generator.choice([0, 4]))
            rows.append({"number": number, "date": f"2026-{generator.randint(1, 12):02d}-{generator.randint(1, 28):02d}",
                         "time": generator.choice(["", "00:00", "23:59", "09:05"]), "movement": text(), "reason": text(),
                         "entered": generator.choice(["", "2026-12-31"])})
        cases.append(("round-trip", {"rows": rows, "year": generator.choice([None, 2026, 2027])}))
    return cases


def random_cases(seed: int = 20260) -> tuple[list[str], list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    generator = random.Random(seed)
    alphabet = "AZaz09SEC-/_ .\u00a0\u200b\t\u00e9\U0001f642" + "0123456789" * 3

    def word() -> str:
        return "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 28)))

    checks = [word() for _ in range(200)]
    nexts = [(word(), generator.choice([None, 2025, 2026, 2027])) for _ in range(200)]
    series = []
    for _ in range(40):
        prefix = generator.choice(["SEC", "SEC2026-", "", "LRN2025", "S"])
        width = generator.choice([0, 3, 5])
        numbers = [generator.randint(0, 30) for _ in range(generator.randint(0, 12))]
        lines = [prefix + str(n).zfill(width) for n in numbers] + [word() for _ in range(generator.randint(0, 2))]
        generator.shuffle(lines)
        series.append(("\n".join(lines), generator.choice([None, 2026])))
    return checks, nexts, series


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory) -> Path:
    checks, nexts, series = random_cases()
    path = tmp_path_factory.mktemp("lrn-pyodide") / "cases.json"
    path.write_text(
        json.dumps({
            "check": CHECKS + checks, "next": NEXTS + nexts, "series": SERIES + series,
            "register": REGISTER + random_register(random.Random(20261)),
        }, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def under_pyodide(cases_file: Path) -> dict:
    return pyodide_runs.under_pyodide("lrn_cases", cases_file)


@pytest.fixture(scope="module")
def under_cpython(cases_file: Path) -> dict:
    return pyodide_runs.under_cpython("lrn_cases", cases_file)


def test_the_checker_comes_from_the_installed_wheel(under_pyodide):
    assert under_pyodide["python"].startswith("3.14."), under_pyodide["python"]
    assert under_pyodide["result"]["lrn_file"].endswith("/site-packages/gammaflow/lrn.py")
    assert under_pyodide["result"]["natures"] == ["regle", "conseil"]


@pytest.mark.parametrize("kind", ["check", "next", "series", "register"])
def test_the_same_json_under_pyodide_and_cpython(under_pyodide, under_cpython, kind):
    mine, theirs = under_pyodide["result"][kind], under_cpython[kind]
    assert len(mine) == len(theirs) > 0
    for index, (a, b) in enumerate(zip(mine, theirs)):
        assert a == b, (kind, index)


def test_the_cases_cover_every_rule(under_cpython):
    rules = set()
    for text in under_cpython["check"] + under_cpython["series"]:
        rules |= {finding["rule"] for finding in json.loads(text)}
    for text in under_cpython["next"]:
        data = json.loads(text)
        rules |= {finding["rule"] for finding in data["findings"]}
    assert {
        "vide", "trop-long", "espace", "caractere-de-controle", "caractere-non-alphanumerique", "sans-compteur",
        "doublon", "meme-numero", "autre-serie", "largeur-du-compteur", "annee", "desordre", "lacune",
    } <= rules, rules
    assert any(json.loads(text)["new_series"] for text in under_cpython["next"])


def all_findings(result: dict) -> list[dict]:
    findings = []
    for text in result["check"] + result["series"]:
        findings += json.loads(text)
    for text in result["next"]:
        findings += json.loads(text)["findings"]
    return findings


def test_every_finding_under_pyodide_has_a_nature_and_a_source(under_pyodide):
    """What the browser receives: every finding has its nature (« regle » or « conseil ») and a non-empty
    source; a rule only for an empty, too long or repeated number, the length citing the chart; a character
    is advice, never an error, never « interdit »."""
    findings = all_findings(under_pyodide["result"])
    assert {finding["nature"] for finding in findings} == {"regle", "conseil"}
    for finding in findings:
        assert finding["source"].strip(), finding
        is_rule = finding["rule"] in ("vide", "trop-long", "doublon")
        assert finding["nature"] == ("regle" if is_rule else "conseil"), finding
        if finding["rule"] == "trop-long":
            assert finding["source"].startswith("Logigramme GAMMA\u00a02 (janvier 2023), «\u00a0ne doit pas dépasser")
        if finding["rule"] in ("espace", "caractere-de-controle", "caractere-non-alphanumerique"):
            assert finding["level"] == "avertissement", finding
            assert "interdit" not in (finding["message"] + finding["source"]).lower(), finding


def test_the_register_cases_cover_every_op_and_outcome(under_cpython):
    """The register cases reach each op, accepted and refused, and every random register comes back from its CSV."""
    answers = [json.loads(text) for text in under_cpython["register"]]
    ops = [op for op, _ in REGISTER]
    outcomes = {(op, answer.get("ok", "error" not in answer)) for op, answer in zip(ops, answers)}
    assert {("assign", True), ("assign", False), ("update", True), ("update", False), ("import", True), ("import", False),
            ("view", True), ("view", False), ("export", True), ("drop", False)} <= outcomes, outcomes
    trips = [(args, answer) for (op, args), answer in zip(REGISTER + random_register(random.Random(20261)), answers) if op == "round-trip"]
    assert len(trips) == 15
    for args, answer in trips:
        assert answer["ok"] and answer["errors"] == [], answer
        assert answer["view"]["rows"] == [{**row} for row in args["rows"]]
