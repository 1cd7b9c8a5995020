"""The local contacts in the built site: the shipped site gives none and says
where they are set; a bad contacts file stops the build like a bad flow."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitefixtures import ROOT, BuiltSite, build_site, normalize_text

ROLES = ("bureau-rattachement", "bureau-gestionnaire", "sau", "editeur", "prestataire-edi")
ADMIN_LINK = 'href="administrateurs.html#contacts-locaux"'


def section(html: str, start: str, end: str) -> str:
    """The part of a page from the first `start` to the next `end`."""
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


def test_shipped_site_gives_no_contact_and_says_where_to_set_them(built_site: BuiltSite) -> None:
    """No tel: or mailto: link anywhere; every contact step, the contacts table and the slides say « non renseigné », what to do meanwhile and link to the administrators' section."""
    for page in built_site.html_files():
        assert not re.search(r'href="(?:tel|mailto):', page.read_text(encoding="utf-8")), f"{page.name} : une coordonnée livrée avec le site"
    assert 'id="contacts-locaux"' in (built_site / "administrateurs.html").read_text(encoding="utf-8")
    contacts = (built_site / "contacts.html").read_text(encoding="utf-8")
    table = section(contacts, '<div class="local-contacts-table">', "</table>")
    assert re.findall(r'data-role="([\w-]+)"', table) == list(ROLES)
    assert table.count("local-contact--unset") == len(ROLES)
    assert ADMIN_LINK in section(contacts, '<div class="local-contacts-table">', "</div>")
    assert "En attendant : retrouvez son numéro sur douane.gouv.fr" in normalize_text(html.unescape(table))
    assistant = (built_site / "assistant.html").read_text(encoding="utf-8")
    step = section(assistant, 'id="etape-dti-contact"', "</section>")
    assert re.findall(r'class="local-contact local-contact--unset" data-role="([\w-]+)"', step) == ["bureau-rattachement", "sau"]
    assert ADMIN_LINK in step
    copie = section(section(assistant, 'id="etape-secours"', "</section>"), "<li><strong>J’envoie une copie", "</li>\n")
    assert 'data-role="bureau-gestionnaire"' in copie
    slide = section((built_site / "presentation.html").read_text(encoding="utf-8"), 'data-slide="autorisation"', "</section>")
    assert re.findall(r'data-role="([\w-]+)"', slide) == ["sau", "bureau-gestionnaire"] and ADMIN_LINK in slide


def test_the_compiled_flow_carries_every_role_unset(built_site: BuiltSite) -> None:
    """assistant.json lists every role, none set, each with what to do meanwhile."""
    contacts = built_site.assistant_data["contacts"]
    assert list(contacts) == list(ROLES)
    assert all(not entry["set"] and entry["meanwhile"] for entry in contacts.values())


def test_a_bad_contacts_file_stops_the_build_with_file_line_and_column(tmp_path: Path) -> None:
    """A wrong phone number: the build fails naming the contacts file, its line and column, and writes no site."""
    bad = ROOT / "tests" / "fixtures" / "bad" / "contacts" / "phone.yaml"
    dest = tmp_path / "site"
    result = build_site(dest, contacts=bad)
    assert result.returncode != 0, result.stdout
    assert f"{bad}:3:14: le contact 'sau'" in result.stdout, result.stdout
    assert "les contacts locaux" in result.stdout and "le site n'est pas construit" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    assert not dest.exists(), "la construction a échoué mais a écrit un site"
