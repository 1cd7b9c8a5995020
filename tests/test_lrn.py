"""The LRN helper (gammaflow.lrn): one LRN, the next number, a series, JSON for the browser.

This module stays whole: it mirrors gammaflow.lrn test by test, in that
module's order, and most of its length is tables of cases.
"""

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
    ADVICE,
    ERROR,
    MAX_LENGTH,
    RULE,
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



def q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def french(text: str) -> str:
    """Test texts are typed with plain spaces before : ; and in « GAMMA 2 »; non-breaking ones are put in here."""
    return re.sub(r" ([:;])", NBSP + r"\1", text).replace("GAMMA 2", f"GAMMA{NBSP}2")


# The sources, as the operator reads them after « Source : ». The rules cite the chart.
CHART = "Logigramme GAMMA 2 (janvier 2023)"
DOCUMENT = french(f"{CHART}, {q('le numéro de secours à faire figurer sur le document papier est le numéro LRN')}")
LENGTH = french(f"{CHART}, {q('ne doit pas dépasser les 22 caractères')} ; même limite dans la pratique EMCS")
UNIQUE = french(
    f"{CHART} et FAQ GAMMA 2, {q('série continue')} ; pratique EMCS, un LRN ne doit pas avoir servi pour un "
    "mouvement précédent"
)
SERIES = french(f"Lecture du site de {q('série continue')} (logigramme GAMMA 2 de janvier 2023, FAQ GAMMA 2)")
YEAR = french(f"Lecture du site de {q('série continue par année')} (logigramme GAMMA 2 de janvier 2023)")
FORMAT = french("Conseil du site pour tenir une série continue (logigramme GAMMA 2 de janvier 2023, FAQ GAMMA 2)")
CHARACTERS = french(
    f"Conseil du site ; le logigramme GAMMA 2 (janvier 2023) dit seulement que le numéro "
    f"{q('peut être alphanumérique')}"
)

# Why a character is advised against, and that it is advice: never « interdit ».
BLANK_WHY = french(
    "Ce blanc se voit mal et se ressaisit difficilement à l'identique : le numéro saisi plus tard dans GAMMA 2 "
    "risque de ne pas être exactement celui du document de secours."
)
INVISIBLE_WHY = french(
    "Il ne se voit pas et peut disparaître ou changer au copier-coller : le numéro saisi plus tard dans GAMMA 2 "
    "risque de ne pas être exactement celui du document de secours."
)
OTHER_WHY = (
    "Lettres accentuées, ponctuation et symboles risquent d'être refusés ou modifiés par d'autres systèmes "
    "(logiciel, tableur, échange de fichiers)."
)
ADVICE_TAIL = french(
    f"C'est un conseil, pas une règle : le logigramme GAMMA 2 dit que le numéro {q('peut être alphanumérique')}, "
    "sans exclure d'autres caractères ; s'en tenir aux lettres de A à Z et aux chiffres de 0 à 9 évite ce risque."
)
BLANK_TAIL = f"{BLANK_WHY} {ADVICE_TAIL}"
INVISIBLE_TAIL = f"{INVISIBLE_WHY} {ADVICE_TAIL}"
OTHER_TAIL = f"{OTHER_WHY} {ADVICE_TAIL}"

SERIES_RULES = {
    "doublon", "meme-numero", "sans-compteur", "autre-serie", "largeur-du-compteur", "annee", "desordre", "lacune",
}
CHARACTER_RULES = {"espace", "caractere-de-controle", "caractere-non-alphanumerique"}
# A rule is broken only when a source states it: the number is missing, too long, or repeated.
RULE_RULES = {"vide", "trop-long", "doublon"}
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs"}


def rules(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def series_findings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.rule in SERIES_RULES]


def is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def is_forbidden(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in INVISIBLE_CATEGORIES


def assert_well_written(finding: Finding) -> None:
    """A message shows no invisible character, and no plain space before high punctuation; a finding has a
    nature (a rule only when a source states it, citing it) and a source; the characters are advice only."""
    assert finding.level in (ERROR, WARNING)
    assert finding.nature in (RULE, ADVICE)
    assert finding.rule and finding.message and finding.source.strip()
    for text in (finding.message, finding.source):
        assert all(char.isprintable() or char == NBSP for char in text), text
        assert not re.search(r" [:;!?»]|« ", text), text
    assert finding.nature == (RULE if finding.rule in RULE_RULES else ADVICE), finding
    if finding.nature == RULE:
        assert finding.source.startswith(french(CHART)), finding.source
    else:
        assert finding.source.startswith(("Lecture du site", "Conseil du site")), finding.source
    if finding.rule in CHARACTER_RULES:
        assert_advice_about_a_character(finding)


def assert_advice_about_a_character(finding: Finding) -> None:
    """A finding about a character is a warning of nature advice, that never says the character is forbidden."""
    assert finding.nature == ADVICE and finding.level == WARNING, finding
    for text in (finding.message, finding.source):
        assert "interdit" not in text.lower() and "ne doit contenir" not in text.lower(), text
        assert "règle" not in text.lower().replace("pas une règle", ""), text
    assert finding.message.startswith("Caractère à éviter ") and ADVICE_TAIL in finding.message
    assert finding.source == CHARACTERS


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
            assert char.isspace() and finding.level == WARNING
        elif finding.rule == "caractere-de-controle":
            assert unicodedata.category(char) in INVISIBLE_CATEGORIES and finding.level == WARNING
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


# -- one LRN: the rules (empty, too long) --------------------------------------------


def test_empty_is_an_error():
    """An empty LRN is an error of the chart's rule (the fallback document carries an LRN), saying what is expected."""
    assert check("") == [Finding(
        ERROR,
        RULE,
        "vide",
        french("Le numéro LRN est vide : le document de secours doit porter son numéro LRN, de 22 caractères au plus."),
        None,
        DOCUMENT,
    )]


def test_twenty_three_characters_is_too_long():
    """A 23-character LRN is an error of nature rule, citing the chart (and EMCS practice), giving the length and
    the 23rd character's position."""
    value = "SEC2026000000000000001X"
    assert check(value) == [Finding(
        ERROR,
        RULE,
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


# -- one LRN: characters are advice, never a rule ------------------------------------


def test_space_inside_is_advice_at_its_position():
    """A space inside the LRN is a warning of nature advice naming « espace » and its position, and why to avoid
    it: the chart only says the number « peut être alphanumérique »."""
    assert check("SEC 0041") == [Finding(
        WARNING,
        ADVICE,
        "espace",
        french(f"Caractère à éviter en position 4 : espace. {BLANK_TAIL}"),
        4,
        CHARACTERS,
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
def test_white_space_and_invisible_characters_are_advice(value, rule, where, name):
    """Each white space or invisible character is a warning of nature advice naming the character, where it is,
    and the risk: hard to see, so hard to type again identically in GAMMA 2."""
    position = int(re.search(r"\d+", where).group())
    tail = BLANK_TAIL if rule == "espace" else INVISIBLE_TAIL
    assert check(value) == [
        Finding(WARNING, ADVICE, rule, french(f"Caractère à éviter {where} : {name}. {tail}"), position, CHARACTERS),
    ]


def test_the_same_character_at_several_places_is_one_finding_listing_them():
    """Three spaces give one warning listing positions 2, 4 et 6, its position the first one."""
    assert check("A B C D") == [Finding(
        WARNING, ADVICE, "espace", french(f"Caractère à éviter aux positions 2, 4 et 6 : espace. {BLANK_TAIL}"), 2,
        CHARACTERS,
    )]


def test_a_long_list_of_positions_is_cut_short():
    """Past eight positions, the message lists eight and counts the others."""
    [finding] = check("A\t" * 11)
    assert finding.message == french(
        f"Caractère à éviter aux positions 2, 4, 6, 8, 10, 12, 14, 16 et 3 autres : tabulation. {BLANK_TAIL}"
    )


def test_each_character_gets_its_own_finding_in_order_of_position():
    """Different faulty characters give one finding each, ordered by their first position, after the length."""
    value = "A-B\tC-" + "D" * 20
    assert [(f.rule, f.position) for f in check(value)] == [
        ("trop-long", 23), ("caractere-non-alphanumerique", 2), ("espace", 4),
    ]


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
def test_other_characters_are_advice(value, label, position):
    """A character other than an ASCII letter or digit is a warning of nature advice: « peut être alphanumérique »
    is a permission, not a prohibition; accents and symbols may be refused or changed by other systems."""
    findings = check(value)
    assert findings == [Finding(
        WARNING,
        ADVICE,
        "caractere-non-alphanumerique",
        french(f"Caractère à éviter {position} : {label}. {OTHER_TAIL}"),
        findings[0].position,
        CHARACTERS,
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


# -- rules and advice: nature and source ----------------------------------------------

EVERY_RULE = {
    "vide", "trop-long", "espace", "caractere-de-controle", "caractere-non-alphanumerique", "sans-compteur",
    "nouvelle-serie", "compteur-ambigu", "debordement", "doublon", "meme-numero", "autre-serie",
    "largeur-du-compteur", "annee", "desordre", "lacune",
}
CHARACTER_CASES = [
    "SEC 1", " SEC1", "SEC1 ", "SEC\t1", "SEC\n1", "SEC\u00a01", "SEC\u202f1", "SEC\u200b1", "SEC\ufeff1",
    "SEC\x071", "SEC-1", "SEC/1", "SEC_1", "SEC.1", "SÉC1", "SEe\u03011", "🙂SEC1", "SEC４1",
]


def findings_of_every_kind() -> list[Finding]:
    """Findings of check(), next_number() and check_series() covering every rule."""
    findings: list[Finding] = []
    for value in ["", "A" * 23, *CHARACTER_CASES]:
        findings += check(value)
    for last, year in [("ABC", None), ("SEC2025-0041", 2026), ("SEC2026", None), ("A999", None),
                       ("A" * 18 + "9999", None), ("SEC 0041", 2026), ("SEC\u200b0041", None)]:
        findings += next_number(last, year=year).findings
    for text, year in [("A1\nA2\nA2\nA5\nA4\nB6\nA007\nXYZ\nA-0008\nA04", None),
                       ("SEC2025-01\nSEC2026-02\nSEC 2026-03", 2026), ("A" * 23, None)]:
        findings += check_series(text, year=year)
    return findings


def test_every_finding_has_a_nature_and_a_source():
    """(b) Every finding, of every rule, has a nature (« regle » or « conseil »), kept in its dict and JSON, and
    a non-empty source: the chart for a rule, the site's reading or advice otherwise."""
    findings = findings_of_every_kind()
    assert {finding.rule for finding in findings} == EVERY_RULE
    for finding in findings:
        assert_well_written(finding)
        data = finding.to_dict()
        assert data["nature"] == finding.nature in ("regle", "conseil")
        assert data["source"] == finding.source and finding.source.strip()
    assert [d["nature"] for d in json.loads(check_json("SEC 1" + "A" * 22))] == ["regle", "conseil"]
    assert json.loads(check_series_json("A1\nA1"))[0]["nature"] == "regle"
    assert json.loads(next_number_json("SEC2025-1", 2026))["findings"][0]["nature"] == "conseil"


def test_only_a_missing_too_long_or_repeated_number_breaks_a_rule():
    """A rule is broken only where a source states it: empty, more than 22 characters, the same LRN twice.
    Gaps, disorder, years and the writing of the counter are the site's reading: advice, saying so."""
    findings = findings_of_every_kind()
    assert {f.rule for f in findings if f.nature == RULE} == {"vide", "trop-long", "doublon"}
    for finding in findings:
        if finding.rule in ("lacune", "desordre", "meme-numero", "autre-serie", "sans-compteur"):
            assert finding.source in (SERIES, FORMAT)
        if finding.rule in ("lacune", "desordre", "meme-numero"):
            assert "(lecture du site)" in finding.message
        if finding.rule in ("annee", "nouvelle-serie"):
            assert finding.source == YEAR and "ce que le site lit comme" in finding.message


@pytest.mark.parametrize("value", CHARACTER_CASES)
def test_no_character_finding_is_a_rule_or_says_forbidden(value):
    """(a) Whatever the character, its finding is a warning of nature « conseil » that gives its reason, never a
    rule nor « interdit »: in check(), in a series, and in the next number's advice. The number is not refused."""
    findings = check(value) + check_series(f"{value}\n{value}2") + next_number(value + "1").findings
    about_characters = [finding for finding in findings if finding.rule in CHARACTER_RULES]
    assert about_characters
    for finding in about_characters:
        assert_advice_about_a_character(finding)
        assert finding.to_dict()["nature"] == "conseil"
    assert [finding for finding in check(value) if finding.level == ERROR] == []
    assert next_number(value + "1").value is not None


@SETTINGS
@given(st.text(alphabet=st.characters() | st.sampled_from(" \t\u00a0\u200b-/é"), max_size=30))
def test_no_text_makes_a_character_a_rule(value):
    """(a) On any text, a finding about a character is advice, never an error, never « interdit »."""
    for finding in check(value) + check_series(value):
        if finding.rule in CHARACTER_RULES:
            assert_advice_about_a_character(finding)


def test_the_22_character_limit_is_a_rule_citing_the_chart():
    """(c) More than 22 characters, in check(), in the next number and in a series, is an error of nature
    « regle » whose source is the chart's own words (EMCS practice agreeing)."""
    too_long = [
        finding
        for finding in check("A" * 23) + next_number("A" * 18 + "9999").findings + check_series("A1\n" + "A" * 23)
        if finding.rule == "trop-long"
    ]
    assert len(too_long) == 3
    for finding in too_long:
        assert finding.nature == RULE and finding.level == ERROR
        assert finding.source == LENGTH
        assert finding.source.startswith(french(f"{CHART}, {q('ne doit pas dépasser les 22 caractères')}"))


def test_a_finding_needs_a_known_nature():
    """A Finding of another nature than « regle » or « conseil » cannot be made."""
    with pytest.raises(ValueError):
        Finding(WARNING, "interdit", "espace", "message", 1, CHARACTERS)


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
        ADVICE,
        "debordement",
        french(
            f"Le compteur passe de 3 à 4 chiffres ({q('999')} → {q('1000')}) : si votre série s'écrit avec "
            "un nombre fixe de chiffres, le numéro proposé n'a plus la même longueur que les précédents."
        ),
        2,
        FORMAT,
    )], False, next_number("A999").explanation)


def test_result_longer_than_22_is_an_error_without_value():
    """When the next number would have 23 characters, there is no value and an error says why."""
    last = "A" * 18 + "9999"
    proposal = next_number(last)
    assert proposal.value is None
    assert rules(proposal.findings) == ["debordement", "trop-long"]
    assert proposal.findings[1] == Finding(
        ERROR,
        RULE,
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
    """When the last number is of another year, the proposal is number 1 of the year's series, same padding:
    the site's reading of « par année », which the finding says."""
    proposal = next_number(last, year=2026)
    assert proposal.value == expected and proposal.new_series
    [finding] = proposal.findings
    old = re.search(r"20(25|27)", last).group()
    assert finding == Finding(
        WARNING,
        ADVICE,
        "nouvelle-serie",
        french(
            f"Le dernier numéro, {q(last)}, porte l'année {old} et non 2026 : le logigramme demande une série "
            f"continue {q('par année')}, ce que le site lit comme une nouvelle série chaque année, qui repart à 1 "
            f"(numéro proposé : {q(expected)})."
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
        ADVICE,
        "sans-compteur",
        french(
            f"{q('ABC')} ne contient aucun chiffre : impossible de trouver le compteur à augmenter. Pour tenir une "
            "série continue, le plus simple est un nombre qui augmente de 1 à chaque document, par exemple SEC-0001 "
            "puis SEC-0002."
        ),
        None,
        FORMAT,
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
        ADVICE,
        "compteur-ambigu",
        french(
            f"Le seul nombre de {q('SEC2026')}, 2026, ressemble à une année : il est lu ici comme le compteur. "
            "Si c'est l'année, indiquez-la pour obtenir le premier numéro de sa série, ou ajoutez un compteur "
            "au numéro (par exemple SEC2026-0001)."
        ),
        4,
        FORMAT,
    )]


def test_a_lone_year_like_number_other_than_the_year_asked_is_the_counter():
    """With year 2026, SEC2025 gives SEC2026, warning that 2025 looks like a year and asking for a counter."""
    proposal = next_number("SEC2025", year=2026)
    assert proposal.value == "SEC2026" and not proposal.new_series
    assert proposal.findings[0].message.endswith(
        "Si c'est l'année, ajoutez un compteur au numéro (par exemple SEC2026-0001)."
    )


@pytest.mark.parametrize("last", ["", "A" * 23, "SEC 0041" + "X" * 15])
def test_an_invalid_last_number_gives_its_errors_only(last):
    """A last number with errors (empty, too long) gives no proposal, its own errors, and an explanation."""
    proposal = next_number(last)
    assert proposal.value is None and not proposal.new_series
    assert proposal.findings == [f for f in check(last) if f.level == ERROR]
    assert proposal.explanation == french(
        "Le dernier numéro saisi n'est pas un numéro LRN valable : corrigez-le avant de demander le suivant."
    )


def test_warnings_of_the_last_number_do_not_prevent_a_proposal():
    """A last number with only warnings (a hyphen) still gets its next number, without repeating them."""
    assert next_number("SEC-41").findings == []


@pytest.mark.parametrize(
    ("last", "year", "expected", "rule", "position"),
    [
        ("SEC 0041", None, "SEC 0042", "espace", 4),
        ("SEC 2025-0041", 2026, "SEC 2026-0001", "espace", 4),
        ("SEC\u200b9", None, "SEC\u200b10", "caractere-de-controle", 4),
        ("9 SEC", None, "10 SEC", "espace", 3),
    ],
)
def test_a_space_or_invisible_character_is_kept_with_its_advice(last, year, expected, rule, position):
    """A space or an invisible character in the last number no longer prevents a proposal (it is advice, not a
    rule); the proposal keeps it and repeats the advice first, its position in the proposed number."""
    proposal = next_number(last, year=year)
    assert proposal.value == expected
    advice = proposal.findings[0]
    assert (advice.rule, advice.position, advice.level, advice.nature) == (rule, position, WARNING, ADVICE)
    assert advice == check(expected)[0]
    assert_advice_about_a_character(advice)


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
        hidden = [f for f in check(proposal.value) if f.rule in ("espace", "caractere-de-controle")]
        assert [f for f in proposal.findings if f.rule in CHARACTER_RULES] == hidden


@SETTINGS
@given(continuous_series(min_size=2, max_size=3), st.booleans())
def test_next_number_of_a_series_entry_is_the_following_entry(drawn, give_year):
    """For any generated series, the next number of an entry is the following entry."""
    form, entries = drawn
    year = form.year if give_year else None
    assert next_number(entries[0], year=year).value == entries[1]


# -- series: unit cases -------------------------------------------------------------


def test_gaps_are_named_with_their_lines_and_missing_numbers():
    """Missing numbers between two lines are counted and listed, blank lines and CRLF counting as lines; a gap is
    advice, the site's reading of « série continue », and says so."""
    text = "SEC2026-0001\r\nSEC2026-0002\r\n\r\nSEC2026-0005\nSEC2026-0009\nSEC2026-0011\n"
    gaps = [f for f in check_series(text) if f.rule == "lacune"]
    assert gaps == [
        Finding(WARNING, ADVICE, "lacune", french(
            "2 numéros manquent entre la ligne 2 (SEC2026-0002) et la ligne 4 (SEC2026-0005) : SEC2026-0003 et "
            "SEC2026-0004 ; au sens le plus naturel (lecture du site), une série continue ne saute aucun numéro."), None, SERIES, 4),
        Finding(WARNING, ADVICE, "lacune", french(
            "3 numéros manquent entre la ligne 4 (SEC2026-0005) et la ligne 5 (SEC2026-0009) : SEC2026-0006 à "
            "SEC2026-0008 ; au sens le plus naturel (lecture du site), une série continue ne saute aucun numéro."), None, SERIES, 5),
        Finding(WARNING, ADVICE, "lacune", french(
            "1 numéro manque entre la ligne 5 (SEC2026-0009) et la ligne 6 (SEC2026-0011) : SEC2026-0010 ; "
            "au sens le plus naturel (lecture du site), une série continue ne saute aucun numéro."), None, SERIES, 6),
    ]


def test_a_continuous_series_has_no_series_finding():
    """A continuous series, with blank lines and a padded counter passing 999, has no series finding."""
    text = "\n".join(f"LRN{n:03d}" for n in range(995, 1005)) + "\n\n   \n"
    assert check_series(text) == []


def test_duplicates_name_the_first_line():
    """An LRN repeated is an error of nature rule (it breaks any series, and EMCS practice) at each repeat,
    naming the line of its first occurrence."""
    text = "A1\nA2\nA2\nA3\nA2"
    assert series_findings(check_series(text)) == [
        Finding(ERROR, RULE, "doublon", french(
            f"Le numéro {q('A2')} figure déjà à la ligne 2 : un numéro LRN ne doit servir qu'à un seul mouvement."
        ), None, UNIQUE, 3),
        Finding(ERROR, RULE, "doublon", french(
            f"Le numéro {q('A2')} figure déjà à la ligne 2 : un numéro LRN ne doit servir qu'à un seul mouvement."
        ), None, UNIQUE, 5),
    ]


def test_the_same_number_written_differently_is_a_warning():
    """SEC-2 after SEC-0002 is the same number written otherwise: a warning naming the earlier line."""
    findings = series_findings(check_series("SEC-0001\nSEC-0002\nSEC-2\nSEC-0003"))
    assert findings[0] == Finding(WARNING, ADVICE, "meme-numero", french(
        f"{q('SEC-2')} porte le même numéro que la ligne 2 (SEC-0002), écrit autrement : au sens le plus naturel "
        "d'une série continue (lecture du site), chaque numéro ne sert qu'une fois ; mieux vaut aussi l'écrire "
        "toujours de la même façon."
    ), None, SERIES, 3)
    assert rules(findings) == ["meme-numero"]


def test_trailing_space_is_advice_and_the_number_still_counts():
    """A trailing space is reported on its line, as advice, and the number still takes its place in the series."""
    findings = check_series("A1\nA2 \nA3")
    assert [(f.rule, f.line, f.position, f.level, f.nature) for f in findings] == [("espace", 2, 3, WARNING, ADVICE)]


def test_numbers_out_of_order_are_flagged_once():
    """A number lower than the one before it is flagged at its line, naming the line before."""
    findings = series_findings(check_series("A1\nA2\nA4\nA3\nA5"))
    assert findings == [Finding(WARNING, ADVICE, "desordre", french(
        f"{q('A3')} vient après la ligne 3 (A4), qui porte un numéro plus grand : au sens le plus naturel d'une "
        "série continue (lecture du site), les numéros se suivent dans l'ordre croissant."
    ), None, SERIES, 4)]


def test_another_year_than_most_is_flagged():
    """Without a year given, a number of another year than most numbers is flagged, and kept out of their gaps."""
    findings = series_findings(check_series("SEC2026-01\nSEC2026-02\nSEC2025-07\nSEC2026-03"))
    assert findings == [Finding(WARNING, ADVICE, "annee", french(
        f"{q('SEC2025-07')} porte l'année 2025, alors que la plupart des numéros sont de 2026 : le logigramme "
        f"demande une série continue {q('par année')}, ce que le site lit comme une série propre à chaque année ; "
        "vérifiez que ce numéro a sa place dans cette liste."
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
    assert findings == [Finding(WARNING, ADVICE, "sans-compteur", french(
        f"{q('XYZ')} ne contient aucun chiffre : impossible de le situer dans la série, que le site compte en "
        "nombres."
    ), None, SERIES, 2)]


def test_a_character_warning_is_given_once_for_the_whole_list():
    """A hyphen on every line gives one warning, at its first line, counting the other lines."""
    few = check_series("S-1\nS-2\nS-3")
    assert few == [Finding(WARNING, ADVICE, "caractere-non-alphanumerique", french(
        f"Caractère à éviter en position 2 : {q('-')}. {OTHER_TAIL} Ce caractère figure aussi aux lignes 2 et 3."
    ), 2, CHARACTERS, 1)]
    many = check_series("\n".join(f"S-{n}" for n in range(1, 11)))
    assert many[0].message.endswith("Ce caractère figure aussi dans 9 autres lignes (lignes 2, 3, 4…).")


def test_a_space_on_every_line_is_advice_given_once():
    """A space on two lines, like any character advice, gives one warning at its first line naming the other."""
    assert check_series("A 1\nA 2") == [Finding(WARNING, ADVICE, "espace", french(
        f"Caractère à éviter en position 2 : espace. {BLANK_TAIL} Ce caractère figure aussi à la ligne 2."
    ), 2, CHARACTERS, 1)]


def test_errors_are_given_at_every_line():
    """Errors are not grouped: two lines too long give two errors."""
    text = "A" * 22 + "1\n" + "A" * 22 + "2"
    assert [(f.rule, f.line, f.level) for f in check_series(text)] == [("trop-long", 1, ERROR), ("trop-long", 2, ERROR)]


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
    assert findings[0].message.endswith(
        f"{NBSP}: {deleted}{NBSP}; au sens le plus naturel (lecture du site), une série continue ne saute aucun numéro."
    )
    assert (findings[0].nature, findings[0].source) == (ADVICE, SERIES)


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
    assert (findings[0].nature, findings[0].source) == (RULE, UNIQUE)
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
    """check_json() is the JSON array of the findings' dicts, nature and the page's French words included, accents kept as is."""
    assert json.loads(check_json("SEC 41")) == [f.to_dict() for f in check("SEC 41")]
    assert json.loads(check_json("SEC 41"))[0] == {
        "level": "avertissement", "level_label": "Avertissement", "nature": "conseil", "nature_label": "Conseil",
        "where": "position 4", "rule": "espace", "message": check("SEC 41")[0].message,
        "position": 4, "source": CHARACTERS, "line": None,
    }
    assert json.loads(check_json("A" * 23))[0]["nature"] == "regle"
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
    """The module imports only standard modules that Pyodide has (and gammaflow.runtime, stdlib-only too, for the
    French writing of dates and times), and does no I/O (io only for in-memory CSV text)."""
    tree = ast.parse(Path(lrn.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or "").split(".")[0])
    assert imported <= {
        "__future__", "collections", "csv", "dataclasses", "datetime", "io", "json", "re", "typing", "unicodedata",
        ".runtime",
    }
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"open", "print", "input", "exec", "eval", "__import__"}


def test_a_finding_says_where_in_french():
    """A finding's « where » names its line and position in the page's words, and is empty for the whole number."""
    assert Finding(ERROR, RULE, "r", "m", position=3, line=2).to_dict()["where"] == "ligne 2, position 3"
    assert Finding(ERROR, RULE, "r", "m", line=5).to_dict()["where"] == "ligne 5"
    assert Finding(WARNING, ADVICE, "r", "m").to_dict()["where"] == ""
    assert Finding(WARNING, ADVICE, "r", "m").to_dict()["level_label"] == "Avertissement"
    assert Finding(ERROR, RULE, "r", "m").to_dict()["nature_label"] == "Règle"
