"""A build that cannot succeed stops early with a French message naming the
fix, exits non-zero and writes no site: neither a new half-site nor a change
to the site already there. (A broken flow file's file:line messages are
tests/site/test_build.py's.)"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from sitefixtures import FLOW, ROOT, build_site


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def path_without_dot(tmp_path: Path) -> str:
    """A PATH holding python and node only: no Graphviz `dot`."""
    bin_dir = tmp_path / "bin-sans-graphviz"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    node = shutil.which("node")
    if node:
        (bin_dir / "node").symlink_to(node)
    assert not (bin_dir / "dot").exists()
    return str(bin_dir)


def invalid_flow(tmp_path: Path) -> Path:
    # The first exit target of the file (a 'next:' or 'to:' value) leads nowhere.
    text = re.sub(r"^([ \t]+(?:next|to):[ \t]*)[a-z]\S*$", r"\1nulle-part-introuvable", FLOW.read_text(encoding="utf-8"), count=1, flags=re.M)
    path = tmp_path / "procedure-invalide.yaml"
    path.write_text(text, encoding="utf-8")
    return path


CASES = {
    # (what to break, words the message must contain: the problem and its fix)
    "dot": ("'dot' de Graphviz est introuvable", "apt-get install graphviz", "./dev setup"),
    "npm": ("fichiers npm manquants", "./dev setup", "npm ci"),
    "flow": ("procedure-invalide.yaml:", "nulle-part-introuvable", "le site n'est pas construit"),
    # A case whose path the procedure no longer has (issue 16): the case's file:line, what it may answer now.
    "cases": ("unknown-answer.yaml:35:17", "la réponse 'incident' n'existe pas (ou plus) au nœud 'prestataire'",
              "les cas pratiques (tests/fixtures/bad/cases/unknown-answer.yaml) contiennent"),
}


def broken_build(case: str, tmp_path: Path, dest: Path):
    if case == "dot":
        return build_site(dest, env={"PATH": path_without_dot(tmp_path)})
    if case == "npm":
        empty = tmp_path / "node_modules-vide"
        empty.mkdir()
        return build_site(dest, env={"GAMMAFLOW_NPM": str(empty)})
    if case == "cases":
        return build_site(dest, env={"GAMMAFLOW_CASES": str(ROOT / "tests" / "fixtures" / "bad" / "cases" / "unknown-answer.yaml")})
    return build_site(dest, flow=invalid_flow(tmp_path))


@pytest.mark.parametrize("case", ["dot", "npm"])
def test_a_missing_tool_stops_the_build_before_any_file_is_written(case: str, tmp_path: Path) -> None:
    dest = tmp_path / "site-neuf"
    result = broken_build(case, tmp_path, dest)
    assert result.returncode != 0, result.stdout
    for words in CASES[case]:
        assert words in result.stdout, f"message attendu « {words} » :\n{result.stdout}"
    assert "Traceback" not in result.stdout, result.stdout
    assert not dest.exists(), "la construction a échoué mais a écrit un site"


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_failed_build_leaves_the_previous_site_as_it_was(case: str, tmp_path: Path) -> None:
    dest = tmp_path / "site"
    (dest / "assets").mkdir(parents=True)
    (dest / "index.html").write_text("<h1>Version en ligne</h1>", encoding="utf-8")
    (dest / "assets" / "ancien.js").write_text("// la version publiée", encoding="utf-8")
    before = tree(dest)
    result = broken_build(case, tmp_path, dest)
    assert result.returncode != 0, result.stdout
    for words in CASES[case]:
        assert words in result.stdout, f"message attendu « {words} » :\n{result.stdout}"
    assert tree(dest) == before, "la construction a échoué mais a modifié le site déjà là"

