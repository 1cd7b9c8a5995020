"""Reading YAML (gammaflow._yaml): every value placed, every syntax mistake told in French where it is, with what to do."""

from __future__ import annotations

import re

import pytest


NBSP = "\u00a0"


def test_yaml_syntax_error_hints_at_quoting(bad, errors_of):
    """An unquoted text containing « : » is a YAML error located at the colon, in French, with a hint to quote it."""
    path = bad("yaml-syntax")
    assert errors_of(path) == [
        f"{path}:24:20: YAML invalide{NBSP}: deux-points inattendu{NBSP}; si la valeur est un texte qui contient « : »,"
        f" l’écrire entre guillemets{NBSP}; sinon, vérifier la ligne précédente (un deux-points manquant après sa clé,"
        " ou cette ligne trop indentée)"
    ]


# An author's usual YAML slips: the text, where the error must be, and words of its French message.
YAML_SLIPS = [
    ("indent-less", "nodes:\n  a:\n    kind: start\n   next: b\n", "4:4", "indentation incohérente"),
    ("indent-list", "nodes:\n  - x\n  y: 2\n", "3:3", "bloc commencé ligne 2"),
    ("tab", "nodes:\n\tkind: start\n", "2:1", "remplacer la tabulation par des espaces"),
    ("missing-colon", "nodes:\n  a:\n    kind start\n    next: b\n", "4:9", "un deux-points manquant après sa clé"),
    ("unclosed-quote", 'title: "Texte non fermé\nversion: 1\n', "1:8", "guillemet non fermé"),
    ("unclosed-bracket", "title: [Essai\nversion: v1\n", "1:8", "crochet non fermé"),
    ("unclosed-brace", "x: {a: 1\ny: 2\n", "1:4", "accolade non fermée"),
    ("text-after-quote", 'title: "Texte" suite\n', "1:16", "texte en trop après une valeur"),
    ("at-sign", "title: @douane\n", "1:8", "le caractère « @ » ne peut pas commencer une valeur"),
    ("backslash", 'title: "C:\\dossier"\n', "1:12", "séquence « \\d » inconnue"),
    ("two-documents", "title: a\n---\ntitle: b\n", "2:1", "un second document YAML commence ici"),
    ("alias", "title: *important\n", "1:8", "« *important » renvoie à une ancre « &important » qui n’existe pas"),
]


@pytest.mark.parametrize(("text", "where", "words"), [slip[1:] for slip in YAML_SLIPS], ids=[slip[0] for slip in YAML_SLIPS])
def test_yaml_slips_are_told_in_french_where_they_are(write_flow, errors_of, text, where, words):
    """Each usual YAML slip gives one French error at the place to fix, with what to do, and no PyYAML English."""
    path = write_flow(text)
    [error] = errors_of(path)
    assert error.startswith(f"{path}:{where}: YAML invalide{NBSP}: ") and words in error
    assert not re.search(r"expected|found|allowed|while", error)


def test_an_unlisted_yaml_error_keeps_pyyaml_words_said_to_be_so(errors_of, write_flow):
    """A YAML problem the table does not know is still located, and says its words are PyYAML's."""
    path = write_flow("a: |x\n")
    assert errors_of(path) == [f"{path}:1:5: YAML invalide{NBSP}: erreur de syntaxe (message de PyYAML{NBSP}: expected chomping or indentation indicators, but found 'x')"]


def test_duplicate_field_in_a_node(write_flow, minimal, errors_of):
    """A field written twice in one node is reported instead of silently keeping the last."""
    path = write_flow(minimal.replace("    title: Secours\n", "    title: Secours\n    title: Encore\n"))
    assert errors_of(path) == [f"{path}:29:5: la clé 'title' est déjà définie à la ligne 28"]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("=", "tag:yaml.org,2002:value"),
        ("!!int douze", "tag:yaml.org,2002:int"),
        ("!inconnu Essai", "!inconnu"),
        ("!!python/name:os.system Essai", "tag:yaml.org,2002:python/name:os.system"),
    ],
)
def test_unreadable_scalar_is_a_located_error(write_flow, minimal, errors_of, value, tag):
    """A scalar PyYAML cannot build (bare '=', bad '!!int', unknown tag) is a located error, not a crash."""
    path = write_flow(minimal.replace("title: Essai\n", f"title: {value}\n"))
    shown = value.split(" ", 1)[-1] if value.startswith("!") else value
    assert errors_of(path) == [
        f"{path}:1:8: YAML invalide{NBSP}: valeur illisible '{shown}' (étiquette '{tag}'){NBSP};"
        " écrire un texte simple, entre guillemets au besoin"
    ]


def test_recursive_alias_is_a_clean_error(write_flow, errors_of):
    """An alias used inside its own anchor is reported instead of recursing forever."""
    path = write_flow("title: Essai\nversion: v1\nnodes: &n\n  debut: *n\n")
    assert errors_of(path) == [f"{path}:1:1: YAML invalide{NBSP}: alias récursif ou imbrication trop profonde"]


def test_absurdly_deep_nesting_is_a_clean_error(write_flow, errors_of):
    """Thousands of nested brackets give a YAML error, not a RecursionError."""
    path = write_flow("title: " + "[" * 1500 + "]" * 1500 + "\n")
    assert errors_of(path) == [f"{path}:1:1: YAML invalide{NBSP}: imbrication trop profonde"]


def test_missing_file(tmp_path, errors_of):
    """A file that does not exist is reported as unreadable at line 1."""
    path = tmp_path / "absent.yaml"
    assert errors_of(path) == [
        f"{path}:1:1: impossible de lire le fichier ([Errno 2] No such file or directory: '{path}')"
    ]


def test_file_not_utf8(tmp_path, errors_of):
    """A file that is not UTF-8 is reported as unreadable, with the decoding problem."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Procédure\n".encode("latin-1"))
    [error] = errors_of(path)
    assert error.startswith(f"{path}:1:1: impossible de lire le fichier ('utf-8' codec can't decode byte 0xe9")
