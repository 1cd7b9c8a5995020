"""The LRN helper (gammaflow.lrn): one LRN, the next number, a series, JSON for the browser."""

from __future__ import annotations

import ast
import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow import lrn
from gammaflow.lrn import (
    ERROR,
    MAX_LENGTH,
    WARNING,
    Finding,
    Proposal,
    check,
    check_json,
    check_series,
    check_series_json,
    next_number,
    next_number_json,
)

from strategies_lrn import continuous_series, lay_out, layouts

NBSP = "\u00a0"
SETTINGS = settings(max_examples=200, deadline=None)

CHART = "Logigramme GAMMA 2 (janvier 2023)"
LENGTH = "Logigramme GAMMA 2 (janvier 2023), pratique EMCS (longueur maximale 22)"
SERIES = "Logigramme GAMMA 2 (janvier 2023), FAQ GAMMA 2 (série continue)"
YEAR = "Logigramme GAMMA 2 (janvier 2023) (série continue par année)"
UNIQUE = "Pratique EMCS (numéro jamais réutilisé)"

FORBIDDEN_TAIL = (
    "Le numéro LRN ne doit contenir que des lettres et des chiffres, sans espace ni caractère invisible."
)
OTHER_TAIL = (
    f"aucune de nos sources ne l'autorise (le logigramme GAMMA{NBSP}2 demande un numéro alphanumérique)"
    f"{NBSP}; mieux vaut s'en tenir aux lettres de A à Z et aux chiffres de 0 à 9."
)
SERIES_RULES = {
    "doublon", "meme-numero", "sans-compteur", "autre-serie", "largeur-du-compteur", "annee", "desordre", "lacune",
}
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs"}


def q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def french(text: str) -> str:
    """Test messages are typed with plain spaces before : ; and non-breaking ones are put in here."""
    return re.sub(r" ([:;])", NBSP + r"\1", text)


def rules(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def series_findings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.rule in SERIES_RULES]


def is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def is_forbidden(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in INVISIBLE_CATEGORIES


def assert_well_written(finding: Finding) -> None:
    """A message shows no invisible character, and no plain space before high punctuation."""
    assert finding.level in (ERROR, WARNING)
    assert finding.rule and finding.message and finding.source
    assert all(char.isprintable() or char == NBSP for char in finding.message), finding.message
    assert not re.search(r" [:;!?»]|« ", finding.message), finding.message


def assert_justified(text: str, findings: list[Finding], complete: bool = True) -> None:
    """Every finding of check(text) rests on what text holds, and (if complete) every fault is found."""
    for finding in findings:
        assert_well_written(finding)
        assert finding.line is None
        if finding.rule == "vide":
            assert text == "" and finding.level == ERROR
            continue
        assert 1 <= finding.position <= len(text)
        char = text[finding.position - 1]
        if finding.rule == "trop-long":
            assert len(text) > MAX_LENGTH and finding.position == MAX_LENGTH + 1 and finding.level == ERROR
            assert f"compte {len(text)} caractères" in finding.message.replace(NBSP, "")
        elif finding.rule == "espace":
            assert char.isspace() and finding.level == ERROR
        elif finding.rule == "caractere-de-controle":
            assert unicodedata.category(char) in INVISIBLE_CATEGORIES and finding.level == ERROR
        elif finding.rule == "caractere-non-alphanumerique":
            assert not is_alnum(char) and not is_forbidden(char) and finding.level == WARNING
        else:
            pytest.fail(f"unexpected rule {finding.rule}")
    if not complete:
        return
    faults = {text.index(char) + 1 for char in set(text) if not is_alnum(char)}
    assert {f.position for f in findings if f.rule not in ("vide", "trop-long")} == faults
    assert ("trop-long" in rules(findings)) == (len(text) > MAX_LENGTH)
    assert ("vide" in rules(findings)) == (text == "")


# -- one LRN: what is fine ----------------------------------------------------------


@pytest.mark.parametrize("value", ["A", "0", "SEC20260041", "sec20260041", "Z" * MAX_LENGTH, "2026000123"])
def test_letters_and_digits_are_fine(value):
    """An LRN of 1 to 22 ASCII letters and digits, lower case included, has no finding."""
    assert check(value) == []


# -- one LRN: errors ----------------------------------------------------------------


def test_empty_is_an_error():
    """An empty LRN is an error saying what is expected."""
    assert check("") == [Finding(
        ERROR,
        "vide",
        french("Le numéro LRN est vide : il faut un numéro de 1 à 22 caractères, fait de lettres et de chiffres."),
        None,
        CHART,
    )]


def test_twenty_three_characters_is_too_long():
    """A 23-character LRN is an error giving the length and the 23rd character's position."""
    value = "SEC2026000000000000001X"
    assert check(value) == [Finding(
        ERROR,
        "trop-long",
        french(f"Le numéro LRN compte 23 caractères, pour 22 au plus : le caractère en trop est en position 23 ({q('X')})."),
        23,
        LENGTH,
    )]


def test_longer_lrn_names_how_many_characters_are_in_excess():
    """A 25-character LRN is an error naming the 3 characters in excess from position 23."""
    [finding] = check("A" * 22 + "XYZ")
    assert finding.message == french(
        f"Le numéro LRN compte 25 caractères, pour 22 au plus : les 3 caractères en trop commencent en position 23 ({q('XYZ')})."
    )
    assert finding.position == 23


def test_very_long_lrn_is_shown_shortened_with_grouped_digits():
    """A 2,000-character LRN gets one length error, its count grouped and its excess cut short."""
    [finding] = check("A" * 2000)
    assert finding.message == french(
        f"Le numéro LRN compte 2{NBSP}000 caractères, pour 22 au plus : les 1{NBSP}978 caractères en trop "
        f"commencent en position 23 ({q('A' * 29 + '…')})."
    )


def test_space_inside_is_an_error_at_its_position():
    """A space inside the LRN is an error naming « espace » and its position."""
    assert check("SEC 0041") == [Finding(
        ERROR,
        "espace",
        french(f"Caractère interdit en position 4 : espace. {FORBIDDEN_TAIL}"),
        4,
        CHART,
    )]


@pytest.mark.parametrize(
    ("value", "rule", "where", "name"),
    [
        (" SEC41", "espace", "en position 1 (début du numéro)", "espace"),
        ("SEC41 ", "espace", "en position 6 (fin du numéro)", "espace"),
        ("SEC\t41", "espace", "en position 4", "tabulation"),
        ("SEC41\u00a0", "espace", "en position 6 (fin du numéro)", "U+00A0 espace insécable"),
        ("SEC\u202f41", "espace", "en position 4", "U+202F espace fine insécable"),
        ("SEC\u200341", "espace", "en position 4", "U+2003 espace"),
        ("SEC\n41", "espace", "en position 4", "saut de ligne"),
        ("SEC\u000741", "caractere-de-controle", "en position 4", "caractère de contrôle U+0007"),
        ("SEC\u001f41", "caractere-de-controle", "en position 4", "caractère de contrôle U+001F"),
        ("\ufeffSEC41", "caractere-de-controle", "en position 1 (début du numéro)",
         "caractère invisible U+FEFF indicateur d'ordre des octets"),
        ("SEC\u200b41", "caractere-de-controle", "en position 4", "caractère invisible U+200B espace sans chasse"),
        ("SEC\u206041", "caractere-de-controle", "en position 4", "caractère invisible U+2060"),
        ("SEC\ud80041", "caractere-de-controle", "en position 4", "caractère invalide U+D800"),
    ],
)
def test_white_space_and_invisible_characters_are_errors(value, rule, where, name):
    """Each white space or invisible character is an error naming the character and where it is."""
    position = int(re.search(r"\d+", where).group())
    assert check(value) == [
        Finding(ERROR, rule, french(f"Caractère interdit {where} : {name}. {FORBIDDEN_TAIL}"), position, CHART),
    ]


def test_the_same_character_at_several_places_is_one_finding_listing_them():
    """Three spaces give one error listing positions 2, 4 et 6, its position the first one."""
    assert check("A B C D") == [Finding(
        ERROR, "espace", french(f"Caractère interdit aux positions 2, 4 et 6 : espace. {FORBIDDEN_TAIL}"), 2, CHART,
    )]


def test_a_long_list_of_positions_is_cut_short():
    """Past eight positions, the message lists eight and counts the others."""
    [finding] = check("A\t" * 11)
    assert finding.message == french(
        f"Caractère interdit aux positions 2, 4, 6, 8, 10, 12, 14, 16 et 3 autres : tabulation. {FORBIDDEN_TAIL}"
    )


def test_each_character_gets_its_own_finding_in_order_of_position():
    """Different faulty characters give one finding each, ordered by their first position, after the length."""
    value = "A-B\tC-" + "D" * 20
    assert [(f.rule, f.position) for f in check(value)] == [
        ("trop-long", 23), ("caractere-non-alphanumerique", 2), ("espace", 4),
    ]


# -- one LRN: warnings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label", "position"),
    [
        ("SEC2026-0041", q("-"), "en position 8"),
        ("SEC/41", q("/"), "en position 4"),
        ("SEC_41", q("_"), "en position 4"),
        ("SEC41.", q("."), "en position 6 (fin du numéro)"),
        ("éSEC41", f"{q('é')} (U+00E9)", "en position 1 (début du numéro)"),
        ("SEC４1", f"{q('４')} (U+FF14)", "en position 4"),
        ("SEe\u030141", "U+0301", "en position 4"),
        ("SEC\ue00041", "U+E000", "en position 4"),
    ],
)
def test_other_characters_are_warnings(value, label, position):
    """A character other than an ASCII letter or digit is a warning: no source allows it, better avoided."""
    findings = check(value)
    assert findings == [Finding(
        WARNING,
        "caractere-non-alphanumerique",
        french(f"Caractère {label} {position} : {OTHER_TAIL}"),
        findings[0].position,
        CHART,
    )]
    assert value[findings[0].position - 1] not in "SEC0123456789"


def test_check_refuses_what_is_not_a_string():
    """check() of something else than a string raises TypeError."""
    with pytest.raises(TypeError):
        check(41)  # type: ignore[arg-type]


# -- one LRN: properties ------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_check_never_raises_and_every_finding_is_justified(value):
    """On any text, check() returns findings that each rest on the text, and misses no fault."""
    assert_justified(value, check(value))


@SETTINGS
@given(st.text(alphabet=st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co"]) | st.sampled_from("A1-é ")))
def test_invisible_characters_are_all_found(value):
    """On text rich in control, format, surrogate and separator characters, every finding is justified."""
    assert_justified(value, check(value))


@SETTINGS
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=22))
def test_no_finding_on_ascii_alphanumerics_up_to_22(value):
    """Any string of 1 to 22 ASCII letters and digits has no finding at all."""
    assert check(value) == []


# -- next number --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "year", "expected"),
    [
        ("SEC2026-0041", None, "SEC2026-0042"),
        ("SEC2026-0041", 2026, "SEC2026-0042"),
        ("2026000123", None, "2026000124"),
        ("2026000123", 2026, "2026000124"),
        ("41", None, "42"),
        ("41", 2026, "42"),
        ("0099", None, "0100"),
        ("SEC-0041-B", None, "SEC-0042-B"),
        ("0041/2026", 2026, "0042/2026"),
        ("2026-9", 2026, "2026-10"),
        ("sec2026a0009", None, "sec2026a0010"),
        ("202641", 2026, "202642"),
    ],
)
def test_next_number_keeps_prefix_suffix_and_padding(last, year, expected):
    """The next number adds 1 to the counter and keeps the rest, zero padding included."""
    proposal = next_number(last, year=year)
    assert proposal == Proposal(expected, [], False, proposal.explanation)


def test_next_number_explains_what_it_read():
    """The explanation names the counter, the year and their positions."""
    assert next_number("SEC2026-0041").explanation == french(
        f"Compteur {q('0041')} (positions 9 à 12) augmenté de 1 : {q('0042')} ; année 2026 "
        "(positions 4 à 7) conservée ; le reste du numéro est inchangé."
    )
    assert next_number("A41").explanation == french(
        f"Compteur {q('41')} (positions 2 et 3) augmenté de 1 : {q('42')} ; le reste du numéro est inchangé."
    )


def test_counter_growing_a_digit_is_a_warning():
    """A999 gives A1000 with a warning that the counter now has 4 digits instead of 3."""
    assert next_number("A999") == Proposal("A1000", [Finding(
        WARNING,
        "debordement",
        french(
            f"Le compteur passe de 3 à 4 chiffres ({q('999')} → {q('1000')}) : si votre série s'écrit avec "
            "un nombre fixe de chiffres, le numéro proposé n'a plus la même longueur que les précédents."
        ),
        2,
        SERIES,
    )], False, next_number("A999").explanation)


def test_result_longer_than_22_is_an_error_without_value():
    """When the next number would have 23 characters, there is no value and an error says why."""
    last = "A" * 18 + "9999"
    proposal = next_number(last)
    assert proposal.value is None
    assert rules(proposal.findings) == ["debordement", "trop-long"]
    assert proposal.findings[1] == Finding(
        ERROR,
        "trop-long",
        french(
            f"Le numéro suivant, {q('A' * 18 + '10000')}, compterait 23 caractères, pour 22 au plus : la série "
            "ne peut pas continuer sous cette forme ; raccourcissez le préfixe ou le suffixe pour commencer "
            "une nouvelle série."
        ),
        23,
        LENGTH,
    )


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("SEC2025-0041", "SEC2026-0001"),
        ("SEC2025-41", "SEC2026-1"),
        ("2025000123", "2026000001"),
        ("0041/2025", "0001/2026"),
        ("SEC2027-0003", "SEC2026-0001"),
    ],
)
def test_a_new_year_starts_a_new_series(last, expected):
    """When the last number is of another year, the proposal is number 1 of the year's series, same padding."""
    proposal = next_number(last, year=2026)
    assert proposal.value == expected and proposal.new_series
    [finding] = proposal.findings
    old = re.search(r"20(25|27)", last).group()
    assert finding == Finding(
        WARNING,
        "nouvelle-serie",
        french(
            f"Le dernier numéro, {q(last)}, porte l'année {old} et non 2026 : chaque année commence une "
            f"nouvelle série, qui repart à 1 (numéro proposé : {q(expected)})."
        ),
        last.index(old) + 1,
        YEAR,
    )


def test_new_series_explanation():
    """The explanation of a new series names the year replaced and the counter reset."""
    assert next_number("SEC2025-0041", year=2026).explanation == french(
        f"Année 2025 (positions 4 à 7) remplacée par 2026 et compteur {q('0041')} (positions 9 à 12) remis "
        f"à {q('0001')} ; le reste du numéro est inchangé."
    )


def test_without_the_year_asked_the_series_goes_on():
    """Without a year to compare with, SEC2025-0041 simply gives SEC2025-0042."""
    assert next_number("SEC2025-0041").value == "SEC2025-0042"


def test_no_digit_means_no_counter():
    """An LRN without digits gives no proposal and an error explaining there is no counter."""
    assert next_number("ABC") == Proposal(None, [Finding(
        ERROR,
        "sans-compteur",
        french(
            f"{q('ABC')} ne contient aucun chiffre : impossible de trouver le compteur à augmenter. Une série "
            "continue a besoin d'un nombre qui augmente de 1 à chaque document, par exemple SEC-0001 puis SEC-0002."
        ),
        None,
        SERIES,
    )])


def test_only_the_year_means_no_counter():
    """With the year asked for, SEC2026 has no counter besides the year: an error."""
    proposal = next_number("SEC2026", year=2026)
    assert proposal.value is None
    assert proposal.findings[0].message.startswith(f"{q('SEC2026')} n'a pas d'autre nombre que l'année 2026{NBSP}:")


def test_a_lone_year_like_number_is_read_as_the_counter_with_a_warning():
    """Without the year, SEC2026 gives SEC2027 with a warning that 2026 looks like a year."""
    proposal = next_number("SEC2026")
    assert proposal.value == "SEC2027"
    assert proposal.findings == [Finding(
        WARNING,
        "compteur-ambigu",
        french(
            f"Le seul nombre de {q('SEC2026')}, 2026, ressemble à une année : il est lu ici comme le compteur. "
            "Si c'est l'année, indiquez-la pour obtenir le premier numéro de sa série, ou ajoutez un compteur "
            "au numéro (par exemple SEC2026-0001)."
        ),
        4,
        SERIES,
    )]


def test_a_lone_year_like_number_other_than_the_year_asked_is_the_counter():
    """With year 2026, SEC2025 gives SEC2026, warning that 2025 looks like a year and asking for a counter."""
    proposal = next_number("SEC2025", year=2026)
    assert proposal.value == "SEC2026" and not proposal.new_series
    assert proposal.findings[0].message.endswith(
        "Si c'est l'année, ajoutez un compteur au numéro (par exemple SEC2026-0001)."
    )


@pytest.mark.parametrize("last", ["", "SEC 0041", "A" * 23])
def test_an_invalid_last_number_gives_its_errors_only(last):
    """A last number with errors gives no proposal, its own errors, and an explanation."""
    proposal = next_number(last)
    assert proposal.value is None and not proposal.new_series
    assert proposal.findings == [f for f in check(last) if f.level == ERROR]
    assert proposal.explanation == french(
        "Le dernier numéro saisi n'est pas un numéro LRN valable : corrigez-le avant de demander le suivant."
    )


def test_warnings_of_the_last_number_do_not_prevent_a_proposal():
    """A last number with only warnings (a hyphen) still gets its next number, without repeating them."""
    assert next_number("SEC-41").findings == []


@pytest.mark.parametrize(("year", "error"), [(26, ValueError), (20260, ValueError), ("2026", TypeError), (True, TypeError)])
def test_year_must_be_four_digits(year, error):
    """A year that is not a four-digit int is refused by next_number and check_series."""
    with pytest.raises(error):
        next_number("41", year=year)
    with pytest.raises(error):
        check_series("41", year=year)


@SETTINGS
@given(st.text(max_size=30), st.none() | st.integers(1900, 2099))
def test_next_number_never_raises_and_proposes_only_valid_numbers(last, year):
    """On any text, next_number() gives a value exactly when no error is found, and that value has no error."""
    proposal = next_number(last, year=year)
    for finding in proposal.findings:
        assert_well_written(finding)
    has_error = any(f.level == ERROR for f in proposal.findings)
    assert (proposal.value is None) == has_error
    if proposal.value is not None:
        assert [f for f in check(proposal.value) if f.level == ERROR] == []
        assert proposal.new_series == ("nouvelle-serie" in rules(proposal.findings))


@SETTINGS
@given(continuous_series(min_size=2, max_size=3), st.booleans())
def test_next_number_of_a_series_entry_is_the_following_entry(drawn, give_year):
    """For any generated series, the next number of an entry is the following entry."""
    form, entries = drawn
    year = form.year if give_year else None
    assert next_number(entries[0], year=year).value == entries[1]


# -- series: unit cases -------------------------------------------------------------


def test_gaps_are_named_with_their_lines_and_missing_numbers():
    """Missing numbers between two lines are counted and listed, blank lines and CRLF counting as lines."""
    text = "SEC2026-0001\r\nSEC2026-0002\r\n\r\nSEC2026-0005\nSEC2026-0009\nSEC2026-0011\n"
    gaps = [f for f in check_series(text) if f.rule == "lacune"]
    assert gaps == [
        Finding(WARNING, "lacune", french(
            "2 numéros manquent entre la ligne 2 (SEC2026-0002) et la ligne 4 (SEC2026-0005) : SEC2026-0003 et "
            "SEC2026-0004 ; une série continue ne saute aucun numéro."), None, SERIES, 4),
        Finding(WARNING, "lacune", french(
            "3 numéros manquent entre la ligne 4 (SEC2026-0005) et la ligne 5 (SEC2026-0009) : SEC2026-0006 à "
            "SEC2026-0008 ; une série continue ne saute aucun numéro."), None, SERIES, 5),
        Finding(WARNING, "lacune", french(
            "1 numéro manque entre la ligne 5 (SEC2026-0009) et la ligne 6 (SEC2026-0011) : SEC2026-0010 ; "
            "une série continue ne saute aucun numéro."), None, SERIES, 6),
    ]


def test_a_continuous_series_has_no_series_finding():
    """A continuous series, with blank lines and a padded counter passing 999, has no series finding."""
    text = "\n".join(f"LRN{n:03d}" for n in range(995, 1005)) + "\n\n   \n"
    assert check_series(text) == []


def test_duplicates_name_the_first_line():
    """An LRN repeated is an error at each repeat, naming the line of its first occurrence."""
    text = "A1\nA2\nA2\nA3\nA2"
    assert series_findings(check_series(text)) == [
        Finding(ERROR, "doublon", french(
            f"Le numéro {q('A2')} figure déjà à la ligne 2 : un numéro LRN ne doit servir qu'à un seul mouvement."
        ), None, UNIQUE, 3),
        Finding(ERROR, "doublon", french(
            f"Le numéro {q('A2')} figure déjà à la ligne 2 : un numéro LRN ne doit servir qu'à un seul mouvement."
        ), None, UNIQUE, 5),
    ]


def test_the_same_number_written_differently_is_a_warning():
    """SEC-2 after SEC-0002 is the same number written otherwise: a warning naming the earlier line."""
    findings = series_findings(check_series("SEC-0001\nSEC-0002\nSEC-2\nSEC-0003"))
    assert findings[0] == Finding(WARNING, "meme-numero", french(
        f"{q('SEC-2')} porte le même numéro que la ligne 2 (SEC-0002), écrit autrement : chaque numéro de la "
        "série ne sert qu'une fois et s'écrit toujours de la même façon."
    ), None, SERIES, 3)
    assert rules(findings) == ["meme-numero"]


def test_trailing_space_is_an_error_but_the_number_still_counts():
    """A trailing space is reported on its line, and the number still takes its place in the series."""
    findings = check_series("A1\nA2 \nA3")
    assert [(f.rule, f.line, f.position) for f in findings] == [("espace", 2, 3)]


def test_numbers_out_of_order_are_flagged_once():
    """A number lower than the one before it is flagged at its line, naming the line before."""
    findings = series_findings(check_series("A1\nA2\nA4\nA3\nA5"))
    assert findings == [Finding(WARNING, "desordre", french(
        f"{q('A3')} vient après la ligne 3 (A4), qui porte un numéro plus grand : les numéros d'une série "
        "continue se suivent dans l'ordre croissant."
    ), None, SERIES, 4)]


def test_another_year_than_most_is_flagged():
    """Without a year given, a number of another year than most numbers is flagged, and kept out of their gaps."""
    findings = series_findings(check_series("SEC2026-01\nSEC2026-02\nSEC2025-07\nSEC2026-03"))
    assert findings == [Finding(WARNING, "annee", french(
        f"{q('SEC2025-07')} porte l'année 2025, alors que la plupart des numéros sont de 2026 : chaque année "
        "commence une nouvelle série ; vérifiez que ce numéro a sa place dans cette liste."
    ), None, YEAR, 3)]


def test_another_year_than_the_one_given_is_flagged():
    """With a year given, every number of another year is flagged, even if most are of that other year."""
    findings = series_findings(check_series("2025000001\n2025000002\n2026000001", year=2026))
    assert [(f.rule, f.line) for f in findings] == [("annee", 1), ("annee", 2)]
    assert findings[0].message.startswith(f"{q('2025000001')} porte l'année 2025, alors que la série vérifiée est celle de 2026")


def test_each_year_is_its_own_series_for_gaps_and_order():
    """A year change starts the count again: 2025's last numbers and 2026's first make no gap or disorder."""
    findings = series_findings(check_series("SEC2025-0040\nSEC2025-0041\nSEC2026-0001\nSEC2026-0002", year=2026))
    assert [(f.rule, f.line) for f in findings] == [("annee", 1), ("annee", 2)]


def test_too_long_lines_are_errors_in_a_series():
    """A line longer than 22 characters is an error at its line."""
    text = "A" * 21 + "9\n" + "A" * 21 + "10"
    assert [(f.rule, f.line, f.position) for f in check_series(text)] == [("trop-long", 2, 23)]


def test_another_prefix_or_suffix_is_another_series():
    """Numbers whose prefix or suffix differs from the main series are flagged with the difference."""
    findings = series_findings(check_series("SEC1\nSEC2\nABC3\nSEC3B\n4\nSEC3\nsec4"))
    assert [(f.line, f.message) for f in findings] == [
        (3, french(f"{q('ABC3')} n'est pas de la même série que les autres numéros, comme celui de la ligne 1 "
                   f"(SEC1) : préfixe {q('ABC')} au lieu de {q('SEC')}.")),
        (4, french(f"{q('SEC3B')} n'est pas de la même série que les autres numéros, comme celui de la ligne 1 "
                   f"(SEC1) : suffixe {q('B')} alors que la série n'en a pas.")),
        (5, french(f"{q('4')} n'est pas de la même série que les autres numéros, comme celui de la ligne 1 "
                   f"(SEC1) : pas de préfixe au lieu de {q('SEC')}.")),
        (7, french(f"{q('sec4')} n'est pas de la même série que les autres numéros, comme celui de la ligne 1 "
                   f"(SEC1) : préfixe {q('sec')} au lieu de {q('SEC')}.")),
    ]
    assert {f.rule for f in findings} == {"autre-serie"}


def test_counter_width_must_match_the_series():
    """A counter with fewer or more digits than the padded series is flagged with the expected writing."""
    findings = series_findings(check_series("R0001\nR0002\nR3\nR00004\nR0005"))
    assert [(f.rule, f.line, f.message) for f in findings] == [
        ("largeur-du-compteur", 3, french(
            f"{q('R3')} écrit son compteur sur 1 chiffre ({q('3')}), alors que la série l'écrit sur 4 chiffres "
            f"avec des zéros en tête, comme à la ligne 1 (R0001) : on attendrait {q('R0003')}.")),
        ("largeur-du-compteur", 4, french(
            f"{q('R00004')} écrit son compteur sur 5 chiffres ({q('00004')}), alors que la série l'écrit sur 4 "
            f"chiffres avec des zéros en tête, comme à la ligne 1 (R0001) : on attendrait {q('R0004')}.")),
    ]


def test_zero_padding_in_an_unpadded_series_is_flagged():
    """A zero-padded counter among unpadded ones is flagged, the series' gaps written without padding."""
    findings = series_findings(check_series("1\n2\n3\n005"))
    assert [(f.rule, f.line) for f in findings] == [("largeur-du-compteur", 4), ("lacune", 4)]
    assert findings[0].message == french(
        f"{q('005')} écrit son compteur avec des zéros en tête ({q('005')}), contrairement aux autres numéros "
        f"de la série, comme celui de la ligne 1 (1) : on attendrait {q('5')}."
    )
    assert french(": 4 ;") in findings[1].message


def test_lines_without_a_counter_are_flagged():
    """A line without digits cannot be placed in the series: a warning at its line."""
    findings = series_findings(check_series("A1\nXYZ\nA2"))
    assert findings == [Finding(WARNING, "sans-compteur", french(
        f"{q('XYZ')} ne contient aucun chiffre : impossible de le situer dans une série continue, qui se compte "
        "en nombres."
    ), None, SERIES, 2)]


def test_a_character_warning_is_given_once_for_the_whole_list():
    """A hyphen on every line gives one warning, at its first line, counting the other lines."""
    few = check_series("S-1\nS-2\nS-3")
    assert few == [Finding(WARNING, "caractere-non-alphanumerique", french(
        f"Caractère {q('-')} en position 2 : {OTHER_TAIL} Ce caractère figure aussi aux lignes 2 et 3."
    ), 2, CHART, 1)]
    many = check_series("\n".join(f"S-{n}" for n in range(1, 11)))
    assert many[0].message.endswith("Ce caractère figure aussi dans 9 autres lignes (lignes 2, 3, 4…).")


def test_errors_are_given_at_every_line():
    """Errors are not grouped: two lines with a space give two errors."""
    assert [(f.rule, f.line) for f in check_series("A 1\nA 2")] == [("espace", 1), ("espace", 2)]


def test_empty_text_and_blank_lines_have_no_finding():
    """Empty text, or lines of white space only, give no finding."""
    assert check_series("") == []
    assert check_series("\n  \n\t\r\n") == []


def test_ten_thousand_lines_are_checked_quickly():
    """A 10,000-line series, in order or reversed, is checked in a few seconds."""
    lines = [f"SEC2026{n:05d}" for n in range(1, 10_001)]
    started = time.perf_counter()
    assert check_series("\n".join(lines)) == []
    reversed_findings = check_series("\n".join(reversed(lines)))
    assert len(reversed_findings) == 9_999 and set(rules(reversed_findings)) == {"desordre"}
    assert time.perf_counter() - started < 20


# -- series: properties -------------------------------------------------------------


@SETTINGS
@given(st.text(alphabet=st.characters() | st.sampled_from("\n\r -0123456789A"), max_size=200), st.none() | st.integers(1900, 2099))
def test_check_series_never_raises_and_findings_point_at_real_lines(text, year):
    """On any text, check_series() gives findings on non-blank lines, sorted, each line's own checks justified."""
    findings = check_series(text, year=year)
    lines = re.split(r"\r\n|\r|\n", text)
    assert [f.line for f in findings] == sorted(f.line for f in findings)
    for finding in findings:
        assert_well_written(finding)
        assert 1 <= finding.line <= len(lines) and lines[finding.line - 1].strip()
        own = lines[finding.line - 1]
        named = [int(n) for n in re.findall(r"ligne (\d+)", finding.message)]
        if finding.rule not in SERIES_RULES:
            [same] = [f for f in check(own) if (f.rule, f.position) == (finding.rule, finding.position)]
            assert finding.message.startswith(same.message) and finding.level == same.level
            assert_justified(own, [same], complete=False)
        elif finding.rule == "doublon":
            assert named[0] < finding.line and lines[named[0] - 1] == own
        elif finding.rule in ("meme-numero", "desordre"):
            assert named[0] < finding.line and lines[named[0] - 1] != own
        elif finding.rule == "lacune":
            assert finding.line in named
    for number, line in enumerate(lines, 1):
        if line.strip():
            expected = {(f.rule, f.position) for f in check(line) if f.level == ERROR}
            assert {(f.rule, f.position) for f in findings if f.line == number and f.level == ERROR
                    and f.rule not in SERIES_RULES} == expected


@SETTINGS
@given(continuous_series(), st.booleans(), st.data())
def test_a_continuous_series_has_no_series_finding_property(drawn, give_year, data):
    """Any continuous series, with blank lines and any line breaks, has no series finding."""
    form, entries = drawn
    blanks, newline = data.draw(layouts(len(entries)))
    text, _ = lay_out(entries, blanks, newline)
    findings = check_series(text, year=form.year if give_year else None)
    assert series_findings(findings) == []
    assert {f.level for f in findings} <= {WARNING}


@SETTINGS
@given(continuous_series(), st.data())
def test_a_deleted_entry_is_a_gap_at_the_next_line(drawn, data):
    """Deleting an entry inside a continuous series gives one gap, at the next entry's line, naming the deleted one."""
    form, entries = drawn
    index = data.draw(st.integers(1, len(entries) - 2))
    deleted = entries.pop(index)
    text, lines = lay_out(entries, *data.draw(layouts(len(entries))))
    findings = series_findings(check_series(text, year=form.year))
    assert rules(findings) == ["lacune"]
    assert findings[0].line == lines[index]
    assert findings[0].message.startswith(f"1 numéro manque entre la ligne {lines[index - 1]} ")
    assert findings[0].message.endswith(f"{NBSP}: {deleted}{NBSP}; une série continue ne saute aucun numéro.")


@SETTINGS
@given(continuous_series(), st.data())
def test_a_duplicated_entry_is_a_duplicate_at_its_line(drawn, data):
    """Copying an entry further down gives one duplicate error, at the copy's line, naming the original's line."""
    form, entries = drawn
    original = data.draw(st.integers(0, len(entries) - 1))
    where = data.draw(st.integers(original + 1, len(entries)))
    entries.insert(where, entries[original])
    text, lines = lay_out(entries, *data.draw(layouts(len(entries))))
    findings = series_findings(check_series(text, year=form.year))
    assert rules(findings) == ["doublon"]
    assert findings[0].level == ERROR and findings[0].line == lines[where]
    assert f"figure déjà à la ligne {lines[original]}{NBSP}:" in findings[0].message


@SETTINGS
@given(continuous_series(), st.data())
def test_swapped_entries_are_out_of_order_at_the_later_line(drawn, data):
    """Swapping two entries gives a disorder finding at the later one's line, and no gap or duplicate."""
    form, entries = drawn
    first = data.draw(st.integers(0, len(entries) - 2))
    second = data.draw(st.integers(first + 1, len(entries) - 1))
    entries[first], entries[second] = entries[second], entries[first]
    text, lines = lay_out(entries, *data.draw(layouts(len(entries))))
    findings = series_findings(check_series(text, year=form.year))
    assert set(rules(findings)) == {"desordre"}
    assert lines[second] in {f.line for f in findings}
    assert {f.line for f in findings} <= {lines[first + 1], lines[second]}


# -- JSON and the browser -----------------------------------------------------------


def test_check_json_is_the_findings_as_plain_data():
    """check_json() is the JSON array of the findings' dicts, accents kept as is."""
    assert json.loads(check_json("SEC 41")) == [f.to_dict() for f in check("SEC 41")]
    assert json.loads(check_json("SEC 41"))[0] == {
        "level": "erreur", "rule": "espace", "message": check("SEC 41")[0].message,
        "position": 4, "source": CHART, "line": None,
    }
    assert "Caractère" in check_json("SEC 41")


def test_next_number_json_is_the_proposal_as_plain_data():
    """next_number_json() gives value, findings, new_series and explanation, the year passed by position."""
    data = json.loads(next_number_json("SEC2025-0041", 2026))
    assert data == next_number("SEC2025-0041", year=2026).to_dict()
    assert data["value"] == "SEC2026-0001" and data["new_series"] is True
    assert data["findings"][0]["rule"] == "nouvelle-serie"


def test_check_series_json_carries_the_lines():
    """check_series_json() gives each finding's line, the year passed by position."""
    data = json.loads(check_series_json("A1\nA3", 2026))
    assert [(d["rule"], d["line"]) for d in data] == [("lacune", 2)]


def test_lrn_module_uses_the_standard_library_only():
    """The module imports only standard modules that Pyodide has, and does no I/O."""
    tree = ast.parse(Path(lrn.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "collections", "dataclasses", "json", "re", "typing", "unicodedata"}
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"open", "print", "input", "exec", "eval", "__import__"}
