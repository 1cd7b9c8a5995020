"""The fallback kit on paper, in Chromium: from the assistant's fallback end,
« Préparer le document de secours » opens the document with the motif of the
path, the date and time, and the register's next LRN, each marked « à
vérifier »; the number is entered in the register; the document prints on at
most two A4 pages with dates and times written the French way in an English
browser; the assistant's result and the « fiche réflexe » print on one page
each; with JavaScript off, no button that would do nothing. Pages counted in
Playwright's page.pdf(format="A4") with print media; axe-core; nothing
requested off the site.

Expected values come from the Python package under CPython (gammaflow.assistant,
gammaflow.lrn, gammaflow.runtime), never retyped.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

from gammaflow import lrn_register, runtime
from gammaflow.assistant import Assistant
from gammaflow.runtime import Chart
from sitefixtures import ARTIFACTS, format_violations, new_recorded_page, normalize_text, run_axe

pytestmark = pytest.mark.browser

READY = 120_000  # ms: an upper bound for Pyodide on a loaded machine, not a target
REGISTER_KEY = "gammaflow:lrn-register:v1"
DOCUMENT_KEY = "gammaflow:document-secours"
REGISTER = [{"number": "SEC20260041", "date": "2026-11-27", "time": "10:00", "movement": "", "reason": "", "entered": ""}]
# A document already in progress, saved by the previous version of the page (products as one text).
PREVIOUS = {
    "format": "gammaflow-document-secours", "version": 1,
    "fields": {"lrn": "SEC20260040", "expediteur_nom": "Chais Exemple SARL", "destinataire_nom": "Weinhandel Beispiel GmbH", "produits": "Vin rouge\nBière"},
    "checklist": {"copie": {"done": True, "date": "2026-11-26", "detail": "Courriel"}},
}
# Stored once, before the first page of the context runs (later loads keep what the pages stored).
SEED = f"""(() => {{
  if (location.protocol !== "http:") return;
  if (localStorage.getItem({json.dumps(REGISTER_KEY)}) === null)
    localStorage.setItem({json.dumps(REGISTER_KEY)}, {json.dumps(json.dumps({"version": 1, "rows": REGISTER}))});
  if (localStorage.getItem({json.dumps(DOCUMENT_KEY)}) === null)
    localStorage.setItem({json.dumps(DOCUMENT_KEY)}, {json.dumps(json.dumps(PREVIOUS))});
}})();"""
MARKED = ("motif", "date", "heure", "motif_date", "motif_heure", "lrn")


def printed(page: Any, name: str) -> tuple[int, str]:
    """The page printed to an A4 PDF (print media): its number of pages and its text, whitespace folded."""
    from pypdf import PdfReader

    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), normalize_text(" ".join(p.extract_text() or "" for p in reader.pages))


def assert_axe(page: Any, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name} :\n{format_violations(violations)}"


def assert_clean(traffic: Any) -> None:
    assert not traffic.off_host(), traffic.off_host()
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.bad_responses, traffic.bad_responses


def fallback_path(chart: Chart, motif_node: str) -> tuple[str, ...]:
    """The first path of the chart that reaches the fallback end through motif_node."""
    return next(p for p in chart.paths() if chart.walk(p).nodes[-2:] == (motif_node, "secours"))


def test_from_the_fallback_end_to_a_printed_document_with_a_registered_lrn(browser: Any, site_server: str, built_site: Any) -> None:
    """Sheet (one page, the register's last number) → assistant's fallback end (one page, result then path)
    → « Préparer le document de secours »: motif, dates and LRN filled and marked, the LRN registered, two
    pages at most with French dates in an English browser, the previous document brought back."""
    context, page, traffic = new_recorded_page(browser, site_server, locale="en-US")
    context.add_init_script(SEED)
    try:
        # The fiche réflexe: one page, with the register's last number.
        page.goto("fiche-reflexe.html")
        page.wait_for_function(f"() => document.querySelector('[data-register-last]').textContent === {json.dumps(REGISTER[-1]['number'])}")
        assert_axe(page, "fiche-reflexe.html")
        pages, text = printed(page, "fiche-reflexe.pdf")
        assert pages == 1, pages
        folded = text.casefold()
        assert REGISTER[-1]["number"] in text and "avant le mouvement" in folded and "dès le retour de gamma 2" in folded, text[:300]
        assert "Imprimer la fiche" not in text and "Mes contacts" in text

        # The assistant's fallback end by its longest path (the authorisation): the result, then the path, on one page.
        chart = Chart(built_site.assistant_data)
        longest = max((p for p in chart.paths() if chart.walk(p).current == "secours"), key=len)
        with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
            page.goto(f"assistant.html#chemin={'.'.join(longest)}")
        page.wait_for_selector('#assistant[data-mode="python"]', state="attached", timeout=READY)
        page.wait_for_function("() => document.querySelector('.assistant-recap-date').textContent.startsWith('Établi le')", timeout=30_000)
        assert page.locator(".assistant-recap-list > li").count() == len(longest)
        link = page.locator("#etape-secours .assistant-document-link")
        assert link.get_attribute("href") == Assistant(chart).view(chart.walk(longest))["document"]["href"] == "document-de-secours.html#motif=autorisation"
        pages, text = printed(page, "assistant-resultat.pdf")
        assert pages == 1, pages
        title = normalize_text(chart.nodes["secours"]["title"])
        assert title in text and "Récapitulatif" in text and text.index(title) < text.index("Récapitulatif"), text[:300]
        assert normalize_text(chart.nodes[chart.walk(longest).nodes[-2]]["title"]) in text  # the path's last step, at the end of the page
        assert "Préparer le document de secours" not in text and "Copier le récapitulatif" not in text

        # The fallback end through the météo: the link Python gives.
        answers = fallback_path(chart, "secours-autorise")
        expected = Assistant(chart).view(chart.walk(answers))["document"]
        assert expected is not None and expected["motif"] == "meteo", expected
        page.evaluate("(hash) => { location.hash = hash; }", f"chemin={'.'.join(answers)}")
        page.wait_for_function("(n) => document.querySelectorAll('.assistant-recap-list > li').length === n", arg=len(answers), timeout=30_000)
        assert link.is_visible() and link.get_attribute("href") == expected["href"]

        # « Préparer le document de secours »: the same visit (instant navigation), the same worker.
        started = dt.datetime.now()
        link.click()
        page.wait_for_url("**/document-de-secours.html*")
        page.wait_for_selector('[data-review-of="lrn"]', timeout=READY)
        assert page.evaluate("() => location.hash") == "", "l'adresse #motif= doit servir une seule fois"
        assert page.is_checked('#fallback-document-form input[name="motif"][value="meteo"]')
        for field in MARKED:
            assert page.locator(f'[data-review-of="{field}"]').is_visible(), field
        assert page.evaluate("() => document.activeElement.id") == "fallback-document-motif_reference"
        proposal = lrn_register.next_from_register(REGISTER, year=dt.date.today().year)
        assert page.input_value("#fallback-document-lrn") == proposal.value
        assert normalize_text(proposal.explanation) in normalize_text(page.inner_text(".fallback-document-register"))
        # A new document: the sender kept, the rest of the previous one not carried over, and it says so.
        assert page.input_value("#fallback-document-expediteur_nom") == PREVIOUS["fields"]["expediteur_nom"]
        assert page.input_value("#fallback-document-destinataire_nom") == "" and not page.is_checked("#fallback-document-check-copie")
        assert page.locator(".fallback-document-status [data-fallback-document-previous]").is_visible()
        assert_axe(page, "document-de-secours.html (rempli depuis l'assistant)")

        page.fill("#fallback-document-motif_reference", "Message de la météo des services, copie d'écran")
        page.locator('[data-review-of="motif"] .fallback-document-confirm').click()
        assert page.locator('[data-review-of="motif"]').count() == 0
        page.locator(".fallback-document-register [data-fallback-document-assign]").click()
        page.wait_for_function("() => !document.querySelector('[data-review-of=\"lrn\"]')", timeout=30_000)
        rows = json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(REGISTER_KEY)})"))["rows"]
        assert [row["number"] for row in rows] == [REGISTER[0]["number"], proposal.value], rows
        took = (dt.datetime.now() - started).total_seconds()

        # Printed: two A4 pages at most, dates and times the French way in an English browser, no widget.
        page.wait_for_selector('#fallback-document-section-identification .fallback-document-field[data-print="french"]', state="attached", timeout=30_000)
        date, hour = page.input_value("#fallback-document-date"), page.input_value("#fallback-document-heure")
        pages, text = printed(page, "document-de-secours-assistant.pdf")
        assert 1 <= pages <= 2, pages
        assert proposal.value in text and "Visa du bureau" in text and "Signature de l’expéditeur" in text
        assert runtime.french_day(date) in text and normalize_text(runtime.french_time(hour)) in text, text[:400]
        assert date not in text and "mm/dd/yyyy" not in text.casefold()
        assert "à vérifier" not in text.casefold() and "Inscrire ce numéro" not in text
        assert took < 60, f"du bout de l'assistant au document prêt à imprimer : {took:.0f} s"

        # An empty register: said so, with the way to the register, and no number made up.
        page.evaluate(f"() => localStorage.setItem({json.dumps(REGISTER_KEY)}, JSON.stringify({{version: 1, rows: []}}))")
        page.click('[data-fallback-document="fromRegister"]')
        empty = lrn_register.next_from_register([], year=dt.date.today().year)
        page.wait_for_function("(text) => document.querySelector('.fallback-document-register').textContent.includes(text)", arg=empty.explanation[:40], timeout=30_000)
        assert empty.value is None and page.input_value("#fallback-document-lrn") == proposal.value
        assert page.locator('.fallback-document-register a[href$="numero-lrn.html#registre"]').is_visible()

        # The document that was in progress comes back, its products read into the table.
        page.locator(".fallback-document-status [data-fallback-document-previous]").click()
        assert page.input_value("#fallback-document-destinataire_nom") == PREVIOUS["fields"]["destinataire_nom"]
        descriptions = page.locator('#fallback-document-section-produits [data-col="description"]').evaluate_all("(inputs) => inputs.map((i) => i.value)")
        assert descriptions[:3] == ["Vin rouge", "Bière", ""], descriptions
        assert_clean(traffic)
        assert len([url for url in traffic.workers if url.endswith("/assets/js/python-worker.mjs")]) == 1
    finally:
        context.close()


def test_without_javascript_no_dead_button_and_each_page_prints(browser: Any, site_server: str) -> None:
    """JavaScript off: the document, the sheet and the assistant's fallback end show no button (they would do
    nothing) but say how to print; the sheet prints on one page with a line for the last number, the document on two at most."""
    context, page, traffic = new_recorded_page(browser, site_server, javascript=False)
    try:
        for name in ("document-de-secours.html", "fiche-reflexe.html", "assistant.html#etape-secours"):
            page.goto(name)
            visible = [b.inner_text() for b in page.locator("article button, article [role=button], article label.md-button").all() if b.is_visible()]
            assert not visible, f"{name} : boutons sans effet sans JavaScript : {visible}"
            if name.startswith("document"):
                assert page.locator(".fallback-document-nojs").is_visible() and "Ctrl+P" in page.inner_text(".fallback-document-nojs")
                pages, text = printed(page, "document-de-secours-sans-js.pdf")
                assert 1 <= pages <= 2 and "JavaScript" not in text, pages
            elif name.startswith("fiche"):
                assert page.locator(".fr-nojs").is_visible()
                assert "à écrire à la main" in normalize_text(page.inner_text(".fr-last"))
                pages, text = printed(page, "fiche-reflexe-sans-js.pdf")
                assert pages == 1, pages
            else:
                link = page.locator("#etape-secours .assistant-document-link")
                assert link.is_visible() and link.get_attribute("href") == "document-de-secours.html"
        assert_clean(traffic)
    finally:
        context.close()
