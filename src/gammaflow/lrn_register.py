"""The register of the LRNs attributed (page « Numéro LRN »), for gammaflow.lrn.

The register of the numbers the operator attributes (page « Numéro LRN »):
one row per number, kept by the browser (local storage, JSON) and exported
or imported as CSV for a French spreadsheet. Keeping it is the site's
advice; its series check is check_series() on its numbers, row n being line n.

A row as stored: number as typed (never trimmed: check() tells what is wrong
with it), date (ISO yyyy-mm-dd), time (hh:mm, or "" when not known),
movement and reason (free text), entered (ISO date the data were entered
in GAMMA 2 on its return, or ""). In the CSV, dates are jj/mm/aaaa and times
hh:mm, which a French spreadsheet reads as dates and times; on the page,
jj/mm/aaaa and « 9 h 15 ».

This module stays whole (some 600 lines): the stored rows, their checks, the
next number from them and the CSV round trip share one row format and one
set of messages that name its fields.

Standard library only, no I/O: runs in CPython (tests) and under Pyodide
(docs/assets/js/python-worker.mjs calls register_call). The numbers' checks
and the next number are gammaflow.lrn's.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .lrn import (
    ERROR, NBSP, RULE, SOURCE_UNIQUE, Finding, Proposal, _check_year, _dumps, _hard_to_see, _number, _parse, _Parsed, _q, _show,
    check, check_series, next_number,
)
from .runtime import french_day, french_time

__all__ = [
    "MAX_REGISTER_ROWS",
    "REGISTER_COLUMNS",
    "REGISTER_FIELDS",
    "RegisterError",
    "RegisterImport",
    "RegisterRow",
    "assign",
    "check_register",
    "import_register_csv",
    "next_from_register",
    "read_register_csv",
    "register_call",
    "register_csv",
    "register_rows",
    "update",
]

REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "Numéro LRN"),
    ("date", "Date d’attribution"),
    ("time", "Heure d’attribution"),
    ("movement", "Mouvement (destinataire, produits)"),
    ("reason", "Motif du recours à la procédure de secours"),
    ("entered", "Date de saisie dans GAMMA 2"),
)
REGISTER_FIELDS = tuple(name for name, _ in REGISTER_COLUMNS)
MAX_REGISTER_ROWS = 10_000
MAX_CSV_CHARS = 3_000_000
MAX_NUMBER_CHARS = 200  # the register keeps what was typed; check() says if it is too long for a LRN
MAX_TEXT_CHARS = 2_000
MAX_LISTED_ERRORS = 50
# A spreadsheet runs a cell that starts with one of these as a formula: the
# export puts an apostrophe before it (and before any apostrophes already
# there, so that the import gives back exactly what was exported).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_FR_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_FR_TIME = re.compile(r"([0-9]{1,2})\s*[:hH]\s*([0-9]{2})(?::00)?")
_FIELD_NAMES = {
    "number": "numéro LRN",
    "date": "date d’attribution",
    "time": "heure d’attribution",
    "movement": "mouvement",
    "reason": "motif",
    "entered": "date de saisie dans GAMMA\u00a02",
}


class RegisterError(ValueError):
    """Register data that cannot be read: the message says where, what was expected and what was got."""


@dataclass(frozen=True)
class RegisterRow:
    """One attributed number of the register (dates ISO, time hh:mm, see above)."""

    number: str
    date: str
    time: str = ""
    movement: str = ""
    reason: str = ""
    entered: str = ""

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in REGISTER_FIELDS}

    def shown(self) -> dict[str, str]:
        """The dates and time as the page shows them: jj/mm/aaaa and « 9 h 15 »."""
        return {"date": _fr_date(self.date), "time": _fr_time(self.time), "entered": _fr_date(self.entered)}


@dataclass(frozen=True)
class RegisterImport:
    """What an import did: the register after it (unchanged when ``errors``), the rows added and those already there."""

    rows: list[RegisterRow]
    errors: list[str]
    added: int = 0
    present: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self, name: str = "") -> str:
        """What the import did, as a French sentence (``name``: the file's name)."""
        file = f"Fichier {_q(name)}" if name else "Fichier"
        if self.errors:
            return (
                f"{file} refusé{NBSP}: le registre n’a pas été modifié. Corrigez les lignes ci-dessous dans le "
                "fichier, puis importez-le de nouveau."
            )
        added = "aucun numéro ajouté" if not self.added else (
            "1 numéro ajouté" if self.added == 1 else f"{_number(self.added)} numéros ajoutés"
        )
        present = "" if not self.present else (
            ", 1 ligne déjà présente à l’identique" if self.present == 1
            else f", {_number(self.present)} lignes déjà présentes à l’identique"
        )
        return f"{file} importé{NBSP}: {added} à la fin du registre{present}."


def _fr_date(iso: str) -> str:
    """jj/mm/aaaa, or "" for no date (the same writing as the fallback document's: gammaflow.runtime)."""
    return french_day(iso) if iso else ""


def _fr_time(hhmm: str) -> str:
    """« 9 h 15 », or "" for no time (gammaflow.runtime's writing)."""
    return french_time(hhmm) if hhmm else ""


def _valid_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _row_problems(row: RegisterRow) -> list[str]:
    """What makes a row unfit for the register (French, without the line), [] when it is fine."""
    problems = []
    number = row.number
    if not number.strip():
        problems.append("numéro LRN manquant")
    elif "\n" in number or "\r" in number:
        problems.append(f"numéro LRN {_q(_show(number))} sur plusieurs lignes, attendu un numéro sur une seule ligne")
    elif len(number) > MAX_NUMBER_CHARS:
        problems.append(f"numéro LRN de {_number(len(number))} caractères, {MAX_NUMBER_CHARS} au plus dans le registre")
    for name in ("movement", "reason"):
        value = getattr(row, name)
        if len(value) > MAX_TEXT_CHARS:
            problems.append(
                f"{_FIELD_NAMES[name]} de {_number(len(value))} caractères, {_number(MAX_TEXT_CHARS)} au plus"
            )
    if row.date and row.entered and row.entered < row.date:
        problems.append(
            f"date de saisie dans GAMMA{NBSP}2 {_q(_fr_date(row.entered))} antérieure à la date d’attribution "
            f"{_q(_fr_date(row.date))}"
        )
    return problems


def _row_from_data(data: Any, where: str) -> RegisterRow:
    """A stored row (JSON object) checked; RegisterError names ``where`` and the fault."""
    if not isinstance(data, dict):
        raise RegisterError(f"{where}{NBSP}: attendu un objet, lu {type(data).__name__}")
    values = {}
    for name in REGISTER_FIELDS:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise RegisterError(f"{where}{NBSP}: {_FIELD_NAMES[name]}{NBSP}: attendu un texte, lu {type(value).__name__}")
        values[name] = value
    if not _valid_iso_date(values["date"]):
        raise RegisterError(f"{where}{NBSP}: date d’attribution {_q(_show(values['date']))} invalide, attendu aaaa-mm-jj")
    if values["time"] and not _ISO_TIME.fullmatch(values["time"]):
        raise RegisterError(f"{where}{NBSP}: heure d’attribution {_q(_show(values['time']))} invalide, attendu hh:mm")
    if values["entered"] and not _valid_iso_date(values["entered"]):
        raise RegisterError(
            f"{where}{NBSP}: date de saisie dans GAMMA{NBSP}2 {_q(_show(values['entered']))} invalide, "
            "attendu aaaa-mm-jj ou rien"
        )
    row = RegisterRow(**values)
    problems = _row_problems(row)
    if problems:
        raise RegisterError(f"{where}{NBSP}: {problems[0]}")
    return row


def register_rows(data: Any) -> list[RegisterRow]:
    """The register's rows from their stored form (a list of JSON objects, or RegisterRow); RegisterError if damaged."""
    if not isinstance(data, list):
        raise RegisterError(f"registre{NBSP}: attendu une liste de lignes, lu {type(data).__name__}")
    if len(data) > MAX_REGISTER_ROWS:
        raise RegisterError(f"registre{NBSP}: {_number(len(data))} lignes, {_number(MAX_REGISTER_ROWS)} au plus")
    return [
        row if isinstance(row, RegisterRow) else _row_from_data(row, f"ligne {line} du registre")
        for line, row in enumerate(data, 1)
    ]


def check_register(rows: list[RegisterRow] | list[dict[str, Any]], *, year: int | None = None) -> list[Finding]:
    """check_series() on the register's numbers, in the register's order: line n is row n."""
    rows = register_rows(rows)
    return check_series("\n".join(row.number for row in rows), year=year)


def _clean(text: str) -> str:
    return "".join(char for char in text if _hard_to_see(char) is None)


def _greatest(rows: list[RegisterRow], like: _Parsed, year: int | None) -> tuple[int, RegisterRow, _Parsed] | None:
    """The row holding the greatest counter of ``like``'s series and year (the first of equals)."""
    best = None
    for line, row in enumerate(rows, 1):
        parsed = _parse(_clean(row.number), year)
        if parsed is None or parsed.key() != like.key() or parsed.year != like.year:
            continue
        if best is None or parsed.number > best[2].number:
            best = (line, row, parsed)
    return best


def next_from_register(rows: list[RegisterRow] | list[dict[str, Any]], *, year: int | None = None) -> Proposal:
    """The number to attribute next: next_number() of the register's last number, in ``year``.

    When the register holds a greater number of the same series and year than
    its last row (rows out of order), the proposal follows that greater one;
    when a new year's series starts and the register already holds numbers of
    it, it follows the greatest of them. An empty register, or a last number
    with no counter, gives no proposal (the reader types the first number).
    """
    rows = register_rows(rows)
    _check_year(year)
    if not rows:
        return Proposal(
            None,
            explanation=(
                f"Le registre est vide{NBSP}: attribuez vous-même le premier numéro de votre série "
                "(par exemple un préfixe, l’année et un compteur)."
            ),
        )
    line, start = len(rows), rows[-1].number
    lead = f"D’après le dernier numéro du registre, {_q(_show(start))} (ligne {line})"
    parsed = _parse(_clean(start), year)
    if parsed is not None:
        best = _greatest(rows, parsed, year)
        if best is not None and best[2].number > parsed.number:
            line, start = best[0], best[1].number
            lead = (
                f"D’après {_q(_show(start))} (ligne {line}), le plus grand numéro de sa série dans le registre, "
                f"plus grand que le dernier inscrit (ligne {len(rows)})"
            )
    proposal = next_number(start, year=year)
    if proposal.value is not None and proposal.new_series:
        target = _parse(_clean(proposal.value), year)
        best = _greatest(rows, target, year) if target is not None else None
        if best is not None:
            line, start = best[0], best[1].number
            lead = (
                f"D’après {_q(_show(start))} (ligne {line}), le plus grand numéro de la série de {year} "
                "déjà dans le registre"
            )
            proposal = next_number(start, year=year)
    said = proposal.explanation
    explanation = f"{lead}{NBSP}: {said[:1].lower()}{said[1:]}" if said else lead + "."
    if proposal.value is not None and any(row.number == proposal.value for row in rows):
        used = next(n for n, row in enumerate(rows, 1) if row.number == proposal.value)
        finding = Finding(
            ERROR,
            RULE,
            "doublon",
            f"Le numéro suivant, {_q(_show(proposal.value))}, figure déjà à la ligne {used} du registre{NBSP}: "
            "un numéro LRN ne doit servir qu’à un seul mouvement. Attribuez vous-même le numéro voulu.",
            None,
            SOURCE_UNIQUE,
            used,
        )
        return Proposal(None, [*proposal.findings, finding], proposal.new_series, explanation)
    return replace(proposal, explanation=explanation)


def assign(
    rows: list[RegisterRow] | list[dict[str, Any]],
    *,
    date_iso: str,
    time: str,
    number: str | None = None,
    year: int | None = None,
) -> tuple[list[RegisterRow], RegisterRow | None, list[Finding], str]:
    """Attribute ``number`` (or the proposed next one) at ``date_iso`` ``time``: a new last row.

    Returns the register after it, the new row (None when refused), the
    findings (the errors that refuse it, or the advice about the number) and
    a French sentence saying what was done. Refused: no proposal, a number
    with an error (empty, too long) or already in the register.
    """
    rows = register_rows(rows)
    if not _valid_iso_date(date_iso) or not _ISO_TIME.fullmatch(time):
        raise RegisterError(f"date et heure{NBSP}: attendu aaaa-mm-jj et hh:mm, lu {_q(_show(date_iso))} et {_q(_show(time))}")
    findings: list[Finding] = []
    if number is None:
        proposal = next_from_register(rows, year=year)
        if proposal.value is None:
            return rows, None, proposal.findings, proposal.explanation
        number, findings = proposal.value, list(proposal.findings)
    else:
        problems = check(number)
        if any(finding.level == ERROR for finding in problems):
            return rows, None, problems, f"Numéro {_q(_show(number))} non attribué{NBSP}: corrigez-le."
        findings = problems
        used = next((n for n, row in enumerate(rows, 1) if row.number == number), None)
        if used is not None:
            finding = Finding(
                ERROR,
                RULE,
                "doublon",
                f"Le numéro {_q(_show(number))} figure déjà à la ligne {used} du registre{NBSP}: un numéro LRN ne "
                "doit servir qu’à un seul mouvement.",
                None,
                SOURCE_UNIQUE,
                used,
            )
            return rows, None, [finding], f"Numéro {_q(_show(number))} non attribué{NBSP}: il est déjà dans le registre."
    if len(rows) >= MAX_REGISTER_ROWS:
        raise RegisterError(f"registre{NBSP}: {_number(MAX_REGISTER_ROWS)} lignes au plus")
    row = RegisterRow(number, date_iso, time)
    problems = _row_problems(row)
    if problems:
        return rows, None, [], f"Numéro {_q(_show(number))} non attribué{NBSP}: {problems[0]}."
    message = (
        f"Numéro {_q(_show(number))} attribué le {_fr_date(date_iso)} à {_fr_time(time)}, ligne {len(rows) + 1} "
        f"du registre{NBSP}: complétez le mouvement et le motif."
    )
    return [*rows, row], row, findings, message


def update(
    rows: list[RegisterRow] | list[dict[str, Any]], index: int, data: dict[str, Any]
) -> tuple[list[RegisterRow], list[str]]:
    """Row ``index`` (0-based) replaced by ``data`` (stored form): the register after it, or it unchanged and the errors."""
    rows = register_rows(rows)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(rows):
        raise RegisterError(f"ligne à modifier{NBSP}: attendu un numéro de ligne de 1 à {len(rows)}, lu {index!r}")
    try:
        row = _row_from_data(data, f"ligne {index + 1}")
    except RegisterError as error:
        return rows, [str(error)]
    if row.number != rows[index].number:
        errors = [finding.message for finding in check(row.number) if finding.level == ERROR]
        used = next((n for n, other in enumerate(rows, 1) if other.number == row.number and n != index + 1), None)
        if used is not None:
            errors.append(
                f"Le numéro {_q(_show(row.number))} figure déjà à la ligne {used} du registre{NBSP}: un numéro LRN "
                "ne doit servir qu’à un seul mouvement."
            )
        if errors:
            return rows, errors
    return [*rows[:index], row, *rows[index + 1:]], []


# ---------------------------------------------------------------- the register as CSV


def _defuse(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (see _FORMULA_START)."""
    return "'" + cell if cell.lstrip("'").startswith(_FORMULA_START) else cell


def _restore(cell: str) -> str:
    """_defuse() undone."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START) else cell


def register_csv(rows: list[RegisterRow] | list[dict[str, Any]]) -> str:
    """The register as CSV for a French spreadsheet: UTF-8 byte order mark, « ; », CRLF, a header row."""
    rows = register_rows(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([title for _, title in REGISTER_COLUMNS])
    for row in rows:
        cells = [row.number, _fr_date(row.date), row.time, row.movement, row.reason, _fr_date(row.entered)]
        writer.writerow([_defuse(cell) for cell in cells])
    return "\ufeff" + out.getvalue()


def _visible(text: str, limit: int) -> str:
    """Text from a file made visible: invisible characters as <U+XXXX>, cut at ``limit``."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return "".join(char if char.isprintable() else f"<U+{ord(char):04X}>" for char in text)


def _header_key(cell: str) -> str:
    return " ".join(cell.replace("\u2019", "'").replace(NBSP, " ").replace("\u202f", " ").split()).casefold()


_QUOTED = f"«{NBSP}\"…\"{NBSP}»"
_HEADER = [_header_key(title) for _, title in REGISTER_COLUMNS]


def _csv_row(cells: list[str], line: int) -> tuple[RegisterRow | None, list[str]]:
    """One data line of the CSV: its row, or its errors (each « ligne N : … »)."""
    at = f"ligne {line}{NBSP}: "
    while len(cells) > len(REGISTER_COLUMNS) and not cells[-1].strip():
        cells = cells[:-1]
    if len(cells) != len(REGISTER_COLUMNS):
        got = "1 colonne" if len(cells) == 1 else f"{len(cells)} colonnes"
        return None, [f"{at}{got}, attendu {len(REGISTER_COLUMNS)} séparées par {_q(';')}"]
    cells = [_restore(cell) for cell in cells]
    errors = []
    unreadable = [name for name, cell in zip(REGISTER_FIELDS, cells) if "\ufffd" in cell]
    if unreadable:
        return None, [
            f"{at}caractère illisible {_q(chr(0xFFFD))} ({_FIELD_NAMES[unreadable[0]]}){NBSP}: le fichier doit "
            f"être enregistré en UTF-8 (dans un tableur{NBSP}: format {_q('CSV UTF-8')})"
        ]
    number, day, hour, movement, reason, entered = cells
    dates = {}
    for name, value in (("date", day), ("entered", entered)):
        value = value.strip()
        if not value:
            if name == "date":
                errors.append(f"{at}{_FIELD_NAMES[name]} manquante, attendu jj/mm/aaaa")
            dates[name] = ""
            continue
        match = _FR_DATE.fullmatch(value)
        iso = ""
        if match:
            iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
        if not iso or not _valid_iso_date(iso):
            errors.append(f"{at}{_FIELD_NAMES[name]} {_q(_show(value))} invalide, attendu jj/mm/aaaa")
        dates[name] = iso
    hour = hour.strip()
    time = ""
    if hour:
        match = _FR_TIME.fullmatch(hour)
        time = f"{int(match[1]):02d}:{match[2]}" if match else ""
        if not _ISO_TIME.fullmatch(time):
            errors.append(f"{at}{_FIELD_NAMES['time']} {_q(_show(hour))} invalide, attendu hh:mm (par exemple 09:15)")
    if errors:
        return None, errors
    row = RegisterRow(number, dates["date"], time, movement, reason, dates["entered"])
    problems = _row_problems(row)
    return (None, [at + problem for problem in problems]) if problems else (row, [])


def read_register_csv(text: str) -> tuple[list[RegisterRow], list[str]]:
    """The rows of a register CSV (as register_csv() writes it), and the errors that refuse it, line by line.

    Line numbers are the file's (the header is line 1; a cell holding line
    breaks makes its row span several lines: the row's first line is given).
    Blank lines are skipped; extra empty cells at the end of a line are
    ignored (spreadsheets add them). At most MAX_LISTED_ERRORS errors are
    listed, then a last line says how many more there are.
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")
    if len(text) > MAX_CSV_CHARS:
        return [], [
            f"fichier de {_number(len(text))} caractères, {_number(MAX_CSV_CHARS)} au plus{NBSP}: ce n’est "
            "pas un registre exporté par ce site"
        ]
    text = text.removeprefix("\ufeff")
    expected = ";".join(title for _, title in REGISTER_COLUMNS)
    if not text.strip():
        return [], [f"fichier vide, attendu une ligne d’en-tête{NBSP}: {_q(expected)}"]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    rows: list[RegisterRow] = []
    errors: list[str] = []
    more = 0
    header_seen = False
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(
                f"ligne {line}{NBSP}: guillemet mal placé ou mal fermé, attendu une cellule entre "
                f"guillemets {_QUOTED}{NBSP}; lecture arrêtée à cette ligne"
            )
            break
        if not header_seen:
            header_seen = True
            if [_header_key(cell) for cell in cells[:len(_HEADER)]] != _HEADER or any(c.strip() for c in cells[len(_HEADER):]):
                got = ";".join(cells)
                hint = ""
                if len(cells) == 1 and "," in got:
                    hint = f"{NBSP}; les colonnes doivent être séparées par {_q(';')}, pas par {_q(',')}"
                return [], [f"ligne {line}{NBSP}: en-tête {_q(_visible(got, 120))} inattendu, attendu {_q(expected)}{hint}"]
            continue
        if not any(cell.strip() for cell in cells):
            continue
        row, problems = _csv_row(cells, line)
        if row is not None:
            if len(rows) >= MAX_REGISTER_ROWS:
                return [], [f"plus de {_number(MAX_REGISTER_ROWS)} numéros dans le fichier, c’est le maximum du registre"]
            rows.append(row)
        for problem in problems:
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(problem)
            else:
                more += 1
    if more:
        errors.append(f"… et {_number(more)} autre{'s' if more > 1 else ''} erreur{'s' if more > 1 else ''}")
    return ([] if errors else rows), errors


def import_register_csv(rows: list[RegisterRow] | list[dict[str, Any]], text: str) -> RegisterImport:
    """A CSV's rows added at the end of the register, except those already in it identically.

    A file with any error changes nothing: the register comes back as it was,
    with every error.
    """
    rows = register_rows(rows)
    read, errors = read_register_csv(text)
    if errors:
        return RegisterImport(rows, errors)
    known = set(rows)
    new = [row for row in read if row not in known]
    if len(rows) + len(new) > MAX_REGISTER_ROWS:
        return RegisterImport(rows, [
            f"le registre compterait {_number(len(rows) + len(new))} lignes, {_number(MAX_REGISTER_ROWS)} au plus"
        ])
    return RegisterImport([*rows, *new], [], len(new), len(read) - len(new))


# ---------------------------------------------------------------- the register for the browser


def _register_view(rows: list[RegisterRow], year: int | None) -> dict[str, Any]:
    return {
        "rows": [row.to_dict() for row in rows],
        "shown": [row.shown() for row in rows],
        "findings": [finding.to_dict() for finding in check_register(rows, year=year)],
        "proposal": next_from_register(rows, year=year).to_dict(),
    }


def register_call(op: str, args_json: str) -> str:
    """The register's operations for the browser, JSON in and out (docs/assets/js/python-worker.mjs).

    Every call gives ``rows`` (the stored list) and ``year`` (the current
    year, or null); the answer holds ``view`` (rows, their dates as shown,
    the series findings, the next number proposed) and, by op:

    - ``view``: nothing more;
    - ``assign`` {date, time, number or null}: ok, message, findings, line;
    - ``update`` {index, row}: ok, errors;
    - ``import`` {text, name (the file's)}: ok, message, errors, added, present;
    - ``export`` {date}: csv, filename.

    The rows of the view are those to store: the register after the op
    (unchanged when not ok). Stored rows that cannot be read raise RegisterError.
    """
    args = json.loads(args_json)
    if not isinstance(args, dict):
        raise RegisterError(f"arguments{NBSP}: attendu un objet, lu {type(args).__name__}")
    year = args.get("year")
    rows = register_rows(args.get("rows", []))
    answer: dict[str, Any] = {}
    if op == "view":
        pass
    elif op == "assign":
        number = args.get("number")
        rows, row, findings, message = assign(
            rows, date_iso=str(args.get("date", "")), time=str(args.get("time", "")),
            number=None if number is None else str(number), year=year,
        )
        answer = {
            "ok": row is not None, "message": message, "findings": [f.to_dict() for f in findings],
            "line": len(rows) if row is not None else None,
        }
    elif op == "update":
        rows, errors = update(rows, args.get("index"), args.get("row"))
        answer = {"ok": not errors, "errors": errors}
    elif op == "import":
        result = import_register_csv(rows, str(args.get("text", "")))
        rows = result.rows
        answer = {
            "ok": result.ok, "message": result.message(str(args.get("name", ""))), "errors": result.errors,
            "added": result.added, "present": result.present,
        }
    elif op == "export":
        day = str(args.get("date", ""))
        answer = {"csv": register_csv(rows), "filename": f"registre-lrn-{day}.csv" if _valid_iso_date(day) else "registre-lrn.csv"}
    else:
        raise RegisterError(f"opération du registre inconnue{NBSP}: {op!r}")
    answer["view"] = _register_view(rows, year)
    return _dumps(answer)
