"""The LRN helper of the fallback kit: check one LRN, propose the next one of the
series, check a whole series; keep the register of the numbers attributed
(its series check, its next number, its CSV export and import).

Standard library only, no I/O: the same module runs in CPython (tests) and in
the browser under Pyodide. Every function returns plain dataclasses with
``to_dict()``; the ``*_json`` helpers give the browser a JSON string directly.

The rules and their sources (``shared/reference/domain-facts.md`` § 5):

- the GAMMA 2 flowchart (January 2023): the fallback number is an LRN the
  consignor assigns freely « en respectant une série continue par année »; it
  « peut être alphanumérique et ne doit pas dépasser les 22 caractères »;
- the GAMMA 2 FAQ: the LRN is created « dans une série continue »;
- EMCS practice (e.g. HMRC's EMCS service, not a French source): at most 22
  characters, never used for a previous movement.

Every finding has a ``nature``: ``RULE`` ("regle") when a source states what
is broken (empty number, more than 22 characters, an LRN repeated, which
breaks any series and EMCS practice), ``ADVICE`` ("conseil") otherwise: our
reading of « série continue » (no gap, no disorder, one way of writing each
number), our reading of « par année » (a new series each year, from 1), the
writing of the counter, and the characters. Its ``source`` names the source,
or says that it is the site's reading or advice.

Where the sources are silent, this module decides as follows:

- Lengths and positions count Unicode code points, 1-based.
- « Peut être alphanumérique » is a permission, not a list of the characters
  allowed: any character other than an ASCII letter or digit is a warning of
  nature advice, never an error. Spaces, tabs, line breaks, no-break spaces
  and invisible characters are hard to see and to type again identically in
  GAMMA 2; accented letters, punctuation and symbols may be refused or
  changed by other systems. The next number of an LRN holding a space or an
  invisible character is proposed with the same advice.
- Lower-case letters are accepted without a finding: no source restricts the
  case. Two LRNs differing only by case are different numbers, so in a series
  they count as different prefixes.
- The counter of an LRN is its last run of digits that is not the year. The
  year is a separate run of four digits 19xx/20xx, or the first four digits of
  the counter's run when at least three digits follow (``2026000123``), or
  fewer when the year asked for is given. A lone run of four digits is the
  counter unless it equals the year asked for (and a warning says it looks
  like a year).
- The next number warns when its counter gains a digit (A999 → A1000), except
  from one digit to two (9 → 10: how every unpadded series grows). A new year
  restarts the counter at 1, zero-padded to the same width when the last
  counter had leading zeros.
- In a series, errors are given at every line; a character warning repeated
  on many lines is given once, at its first line. Gaps are only looked for
  between the numbers listed (the list may start mid-series); duplicates,
  order and gaps are looked at within each series (prefix and suffix) and
  year. Gaps and disorder are warnings of nature advice (our reading of
  « série continue »; the list may be incomplete or sorted differently), a
  repeated LRN is an error of nature rule.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .runtime import french_day, french_time

__all__ = [
    "ADVICE",
    "ERROR",
    "MAX_LENGTH",
    "RULE",
    "WARNING",
    "Finding",
    "Proposal",
    "RegisterError",
    "RegisterImport",
    "RegisterRow",
    "assign",
    "check",
    "check_json",
    "check_register",
    "check_series",
    "check_series_json",
    "import_register_csv",
    "next_from_register",
    "next_number",
    "next_number_json",
    "read_register_csv",
    "register_call",
    "register_csv",
    "register_rows",
    "update",
]

MAX_LENGTH = 22
ERROR = "erreur"
WARNING = "avertissement"
NBSP = "\u00a0"

RULE = "regle"
ADVICE = "conseil"
NATURES = (RULE, ADVICE)
# What the page writes for each level and nature.
LEVEL_LABELS = {ERROR: "Erreur", WARNING: "Avertissement"}
NATURE_LABELS = {RULE: "Règle", ADVICE: "Conseil"}

# Shown after « Source : » (so no colon inside). A RULE finding cites the
# source that states the rule; an ADVICE finding says whose reading or advice
# it is.
_CHART = f"Logigramme GAMMA{NBSP}2 (janvier 2023)"
_SOURCES = f"logigramme GAMMA{NBSP}2 de janvier 2023, FAQ GAMMA{NBSP}2"
SOURCE_DOCUMENT = (
    f"{_CHART}, «{NBSP}le numéro de secours à faire figurer sur le document papier est le numéro LRN{NBSP}»"
)
SOURCE_LENGTH = (
    f"{_CHART}, «{NBSP}ne doit pas dépasser les 22 caractères{NBSP}»{NBSP}; même limite dans la pratique EMCS"
)
SOURCE_UNIQUE = (
    f"{_CHART} et FAQ GAMMA{NBSP}2, «{NBSP}série continue{NBSP}»{NBSP}; pratique EMCS, un LRN ne doit pas "
    "avoir servi pour un mouvement précédent"
)
SOURCE_SERIES = f"Lecture du site de «{NBSP}série continue{NBSP}» ({_SOURCES})"
SOURCE_YEAR = f"Lecture du site de «{NBSP}série continue par année{NBSP}» (logigramme GAMMA{NBSP}2 de janvier 2023)"
SOURCE_FORMAT = f"Conseil du site pour tenir une série continue ({_SOURCES})"
SOURCE_CHARACTERS = (
    f"Conseil du site{NBSP}; le logigramme GAMMA{NBSP}2 (janvier 2023) dit seulement que le numéro "
    f"«{NBSP}peut être alphanumérique{NBSP}»"
)

# Names of the characters a reader may not see; the rule is « espace » for the
# white space, « caractere-de-controle » for the rest. All character findings
# are advice.
_SPACE = "espace"
_CONTROL = "caractere-de-controle"
_OTHER = "caractere-non-alphanumerique"
_CHARACTER_RULES = (_SPACE, _CONTROL, _OTHER)
_NAMED: dict[str, tuple[str, str]] = {
    " ": (_SPACE, "espace"),
    "\t": (_SPACE, "tabulation"),
    "\n": (_SPACE, "saut de ligne"),
    "\r": (_SPACE, "retour chariot"),
    "\x0b": (_SPACE, "U+000B tabulation verticale"),
    "\x0c": (_SPACE, "U+000C saut de page"),
    "\x85": (_SPACE, "U+0085 passage à la ligne"),
    "\u00a0": (_SPACE, "U+00A0 espace insécable"),
    "\u2009": (_SPACE, "U+2009 espace fine"),
    "\u202f": (_SPACE, "U+202F espace fine insécable"),
    "\u2028": (_SPACE, "U+2028 séparateur de ligne"),
    "\u2029": (_SPACE, "U+2029 séparateur de paragraphe"),
    "\u3000": (_SPACE, "U+3000 espace idéographique"),
    "\u00ad": (_CONTROL, "caractère invisible U+00AD trait d'union conditionnel"),
    "\u200b": (_CONTROL, "caractère invisible U+200B espace sans chasse"),
    "\ufeff": (_CONTROL, "caractère invisible U+FEFF indicateur d'ordre des octets"),
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DIGITS = re.compile(r"[0-9]+")
_MAX_LISTED = 8


@dataclass(frozen=True)
class Finding:
    """One thing to tell the operator about an LRN or a series.

    ``level`` is ERROR (the number cannot be used as it is, or no next number
    can be proposed) or WARNING (to look at); ``nature`` is RULE (a source
    states it: ``source`` names it) or ADVICE (the site's reading or advice:
    ``source`` says so, the message gives the reason). ``position`` is
    1-based in the LRN (its line's text in a series), or None when the
    finding is about the whole number; ``line`` is 1-based in the series
    checked, None for a single LRN.
    """

    level: str
    nature: str
    rule: str
    message: str
    position: int | None = None
    source: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        if self.nature not in NATURES:
            raise ValueError(f"nature: expected one of {NATURES}, got {self.nature!r}")

    def to_dict(self) -> dict[str, Any]:
        """The finding as the page shows it: codes, and their French words (labels, where)."""
        where = [f"{name} {value}" for name, value in (("ligne", self.line), ("position", self.position)) if value is not None]
        return {
            "level": self.level,
            "level_label": LEVEL_LABELS[self.level],
            "nature": self.nature,
            "nature_label": NATURE_LABELS[self.nature],
            "where": ", ".join(where),
            "rule": self.rule,
            "message": self.message,
            "position": self.position,
            "source": self.source,
            "line": self.line,
        }


@dataclass(frozen=True)
class Proposal:
    """The next LRN of a series, or None with the errors that prevent it."""

    value: str | None
    findings: list[Finding] = field(default_factory=list)
    new_series: bool = False
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "findings": [finding.to_dict() for finding in self.findings],
            "new_series": self.new_series,
            "explanation": self.explanation,
        }


# ---------------------------------------------------------------- one LRN


def check(lrn: str) -> list[Finding]:
    """Every finding about one LRN; [] when it is fine.

    Emptiness or length first, then one finding per distinct character at
    fault, in order of its first position (all its positions in the message).
    """
    return [finding for finding, _ in _check(lrn)]


def _check(lrn: str) -> list[tuple[Finding, str | None]]:
    """The findings with, for a character finding, the character concerned."""
    if not isinstance(lrn, str):
        raise TypeError(f"lrn: expected str, got {type(lrn).__name__}")
    if not lrn:
        message = (
            f"Le numéro LRN est vide{NBSP}: le document de secours doit porter son numéro LRN, "
            f"de {MAX_LENGTH} caractères au plus."
        )
        return [(Finding(ERROR, RULE, "vide", message, None, SOURCE_DOCUMENT), None)]
    found: list[tuple[Finding, str | None]] = []
    if len(lrn) > MAX_LENGTH:
        found.append((_too_long(lrn), None))
    if lrn.isascii() and lrn.isalnum():
        return found
    positions: dict[str, list[int]] = {}
    for index, char in enumerate(lrn, 1):
        if not (char.isascii() and char.isalnum()):
            positions.setdefault(char, []).append(index)
    for char, where in positions.items():
        found.append((_char_finding(char, where, len(lrn)), char))
    return found


def _too_long(lrn: str) -> Finding:
    excess = len(lrn) - MAX_LENGTH
    rest = _q(_show(lrn[MAX_LENGTH:]))
    if excess == 1:
        tail = f"le caractère en trop est en position {MAX_LENGTH + 1} ({rest})"
    else:
        tail = f"les {_number(excess)} caractères en trop commencent en position {MAX_LENGTH + 1} ({rest})"
    message = f"Le numéro LRN compte {_number(len(lrn))} caractères, pour {MAX_LENGTH} au plus{NBSP}: {tail}."
    return Finding(ERROR, RULE, "trop-long", message, MAX_LENGTH + 1, SOURCE_LENGTH)


def _hard_to_see(char: str) -> tuple[str, str] | None:
    """The rule and French name of a white space or invisible character."""
    if char in _NAMED:
        return _NAMED[char]
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category == "Cc":
        return _CONTROL, f"caractère de contrôle {code}"
    if char.isspace():
        return _SPACE, f"{code} espace"
    if category == "Cf":
        return _CONTROL, f"caractère invisible {code}"
    if category == "Cs":
        return _CONTROL, f"caractère invalide {code}"
    return None


# Why the characters other than A-Z, a-z and 0-9 are advised against: a risk,
# not a rule (the flowchart only says the number « peut être alphanumérique »).
_WHY_BLANK = (
    f"Ce blanc se voit mal et se ressaisit difficilement à l'identique{NBSP}: le numéro saisi plus tard dans "
    f"GAMMA{NBSP}2 risque de ne pas être exactement celui du document de secours."
)
_WHY_INVISIBLE = (
    f"Il ne se voit pas et peut disparaître ou changer au copier-coller{NBSP}: le numéro saisi plus tard dans "
    f"GAMMA{NBSP}2 risque de ne pas être exactement celui du document de secours."
)
_WHY_OTHER = (
    "Lettres accentuées, ponctuation et symboles risquent d'être refusés ou modifiés par d'autres systèmes "
    "(logiciel, tableur, échange de fichiers)."
)
_ADVICE_TAIL = (
    f"C'est un conseil, pas une règle{NBSP}: le logigramme GAMMA{NBSP}2 dit que le numéro "
    f"«{NBSP}peut être alphanumérique{NBSP}», sans exclure d'autres caractères{NBSP}; s'en tenir aux lettres "
    "de A à Z et aux chiffres de 0 à 9 évite ce risque."
)


def _char_finding(char: str, positions: list[int], length: int) -> Finding:
    where = _where(positions, length)
    hidden = _hard_to_see(char)
    if hidden:
        rule, name = hidden
        why = _WHY_BLANK if rule == _SPACE else _WHY_INVISIBLE
    else:
        rule, name, why = _OTHER, _char_label(char), _WHY_OTHER
    message = f"Caractère à éviter {where}{NBSP}: {name}. {why} {_ADVICE_TAIL}"
    return Finding(WARNING, ADVICE, rule, message, positions[0], SOURCE_CHARACTERS)


def _where(positions: list[int], length: int) -> str:
    if len(positions) == 1:
        position = positions[0]
        if position == 1:
            return "en position 1 (début du numéro)"
        if position == length:
            return f"en position {position} (fin du numéro)"
        return f"en position {position}"
    if len(positions) > _MAX_LISTED:
        listed = ", ".join(str(p) for p in positions[:_MAX_LISTED])
        return f"aux positions {listed} et {_number(len(positions) - _MAX_LISTED)} autres"
    return "aux positions " + _and([str(p) for p in positions])


def _char_label(char: str) -> str:
    if char.isascii():
        return _q(char)
    code = f"U+{ord(char):04X}"
    if char.isprintable() and not unicodedata.category(char).startswith("M"):
        return f"{_q(char)} ({code})"
    return code


# ---------------------------------------------------------------- counter and year


@dataclass(frozen=True)
class _Parsed:
    """An LRN read as prefix, counter and suffix, with the year if there is one."""

    text: str
    start: int
    end: int
    year: int | None = None
    year_start: int = -1

    @property
    def counter(self) -> str:
        return self.text[self.start:self.end]

    @property
    def number(self) -> int:
        return int(self.counter)

    @property
    def padded(self) -> bool:
        return _is_padded(self.counter)

    @property
    def prefix(self) -> str:
        return self.text[:self.start]

    @property
    def suffix(self) -> str:
        return self.text[self.end:]

    def key(self) -> tuple[str, str]:
        """Prefix and suffix with the year blanked: the series, whatever the year."""
        if self.year is None:
            return self.prefix, self.suffix
        year_end = self.year_start + 4
        if self.year_start < self.start:
            return self.text[:self.year_start] + "\0" + self.text[year_end:self.start], self.suffix
        return self.prefix, self.text[self.end:self.year_start] + "\0" + self.text[year_end:]

    def rebuild(self, counter: str, year: int | None = None) -> str:
        """The same LRN with another counter, and another year if given."""
        edits = [(self.start, self.end, counter)]
        if year is not None and self.year is not None:
            edits.append((self.year_start, self.year_start + 4, str(year)))
        text = self.text
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def with_number(self, number: int, width: int | None) -> str:
        return self.rebuild(str(number).zfill(width or 0))


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20")


def _parse(text: str, year: int | None = None) -> _Parsed | None:
    """The counter and year of an LRN, or None when it has no counter."""
    runs = [(m.start(), m.end()) for m in _DIGITS.finditer(text)]
    if not runs:
        return None
    if len(runs) > 1:
        years = [run for run in runs if _is_year(text[run[0]:run[1]])]
        if years:
            chosen = next((run for run in years if int(text[run[0]:run[1]]) == year), years[0])
            start, end = next(run for run in reversed(runs) if run != chosen)
            return _Parsed(text, start, end, int(text[chosen[0]:chosen[1]]), chosen[0])
    start, end = runs[-1]
    digits = text[start:end]
    if len(digits) >= 5 and _is_year(digits[:4]):
        if len(digits) >= 7 or int(digits[:4]) == year:
            return _Parsed(text, start + 4, end, int(digits[:4]), start)
    if len(runs) == 1 and len(digits) == 4 and int(digits) == year:
        return None
    return _Parsed(text, start, end)


def _no_counter(text: str) -> str:
    """Why an LRN has no counter, as the start of a sentence about it."""
    digits = _DIGITS.search(text)
    if digits is None:
        return f"{_q(_show(text))} ne contient aucun chiffre"
    return f"{_q(_show(text))} n'a pas d'autre nombre que l'année {digits.group()}"


# ---------------------------------------------------------------- next number


def next_number(last: str, *, year: int | None = None) -> Proposal:
    """The LRN that follows ``last`` in its series.

    Keeps the prefix, the suffix and the zero padding. When ``year`` is given
    and ``last`` holds another year, proposes the first number of the new
    year's series (``new_series``). An invalid ``last`` (empty, too long)
    gives no proposal, only its errors. A proposal holding a space or an
    invisible character (kept from ``last``) comes with the advice about it;
    the other characters' advice is not repeated.
    """
    _check_year(year)
    errors = [finding for finding in check(last) if finding.level == ERROR]
    if errors:
        return Proposal(
            None,
            errors,
            explanation=(
                "Le dernier numéro saisi n'est pas un numéro LRN valable"
                f"{NBSP}: corrigez-le avant de demander le suivant."
            ),
        )
    parsed = _parse(last, year)
    if parsed is None:
        message = (
            f"{_capital(_no_counter(last))}{NBSP}: impossible de trouver le compteur à augmenter. "
            "Pour tenir une série continue, le plus simple est un nombre qui augmente de 1 à chaque "
            "document, par exemple SEC-0001 puis SEC-0002."
        )
        return Proposal(None, [Finding(ERROR, ADVICE, "sans-compteur", message, None, SOURCE_FORMAT)])
    findings: list[Finding] = []
    counter = parsed.counter
    where = _span(parsed.start, parsed.end)
    year_where = _span(parsed.year_start, parsed.year_start + 4) if parsed.year is not None else ""
    new_series = year is not None and parsed.year is not None and parsed.year != year
    if new_series:
        first = "1".zfill(len(counter)) if parsed.padded else "1"
        value = parsed.rebuild(first, year)
        explanation = (
            f"Année {parsed.year} ({year_where}) remplacée par {year} et compteur {_q(counter)} "
            f"({where}) remis à {_q(first)}{NBSP}; le reste du numéro est inchangé."
        )
        findings.append(Finding(
            WARNING,
            ADVICE,
            "nouvelle-serie",
            f"Le dernier numéro, {_q(_show(last))}, porte l'année {parsed.year} et non {year}{NBSP}: le "
            f"logigramme demande une série continue {_q('par année')}, ce que le site lit comme une nouvelle "
            f"série chaque année, qui repart à 1 (numéro proposé{NBSP}: {_q(_show(value))}).",
            parsed.year_start + 1,
            SOURCE_YEAR,
        ))
    else:
        following = str(parsed.number + 1).zfill(len(counter))
        value = parsed.rebuild(following)
        kept = f"{NBSP}; année {parsed.year} ({year_where}) conservée" if parsed.year is not None else ""
        explanation = (
            f"Compteur {_q(counter)} ({where}) augmenté de 1{NBSP}: {_q(following)}{kept}"
            f"{NBSP}; le reste du numéro est inchangé."
        )
        if parsed.year is None and _is_year(counter) and len(_DIGITS.findall(last)) == 1:
            findings.append(Finding(
                WARNING,
                ADVICE,
                "compteur-ambigu",
                f"Le seul nombre de {_q(_show(last))}, {counter}, ressemble à une année{NBSP}: il est lu ici "
                "comme le compteur. Si c'est l'année, "
                + ("indiquez-la pour obtenir le premier numéro de sa série, ou ajoutez" if year is None
                   else "ajoutez")
                + " un compteur au numéro (par exemple SEC2026-0001).",
                parsed.start + 1,
                SOURCE_FORMAT,
            ))
        if len(following) > len(counter) > 1:  # 9 → 10 is how every unpadded series grows
            findings.append(Finding(
                WARNING,
                ADVICE,
                "debordement",
                f"Le compteur passe de {len(counter)} à {len(following)} chiffres "
                f"({_q(counter)} → {_q(following)}){NBSP}: si votre série s'écrit avec un nombre fixe "
                "de chiffres, le numéro proposé n'a plus la même longueur que les précédents.",
                parsed.start + 1,
                SOURCE_FORMAT,
            ))
    if len(value) > MAX_LENGTH:
        findings.append(Finding(
            ERROR,
            RULE,
            "trop-long",
            f"Le numéro suivant, {_q(_show(value))}, compterait {len(value)} caractères, pour {MAX_LENGTH} "
            f"au plus{NBSP}: la série ne peut pas continuer sous cette forme{NBSP}; raccourcissez le "
            "préfixe ou le suffixe pour commencer une nouvelle série.",
            MAX_LENGTH + 1,
            SOURCE_LENGTH,
        ))
        return Proposal(None, findings, new_series, explanation)
    hidden = [finding for finding in check(value) if finding.rule in (_SPACE, _CONTROL)]
    return Proposal(value, hidden + findings, new_series, explanation)


# ---------------------------------------------------------------- series


@dataclass
class _Entry:
    line: int
    raw: str
    parsed: _Parsed | None
    repeated: bool = False

    def ref(self) -> str:
        return f"la ligne {self.line} ({_show(self.raw)})"


def check_series(text: str, *, year: int | None = None) -> list[Finding]:
    """Every finding about a list of LRNs, one per line, sorted by line.

    Lines are split on CR, LF or CRLF and numbered from 1, blank lines
    included; lines of white space only are skipped. Each line gets its own
    ``check()`` findings (the advice about a character repeated on many lines
    is given once, at its first line, with the count of the others); the series is
    then read with the white space and invisible characters left out:
    duplicates, numbers written differently, other series, counter width,
    other years (than ``year``, or than most numbers), numbers out of order,
    and gaps between numbers of the same series and year.
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")
    _check_year(year)
    findings: list[Finding] = []
    repeated_chars: dict[str, tuple[int, list[int]]] = {}
    entries: list[_Entry] = []
    for line, raw in enumerate(_LINE_BREAK.split(text), 1):
        if not raw.strip():
            continue
        for finding, char in _check(raw):
            if finding.rule in _CHARACTER_RULES and char is not None:
                if char in repeated_chars:
                    repeated_chars[char][1].append(line)
                    continue
                repeated_chars[char] = (len(findings), [])
            findings.append(replace(finding, line=line))
        clean = "".join(char for char in raw if _hard_to_see(char) is None)
        if clean:
            entries.append(_Entry(line, raw, _parse(clean, year)))
    for index, others in repeated_chars.values():
        if others:
            findings[index] = replace(findings[index], message=findings[index].message + _also(others))
    findings += _duplicates(entries)
    series = [entry for entry in entries if entry.parsed is not None]
    findings += _no_counters(entries)
    _other_series(series, findings)
    widths = _widths(series, findings)
    _years(series, year, findings)
    _order_and_gaps(series, widths, findings)
    findings.sort(key=lambda finding: finding.line or 0)
    return findings


def _also(lines: list[int]) -> str:
    if len(lines) <= 5:
        where = f"à la ligne {lines[0]}" if len(lines) == 1 else "aux lignes " + _and([str(n) for n in lines])
        return f" Ce caractère figure aussi {where}."
    shown = ", ".join(str(n) for n in lines[:3])
    return f" Ce caractère figure aussi dans {_number(len(lines))} autres lignes (lignes {shown}…)."


def _duplicates(entries: list[_Entry]) -> list[Finding]:
    """The same LRN twice (error), or the same number written differently."""
    findings = []
    by_text: dict[str, _Entry] = {}
    by_number: dict[tuple[tuple[str, str], int | None, int], _Entry] = {}
    for entry in entries:
        first = by_text.get(entry.raw)
        parsed = entry.parsed
        ident = (parsed.key(), parsed.year, parsed.number) if parsed else None
        if first is not None:
            entry.repeated = True
            findings.append(Finding(
                ERROR,
                RULE,
                "doublon",
                f"Le numéro {_q(_show(entry.raw))} figure déjà à la ligne {first.line}{NBSP}: un numéro "
                "LRN ne doit servir qu'à un seul mouvement.",
                None,
                SOURCE_UNIQUE,
                entry.line,
            ))
            continue
        by_text[entry.raw] = entry
        if ident is None:
            continue
        same = by_number.get(ident)
        if same is not None:
            entry.repeated = True
            findings.append(Finding(
                WARNING,
                ADVICE,
                "meme-numero",
                f"{_q(_show(entry.raw))} porte le même numéro que {same.ref()}, écrit autrement{NBSP}: au sens "
                f"le plus naturel d'une série continue (lecture du site), chaque numéro ne sert qu'une fois"
                f"{NBSP}; mieux vaut aussi l'écrire toujours de la même façon.",
                None,
                SOURCE_SERIES,
                entry.line,
            ))
            continue
        by_number[ident] = entry
    return findings


def _no_counters(entries: list[_Entry]) -> list[Finding]:
    return [
        Finding(
            WARNING,
            ADVICE,
            "sans-compteur",
            f"{_capital(_no_counter(entry.raw))}{NBSP}: impossible de le situer dans la série, que le site "
            "compte en nombres.",
            None,
            SOURCE_SERIES,
            entry.line,
        )
        for entry in entries
        if entry.parsed is None and not entry.repeated
    ]


def _other_series(series: list[_Entry], findings: list[Finding]) -> None:
    """Flag the numbers whose prefix or suffix is not the main series' one."""
    counts = Counter(entry.parsed.key() for entry in series if entry.parsed)
    if not counts:
        return
    main = counts.most_common(1)[0][0]
    reference = next(entry for entry in series if entry.parsed and entry.parsed.key() == main)
    assert reference.parsed is not None
    for entry in series:
        parsed = entry.parsed
        assert parsed is not None
        if parsed.key() == main or entry.repeated:
            continue
        differences = []
        mine, theirs = parsed.key(), main
        if mine[0] != theirs[0]:
            differences.append(_affix("préfixe", parsed.prefix, reference.parsed.prefix))
        if mine[1] != theirs[1]:
            differences.append(_affix("suffixe", parsed.suffix, reference.parsed.suffix))
        findings.append(Finding(
            WARNING,
            ADVICE,
            "autre-serie",
            f"{_q(_show(entry.raw))} n'est pas de la même série que les autres numéros, comme celui de "
            f"{reference.ref()}{NBSP}: {' et '.join(differences)}.",
            None,
            SOURCE_SERIES,
            entry.line,
        ))


def _affix(name: str, mine: str, theirs: str) -> str:
    if not mine:
        return f"pas de {name} au lieu de {_q(_show(theirs))}"
    if not theirs:
        return f"{name} {_q(_show(mine))} alors que la série n'en a pas"
    return f"{name} {_q(_show(mine))} au lieu de {_q(_show(theirs))}"


def _widths(series: list[_Entry], findings: list[Finding]) -> dict[tuple[str, str], int | None]:
    """The counter width of each series (None: no zero padding), flagging the misfits.

    A width fits a padded counter of that length and any unpadded counter at
    least that long (a padded series past 999 writes 1000); no width fits the
    unpadded counters. The width that fits most numbers wins, ties going to
    the series' first number.
    """
    groups: dict[tuple[str, str], list[_Entry]] = {}
    for entry in series:
        if entry.parsed is not None and not entry.repeated:
            groups.setdefault(entry.parsed.key(), []).append(entry)
    widths: dict[tuple[str, str], int | None] = {}
    for key, members in groups.items():
        counters = [entry.parsed.counter for entry in members if entry.parsed]
        padded = Counter(len(c) for c in counters if _is_padded(c))
        unpadded = [len(c) for c in counters if not _is_padded(c)]
        first: int | None = len(counters[0]) if _is_padded(counters[0]) else None
        candidates: list[int | None] = [first, None, *sorted(padded)]

        def fitting(width: int | None) -> int:
            if width is None:
                return len(unpadded)
            return padded[width] + sum(1 for n in unpadded if n >= width)

        best = max(candidates, key=fitting)  # max keeps the first of equals
        widths[key] = best
        fits = [entry for entry in members if entry.parsed and _fits(entry.parsed.counter, best)]
        if not fits:
            continue
        reference = fits[0]
        for entry in members:
            parsed = entry.parsed
            assert parsed is not None
            if _fits(parsed.counter, best):
                continue
            expected = _q(_show(parsed.with_number(parsed.number, best)))
            counter = _q(parsed.counter)
            if best is None:
                detail = (
                    f"écrit son compteur avec des zéros en tête ({counter}), contrairement aux autres "
                    f"numéros de la série, comme celui de {reference.ref()}"
                )
            else:
                digits = "1 chiffre" if len(parsed.counter) == 1 else f"{len(parsed.counter)} chiffres"
                detail = (
                    f"écrit son compteur sur {digits} ({counter}), alors que la série l'écrit sur "
                    f"{best} chiffres avec des zéros en tête, comme à {reference.ref()}"
                )
            findings.append(Finding(
                WARNING,
                ADVICE,
                "largeur-du-compteur",
                f"{_q(_show(entry.raw))} {detail}{NBSP}: on attendrait {expected}.",
                None,
                SOURCE_FORMAT,
                entry.line,
            ))
    return widths


def _is_padded(counter: str) -> bool:
    return len(counter) > 1 and counter[0] == "0"


def _fits(counter: str, width: int | None) -> bool:
    if width is None:
        return not _is_padded(counter)
    return len(counter) == width if _is_padded(counter) else len(counter) >= width


def _years(series: list[_Entry], year: int | None, findings: list[Finding]) -> None:
    """Flag the numbers of another year than ``year``, or than most numbers."""
    years = Counter(entry.parsed.year for entry in series if entry.parsed and entry.parsed.year is not None)
    if not years:
        return
    expected = year if year is not None else years.most_common(1)[0][0]
    against = (
        f"alors que la série vérifiée est celle de {expected}" if year is not None
        else f"alors que la plupart des numéros sont de {expected}"
    )
    for entry in series:
        parsed = entry.parsed
        if parsed is None or parsed.year is None or parsed.year == expected:
            continue
        findings.append(Finding(
            WARNING,
            ADVICE,
            "annee",
            f"{_q(_show(entry.raw))} porte l'année {parsed.year}, {against}{NBSP}: le logigramme demande une "
            f"série continue {_q('par année')}, ce que le site lit comme une série propre à chaque année"
            f"{NBSP}; vérifiez que ce numéro a sa place dans cette liste.",
            None,
            SOURCE_YEAR,
            entry.line,
        ))


def _order_and_gaps(
    series: list[_Entry], widths: dict[tuple[str, str], int | None], findings: list[Finding]
) -> None:
    """Within each series and year: numbers lower than the one before, and gaps."""
    groups: dict[tuple[tuple[str, str], int | None], list[_Entry]] = {}
    for entry in series:
        if entry.parsed is not None and not entry.repeated:
            groups.setdefault((entry.parsed.key(), entry.parsed.year), []).append(entry)
    for (key, _), members in groups.items():
        for before, entry in zip(members, members[1:]):
            assert before.parsed and entry.parsed
            if entry.parsed.number < before.parsed.number:
                findings.append(Finding(
                    WARNING,
                    ADVICE,
                    "desordre",
                    f"{_q(_show(entry.raw))} vient après {before.ref()}, qui porte un numéro plus grand"
                    f"{NBSP}: au sens le plus naturel d'une série continue (lecture du site), les numéros se "
                    "suivent dans l'ordre croissant.",
                    None,
                    SOURCE_SERIES,
                    entry.line,
                ))
        ordered = sorted(members, key=lambda e: e.parsed.number if e.parsed else 0)
        for low, high in zip(ordered, ordered[1:]):
            assert low.parsed and high.parsed
            missing = high.parsed.number - low.parsed.number - 1
            if missing < 1:
                continue
            width = widths.get(key)
            first = _show(high.parsed.with_number(low.parsed.number + 1, width))
            last = _show(high.parsed.with_number(high.parsed.number - 1, width))
            if missing == 1:
                count, listed = "1 numéro manque", first
            else:
                joiner = " et " if missing == 2 else " à "
                count, listed = f"{_number(missing)} numéros manquent", first + joiner + last
            findings.append(Finding(
                WARNING,
                ADVICE,
                "lacune",
                f"{count} entre {low.ref()} et {high.ref()}{NBSP}: {listed}{NBSP}; au sens le plus naturel "
                "(lecture du site), une série continue ne saute aucun numéro.",
                None,
                SOURCE_SERIES,
                high.line,
            ))


# ---------------------------------------------------------------- JSON for the browser


def check_json(lrn: str) -> str:
    """``check()`` as a JSON array of findings."""
    return _dumps([finding.to_dict() for finding in check(lrn)])


def next_number_json(last: str, year: int | None = None) -> str:
    """``next_number()`` as a JSON object (value, findings, new_series, explanation)."""
    return _dumps(next_number(last, year=year).to_dict())


def check_series_json(text: str, year: int | None = None) -> str:
    """``check_series()`` as a JSON array of findings."""
    return _dumps([finding.to_dict() for finding in check_series(text, year=year)])


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------- helpers


def _check_year(year: int | None) -> None:
    if year is None:
        return
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year: expected int or None, got {type(year).__name__}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year: expected four digits, got {year}")


def _q(text: str) -> str:
    """Between French quotation marks."""
    return f"«{NBSP}{text}{NBSP}»"


def _show(text: str, limit: int = 30) -> str:
    """Text from the user made visible: spaces as ␣, invisible characters as U+XXXX."""
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return "".join(
        "␣" if char == " " else char if char.isprintable() else f"<U+{ord(char):04X}>"
        for char in text
    )


def _number(value: int) -> str:
    """An integer with French digit grouping."""
    return f"{value:,}".replace(",", NBSP)


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _span(start: int, end: int) -> str:
    """0-based [start, end) as French 1-based positions."""
    if end - start == 1:
        return f"position {start + 1}"
    joiner = " et " if end - start == 2 else " à "
    return f"positions {start + 1}{joiner}{end}"


def _capital(text: str) -> str:
    """Capitalise a sentence's first letter (a quotation mark stays as it is)."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- the register
#
# The register of the numbers the operator attributes (page « Numéro LRN »):
# one row per number, kept by the browser (local storage, JSON) and exported
# or imported as CSV for a French spreadsheet. Keeping it is the site's
# advice; its series check is check_series() on its numbers, row n being line n.
#
# A row as stored: number as typed (never trimmed: check() tells what is wrong
# with it), date (ISO yyyy-mm-dd), time (hh:mm, or "" when not known),
# movement and reason (free text), entered (ISO date the data were entered
# in GAMMA 2 on its return, or ""). In the CSV, dates are jj/mm/aaaa and times
# hh:mm, which a French spreadsheet reads as dates and times; on the page,
# jj/mm/aaaa and « 9 h 15 ».

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
