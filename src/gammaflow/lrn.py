"""The LRN helper of the fallback kit: check one LRN, propose the next one of the
series, check a whole series. The register of the numbers attributed (its CSV
export and import) is gammaflow.lrn_register, built on this module.

This module stays whole (some 900 lines): the checks of one number, the
counter and year grammar (_parse), the next number and the series check
share that grammar and the findings' wording; split, each part would import
the others' private helpers.

Standard library only, no I/O: the same module runs in CPython (tests) and in
the browser under Pyodide. Every function returns plain dataclasses with
``to_dict()``; the ``*_json`` helpers give the browser a JSON string directly.

The rules and their sources (listed for readers on the page « Numéro LRN »,
docs/numero-lrn.md, and in the flow's references):

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

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any


__all__ = [
    "ADVICE",
    "ERROR",
    "MAX_LENGTH",
    "RULE",
    "WARNING",
    "Finding",
    "Proposal",
    "check",
    "check_json",
    "check_series",
    "check_series_json",
    "next_number",
    "next_number_json",
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
