"""The local contacts in the browser: shown in the steps when set (a site
built with tests/fixtures/contacts.yaml), and the hint when not (the shipped
site): where the administrator sets them and what to do meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from sitefixtures import BuiltSite, format_violations, new_recorded_page, normalize_text, run_axe, serve_site

pytestmark = pytest.mark.browser


def text_of(locator: Any) -> str:
    return normalize_text(locator.inner_text())


def assert_no_axe_violation(page: Any, where: str, context: str) -> None:
    """No axe violation in the contacts shown (the pages as a whole: test_pages.py, test_present.py)."""
    violations = run_axe(page, context=context)
    assert not violations, f"{where} :\n{format_violations(violations)}"


def without_python(page: Any) -> None:
    """The contacts are static HTML: Pyodide need not load (it would only slow the machine down)."""
    page.route("**/assets/pyodide/**", lambda route: route.abort())


def test_contacts_shown_in_the_steps_when_set(browser: Any, contacts_site: BuiltSite) -> None:
    """With contacts set: the assistant's contact step shows them (tel:, mailto:, hours, source),
    the presentation's slide too (folded), the contacts page's table; no hint, no axe violation."""
    with serve_site(contacts_site.path, policy="") as base:  # no CSP: axe is injected inline (tests/browser/test_csp.py checks the policy)
        context, page, traffic = new_recorded_page(browser, base)
        without_python(page)
        try:
            page.goto("assistant.html#etape-dti-contact")
            block = page.locator("#etape-dti-contact .local-contacts")
            block.wait_for(state="visible")
            office = block.locator('[data-role="bureau-rattachement"]')
            assert text_of(office).startswith("Bureau de douane de rattachement : Bureau de douane d’Essai-sur-Test")
            assert office.get_by_role("link", name="01 99 00 12 34").get_attribute("href") == "tel:+33199001234"
            assert office.get_by_role("link", name="bureau-essai@douane.invalid").get_attribute("href") == "mailto:bureau-essai@douane.invalid"
            assert "Horaires : du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h ; le samedi, de 9 h à 11 h" in text_of(office)
            sau = block.locator('[data-role="sau"]')
            assert sau.get_by_role("link", name="01 99 00 43 21").get_attribute("href") == "tel:+33199004321"
            assert "Source de ces coordonnées : Page « Contact » du site de test" in text_of(sau)
            assert block.locator(".local-contact--unset, .local-contacts__admin").count() == 0
            assert_no_axe_violation(page, "assistant, étape dti-contact", "#etape-dti-contact")

            page.goto("presentation.html#etape-dti-contact")
            slide = page.locator('.present-slide[data-slide="dti-contact"]')
            slide.wait_for(state="visible")
            folded = slide.locator("details.local-contacts")
            assert text_of(folded.locator("summary")) == "Vos contacts"
            folded.locator("summary").focus()
            page.keyboard.press("Enter")  # opens the contacts; the slide stays
            phone = folded.get_by_role("link", name="01 99 00 43 21")
            phone.wait_for(state="visible")
            assert slide.is_visible() and phone.get_attribute("href") == "tel:+33199004321"
            assert_no_axe_violation(page, "présentation, diapositive dti-contact, contacts ouverts", '.present-slide[data-slide="dti-contact"]')

            page.goto("contacts.html#locaux")
            manager = page.locator('.local-contacts-table tr[data-role="bureau-gestionnaire"]')
            assert "Le même bureau que le bureau de douane de rattachement." in text_of(manager)
            assert manager.get_by_role("link", name="01 99 00 12 34").is_visible()
            editor = page.locator('.local-contacts-table tr[data-role="editeur"]')
            assert "Non renseigné sur ce site. En attendant : ses coordonnées figurent dans votre contrat" in text_of(editor)
            assert_no_axe_violation(page, "contacts.html", ".local-contacts-table")
            assert traffic.off_host() == []
        finally:
            context.close()


def test_hint_when_not_set(page: Any, built_site: BuiltSite) -> None:
    """With the shipped (empty) file: the contact step says « non renseigné », what to do meanwhile,
    and links to the administrators' section, which exists; the slide says so too; no axe violation."""
    without_python(page)
    page.goto("assistant.html#etape-materiel-contact")
    block = page.locator("#etape-materiel-contact .local-contacts")
    block.wait_for(state="visible")
    office = text_of(block.locator('[data-role="bureau-rattachement"]'))
    assert office == "Bureau de douane de rattachement : non renseigné sur ce site. En attendant : retrouvez ses coordonnées dans vos propres dossiers ou sur douane.gouv.fr."
    assert "En attendant : retrouvez son numéro sur douane.gouv.fr" in text_of(block.locator('[data-role="sau"]'))
    assert block.locator("a[href^='tel:'], a[href^='mailto:']").count() == 0
    admin = block.get_by_role("link", name="page Administrateurs")
    assert admin.is_visible()
    assert_no_axe_violation(page, "assistant, étape materiel-contact (contacts non renseignés)", "#etape-materiel-contact")

    page.goto("presentation.html#etape-autorisation")
    slide = page.locator('.present-slide[data-slide="autorisation"]')
    slide.wait_for(state="visible")
    summary = slide.locator("details.local-contacts summary")
    assert text_of(summary) == "Vos contacts (à renseigner par l’administrateur du site)"
    summary.click()
    hint = slide.locator('details.local-contacts [data-role="bureau-gestionnaire"]')
    hint.wait_for(state="visible")
    assert text_of(hint) == "Bureau gestionnaire : non renseigné sur ce site. En attendant, demandez à votre bureau de douane de rattachement s’il s’agit de lui."
    assert_no_axe_violation(page, "présentation, diapositive autorisation, contacts ouverts", '.present-slide[data-slide="autorisation"]')

    page.goto("assistant.html#etape-materiel-contact")
    page.locator("#etape-materiel-contact .local-contacts").get_by_role("link", name="page Administrateurs").click()
    page.wait_for_url("**/administrateurs.html#contacts-locaux")
    page.locator("#contacts-locaux").wait_for(state="visible")  # (instant navigation: the URL first, then the page)
    assert page.traffic.off_host() == []
