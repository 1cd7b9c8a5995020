"""The command line: check, build, paths; exit codes 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gammaflow._cli import INVALID, OK, USAGE, main

NBSP = "\u00a0"
NAMES = ["logigramme.dot", "logigramme.svg", "assistant.json", "scenarios.json", "scenarios.md"]


def test_exit_code_constants():
    """The exit codes are 0 for a valid flow, 1 for an invalid one, 2 for a wrong command line."""
    assert (OK, INVALID, USAGE) == (0, 1, 2)


def test_check_valid_flow(gamma2_path, capsys):
    """'check' on flow/gamma2.yaml exits 0 and says the flow is valid, with its node count."""
    assert main(["check", str(gamma2_path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{gamma2_path}{NBSP}: procédure valide (15 nœuds)\n"
    assert err == ""


def test_check_invalid_flow_prints_every_error(bad, capsys):
    """'check' on an invalid flow exits 1 and prints every error on stderr, then the count."""
    path = bad("several-errors")
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 7
    assert all(line.startswith(f"{path}:") for line in lines[:6])
    assert lines[2] == (
        f"{path}:15:9: nœud 'meteo'{NBSP}: la réponse 'oui' mène à 'secour', qui n'existe pas (vouliez-vous dire 'secours'{NBSP}?)"
    )
    assert lines[6] == f"6 erreurs dans {path}"


def test_check_single_error_count_is_singular(bad, capsys):
    """With one error the count line says « 1 erreur »."""
    path = bad("unreachable")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"1 erreur dans {path}"


def test_check_missing_file_is_an_invalid_flow(tmp_path, capsys):
    """'check' on a file that does not exist exits 1 with the unreadable-file error."""
    path = tmp_path / "absent.yaml"
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:1:1: impossible de lire le fichier")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], f"argument(s) obligatoire(s) manquant(s){NBSP}: command"),
        (["compiler", "flow.yaml"], f"commande inconnue 'compiler'{NBSP}; attendu check, build ou paths"),
        (["check"], f"argument(s) obligatoire(s) manquant(s){NBSP}: file"),
        (["paths"], f"argument(s) obligatoire(s) manquant(s){NBSP}: file"),
        (["build", "flow.yaml"], f"argument(s) obligatoire(s) manquant(s){NBSP}: --out"),
        (["check", "a.yaml", "b.yaml"], f"argument(s) en trop{NBSP}: b.yaml"),
    ],
)
def test_usage_errors_exit_2(argv, message, capsys):
    """A wrong command line (no command, unknown command, missing argument) exits 2 with the usage on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"utilisation{NBSP}: gammaflow")
    assert f"{NBSP}: erreur{NBSP}: " in err and message in err


def test_help_exits_0(capsys):
    """--help prints the commands and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("check", "build", "paths"):
        assert command in out


def test_build_writes_the_five_files(gamma2_path, tmp_path, capsys):
    """'build' writes the five outputs into --out and lists them."""
    out = tmp_path / "flow"
    assert main(["build", str(gamma2_path), "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == sorted(NAMES)
    assert capsys.readouterr().out.splitlines() == [f"écrit{NBSP}: {out / name}" for name in NAMES]


def test_build_invalid_flow_leaves_outputs_untouched(gamma2_path, bad, tmp_path, capsys):
    """'build' of an invalid flow exits 1 with its errors and leaves a previous build byte for byte."""
    out = tmp_path / "flow"
    assert main(["build", str(gamma2_path), "--out", str(out)]) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    capsys.readouterr()
    assert main(["build", str(bad("cycle")), "--out", str(out)]) == 1
    assert "cycle meteo → contact → meteo" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_build_without_dot_exits_1(gamma2_path, tmp_path, monkeypatch, capsys):
    """'build' without Graphviz's dot exits 1 and says how to install it."""
    monkeypatch.setenv("PATH", "")
    assert main(["build", str(gamma2_path), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"erreur{NBSP}: le programme 'dot' de Graphviz est introuvable")
    assert list(tmp_path.iterdir()) == []


def test_paths_lists_eighteen_paths(gamma2_path, gamma2_outputs, capsys):
    """'paths' prints each scenario with its token, in the flow's order, then « 18 parcours »."""
    assert main(["paths", str(gamma2_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "18 parcours"
    names = [line for line in lines if line.startswith("scenario-")]
    tokens = [line.strip() for line in lines if line.startswith("    #chemin=")]
    assert len(names) == len(tokens) == 18
    assert names[0] == f"scenario-1{NBSP}: Matériel ou accès → C’est résolu → Je reprends le travail dans GAMMA{NBSP}2"
    assert tokens[0] == "#chemin=suite.materiel.resolu"
    assert names == [f"{item['id']}{NBSP}: {item['name']}" for item in gamma2_outputs.scenarios]
    assert tokens == [f"#chemin={item['token']}" for item in gamma2_outputs.scenarios]


def test_paths_does_not_need_dot(gamma2_path, monkeypatch, capsys):
    """'paths' works without Graphviz's dot."""
    monkeypatch.setenv("PATH", "")
    assert main(["paths", str(gamma2_path)]) == 0
    assert capsys.readouterr().out.endswith("18 parcours\n")


def test_python_dash_m(gamma2_path, bad, tmp_path):
    """'python -m gammaflow' runs the same commands with the same exit codes in a real process."""
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "gammaflow", *args], capture_output=True, text=True, timeout=60)

    valid = run("check", str(gamma2_path))
    assert (valid.returncode, valid.stdout) == (0, f"{gamma2_path}{NBSP}: procédure valide (15 nœuds)\n")
    invalid = run("check", str(bad("several-errors")))
    assert invalid.returncode == 1 and invalid.stderr.count("\n") == 7
    usage = run()
    assert usage.returncode == 2 and usage.stderr.startswith(f"utilisation{NBSP}: gammaflow")
    built = run("build", str(gamma2_path), "--out", str(tmp_path / "out"))
    assert built.returncode == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(NAMES)
