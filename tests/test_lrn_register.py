"""The register of the numbers attributed (gammaflow.lrn): rows, series check, next number, CSV export and import."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow import lrn_register
from gammaflow.lrn import ERROR, RULE, check_series, next_number
from gammaflow.lrn_register import (
    MAX_REGISTER_ROWS,
    RegisterError,
    RegisterRow,
    assign,
    check_register,
    import_register_csv,
    next_from_register,
    read_register_csv,
    register_call,
    register_csv,
    register_rows,
    update,
)

NBSP = "\u00a0"
SETTINGS = settings(max_examples=150, deadline=None)
HEADER = (
    "Numéro LRN;Date d’attribution;Heure d’attribution;Mouvement (destinataire, produits);"
    "Motif du recours à la procédure de secours;Date de saisie dans GAMMA 2"
)


def q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def row(number: str, day: str = "2026-11-27", time: str = "09:15", movement: str = "", reason: str = "",
        entered: str = "") -> RegisterRow:
    return RegisterRow(number, day, time, movement, reason, entered)


def csv_text(*lines: str) -> str:
    return "\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n"


REGISTER = [
    row("SEC2026-0001", movement="Weinhandel GmbH; Berlin\n600 bouteilles", reason="Panne", entered="2026-11-28"),
    row("SEC2026-0002", time="10:00"),
    row("SEC2026-0004", day="2026-11-28", time="08:05"),
]


# ---------------------------------------------------------------- rows


def test_rows_are_read_from_their_stored_form_and_shown_the_french_way():
    """A stored row (JSON object) gives its RegisterRow; its dates show as jj/mm/aaaa and its time as « 9 h 05 »."""
    rows = register_rows([{"number": "A1", "date": "2026-01-02", "time": "09:05", "entered": None}])
    assert rows == [RegisterRow("A1", "2026-01-02", "09:05")]
    assert rows[0].shown() == {"date": "02/01/2026", "time": f"9{NBSP}h{NBSP}05", "entered": ""}
    assert RegisterRow("A1", "2026-01-02", "", entered="2026-12-31").shown() == {
        "date": "02/01/2026", "time": "", "entered": "31/12/2026",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("x", f"registre{NBSP}: attendu une liste de lignes, lu str"),
        ([3], f"ligne 1 du registre{NBSP}: attendu un objet, lu int"),
        ([{"number": "A1", "date": "2026-02-31"}], f"ligne 1 du registre{NBSP}: date d’attribution {q('2026-02-31')} invalide, attendu aaaa-mm-jj"),
        ([{"number": "A1", "date": "27/11/2026"}], f"ligne 1 du registre{NBSP}: date d’attribution {q('27/11/2026')} invalide, attendu aaaa-mm-jj"),
        ([{"number": "A1", "date": "2026-11-27", "time": "24:00"}], f"ligne 1 du registre{NBSP}: heure d’attribution {q('24:00')} invalide, attendu hh:mm"),
        ([{"number": " ", "date": "2026-11-27"}], f"ligne 1 du registre{NBSP}: numéro LRN manquant"),
        ([{"number": "A\n1", "date": "2026-11-27"}], f"ligne 1 du registre{NBSP}: numéro LRN {q('A<U+000A>1')} sur plusieurs lignes, attendu un numéro sur une seule ligne"),
        ([{"number": "A1", "date": "2026-11-27", "movement": 5}], f"ligne 1 du registre{NBSP}: mouvement{NBSP}: attendu un texte, lu int"),
        ([{"number": "A1", "date": "2026-11-27", "entered": "2026-11-26"}],
         f"ligne 1 du registre{NBSP}: date de saisie dans GAMMA{NBSP}2 {q('26/11/2026')} antérieure à la date d’attribution {q('27/11/2026')}"),
    ],
)
def test_damaged_stored_rows_are_refused_with_where_expected_and_got(data, message):
    """Stored rows that cannot be read raise RegisterError naming the line, what was expected and what was got."""
    with pytest.raises(RegisterError) as raised:
        register_rows(data)
    assert str(raised.value) == message


def test_the_series_check_of_the_register_is_check_series_on_its_numbers():
    """check_register() gives check_series()'s findings on the numbers in the register's order: row n is line n."""
    rows = [row("SEC20260001"), row("SEC20260004"), row("SEC20260004"), row("SEC20260002"),
            row("SEC20270001"), row("SECOURS2026000000000000005")]
    findings = check_register(rows)
    assert findings == check_series("\n".join(r.number for r in rows))
    assert {(f.rule, f.line) for f in findings} >= {
        ("lacune", 2), ("doublon", 3), ("desordre", 4), ("annee", 5), ("trop-long", 6),
    }
    assert check_register([]) == []


# ---------------------------------------------------------------- next number


def test_next_from_an_empty_register_is_typed_by_the_reader():
    """An empty register proposes nothing and says to attribute the first number oneself."""
    proposal = next_from_register([], year=2026)
    assert proposal.value is None and proposal.findings == []
    assert proposal.explanation.startswith(f"Le registre est vide{NBSP}: attribuez vous-même le premier numéro")


def test_next_from_the_register_follows_its_last_number():
    """The proposal is next_number() of the last row, and says which row it starts from."""
    proposal = next_from_register(REGISTER, year=2026)
    assert proposal.value == "SEC2026-0005" == next_number("SEC2026-0004", year=2026).value
    assert proposal.explanation.startswith(f"D’après le dernier numéro du registre, {q('SEC2026-0004')} (ligne 3){NBSP}: compteur")


def test_next_from_a_register_out_of_order_follows_its_greatest_number():
    """A last row lower than an earlier one of its series and year: the proposal follows the greatest, never a number already given."""
    rows = [row("SEC2026-0007"), row("SEC2026-0009"), row("SEC2026-0008")]
    proposal = next_from_register(rows, year=2026)
    assert proposal.value == "SEC2026-0010"
    assert f"{q('SEC2026-0009')} (ligne 2), le plus grand numéro de sa série" in proposal.explanation


def test_next_from_the_register_in_a_new_year():
    """A new year starts its series at 1, or after the greatest number of that year already in the register."""
    proposal = next_from_register(REGISTER, year=2027)
    assert (proposal.value, proposal.new_series) == ("SEC2027-0001", True)
    assert [f.rule for f in proposal.findings] == ["nouvelle-serie"]
    rows = [row("SEC2027-0002", day="2027-01-02"), *REGISTER]
    proposal = next_from_register(rows, year=2027)
    assert proposal.value == "SEC2027-0003"
    assert "le plus grand numéro de la série de 2027 déjà dans le registre" in proposal.explanation


def test_next_from_the_register_never_proposes_a_number_in_it():
    """A proposal already in the register (here « 2027 », read as a year, not a counter) is refused with the rule it would break."""
    rows = [row("2027"), row("2026")]
    proposal = next_from_register(rows, year=2027)
    assert proposal.value is None
    assert [(f.level, f.nature, f.rule, f.line) for f in proposal.findings][-1] == (ERROR, RULE, "doublon", 1)


def test_no_next_number_from_a_last_number_without_counter():
    """A last number without a counter gives next_number()'s error, not a guess."""
    proposal = next_from_register([row("SECOURS")], year=2026)
    assert proposal.value is None and [f.rule for f in proposal.findings] == ["sans-compteur"]


# ---------------------------------------------------------------- assign and update


def test_assign_the_next_number_creates_its_row():
    """assign() without a number adds the proposed number at the date and time given, and says so in French."""
    rows, new, findings, message = assign(REGISTER, date_iso="2026-11-30", time="09:05", year=2026)
    assert new == RegisterRow("SEC2026-0005", "2026-11-30", "09:05")
    assert rows == [*REGISTER, new] and findings == []
    assert message == (
        f"Numéro {q('SEC2026-0005')} attribué le 30/11/2026 à 9{NBSP}h{NBSP}05, ligne 4 du registre{NBSP}: "
        "complétez le mouvement et le motif."
    )


@pytest.mark.parametrize(
    ("number", "rule"),
    [("", "vide"), ("SECOURS2026000000000000005", "trop-long"), ("SEC2026-0002", "doublon")],
)
def test_assign_refuses_a_number_that_breaks_a_rule(number, rule):
    """An empty, too long or already registered number is not attributed: the register is unchanged, the rule given."""
    rows, new, findings, message = assign(REGISTER, date_iso="2026-11-30", time="09:05", number=number, year=2026)
    assert new is None and rows == REGISTER
    assert [(f.level, f.nature, f.rule) for f in findings] == [(ERROR, RULE, rule)]
    assert "non attribué" in message


def test_assign_a_number_with_advice_keeps_the_advice():
    """A number with a space is attributed (no rule forbids it) with the advice about it."""
    rows, new, findings, _ = assign([], date_iso="2026-11-30", time="09:05", number="SEC 1", year=2026)
    assert new is not None and rows == [new]
    assert [f.rule for f in findings] == ["espace"]


def test_assign_checks_the_clock_it_is_given():
    """A date or time that is not aaaa-mm-jj and hh:mm is a RegisterError (the browser's clock is read wrong)."""
    with pytest.raises(RegisterError, match="attendu aaaa-mm-jj et hh:mm"):
        assign([], date_iso="30/11/2026", time="09:05")


def test_update_replaces_a_row_or_says_why_not():
    """update() replaces the row, or gives the register unchanged with each error (line, expected, got)."""
    changed = {**REGISTER[1].to_dict(), "movement": "Destinataire X", "entered": "2026-12-01"}
    rows, errors = update(REGISTER, 1, changed)
    assert errors == [] and rows[1].movement == "Destinataire X" and rows[0] == REGISTER[0]
    rows, errors = update(REGISTER, 1, {**changed, "number": "SEC2026-0001"})
    assert rows == REGISTER
    assert errors == [f"Le numéro {q('SEC2026-0001')} figure déjà à la ligne 1 du registre{NBSP}: un numéro LRN ne doit servir qu’à un seul mouvement."]
    rows, errors = update(REGISTER, 1, {**changed, "date": "2026-02-30"})
    assert rows == REGISTER and errors == [f"ligne 2{NBSP}: date d’attribution {q('2026-02-30')} invalide, attendu aaaa-mm-jj"]
    with pytest.raises(RegisterError):
        update(REGISTER, 3, changed)


def test_update_keeps_a_duplicate_row_editable():
    """A row whose number repeats another's can still be completed: only a changed number is checked against the others."""
    rows = [row("A1"), row("A1")]
    assert update(rows, 1, {**rows[1].to_dict(), "reason": "Panne"})[1] == []


# ---------------------------------------------------------------- CSV


def test_the_export_opens_in_a_french_spreadsheet():
    """UTF-8 byte order mark, « ; », CRLF, the French header, dates jj/mm/aaaa, times hh:mm; cells with ; or line breaks quoted."""
    text = register_csv(REGISTER)
    assert text == csv_text(
        'SEC2026-0001;27/11/2026;09:15;"Weinhandel GmbH; Berlin\n600 bouteilles";Panne;28/11/2026',
        "SEC2026-0002;27/11/2026;10:00;;;",
        "SEC2026-0004;28/11/2026;08:05;;;",
    )
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_export_defuses_formulas_and_the_import_restores_them(start):
    """A cell starting with = + - @ tab or CR gets an apostrophe (one more if it already had some); the import gives the text back."""
    rows = [row("SEC1", movement=f"{start}HYPERLINK(\"http://x\")", reason=f"'{start}1")]
    text = register_csv(rows)
    cells = next(csv.reader(io.StringIO(text.removeprefix("\ufeff").split("\r\n", 1)[1], newline=""), delimiter=";"))
    assert cells[3] == f"'{start}HYPERLINK(\"http://x\")" and cells[4] == f"''{start}1"
    assert read_register_csv(text) == (rows, [])


ROW_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\ufffd"), max_size=40)
NUMBERS = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\ufffd"), min_size=1, max_size=30).filter(str.strip)
DATES = st.dates(min_value=__import__("datetime").date(1990, 1, 1), max_value=__import__("datetime").date(2099, 12, 31))


@st.composite
def register_row(draw) -> RegisterRow:
    day = draw(DATES)
    entered = draw(st.one_of(st.none(), st.integers(0, 400)))
    time = draw(st.one_of(st.just(""), st.times().map(lambda t: f"{t.hour:02d}:{t.minute:02d}")))
    return RegisterRow(
        draw(NUMBERS), day.isoformat(), time, draw(ROW_TEXT), draw(ROW_TEXT),
        "" if entered is None else (day + __import__("datetime").timedelta(days=entered)).isoformat(),
    )


@SETTINGS
@given(st.lists(register_row(), max_size=8))
def test_export_then_import_gives_the_register_back(rows):
    """Any register (quotes, ;, line breaks, formulas, any character) exported then imported into an empty one comes back the same."""
    text = register_csv(rows)
    assert read_register_csv(text) == (rows, [])
    result = import_register_csv([], text)
    assert result.ok and result.rows == rows and result.added == len(rows)


@SETTINGS
@given(st.lists(register_row(), max_size=6), st.lists(register_row(), max_size=6))
def test_import_adds_at_the_end_what_is_not_already_there(before, extra):
    """The file's rows are added after the register's, except those already in it identically; re-importing adds nothing."""
    text = register_csv([*before, *extra])
    result = import_register_csv(before, text)
    new = [r for r in [*before, *extra] if r not in set(before)]
    assert result.ok and result.rows == [*before, *new]
    assert (result.added, result.present) == (len(new), len(before) + len(extra) - len(new))
    again = import_register_csv(result.rows, text)
    assert again.rows == result.rows and again.added == 0


def test_a_spreadsheet_s_own_ways_are_read():
    """No byte order mark, LF endings, 1-digit day and month, « 9:05 », « 9 h 05 », trailing empty cells, blank lines and a header typed with ' are read."""
    text = (HEADER.replace("’", "'").upper() + ";;\n"
            "SEC1;1/2/2026;9:05;;;;\n"
            ";;;;;\n"
            "\n"
            f"SEC2;01/02/2026;9{NBSP}h{NBSP}05;;;3/2/2026\n"
            "SEC3;01/02/2026;;;;\n")
    rows, errors = read_register_csv(text)
    assert errors == []
    assert rows == [row("SEC1", "2026-02-01", "09:05"), row("SEC2", "2026-02-01", "09:05", entered="2026-02-03"),
                    row("SEC3", "2026-02-01", "")]


def test_a_damaged_file_is_refused_line_by_line_and_changes_nothing():
    """Each damaged line says its line, what was expected and what was got; the register comes back unchanged."""
    text = csv_text(
        "SEC2026-0005;31/02/2026;09:15;;;",          # line 2
        "SEC2026-0006;27/11/2026;25:00;;;",          # line 3
        '"SEC2026-0007";27/11/2026;09:15;"a\nb";;',  # lines 4 and 5: fine
        "SEC2026-0008;27/11/2026;09:15;;",           # line 6
        ";27/11/2026;09:15;;;",                      # line 7
        "SEC2026-0009;;09:15;;;",                    # line 8
        "SEC2026-0010;28/11/2026;09:15;;;27/11/2026",  # line 9
        "SEC2026-0011;28/11/2026;09:15;;;2026-11-29",  # line 10
        "SEC2026-0012;28/11/2026;09:15;;caf\ufffd;",   # line 11
        "SEC2026-0013;28/11/2026;09:15;;;;x",        # line 12
    )
    result = import_register_csv(REGISTER, text)
    assert not result.ok and result.rows == REGISTER and result.added == 0
    assert result.errors == [
        f"ligne 2{NBSP}: date d’attribution {q('31/02/2026')} invalide, attendu jj/mm/aaaa",
        f"ligne 3{NBSP}: heure d’attribution {q('25:00')} invalide, attendu hh:mm (par exemple 09:15)",
        f"ligne 6{NBSP}: 5 colonnes, attendu 6 séparées par {q(';')}",
        f"ligne 7{NBSP}: numéro LRN manquant",
        f"ligne 8{NBSP}: date d’attribution manquante, attendu jj/mm/aaaa",
        f"ligne 9{NBSP}: date de saisie dans GAMMA{NBSP}2 {q('27/11/2026')} antérieure à la date d’attribution {q('28/11/2026')}",
        f"ligne 10{NBSP}: date de saisie dans GAMMA{NBSP}2 {q('2026-11-29')} invalide, attendu jj/mm/aaaa",
        f"ligne 11{NBSP}: caractère illisible {q(chr(0xFFFD))} (motif){NBSP}: le fichier doit être enregistré en UTF-8 (dans un tableur{NBSP}: format {q('CSV UTF-8')})",
        f"ligne 12{NBSP}: 7 colonnes, attendu 6 séparées par {q(';')}",
    ]
    assert result.message("r.csv").startswith(f"Fichier {q('r.csv')} refusé{NBSP}: le registre n’a pas été modifié.")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", f"fichier vide, attendu une ligne d’en-tête{NBSP}: {q(HEADER)}"),
        ("\ufeff\r\n", f"fichier vide, attendu une ligne d’en-tête{NBSP}: {q(HEADER)}"),
        ("SEC1;27/11/2026;09:15;;;\r\n", f"ligne 1{NBSP}: en-tête {q('SEC1;27/11/2026;09:15;;;')} inattendu, attendu {q(HEADER)}"),
        (HEADER.replace(";", ",") + "\n",
         f"ligne 1{NBSP}: en-tête {q(HEADER.replace(';', ',')[:119] + '…')} inattendu, attendu {q(HEADER)}{NBSP}; "
         f"les colonnes doivent être séparées par {q(';')}, pas par {q(',')}"),
        (HEADER + ";Autre\n", f"ligne 1{NBSP}: en-tête {q((HEADER + ';Autre')[:119] + '…')} inattendu, attendu {q(HEADER)}"),
        ("Numéro LRN\tDate\n", f"ligne 1{NBSP}: en-tête {q('Numéro LRN<U+0009>Date')} inattendu, attendu {q(HEADER)}"),
        (csv_text('SEC1;27/11/2026;09:15;"a"b;;', "SEC2;27/11/2026;;;;"),
         f"ligne 2{NBSP}: guillemet mal placé ou mal fermé, attendu une cellule entre guillemets {q(chr(34) + '…' + chr(34))}{NBSP}; lecture arrêtée à cette ligne"),
        (csv_text("SEC1;27/11/2026;09:15;;;", 'SEC2;"27/11/2026'),
         f"ligne 3{NBSP}: guillemet mal placé ou mal fermé, attendu une cellule entre guillemets {q(chr(34) + '…' + chr(34))}{NBSP}; lecture arrêtée à cette ligne"),
    ],
)
def test_a_file_that_is_not_a_register_is_refused_whole(text, error):
    """An empty file, a wrong header, a wrong separator or a broken quote: one error saying what was expected."""
    rows, errors = read_register_csv(text)
    assert rows == [] and errors[-1] == error


def test_huge_files_are_refused_without_reading_them():
    """A file over MAX_CSV_CHARS characters, or with more rows than the register holds, is refused in one line."""
    rows, errors = read_register_csv("x" * (lrn_register.MAX_CSV_CHARS + 1))
    assert rows == [] and len(errors) == 1 and "caractères, 3\u00a0000\u00a0000 au plus" in errors[0]
    many = csv_text(*(f"A{n};27/11/2026;;;;" for n in range(MAX_REGISTER_ROWS + 1)))
    rows, errors = read_register_csv(many)
    assert rows == [] and errors == [f"plus de 10{NBSP}000 numéros dans le fichier, c’est le maximum du registre"]


def test_many_errors_are_listed_up_to_a_limit():
    """At most MAX_LISTED_ERRORS errors are listed, then one line says how many more there are."""
    rows, errors = read_register_csv(csv_text(*("A;99/99/2026;;;;" for _ in range(60))))
    assert rows == [] and len(errors) == lrn_register.MAX_LISTED_ERRORS + 1
    assert errors[-1] == "… et 10 autres erreurs"


# ---------------------------------------------------------------- for the browser


def test_register_call_answers_each_op_with_the_register_after_it():
    """register_call() gives JSON: the op's answer and the view (rows to store, dates shown, series findings, next number)."""
    rows = [r.to_dict() for r in REGISTER]
    view = json.loads(register_call("view", json.dumps({"rows": rows, "year": 2026})))["view"]
    assert view["rows"] == rows
    assert view["shown"][2] == {"date": "28/11/2026", "time": f"8{NBSP}h{NBSP}05", "entered": ""}
    assert [f["rule"] for f in view["findings"]] == [f.rule for f in check_register(REGISTER)]
    assert view["proposal"]["value"] == "SEC2026-0005"

    answer = json.loads(register_call("assign", json.dumps({"rows": rows, "year": 2026, "date": "2026-11-30", "time": "09:05", "number": None})))
    assert answer["ok"] and answer["line"] == 4 and answer["view"]["rows"][3]["number"] == "SEC2026-0005"
    answer = json.loads(register_call("assign", json.dumps({"rows": rows, "year": 2026, "date": "2026-11-30", "time": "09:05", "number": "SEC2026-0001"})))
    assert not answer["ok"] and answer["line"] is None and answer["view"]["rows"] == rows

    answer = json.loads(register_call("export", json.dumps({"rows": rows, "year": 2026, "date": "2026-11-30"})))
    assert answer["csv"] == register_csv(REGISTER) and answer["filename"] == "registre-lrn-2026-11-30.csv"
    answer = json.loads(register_call("import", json.dumps({"rows": [], "year": 2026, "text": answer["csv"], "name": "r.csv"})))
    assert answer["ok"] and answer["view"]["rows"] == rows and answer["added"] == 3
    assert answer["message"] == f"Fichier {q('r.csv')} importé{NBSP}: 3 numéros ajoutés à la fin du registre."

    answer = json.loads(register_call("update", json.dumps({"rows": rows, "year": 2026, "index": 0, "row": {**rows[0], "reason": "X"}})))
    assert answer["ok"] and answer["view"]["rows"][0]["reason"] == "X"
    with pytest.raises(RegisterError, match="inconnue"):
        register_call("drop", json.dumps({"rows": rows}))
    with pytest.raises(RegisterError, match="ligne 1 du registre"):
        register_call("view", json.dumps({"rows": [{"number": "A"}]}))
