"""The site's local contacts (data/contacts.yaml): checked like the flow, compiled for every role."""

from __future__ import annotations

from pathlib import Path

import pytest

from gammaflow.build import FlowInvalid, compile_flow
from gammaflow._contacts import ROLES, contacts_data, load_contacts, parse_contacts
from gammaflow._typography import NBSP

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "contacts.yaml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "contacts.yaml"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "contacts"
PHONE_EXPECTED = (
    "attendu un numéro français à 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres "
    "(espaces ou points permis entre les paires de chiffres)"
)
DAYS_EXPECTED = (
    f"attendu un jour (« samedi »), une suite de jours (« lundi-vendredi ») ou une liste (« lundi, jeudi »)"
)


def errors(name: str) -> list[str]:
    """The errors of a bad contacts fixture, as a person reads them."""
    path = BAD / f"{name}.yaml"
    with pytest.raises(FlowInvalid) as caught:
        load_contacts(path)
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("phone", f"3:14: le contact 'sau'{NBSP}: numéro de téléphone mal formé '01 99 00 12'{NBSP}; {PHONE_EXPECTED}"),
        ("email", f"4:18: le contact 'editeur'{NBSP}: adresse électronique mal formée 'assistance.exemple.invalid'{NBSP}; attendu nom@domaine.fr"),
        ("url", f"3:12: le contact 'prestataire-edi'{NBSP}: lien mal formé 'ftp://prestataire.invalid/aide'{NBSP}; attendu une adresse http:// ou https://"),
        ("hours-time", f"5:38: le contact 'editeur'{NBSP}: heure mal formée '8h30'{NBSP}; attendu HH:MM sur 24 heures (« 08:30 », « 17:45 »)"),
        ("hours-order", f"5:51: le contact 'editeur'{NBSP}: la plage finit (08:30) avant ou quand elle commence (18:00){NBSP}; attendu from avant to"),
        ("hours-day", f"5:16: le contact 'editeur'{NBSP}: jour inconnu 'vendrdi' (vouliez-vous dire 'vendredi'{NBSP}?){NBSP}; {DAYS_EXPECTED}"),
        ("unknown-key", f"3:5: clé inconnue 'phone' dans le contact 'editeur' (vouliez-vous dire 'phones'{NBSP}?)"),
        ("unknown-role", f"2:3: rôle inconnu 'prestataire' (vouliez-vous dire 'prestataire-edi'{NBSP}?){NBSP}; attendu l'un de{NBSP}: {', '.join(ROLES)}"),
        ("sau-source", f"3:5: le contact 'sau'{NBSP}: le champ 'source' est obligatoire (où ces coordonnées sont publiées par le service lui-même, par exemple la page de douane.gouv.fr qui les donne)"),
        ("same-as", f"3:14: le contact 'bureau-gestionnaire'{NBSP}: 'same_as' renvoie à 'bureau-rattachement', qui n'est pas renseigné dans ce fichier"),
        ("no-channel", f"3:5: le contact 'editeur'{NBSP}: aucun moyen de le joindre{NBSP}; attendu au moins 'phones', 'emails' ou 'urls'"),
        ("yaml-syntax", f"3:11: YAML invalide{NBSP}: guillemet non fermé{NBSP}: le texte qui commence ici n’a pas de guillemet fermant{NBSP}; le fermer par le même guillemet"),
    ],
)
def test_each_mistake_is_told_with_file_line_and_column(name, expected):
    """Each bad fixture gives exactly one error, at its file:line:column, saying what was expected and what was got."""
    assert errors(name) == [f"{BAD / name}.yaml:{expected}"]


def test_every_bad_fixture_is_tested():
    """No bad contacts fixture is left without its expected message above."""
    tested = {"phone", "email", "url", "hours-time", "hours-order", "hours-day", "unknown-key", "unknown-role",
              "sau-source", "same-as", "no-channel", "yaml-syntax"}
    assert {path.stem for path in BAD.glob("*.yaml")} == tested


def test_all_errors_of_a_file_at_once():
    """Several mistakes in one file are all reported, in file order."""
    text = "contacts:\n  editeur:\n    phones: [12]\n    emails: [x]\n  sau: []\n"
    _, problems = parse_contacts(text, "c.yaml")
    assert [f"{p.line}:{p.column}" for p in sorted(problems)] == ["3:14", "4:14", "5:8"]
    assert str(sorted(problems)[2]) == f"c.yaml:5:8: le contact 'sau' doit être un dictionnaire (clé{NBSP}: valeur), trouvé une liste vide"


@pytest.mark.parametrize(
    ("written", "shown", "tel"),
    [
        ("01 99 00 12 34", f"01{NBSP}99{NBSP}00{NBSP}12{NBSP}34", "+33199001234"),
        ("0199001234", f"01{NBSP}99{NBSP}00{NBSP}12{NBSP}34", "+33199001234"),
        ("01.99.00.12.34", f"01{NBSP}99{NBSP}00{NBSP}12{NBSP}34", "+33199001234"),
        ("+33 1 99 00 12 34", f"+33{NBSP}1{NBSP}99{NBSP}00{NBSP}12{NBSP}34", "+33199001234"),
        ("+33199001234", f"+33{NBSP}1{NBSP}99{NBSP}00{NBSP}12{NBSP}34", "+33199001234"),
    ],
)
def test_phone_numbers_are_kept_as_written_and_dialled_in_international_form(written, shown, tel):
    """A number stays text (never a YAML integer losing its 0), is shown in pairs that do not break, and dialled as +33."""
    found, problems = parse_contacts(f"contacts:\n  editeur:\n    phones: [{written}]\n", "c.yaml")
    assert problems == []
    assert found["editeur"]["phones"] == [{"number": shown, "tel": tel, "label": ""}]


@pytest.mark.parametrize("written", ["01 99 00 12", "00 99 00 12 34", "+32 1 99 00 12 34", "01-99-00-12-34", "01 99 00 12 345", "+33 0 99 00 12 34"])
def test_wrong_phone_numbers_are_refused(written):
    """Too short, a 0 after the leading 0, a foreign prefix, dashes, too long: refused with the expected form."""
    _, problems = parse_contacts(f"contacts:\n  editeur:\n    phones: ['{written}']\n", "c.yaml")
    assert [p.message for p in problems] == [f"le contact 'editeur'{NBSP}: numéro de téléphone mal formé '{written}'{NBSP}; {PHONE_EXPECTED}"]


def test_the_fixture_compiles_to_french_display_data():
    """Hours read as French sentences, same_as takes the other office's details, the SAU keeps its source."""
    data = contacts_data(load_contacts(FIXTURE))
    assert list(data) == list(ROLES)
    office = data["bureau-rattachement"]
    assert office["set"] and office["same_as"] is None
    assert office["name"] == "Bureau de douane d’Essai-sur-Test"
    assert office["hours"] == [
        f"du lundi au vendredi, de 8{NBSP}h{NBSP}30 à 12{NBSP}h et de 13{NBSP}h{NBSP}30 à 17{NBSP}h",
        f"le samedi, de 9{NBSP}h à 11{NBSP}h",
    ]
    assert office["emails"] == [{"address": "bureau-essai@douane.invalid", "label": "boîte du bureau"}]
    manager = data["bureau-gestionnaire"]
    assert manager["same_as"] == {"role": "bureau-rattachement", "label": "Bureau de douane de rattachement"}
    assert manager["phones"] == office["phones"] and manager["name"] == office["name"]
    assert manager["note"].startswith("C’est le même bureau")
    sau = data["sau"]
    assert sau["hours"] == [f"les lundi, mercredi et vendredi, de 8{NBSP}h à 18{NBSP}h"]
    assert sau["source"] == f"Page «{NBSP}Contact{NBSP}» du site de test, consultée le 2 janvier 2026"
    assert sau["urls"] == [{"url": "https://assistance.douane.invalid/demande", "label": "demande d’assistance"}]
    assert not data["editeur"]["set"] and not data["prestataire-edi"]["set"]


def test_a_role_not_set_says_what_to_do_meanwhile():
    """Every role not set carries its label, its section of the contacts page and a French « meanwhile » text."""
    data = contacts_data(None)
    for role, entry in data.items():
        assert entry["set"] is False and entry["phones"] == [] and entry["label"] == ROLES[role].label
        assert entry["meanwhile"] and "'" not in entry["meanwhile"], role
    assert data["sau"]["anchor"] == "sau" and "douane.gouv.fr" in data["sau"]["meanwhile"]


def test_shipped_file_sets_no_contact():
    """data/contacts.yaml is valid and sets nothing: the site never ships a contact detail of its own."""
    assert load_contacts(SHIPPED) == {}
    assert contacts_data(load_contacts(SHIPPED)) == contacts_data(None)


def test_a_file_of_comments_or_an_empty_role_sets_nothing():
    """Only comments, « contacts: » alone, or « sau: » alone: no contact, no error."""
    assert parse_contacts("# rien\n", "c.yaml") == ({}, [])
    assert parse_contacts("contacts:\n", "c.yaml") == ({}, [])
    assert parse_contacts("contacts:\n  sau:\n", "c.yaml") == ({}, [])


def test_same_as_only_for_the_managing_office():
    """same_as is refused on another role, with another target, and with details beside it."""
    text = (
        "contacts:\n"
        "  bureau-rattachement: {phones: [01 99 00 12 34]}\n"
        "  sau: {same_as: bureau-rattachement}\n"
        "  bureau-gestionnaire: {same_as: sau, phones: [01 99 00 12 34]}\n"
    )
    _, problems = parse_contacts(text, "c.yaml")
    assert [p.message for p in sorted(problems)] == [
        f"le contact 'sau'{NBSP}: 'same_as' n'est permis que pour 'bureau-gestionnaire'",
        f"le contact 'bureau-gestionnaire'{NBSP}: 'same_as' doit valoir 'bureau-rattachement', trouvé le texte 'sau'",
        f"le contact 'bureau-gestionnaire'{NBSP}: 'phones' avec 'same_as'{NBSP}; avec 'same_as', seul 'note' est permis (les coordonnées sont celles de 'sau')",
    ]


def test_compile_flow_reports_contacts_errors_with_the_flow(gamma2_path):
    """A bad contacts file stops the compilation like a bad flow, with its own file:line:column."""
    with pytest.raises(FlowInvalid) as caught:
        compile_flow(gamma2_path, diagram=False, contacts=BAD / "phone.yaml")
    assert [error.path for error in caught.value.errors] == [str(BAD / "phone.yaml")]


def test_flow_steps_name_the_contacts_the_chart_sends_to(gamma2_path):
    """Each contact step of the flow names the roles its text sends the operator to, and the compiled data carries them."""
    assistant_data = compile_flow(gamma2_path, diagram=False, contacts=FIXTURE).assistant_data
    nodes = assistant_data["nodes"]
    assert {node: data["contacts"] for node, data in nodes.items() if data["contacts"]} == {
        "materiel-contact": ["bureau-rattachement", "sau"],
        "editeur": ["editeur"],
        "dti-contact": ["bureau-rattachement", "sau"],
        "prestataire": ["prestataire-edi"],
        "autorisation": ["sau", "bureau-gestionnaire"],
    }
    assert {step["key"]: step["contacts"] for step in nodes["secours"]["steps"]} == {
        "document": [], "copie": ["bureau-gestionnaire"], "regularisation": [],
    }
    assert assistant_data["contacts"]["sau"]["set"] and not assistant_data["contacts"]["editeur"]["set"]


def test_a_flow_naming_an_unknown_role_is_refused(write_flow, minimal, errors_of):
    """A « contacts: » list with an unknown or repeated role fails the flow, with a did-you-mean."""
    path = write_flow(minimal.replace("    text: Je contacte le SAU.\n", "    text: Je contacte le SAU.\n    contacts: [sau, sau, bureau-gestionaire]\n"))
    assert errors_of(path) == [
        f"{path}:24:21: nœud 'contact'{NBSP}: rôle de contact 'sau' en double dans 'contacts'",
        f"{path}:24:26: nœud 'contact'{NBSP}: rôle de contact inconnu 'bureau-gestionaire' (vouliez-vous dire 'bureau-gestionnaire'{NBSP}?){NBSP}; attendu l'un de{NBSP}: {', '.join(ROLES)}",
    ]


def test_contact_texts_render_as_text_never_as_html():
    """A name, note or label holding markup is escaped in the rendered fragments (assistant block, slide, table)."""
    import sitebuild

    text = (
        "contacts:\n  editeur:\n    name: '<script>alert(1)</script>'\n    note: '<img src=x onerror=alert(1)>'\n"
        "    urls: [{url: 'https://exemple.invalid/?a=1&b=\"2\"', label: '<b>aide</b>'}]\n"
    )
    found, problems = parse_contacts(text, "c.yaml")
    assert [str(p) for p in problems] == [f"c.yaml:5:18: le contact 'editeur'{NBSP}: lien mal formé 'https://exemple.invalid/?a=1&b=\"2\"'{NBSP}; attendu une adresse http:// ou https://"]
    found, problems = parse_contacts(text.replace('&b="2"', "&b=2"), "c.yaml")
    assert problems == []
    data = contacts_data(found)
    for html in (
        sitebuild.render_macro("contacts.html", "block", ["editeur"], data),
        sitebuild.render_macro("contacts.html", "compact", ["editeur"], data),
        sitebuild.render_macro("contacts.html", "table", data),
    ):
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html and 'href="https://exemple.invalid/?a=1&amp;b=2"' in html


def test_contacts_table_and_contacts_for_render_set_and_unset_roles():
    """The table has a row per role: a set one with tel:/mailto: links, an unset one with its hint and the link to the administrators' section."""
    import sitebuild

    data = contacts_data(load_contacts(FIXTURE))
    table = sitebuild.render_macro("contacts.html", "table", data)
    assert table.count("<tr class=\"local-contact") == len(ROLES)
    assert 'href="tel:+33199004321"' in table and 'href="mailto:bureau-essai@douane.invalid"' in table
    assert f"Non renseigné sur ce site. En attendant&nbsp;: {data['editeur']['meanwhile']}" in table
    assert 'href="administrateurs.html#contacts-locaux"' in table
    one = sitebuild.render_macro("contacts.html", "one", "sau", data)
    assert 'data-role="sau"' in one and "local-contact--unset" not in one and "contacts-locaux" not in one
    unset = sitebuild.render_macro("contacts.html", "one", "editeur", data)
    assert "local-contact--unset" in unset and 'href="administrateurs.html#contacts-locaux"' in unset


def test_the_schema_knows_the_roles_too(gamma2_path):
    """flow.schema.json lists exactly the engine's roles, so an editor flags an unknown one while typing."""
    import json

    schema = json.loads((ROOT / "src" / "gammaflow" / "flow.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["contactRoles"]["items"]["enum"] == list(ROLES)
