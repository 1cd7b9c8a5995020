"""Graph checks: the rules a flowchart must follow, each with its own malformed fixture."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gammaflow.build import FlowError, FlowInvalid, load
from gammaflow._checks import check, graph_errors
from gammaflow._reader import parse
from gammaflow._model import Flow

from strategies import JUNK, broken_flows, valid_flows

NBSP = "\u00a0"


def test_gamma2_has_no_graph_error(gamma2_flow):
    """The real flow passes every graph check."""
    assert graph_errors(gamma2_flow) == []


def test_minimal_flow_is_valid(write_flow, minimal):
    """The small reference flow used by the fixtures is itself valid."""
    assert list(load(write_flow(minimal)).nodes) == ["debut", "meteo", "contact", "secours", "resolu"]


def test_no_start(bad, errors_of):
    """A flow without a 'kind: start' node is reported at the top of the file."""
    path = bad("no-start")
    assert errors_of(path) == [f"{path}:1:1: aucun nœud de début{NBSP}; attendu un nœud 'kind: start'"]


def test_two_starts(bad, errors_of):
    """A second start node is refused, naming the first; nothing leads to it either."""
    path = bad("two-starts")
    assert errors_of(path) == [
        f"{path}:36:5: nœud 'reprise'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'reprise'",
        f"{path}:36:5: nœud 'reprise'{NBSP}: un seul nœud de début est permis, 'debut' en est déjà un",
    ]


def test_dangling_target_suggests_the_close_id(bad, errors_of):
    """An answer leading to an id that does not exist is reported at the answer, with the close id suggested."""
    path = bad("dangling-target")
    assert errors_of(path) == [
        f"{path}:15:9: nœud 'meteo'{NBSP}: la réponse 'oui' mène à 'secour', qui n'existe pas"
        f" (vouliez-vous dire 'secours'{NBSP}?)"
    ]


def test_dangling_exit_of_an_action(write_flow, minimal, errors_of):
    """An action exit leading nowhere is reported at the exit's value, naming the exit."""
    path = write_flow(minimal.replace("    unsolved: secours\n", "    unsolved: secour\n"))
    assert errors_of(path) == [
        f"{path}:25:15: nœud 'contact'{NBSP}: la sortie 'unsolved' mène à 'secour', qui n'existe pas"
        f" (vouliez-vous dire 'secours'{NBSP}?)"
    ]


def test_unreachable_node(bad, errors_of):
    """A node no path leads to is reported at that node, naming the start."""
    path = bad("unreachable")
    assert errors_of(path) == [
        f"{path}:36:5: nœud 'orphelin'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'orphelin'"
    ]


def test_dead_end_cycle_without_way_out(bad, errors_of):
    """Nodes of a loop from which no outcome can be reached are each reported as a dead end."""
    path = bad("dead-end")
    assert errors_of(path) == [
        f"{path}:37:5: nœud 'attente'{NBSP}: impasse{NBSP}: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud",
        f"{path}:42:5: nœud 'relance'{NBSP}: impasse{NBSP}: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud",
    ]


def test_dead_end_without_allow_cycles_also_reports_the_cycle(bad, write_flow, errors_of):
    """The same dead-end loop without 'allow_cycles' adds the cycle error to the dead ends."""
    text = bad("dead-end").read_text(encoding="utf-8").replace("allow_cycles: true\n", "")
    path = write_flow(text)
    assert errors_of(path) == [
        f"{path}:36:5: nœud 'attente'{NBSP}: cycle attente → relance → attente{NBSP};"
        " ajouter 'allow_cycles: true' en tête du fichier s'il est voulu",
        f"{path}:36:5: nœud 'attente'{NBSP}: impasse{NBSP}: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud",
        f"{path}:41:5: nœud 'relance'{NBSP}: impasse{NBSP}: aucune fin ('kind: outcome') n'est atteignable depuis ce nœud",
    ]


def test_question_with_one_answer(bad, errors_of):
    """A question with a single answer is refused, with the count found."""
    path = bad("one-answer")
    assert errors_of(path) == [
        f"{path}:11:5: nœud 'meteo'{NBSP}: une question doit avoir au moins deux réponses, trouvé 1"
    ]


def test_duplicate_answer_labels(bad, errors_of):
    """Two answers of a question with the same label are reported once, at the first of them."""
    path = bad("duplicate-labels")
    assert errors_of(path) == [f"{path}:15:9: nœud 'meteo'{NBSP}: deux réponses ont le même libellé 'Oui'"]


def test_duplicate_answer_keys(bad, errors_of):
    """Two answers of a question with the same key are reported once, at the first of them."""
    path = bad("duplicate-keys")
    assert errors_of(path) == [f"{path}:15:9: nœud 'meteo'{NBSP}: deux réponses ont la même clé 'oui'"]


def test_duplicate_step_keys(write_flow, minimal, errors_of):
    """Two steps of an outcome with the same key are reported at the outcome."""
    steps = (
        "    steps:\n"
        "      - {key: document, title: Document, text: J'établis un document.}\n"
        "      - {key: document, title: Copie, text: J'envoie une copie.}\n"
    )
    path = write_flow(minimal.replace("    text: Je reprends le travail.\n", "    text: Je reprends le travail.\n" + steps))
    assert errors_of(path) == [f"{path}:31:5: nœud 'resolu'{NBSP}: deux étapes ont la même clé 'document'"]


def test_cycle_is_refused(bad, errors_of):
    """A loop is refused unless the file says it is intended, and the error spells the loop out."""
    path = bad("cycle")
    assert errors_of(path) == [
        f"{path}:11:5: nœud 'meteo'{NBSP}: cycle meteo → contact → meteo{NBSP};"
        " ajouter 'allow_cycles: true' en tête du fichier s'il est voulu"
    ]


def test_cycle_is_accepted_with_allow_cycles(bad, write_flow):
    """The same loop loads once the file starts with 'allow_cycles: true'."""
    path = write_flow("allow_cycles: true\n" + bad("cycle").read_text(encoding="utf-8"))
    flow = load(path)
    assert flow.allow_cycles is True
    assert [choice.target for choice in flow.nodes["contact"].choices] == ["resolu", "meteo"]


def test_target_is_the_start(bad, errors_of):
    """An exit leading back to the start node is refused at the exit."""
    path = bad("target-start")
    assert errors_of(path) == [
        f"{path}:27:15: nœud 'contact'{NBSP}: la sortie 'unsolved' mène au nœud de début 'debut'{NBSP};"
        " le début ne peut pas être une cible"
    ]


def test_several_errors_are_all_reported_in_file_order(bad, errors_of):
    """A file with several mistakes reports every one of them at once, sorted by line and column."""
    path = bad("several-errors")
    errors = errors_of(path)
    assert len(errors) == 6
    assert errors == [
        f"{path}:2:1: clé inconnue 'titel' dans le fichier (vouliez-vous dire 'title'{NBSP}?)",
        f"{path}:2:1: le fichier{NBSP}: le champ 'title' est obligatoire",
        f"{path}:15:9: nœud 'meteo'{NBSP}: la réponse 'oui' mène à 'secour', qui n'existe pas"
        f" (vouliez-vous dire 'secours'{NBSP}?)",
        f"{path}:24:11: nœud 'contact'{NBSP}: 'text' est vide",
        f"{path}:34:12: nœud 'resolu'{NBSP}: 'steps' doit être une liste d'étapes, trouvé une liste vide",
        f"{path}:37:5: nœud 'orphelin'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'orphelin'",
    ]


def test_check_returns_the_flow_when_sound(minimal):
    """check() hands back the parsed flow itself when there is nothing to report."""
    parsed = parse(minimal, "m.yaml")
    assert check(parsed) is parsed[0]


def test_graph_checks_run_even_when_the_reader_found_errors(write_flow, minimal, errors_of):
    """Loader errors and graph errors of one file come out together."""
    text = minimal.replace("    title: Secours\n", "    title: 42\n") + (
        "  orphelin:\n    kind: outcome\n    title: Orphelin\n    text: Personne.\n"
    )
    path = write_flow(text)
    assert errors_of(path) == [
        f"{path}:28:12: nœud 'secours'{NBSP}: 'title' doit être un texte, trouvé le nombre 42",
        f"{path}:35:5: nœud 'orphelin'{NBSP}: nœud inaccessible{NBSP}: aucun chemin ne mène de 'debut' à 'orphelin'",
    ]


# -- properties -------------------------------------------------------------------


def _flow_or_clean_errors(text: str) -> None:
    """Parse and check text; it must give a Flow or a FlowInvalid whose every error is located."""
    try:
        flow = check(parse(text, "hasard.yaml"))
    except FlowInvalid as exc:
        assert exc.errors
        last_line = text.count("\n") + 2
        for error in exc.errors:
            assert isinstance(error, FlowError)
            assert 1 <= error.line <= last_line and error.column >= 1
            assert str(error).startswith(f"hasard.yaml:{error.line}:{error.column}: ")
            assert error.message.strip()
    else:
        assert isinstance(flow, Flow)
        assert flow.start.kind == "start"


@settings(max_examples=60, deadline=None)
@given(valid_flows())
def test_random_valid_flows_pass_every_check(text):
    """Random flows built to follow every rule load without any error."""
    flow = check(parse(text, "hasard.yaml"))
    assert [node.kind for node in flow.nodes.values()].count("start") == 1


@settings(max_examples=200, deadline=None)
@given(broken_flows())
def test_random_broken_flows_give_a_flow_or_clean_errors(text):
    """Mutated flows (dangling targets, missing fields, junk scalars, damaged lines) never raise anything but FlowInvalid."""
    _flow_or_clean_errors(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_random_text_gives_a_flow_or_clean_errors(text):
    """Arbitrary text never raises anything but FlowInvalid."""
    _flow_or_clean_errors(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(JUNK), st.text(max_size=10)), min_size=1, max_size=8))
def test_random_yaml_like_lines_give_a_flow_or_clean_errors(pieces):
    """Lines of YAML-ish junk, under and around real keys, never raise anything but FlowInvalid."""
    keys = ["title", "version", "nodes", "  debut", "    kind", "    next", "    answers", "      - to", "allow_cycles", "links"]
    lines = [f"{keys[index % len(keys)]}: {piece}" for index, piece in enumerate(pieces)]
    _flow_or_clean_errors("\n".join(lines) + "\n")


def test_edge_names_must_not_collide(write_flow, errors_of):
    """Two answers whose diagram edge names would be equal (node 'a-b' + key 'c', node 'a' + key 'b-c') are refused."""
    flow = write_flow(
        "title: T\nversion: v\nnodes:\n"
        "  a:\n    kind: start\n    title: A\n    text: A.\n    next: q\n"
        "  q:\n    kind: question\n    title: Q\n    text: Q ?\n    answers:\n"
        "      - {key: fin-x, label: Un, to: q-fin}\n"
        "      - {key: autre, label: Deux, to: fin}\n"
        "  q-fin:\n    kind: question\n    title: R\n    text: R ?\n    answers:\n"
        "      - {key: x, label: Un, to: fin}\n"
        "      - {key: y, label: Deux, to: fin}\n"
        "  fin:\n    kind: outcome\n    title: F\n    text: F.\n"
    )
    assert errors_of(flow) == [
        f"{flow}:21:9: nœud 'q-fin'{NBSP}: la réponse 'x' donne au logigramme le même nom de flèche ('e-q-fin-x')"
        f" que la réponse 'fin-x' du nœud 'q'{NBSP}; changer l'une des deux clés"
    ]


def test_missing_provenance(bad, errors_of):
    """In a flow with a 'chart' section, a node with neither 'chart' nor 'reading' is refused at the node, naming both."""
    path = bad("missing-provenance")
    assert errors_of(path) == [
        f"{path}:32:5: nœud 'contact'{NBSP}: provenance manquante{NBSP}; attendu 'chart' (les cases du logigramme"
        " d'origine qu'il reprend) ou 'reading' (pourquoi ce site l'ajoute, en une phrase)"
    ]
