"""The build: strict and silent, every page of the nav, a broken flow stops it."""

from __future__ import annotations

import re
from pathlib import Path

from sitefixtures import FLOW, BuiltSite, build_site, nav_pages, parse_html

# MkDocs' log lines: "WARNING -  …", "ERROR   -  …".
WARNING = re.compile(r"^\s*(WARNING|ERROR)\b", re.MULTILINE)


def test_strict_build_passes_with_no_warning(built_site: BuiltSite) -> None:
    assert built_site.result.returncode == 0, built_site.result.stdout
    problems = [line for line in built_site.result.stdout.splitlines() if WARNING.match(line)]
    assert not problems, "la construction stricte a émis :\n" + "\n".join(problems)
    assert "Traceback" not in built_site.result.stdout, built_site.result.stdout


def test_every_nav_page_is_built(built_site: BuiltSite) -> None:
    pages = nav_pages()
    assert len(pages) >= 10, pages
    missing = [name for _, name in pages if not (built_site / name).is_file()]
    assert not missing, f"pages du menu absentes du site construit : {missing}"
    for title, name in pages:
        doc = parse_html(built_site / name)
        assert "<h1" in doc.source, f"{name} : pas de titre <h1>"
        # The page's <title> starts with its nav title (the tab, the history, a bookmark).
        assert doc.title.startswith(title), f"{name} : <title> « {doc.title} » ne commence pas par « {title} »"


def test_site_is_in_french_with_french_search(built_site: BuiltSite) -> None:
    for _, name in nav_pages():
        assert '<html lang="fr"' in (built_site / name).read_text(encoding="utf-8"), f"{name} : pas en français"
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert re.search(r'"lang"\s*:\s*\[\s*"fr"\s*\]', index), "l'index de recherche n'est pas en français"
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.fr.min.js").is_file()


def test_compiled_flow_is_shipped(built_site: BuiltSite) -> None:
    for name in ("assistant.json", "scenarios.json", "logigramme.svg"):
        assert (built_site / "assets" / "flow" / name).is_file(), name
    assert built_site.assistant_data["nodes"], "assistant.json sans nœuds"


def _break_a_target(flow_text: str) -> tuple[str, int]:
    """The flow with its first exit target (`next:` or `to:`) pointing nowhere; returns it and that line's number."""
    lines = flow_text.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        match = re.match(r"^([ \t]+(?:next|to):[ \t]*)[a-z]\S*$", line)
        if match:
            lines[number - 1] = f"{match.group(1)}nulle-part-introuvable\n"
            return "".join(lines), number
    raise AssertionError("aucun « next: » ni « to: » dans la procédure : adapter ce test")


def test_invalid_flow_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    text, line = _break_a_target(FLOW.read_text(encoding="utf-8"))
    flow = tmp_path / "procedure-invalide.yaml"
    flow.write_text(text, encoding="utf-8")
    dest = tmp_path / "site"

    result = build_site(dest, flow=flow)

    assert result.returncode != 0, "une procédure invalide n'a pas arrêté la construction"
    assert f"{flow}:{line}:" in result.stdout, f"l'erreur ne donne pas {flow.name}:{line} :\n{result.stdout}"
    assert "nulle-part-introuvable" in result.stdout, result.stdout
    assert not dest.exists(), "la construction a échoué mais a écrit un site"
    # The author sees the errors, not a Python traceback.
    assert "Traceback" not in result.stdout, result.stdout


def test_build_site_applies_config_overrides(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    result = build_site(dest, config_overrides={"site_name": "Essai de surcharge 4821"})
    assert result.returncode == 0, result.stdout
    assert "Essai de surcharge 4821" in (dest / "index.html").read_text(encoding="utf-8")
    # Its temporary configuration (beside mkdocs.yml) is gone; other runs may have their own.
    config = Path(result.args[result.args.index("-f") + 1])
    assert config.name.startswith(".sitefixtures-") and not config.exists(), config
