"""Reading a flow file (gammaflow._reader): YAML text → typed model, every error with file:line:column and node."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gammaflow.build import load
from gammaflow._reader import parse
from gammaflow._model import Choice, Reminder, Step

NBSP = "\u00a0"
def _line_of(path: str, line_text: str) -> int:
    """The 1-based number of the only line equal to line_text in the 'nodes' section of a flow file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    nodes = lines.index("nodes:\n")
    [number] = [index for index, line in enumerate(lines, 1) if index > nodes and line == line_text]
    return number



# -- the real flow ------------------------------------------------------------


def test_gamma2_loads_every_node_in_file_order(gamma2_flow):
    """flow/gamma2.yaml loads into its 15 nodes, in the order they are written."""
    assert list(gamma2_flow.nodes) == [
        "debut", "diagnostic", "materiel", "materiel-contact", "meteo", "secours-autorise", "mode",
        "editeur", "dti-en-attendant", "dti-contact", "prestataire", "prestataire-sau", "autorisation",
        "secours", "resolu",
    ]


def test_gamma2_metadata(gamma2_flow, gamma2_path):
    """The flow carries its title, version label, summary, source path and no cycle permission."""
    assert gamma2_flow.title == "Je ne peux pas accéder à GAMMA 2"
    assert gamma2_flow.version == "janvier 2023"
    assert gamma2_flow.summary.startswith("Que faire quand GAMMA 2 est inaccessible")
    assert gamma2_flow.source == str(gamma2_path)
    assert gamma2_flow.allow_cycles is False
    assert gamma2_flow.start.id == "debut"


def test_gamma2_references_and_links(gamma2_flow):
    """References and links are read with their ids, titles and URLs."""
    assert set(gamma2_flow.references) == {
        "rd-2022-1636", "rd-2022-1636-art9", "dir-2020-262", "decret-2021-1914-art16", "faq-gamma2",
    }
    art9 = gamma2_flow.references["rd-2022-1636-art9"]
    assert art9.short == "article 9 du règlement délégué (UE) 2022/1636"
    assert art9.url == "https://eur-lex.europa.eu/legal-content/FR/ALL/?uri=CELEX%3A32022R1636"
    assert gamma2_flow.links["meteo"].url == "https://www.douane.gouv.fr/meteo/prodouane/pages/meteo"
    assert gamma2_flow.nodes["meteo"].links == ("meteo",)
    assert gamma2_flow.nodes["secours"].refs == ("rd-2022-1636-art9", "decret-2021-1914-art16", "faq-gamma2")


def test_question_answers_keep_order_keys_labels_and_shorts(gamma2_flow):
    """A question's answers become choices in file order, with key, label, short label and target."""
    mode = gamma2_flow.nodes["mode"]
    assert mode.kind == "question"
    assert [(c.key, c.short, c.target) for c in mode.choices] == [
        ("dti-plus", "DTI+", "editeur"),
        ("dti", "DTI", "dti-contact"),
        ("edi", "EDI", "prestataire"),
    ]
    assert mode.choices[1].label == "J'utilise le mode DTI (portail douane)"


def test_answer_without_short_uses_its_label(write_flow, minimal):
    """An answer with no 'short' label shows its full label on the diagram edge."""
    flow = load(write_flow(minimal))
    assert flow.nodes["meteo"].choices[0] == Choice("oui", "Oui", "secours", "Oui", 14, 9)


def test_action_exits_get_default_and_custom_labels(gamma2_flow):
    """An action's solved/unsolved exits become choices 'resolu'/'sans-solution' with default or given labels, each its own short label."""
    materiel = gamma2_flow.nodes["materiel"]
    assert [(c.key, c.label, c.target, c.short) for c in materiel.choices] == [
        ("resolu", "C'est résolu", "resolu", "C'est résolu"),
        ("sans-solution", "Le problème persiste", "materiel-contact", "Le problème persiste"),
    ]
    contact = gamma2_flow.nodes["dti-contact"]
    assert [(c.key, c.label, c.target, c.short) for c in contact.choices] == [
        ("resolu", "C'est résolu", "resolu", "C'est résolu"),
        ("sans-solution", "Pas de solution", "autorisation", "Pas de solution"),
    ]


def test_every_action_exit_is_labelled_with_its_own_words(gamma2_flow, gamma2_path):
    """Every solved/unsolved exit of the flow has its label as its short label, and every 'next' exit has none."""
    raw = yaml.safe_load(gamma2_path.read_text(encoding="utf-8"))["nodes"]
    two_exits = [node for node in gamma2_flow.nodes.values() if "solved" in raw[node.id]]
    one_exit = [node for node in gamma2_flow.nodes.values() if "next" in raw[node.id]]
    assert two_exits and one_exit
    assert [(node.id, c.key) for node in two_exits for c in node.choices if c.short != c.label] == []
    assert [(node.id, c.key) for node in one_exit for c in node.choices if (c.key, c.short) != ("suite", "")] == []


def test_next_exit_gets_its_label(gamma2_flow):
    """A 'next' exit becomes the choice 'suite', labelled by next_label or « Continuer », located and sourced by its mapping."""
    line = _line_of(gamma2_flow.source, "      to: diagnostic\n")
    assert gamma2_flow.nodes["debut"].choices == (Choice("suite", "Commencer", "diagnostic", "", line, 7, ("titre",), "", "next"),)
    assert [(c.key, c.label) for c in gamma2_flow.nodes["autorisation"].choices] == [("suite", "Continuer")]


def test_outcome_steps_reminder_and_note(gamma2_flow):
    """An outcome keeps its numbered steps (with their refs), its reminder box and its trainer's note."""
    secours = gamma2_flow.nodes["secours"]
    assert secours.choices == ()
    assert [step.key for step in secours.steps] == ["document", "copie", "regularisation"]
    assert secours.steps[0].refs == ("rd-2022-1636-art9",)
    assert isinstance(secours.steps[1], Step) and secours.steps[1].refs == ("decret-2021-1914-art16", "faq-gamma2")
    assert secours.steps[2].refs == ()
    assert [(step.chart, step.reading) for step in secours.steps] == [(("document",), ""), (("copie",), ""), (("regularisation",), "")]
    assert isinstance(secours.reminder, Reminder)
    assert secours.reminder.title == "Rappel : le numéro LRN, en série continue par année, 22 caractères au plus"
    assert (secours.reminder.chart, secours.reminder.reading) == (("rappel-lrn",), "")
    assert "22 caractères" in secours.reminder.text
    assert secours.note.startswith("Insister sur l'ordre")


def test_folded_text_is_stripped(write_flow, minimal, gamma2_flow):
    """Texts are stripped: a folded block loses its final newline."""
    text = minimal.replace("    text: On commence.\n", "    text: >\n      On\n      commence.\n\n")
    assert load(write_flow(text)).nodes["debut"].text == "On commence."
    texts = [node.text for node in gamma2_flow.nodes.values()] + [step.text for node in gamma2_flow.nodes.values() for step in node.steps]
    assert [text for text in texts if text != text.strip()] == []


def test_nodes_remember_where_they_are_written(gamma2_flow):
    """Each node records the line and column of its mapping in the file."""
    for node in gamma2_flow.nodes.values():
        # A node's mapping starts on the line after its id, indented by four spaces.
        assert (node.line, node.column) == (_line_of(gamma2_flow.source, f"  {node.id}:\n") + 1, 5)


def test_allow_cycles_is_read(write_flow, minimal):
    """'allow_cycles: true' at the top of the file is carried on the flow."""
    assert load(write_flow("allow_cycles: true\n" + minimal)).allow_cycles is True


def test_comments_and_free_order_are_accepted(write_flow, minimal):
    """Comments anywhere and top-level keys in any order do not matter."""
    head, nodes = minimal.split("nodes:\n")
    text = "# en tête\nnodes:  # les nœuds\n" + nodes + "# fin des nœuds\n" + head
    flow = load(write_flow(text))
    assert list(flow.nodes) == ["debut", "meteo", "contact", "secours", "resolu"]
    assert flow.title == "Essai"


# -- malformed input: one fixture per kind of mistake -------------------------


def test_empty_file(bad, errors_of):
    """A file with nothing but comments is reported as empty, naming the expected fields."""
    path = bad("empty")
    assert errors_of(path) == [f"{path}:1:1: le fichier est vide{NBSP}; attendu{NBSP}: title, version, nodes"]


def test_top_level_not_a_mapping(bad, errors_of):
    """A file whose top level is a list says it must be a mapping, and what it found."""
    path = bad("not-a-mapping")
    assert errors_of(path) == [f"{path}:2:1: le fichier doit être un dictionnaire (clé{NBSP}: valeur), trouvé une liste"]


def test_top_level_empty_mapping_lists_missing_fields(write_flow, errors_of):
    """A file holding only '{}' reports each missing required field, not an empty error list."""
    path = write_flow("{}\n")
    assert errors_of(path) == [
        f"{path}:1:1: aucun nœud de début{NBSP}; attendu un nœud 'kind: start'",
        f"{path}:1:1: le fichier{NBSP}: le champ 'nodes' est obligatoire",
        f"{path}:1:1: le fichier{NBSP}: le champ 'title' est obligatoire",
        f"{path}:1:1: le fichier{NBSP}: le champ 'version' est obligatoire",
    ]


def test_missing_required_field(bad, errors_of):
    """A node without 'text' is reported at the node, naming the missing field."""
    path = bad("missing-field")
    assert errors_of(path) == [f"{path}:22:5: nœud 'contact'{NBSP}: le nœud{NBSP}: le champ 'text' est obligatoire"]


def test_unknown_key_suggests_the_close_one(bad, errors_of):
    """A misspelt key is reported where it is written, with the close known key suggested."""
    path = bad("unknown-key")
    assert errors_of(path) == [
        f"{path}:22:5: nœud 'contact'{NBSP}: le nœud{NBSP}: le champ 'title' est obligatoire",
        f"{path}:23:5: nœud 'contact'{NBSP}: clé inconnue 'titel' dans un nœud (vouliez-vous dire 'title'{NBSP}?)",
    ]


def test_unknown_top_level_key(write_flow, minimal, errors_of):
    """An unknown top-level key is reported with a suggestion."""
    path = write_flow(minimal.replace("version:", "versoin:"))
    assert errors_of(path) == [
        f"{path}:1:1: le fichier{NBSP}: le champ 'version' est obligatoire",
        f"{path}:2:1: clé inconnue 'versoin' dans le fichier (vouliez-vous dire 'version'{NBSP}?)",
    ]


def test_wrong_type(bad, errors_of):
    """A number where a text is expected names the field and what was found."""
    path = bad("wrong-type")
    assert errors_of(path) == [f"{path}:8:11: nœud 'debut'{NBSP}: 'text' doit être un texte, trouvé le nombre 42"]


def test_answers_not_a_list(write_flow, minimal, errors_of):
    """'answers' given as a text is a type error, and the question then has no answers."""
    text = minimal.replace(
        "    answers:\n      - key: oui\n        label: Oui\n        to: secours\n"
        "      - key: non\n        label: Non\n        to: contact\n",
        "    answers: oui, non\n",
    )
    path = write_flow(text)
    assert errors_of(path) == [
        f"{path}:5:5: nœud 'debut'{NBSP}: impasse{NBSP}: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud",
        f"{path}:10:5: nœud 'meteo'{NBSP}: une question doit avoir au moins deux réponses, trouvé 0",
        f"{path}:13:14: nœud 'meteo'{NBSP}: 'answers' doit être une liste, trouvé le texte 'oui, non'",
        f"{path}:15:5: nœud 'contact'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'contact'",
        f"{path}:21:5: nœud 'secours'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'secours'",
        f"{path}:25:5: nœud 'resolu'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'resolu'",
    ]


def test_target_not_a_text(write_flow, minimal, errors_of):
    """An answer whose 'to' is a number is reported at that value."""
    path = write_flow(minimal.replace("        to: secours\n", "        to: 12\n"))
    assert errors_of(path) == [f"{path}:16:13: nœud 'meteo'{NBSP}: 'to' doit être l'identifiant d'un nœud, trouvé le nombre 12"]


def test_unknown_kind(bad, errors_of):
    """An unknown kind names the expected kinds; the node is left out, so edges into it dangle."""
    path = bad("unknown-kind")
    assert errors_of(path) == [
        f"{path}:25:13: nœud 'contact'{NBSP}: la sortie 'solved' mène à 'resolu', qui n'existe pas",
        f"{path}:32:11: nœud 'resolu'{NBSP}: type de nœud inconnu 'fin'{NBSP}; attendu l'un de{NBSP}: start, question, action, outcome",
    ]


def test_missing_kind(write_flow, minimal, errors_of):
    """A node without 'kind' is reported at the node, listing the kinds."""
    path = write_flow(minimal.replace("    kind: outcome\n    title: Secours\n", "    title: Secours\n"))
    errors = errors_of(path)
    assert f"{path}:27:5: nœud 'secours'{NBSP}: le champ 'kind' est obligatoire{NBSP}; attendu l'un de{NBSP}: start, question, action, outcome" in errors


def test_empty_node_mapping_is_reported(write_flow, minimal, errors_of):
    """A node written as '{}' is reported as missing its kind instead of vanishing silently."""
    text = minimal.replace(
        "  resolu:\n    kind: outcome\n    title: Résolu\n    text: Je reprends le travail.\n", "  resolu: {}\n"
    )
    path = write_flow(text)
    assert errors_of(path) == [
        f"{path}:24:13: nœud 'contact'{NBSP}: la sortie 'solved' mène à 'resolu', qui n'existe pas",
        f"{path}:30:11: nœud 'resolu'{NBSP}: le champ 'kind' est obligatoire{NBSP}; attendu l'un de{NBSP}: start, question, action, outcome",
    ]


def test_node_not_a_mapping(write_flow, minimal, errors_of):
    """A node written as a list says a node must be a mapping."""
    text = minimal.replace(
        "  resolu:\n    kind: outcome\n    title: Résolu\n    text: Je reprends le travail.\n", "  resolu: [a, b]\n"
    )
    path = write_flow(text)
    assert f"{path}:30:11: nœud 'resolu'{NBSP}: un nœud doit être un dictionnaire (clé{NBSP}: valeur), trouvé une liste" in errors_of(path)


def test_duplicate_node_id(bad, errors_of):
    """A node id written twice is a duplicate YAML key, reported at the second with the first's line."""
    path = bad("duplicate-id")
    assert errors_of(path) == [f"{path}:35:3: la clé 'resolu' est déjà définie à la ligne 31"]


def test_empty_text(bad, errors_of):
    """A text made of spaces only is reported as empty."""
    path = bad("empty-text")
    assert errors_of(path) == [f"{path}:30:11: nœud 'secours'{NBSP}: 'text' est vide"]


def test_null_required_text(write_flow, minimal, errors_of):
    """A required text left without a value says a text was expected and nothing was found."""
    path = write_flow(minimal.replace("    text: On commence.\n", "    text:\n"))
    assert errors_of(path) == [f"{path}:7:10: nœud 'debut'{NBSP}: 'text' doit être un texte, trouvé rien"]


def test_null_optional_text_is_accepted(write_flow, minimal):
    """An optional text (note, summary) left without a value is read as empty."""
    flow = load(write_flow("summary:\n" + minimal.replace("    text: On commence.\n", "    text: On commence.\n    note:\n")))
    assert flow.summary == ""
    assert flow.nodes["debut"].note == ""


def test_malformed_link_url(bad, errors_of):
    """A link URL without http(s):// is reported at the URL."""
    path = bad("malformed-link")
    assert errors_of(path) == [
        f"{path}:7:10: lien mal formé 'www.douane.gouv.fr/meteo'{NBSP}; attendu une adresse http:// ou https://"
    ]


def test_reference_missing_fields(write_flow, minimal, errors_of):
    """A reference without its short name and URL reports both missing fields."""
    path = write_flow("references:\n  rd:\n    title: Règlement\n" + minimal)
    assert errors_of(path) == [
        f"{path}:3:5: la référence 'rd'{NBSP}: le champ 'short' est obligatoire",
        f"{path}:3:5: la référence 'rd'{NBSP}: le champ 'url' est obligatoire",
    ]


def test_invalid_node_id(bad, errors_of):
    """A node id with capitals or underscores is refused with an example; edges to the intended id dangle."""
    path = bad("invalid-id")
    assert errors_of(path) == [
        f"{path}:25:13: nœud 'contact'{NBSP}: la sortie 'solved' mène à 'resolu', qui n'existe pas",
        f"{path}:31:3: identifiant de nœud 'Resolu_1' invalide{NBSP}; attendu des minuscules, chiffres et tirets (ex. 'meteo-services')",
    ]


def test_invalid_answer_key(write_flow, minimal, errors_of):
    """An answer key that is not lowercase-with-dashes is refused at the key."""
    path = write_flow(minimal.replace("      - key: non\n", "      - key: Non!\n"))
    assert errors_of(path) == [
        f"{path}:17:14: nœud 'meteo'{NBSP}: clé de réponse 'Non!' invalide{NBSP}; attendu des minuscules, chiffres et tirets"
    ]


def test_unknown_reference_id(bad, errors_of):
    """A 'refs' entry naming no reference is reported at the entry, with the close id suggested."""
    path = bad("unknown-reference")
    assert errors_of(path) == [
        f"{path}:36:12: nœud 'secours'{NBSP}: la référence 'rd-2022-1636-art10' n'existe pas"
        f" (vouliez-vous dire 'rd-2022-1636-art9'{NBSP}?)"
    ]


def test_unknown_link_id(write_flow, minimal, errors_of):
    """A 'links' entry naming no link is reported at the entry."""
    path = write_flow(minimal.replace("    text: On commence.\n", "    text: On commence.\n    links: [meteo]\n"))
    assert errors_of(path) == [f"{path}:8:13: nœud 'debut'{NBSP}: le lien 'meteo' n'existe pas"]


def test_non_text_item_in_id_list(write_flow, minimal, errors_of):
    """A mapping inside a 'links' list is a clean error, not a crash on an unhashable value."""
    path = write_flow(minimal.replace("    text: On commence.\n", "    text: On commence.\n    links: [{meteo: 1}]\n"))
    assert errors_of(path) == [
        f"{path}:8:13: nœud 'debut'{NBSP}: 'links' doit être une liste d'identifiants, trouvé un dictionnaire dans la liste"
    ]


def test_action_with_both_next_and_solved(bad, errors_of):
    """An action with 'next' and 'solved'/'unsolved' is refused; having no exit, what followed it is unreachable."""
    path = bad("next-and-solved")
    assert errors_of(path) == [
        f"{path}:22:5: nœud 'contact'{NBSP}: une étape a soit 'next', soit 'solved' et 'unsolved', pas les deux",
        f"{path}:33:5: nœud 'resolu'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'resolu'",
    ]


def test_action_without_exit(write_flow, minimal, errors_of):
    """An action with neither 'next' nor 'solved'/'unsolved' says which exits are expected."""
    path = write_flow(minimal.replace("    solved: resolu\n    unsolved: secours\n", ""))
    assert errors_of(path) == [
        f"{path}:21:5: nœud 'contact'{NBSP}: étape sans suite{NBSP}; attendu 'next', 'answers', ou 'solved' et 'unsolved'",
        f"{path}:29:5: nœud 'resolu'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'resolu'",
    ]


def test_action_with_solved_only(write_flow, minimal, errors_of):
    """An action with 'solved' but no 'unsolved' names the missing exit."""
    path = write_flow(minimal.replace("    unsolved: secours\n", ""))
    assert errors_of(path) == [
        f"{path}:21:5: nœud 'contact'{NBSP}: le champ 'unsolved' est obligatoire (l'identifiant du nœud suivant)"
    ]


def test_unknown_key_in_labels(write_flow, minimal, errors_of):
    """'labels' accepts only 'solved' and 'unsolved'."""
    path = write_flow(minimal.replace("    unsolved: secours\n", "    unsolved: secours\n    labels:\n      solvd: Réglé\n"))
    assert errors_of(path) == [
        f"{path}:27:7: nœud 'contact'{NBSP}: clé inconnue 'solvd' dans 'labels' (vouliez-vous dire 'solved'{NBSP}?)"
    ]


def test_field_not_allowed_for_kind(bad, errors_of):
    """A field that belongs to another kind (an outcome with 'next') is refused, naming kind and field."""
    path = bad("field-not-allowed")
    assert errors_of(path) == [f"{path}:35:5: nœud 'resolu'{NBSP}: un nœud 'outcome' ne peut pas avoir de champ 'next'"]


def test_empty_steps_list(write_flow, minimal, errors_of):
    """An outcome's 'steps' given as an empty list says a non-empty list was expected."""
    path = write_flow(minimal.replace("    text: Je reprends le travail.\n", "    text: Je reprends le travail.\n    steps: []\n"))
    assert errors_of(path) == [f"{path}:34:12: nœud 'resolu'{NBSP}: 'steps' doit être une liste d'étapes, trouvé une liste vide"]


def test_reminder_not_a_mapping(write_flow, minimal, errors_of):
    """A reminder written as a plain text reports once that it must be a mapping, without listing its fields as missing."""
    path = write_flow(minimal.replace("    text: Je reprends le travail.\n", "    text: Je reprends le travail.\n    reminder: LRN\n"))
    assert errors_of(path) == [
        f"{path}:34:15: nœud 'resolu'{NBSP}: 'reminder' doit être un dictionnaire (clé{NBSP}: valeur), trouvé le texte 'LRN'",
    ]


def test_allow_cycles_must_be_boolean(write_flow, minimal, errors_of):
    """'allow_cycles' given as a word other than true/false is refused."""
    path = write_flow("allow_cycles: oui\n" + minimal)
    assert errors_of(path) == [f"{path}:1:15: 'allow_cycles' doit valoir true ou false, trouvé le texte 'oui'"]


# -- actions with their own answers --------------------------------------------


ACTION_ANSWERS = (
    "    answers:\n"
    "      - key: resolu\n"
    "        label: Le SAU a résolu le problème\n"
    "        short: Résolu\n"
    "        to: resolu\n"
    "      - key: aucune\n"
    "        label: Le SAU n'a pas de solution\n"
    "        to: secours\n"
)


def test_action_with_answers_loads_its_choices(write_flow, minimal):
    """An action may list its own answers, like a question: they become its choices, in order, with key, label, short and target."""
    flow = load(write_flow(minimal.replace("    solved: resolu\n    unsolved: secours\n", ACTION_ANSWERS)))
    contact = flow.nodes["contact"]
    assert contact.kind == "action"
    assert contact.choices == (
        Choice("resolu", "Le SAU a résolu le problème", "resolu", "Résolu", 25, 9),
        Choice("aucune", "Le SAU n'a pas de solution", "secours", "Le SAU n'a pas de solution", 29, 9),
    )


def test_action_with_an_empty_answers_list_is_refused(write_flow, minimal, errors_of):
    """An action whose 'answers' list is empty has no way out and is refused, not taken for an end."""
    text = minimal.replace("    solved: resolu\n    unsolved: secours\n", "    answers: []\n").replace(
        "        to: contact\n", "        to: contact\n      - key: peut-etre\n        label: Peut-être\n        to: resolu\n"
    )
    path = write_flow(text)
    assert errors_of(path) == [
        f"{path}:27:14: nœud 'contact'{NBSP}: une étape avec ses propres réponses ('answers') doit en avoir au moins deux,"
        f" trouvé 0{NBSP}; pour une seule suite, écrire 'next'"
    ]


@pytest.mark.parametrize(
    ("exits", "resolu_line"),
    [("    next: secours\n", 38), ("    solved: resolu\n    unsolved: secours\n", 39)],
    ids=["next", "solved-and-unsolved"],
)
def test_action_with_answers_and_exits_is_refused(write_flow, minimal, errors_of, exits, resolu_line):
    """An action with both 'answers' and 'next' (or 'solved'/'unsolved') is refused; having no exit, what followed it is unreachable."""
    path = write_flow(minimal.replace("    solved: resolu\n    unsolved: secours\n", exits + ACTION_ANSWERS))
    assert errors_of(path) == [
        f"{path}:21:5: nœud 'contact'{NBSP}: une étape a soit 'answers', soit 'next', soit 'solved' et 'unsolved', pas plusieurs",
        f"{path}:{resolu_line}:5: nœud 'resolu'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'resolu'",
    ]


# -- errors and helpers -------------------------------------------------------


def test_parse_returns_errors_without_raising():
    """parse() returns the model and its errors; only check() raises."""
    flow, errors = parse("title: Essai\nversion: v1\nnodes:\n  debut: {kind: start, title: D, text: D., next: fin}\n", "x.yaml")
    assert flow is not None and list(flow.nodes) == ["debut"]
    assert errors == []
    flow, errors = parse("title: [", "x.yaml")
    assert flow is None and [e.line for e in errors] == [1]


def test_parse_default_source_name():
    """Without a file name, errors are located in '<flow>'."""
    _, errors = parse("")
    assert [str(e) for e in errors] == [f"<flow>:1:1: le fichier est vide{NBSP}; attendu{NBSP}: title, version, nodes"]


