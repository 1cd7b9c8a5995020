"""The fallback kit in Chromium: the LRN helper (page « Numéro LRN »,
gammaflow.lrn under Pyodide in the site's one Python worker,
python-worker.mjs, shared with the assistant) and the fallback document
(page « Document de secours »): print to PDF (A4, at most two pages, the LRN
in it), save to a file and load it back, a damaged file refused, axe-core,
nothing requested off the site; one Pyodide for a whole visit, a number
submitted while Python loads kept and answered, a failed load with its cause
and « Réessayer ».

Expected findings come from gammaflow.lrn under CPython.

This module stays whole: the helper and the document share one Python worker
per visit, and their tests share its helpers and fixtures.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from gammaflow import lrn
from sitefixtures import ARTIFACTS, format_violations, normalize_text, run_axe

pytestmark = pytest.mark.browser

READY = 120_000  # ms: an upper bound for Pyodide on a loaded machine, not a target
HELPER = "numero-lrn.html"
DOCUMENT = "document-de-secours.html"
PYTHON = '#lrn-helper[data-mode="python"]'
WASM = "**/assets/pyodide/pyodide.asm.wasm"
READY_STATUS = "Vérificateur prêt : les numéros sont vérifiés dans votre navigateur, rien n’est envoyé."
# A request made while Python loads (lrn.mjs: describe(state, "le vérificateur") and TEXT.queued).
QUEUED = re.compile(
    r"Chargement de Python pour le vérificateur( \(\d+,\d Mo( sur \d+,\d Mo)?\))?… "
    r"Votre demande est gardée : elle sera traitée dès que Python sera prêt\."
)

FORM = {
    "lrn": "SEC2026-0042",
    "date": "2026-11-27",
    "heure": "10:45",
    "motif_reference": "Ticket SAU 123456",
    "motif_date": "2026-11-27",
    "expediteur_nom": "Chais Exemple SARL",
    "expediteur_numero": "FR0000000X0000",
    "expediteur_adresse": "1 rue des Vignes\n33000 Bordeaux",
    "destinataire_nom": "Weinhandel Beispiel GmbH",
    "destinataire_adresse": "Hauptstraße 1\n10115 Berlin (DE)",
    "lieu_expedition": "Chai de Bordeaux",
    "lieu_livraison": "Entrepôt de Berlin",
    "transport_mode": "Route",
    "transport_details": "Camion AB-123-CD",
    "date_expedition": "2026-11-28",
}
# The products table's first line (data/fallback-document.yaml, field « produits »).
PRODUCT = {"code_nc": "2204 21", "description": "Vin rouge, 600 bouteilles de 0,75 l", "quantite": "450 l", "titre": "13 % vol"}

READ_FORM = """() => {
  const fields = {};
  for (const el of document.querySelectorAll('#fallback-document-form [data-field]')) {
    const id = el.dataset.field;
    if (el.dataset.type === 'box') continue;  // filled in by hand on paper
    fields[id] = el.dataset.type === 'choice' ? (el.querySelector('input:checked')?.value ?? '')
      : el.dataset.type === 'lines' ? [...el.querySelectorAll('tr[data-row]')].map((row) => Object.fromEntries(
          [...row.querySelectorAll('[data-col]')].map((input) => [input.dataset.col, input.value])))
      : el.value;
  }
  const checklist = {};
  for (const item of document.querySelectorAll('#fallback-document-form [data-check]')) {
    checklist[item.dataset.check] = {
      done: item.querySelector('[data-part=done]').checked,
      date: item.querySelector('[data-part=date]').value,
      detail: item.querySelector('[data-part=detail]').value,
    };
  }
  return {fields, checklist};
}"""


def assert_clean(page: Any) -> None:
    traffic = page.traffic
    assert not traffic.off_host(), traffic.off_host()
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.bad_responses, traffic.bad_responses


def record_uncaught(page: Any) -> list[str]:
    """The stacks of the page's uncaught exceptions (page.traffic keeps their message only)."""
    stacks: list[str] = []
    page.on("pageerror", lambda error: stacks.append(error.stack or error.message))
    return stacks


def assert_clean_but_pyodide(page: Any, stacks: list[str]) -> None:
    """assert_clean, except for the rejected promise Pyodide leaves behind when its
    .wasm is cut off (its own frames, in assets/pyodide/, are on the stack); our scripts must leave none."""
    traffic = page.traffic
    assert not traffic.off_host(), traffic.off_host()
    assert not traffic.bad_responses, traffic.bad_responses
    assert all("/assets/pyodide/" in stack for stack in stacks), stacks
    others = [error for error in traffic.console_errors if not error.startswith("exception non rattrapée : ")]
    assert not others, others
    assert len(traffic.console_errors) - len(others) == len(stacks), (traffic.console_errors, stacks)


def assert_no_axe_violations(page: Any, name: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{name} :\n{format_violations(violations)}"


def findings_text(page: Any, selector: str) -> list[str]:
    return page.locator(f"{selector} li").all_inner_texts()


def submit(page: Any, form: str) -> None:
    page.locator(f"{form} button[type=submit]").click()


def menu_link(page: Any, name: str) -> Any:
    """The link to a page in the site's own menu (instant navigation makes its href absolute)."""
    return page.locator(f'.md-nav--primary a.md-nav__link[href$="/{name}"], .md-nav--primary a.md-nav__link[href="{name}"]').first


def python_workers(page: Any) -> list[str]:
    return [url for url in page.traffic.workers if url.endswith("/assets/js/python-worker.mjs")]


# ---------------------------------------------------------------- LRN helper

def test_the_helper_checks_numbers_with_python(page: Any) -> None:
    page.goto(HELPER)
    page.wait_for_selector(PYTHON, timeout=READY)
    assert normalize_text(page.locator(".lrn-status").inner_text()) == READY_STATUS
    assert not page.is_visible(".lrn-retry-line")

    # One LRN with a space: advice (« Conseil »), a warning with its position and its source, politely.
    page.fill("#lrn-one", "SEC 20260003")
    submit(page, "#lrn-check-form")
    result = page.locator("#lrn-one-result")
    result.locator("li").first.wait_for()
    expected = lrn.check("SEC 20260003")
    items = findings_text(page, "#lrn-one-result")
    assert len(items) == len(expected) == 1
    assert items[0].startswith("Conseil — Avertissement (position 4)")
    assert expected[0].source in items[0] and "interdit" not in items[0].lower()
    assert result.get_attribute("role") == "status"

    # One LRN too long: the chart's rule (« Règle »), an error with its position and its source, as an alert.
    page.fill("#lrn-one", "SEC2026000000000000001X")
    submit(page, "#lrn-check-form")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'error'")
    expected = lrn.check("SEC2026000000000000001X")
    items = findings_text(page, "#lrn-one-result")
    assert len(items) == len(expected) == 1
    assert items[0].startswith("Règle — Erreur (position 23)")
    assert expected[0].source in items[0]
    assert result.get_attribute("role") == "alert"

    # A good one: no finding, a polite status.
    page.fill("#lrn-one", "SEC20260001")
    submit(page, "#lrn-check-form")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'ok'")
    assert result.get_attribute("role") == "status"
    assert "Aucune remarque" in result.inner_text()

    # The next number, this year and when a new year starts.
    page.fill("#lrn-last", "SEC2026-0041")
    page.fill("#lrn-year", "2026")
    submit(page, "#lrn-next-form")
    value = page.locator("#lrn-next-result .lrn-next-value")
    value.wait_for()
    assert value.inner_text() == lrn.next_number("SEC2026-0041", year=2026).value == "SEC2026-0042"
    page.fill("#lrn-year", "2027")
    submit(page, "#lrn-next-form")
    page.wait_for_function("() => document.querySelector('#lrn-next-result .lrn-next-value')?.textContent === 'SEC2027-0001'")
    assert "nouvelle série" in page.locator("#lrn-next-result").inner_text()

    # A series: each finding with its line.
    series = "SEC20260001\nSEC20260003\nSEC20260003\nSEC 20260004"
    page.fill("#lrn-series", series)
    submit(page, "#lrn-series-form")
    page.locator("#lrn-series-result li").first.wait_for()
    items = findings_text(page, "#lrn-series-result")
    expected = lrn.check_series(series)
    assert len(items) == len(expected) > 0
    for item, finding in zip(items, expected):
        assert f"ligne {finding.line}" in item.split(":")[0], (item, finding)
    assert {finding.rule for finding in expected} >= {"doublon", "lacune", "espace"}

    assert_no_axe_violations(page, HELPER)
    assert_clean(page)
    assert len(python_workers(page)) == 1


def test_the_helper_reads_a_file_keeps_inputs_and_clears_them(page: Any) -> None:
    page.goto(HELPER)
    page.wait_for_selector(PYTHON, timeout=READY)
    page.set_input_files("#lrn-series-file", files=[{
        "name": "registre.csv", "mimeType": "text/csv",
        "buffer": "SEC1;27/11/2026\nSEC2;28/11/2026\nSEC2;28/11/2026\n".encode(),
    }])
    page.wait_for_function("() => document.querySelector('#lrn-series').value.startsWith('SEC1\\nSEC2\\nSEC2')")
    page.locator("#lrn-series-result li").first.wait_for()
    assert any("ligne 3" in item for item in findings_text(page, "#lrn-series-result"))
    page.fill("#lrn-one", "ABC123")

    page.reload()
    page.wait_for_selector(PYTHON, timeout=READY)
    assert page.input_value("#lrn-one") == "ABC123"
    assert page.input_value("#lrn-series").startswith("SEC1\nSEC2")

    page.click("[data-clear]")
    assert page.input_value("#lrn-one") == "" and page.input_value("#lrn-series") == ""
    assert page.evaluate("() => localStorage.getItem('gammaflow:lrn')") is None
    page.reload()
    assert page.input_value("#lrn-one") == ""
    assert_clean(page)


def test_one_worker_across_instant_navigation(page: Any) -> None:
    """Procedure → « Numéro LRN » → « Document de secours » → back, by the footer's
    links (instant navigation, no reload): each page mounts, one worker in all."""
    page.goto("procedure-de-secours.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.__pasRecharge = true; }")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(f"**/{HELPER}")
    page.wait_for_selector(PYTHON, timeout=READY)
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(f"**/{DOCUMENT}")
    page.wait_for_selector('#document-secours [data-lrn-check][data-mode="python"]', timeout=READY)
    page.fill("#fallback-document-lrn", "SEC20260001")
    page.click("[data-lrn-go]")
    page.wait_for_function("() => document.querySelector('[data-lrn-result]').dataset.state === 'ok'")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(f"**/{HELPER}")
    page.wait_for_selector(PYTHON, timeout=READY)
    page.fill("#lrn-one", "SEC\u00a01")
    submit(page, "#lrn-check-form")
    page.locator("#lrn-one-result li").first.wait_for()
    assert page.evaluate("() => window.__pasRecharge === true"), "la page a été rechargée"
    assert len(python_workers(page)) == 1
    assert_clean(page)


def test_one_pyodide_for_the_assistant_the_helper_and_the_document(page: Any, built_site: Any) -> None:
    """Assistant → « Numéro LRN » → « Document de secours » by the site's menu (instant navigation), each tool answering with Python: one pyodide.asm.wasm and one worker for the whole visit."""
    assert built_site.site_url, "le site doit être construit avec SITE_URL : sans elle, pas de navigation instantanée"
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    # mkdocs-material takes links over once it has read the sitemap.
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
        page.goto("assistant.html")
    page.evaluate("() => { window.__memeDocument = true; }")

    # The assistant, in Python mode, answers.
    page.wait_for_selector('#assistant[data-mode="python"]', state="attached", timeout=READY)
    page.click('#etape-debut .assistant-choice[data-key="suite"]')
    page.wait_for_function(
        "() => location.hash === '#chemin=suite' && document.getElementById('etape-diagnostic').classList.contains('is-current')",
        timeout=30_000,
    )

    # The LRN helper checks a number.
    menu_link(page, HELPER).click()
    page.wait_for_url(f"**/{HELPER}")
    page.wait_for_selector(PYTHON, timeout=READY)
    page.fill("#lrn-one", "SEC 20260003")
    submit(page, "#lrn-check-form")
    page.locator("#lrn-one-result li").first.wait_for(timeout=30_000)
    assert findings_text(page, "#lrn-one-result")[0].startswith("Conseil — Avertissement (position 4)")

    # The fallback document's LRN field checks its number.
    menu_link(page, DOCUMENT).click()
    page.wait_for_url(f"**/{DOCUMENT}")
    page.wait_for_selector('#document-secours [data-lrn-check][data-mode="python"]', timeout=READY)
    page.fill("#fallback-document-lrn", "SEC2026000000000000001X")
    page.click("[data-lrn-go]")
    page.locator("[data-lrn-result] li").first.wait_for(timeout=30_000)
    assert page.locator("[data-lrn-result] li").first.inner_text().startswith("Règle — Erreur (position 23)")

    assert page.evaluate("() => window.__memeDocument === true"), "une page a été rechargée : la navigation instantanée n'a pas servi"
    wasm = [url for url in page.traffic.requests if url.endswith("/assets/pyodide/pyodide.asm.wasm")]
    assert len(wasm) == 1, wasm
    # mkdocs-material's search worker aside, one worker: the site's Python.
    ours = [url for url in workers if "/workers/search" not in url]
    assert len(ours) == 1 and ours[0].endswith("/assets/js/python-worker.mjs"), workers
    assert_clean(page)


def test_a_number_submitted_while_python_loads_is_kept_and_answered(page: Any) -> None:
    """A number submitted before Python is ready (pyodide.asm.wasm held back) is kept, the result says so, and it is answered once Python is ready."""
    held: list[Any] = []
    page.context.route(WASM, lambda route: held.append(route))
    page.goto(HELPER)
    page.locator("#lrn-check-form").wait_for()
    # The buttons work as soon as the page's script runs, Python or not.
    page.wait_for_selector("#lrn-helper[data-mounted]", state="attached", timeout=10_000)
    assert page.get_attribute("#lrn-helper", "data-mode") in ("static", "loading")
    assert all(button.is_enabled() for button in page.locator("#lrn-helper button[data-needs-python]").all())
    page.fill("#lrn-one", "SEC 20260003")
    submit(page, "#lrn-check-form")
    result = page.locator("#lrn-one-result")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').textContent.includes('gardée')", timeout=10_000)
    assert QUEUED.fullmatch(normalize_text(result.inner_text())), result.inner_text()
    assert result.get_attribute("role") == "status"
    assert page.get_attribute("#lrn-helper", "data-mode") == "loading"
    assert result.locator("li").count() == 0
    # Python cannot have been ready before the submit: its .wasm is held until now.
    waited = 0
    while not held:
        assert waited < 60_000, "Pyodide n'a pas demandé son .wasm"
        page.wait_for_timeout(50)  # lets Playwright dispatch the route; bounded above
        waited += 50
    assert QUEUED.fullmatch(normalize_text(result.inner_text())), result.inner_text()
    for route in held:
        route.continue_()
    page.context.unroute(WASM)

    result.locator("li").first.wait_for(timeout=READY)
    expected = lrn.check("SEC 20260003")
    items = findings_text(page, "#lrn-one-result")
    assert len(items) == len(expected) == 1
    assert items[0].startswith("Conseil — Avertissement (position 4)") and expected[0].source in items[0], items
    assert "gardée" not in result.inner_text()
    assert normalize_text(page.locator(".lrn-status").inner_text()) == READY_STATUS
    assert_clean(page)


def test_a_failed_load_says_its_cause_and_reessayer_brings_the_checker(page: Any, python_causes: dict[str, str]) -> None:
    """pyodide.asm.wasm cut off: the helper names a missing or damaged file and offers « Réessayer », which, with the file back, brings the checker."""
    uncaught = record_uncaught(page)
    page.context.route(WASM, lambda route: route.abort())
    page.goto(HELPER)
    page.wait_for_selector('#lrn-helper[data-mode="fallback"]', timeout=60_000)
    told = normalize_text(page.locator(".lrn-status").inner_text())
    heads = [f"Python n’a pas pu se charger pour le vérificateur : {python_causes[cause]}." for cause in ("missing", "damaged")]
    assert any(told.startswith(head) for head in heads), told
    assert told.endswith("Les règles ci-dessus restent valables."), told
    retry = page.locator(".lrn-retry")
    assert retry.is_visible() and retry.inner_text().strip() == "Réessayer de charger Python"
    # A check asked for now fails aloud, with the cause.
    page.fill("#lrn-one", "SEC20260001")
    submit(page, "#lrn-check-form")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'error'", timeout=10_000)
    failed = normalize_text(page.locator("#lrn-one-result").inner_text())
    assert failed.startswith("La vérification a échoué :") and any(python_causes[c] in failed for c in ("missing", "damaged")), failed

    page.context.unroute(WASM)
    retry.click()
    # The button hides as Python starts again; the reader's focus stays on the status, not lost to the page.
    assert page.evaluate("document.activeElement.classList.contains('lrn-status')")
    page.wait_for_selector(PYTHON, timeout=READY)
    assert normalize_text(page.locator(".lrn-status").inner_text()) == READY_STATUS
    assert not page.is_visible(".lrn-retry-line")
    submit(page, "#lrn-check-form")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'ok'", timeout=30_000)
    assert "Aucune remarque" in page.locator("#lrn-one-result").inner_text()
    assert_clean_but_pyodide(page, uncaught)


# ---------------------------------------------------------------- the fallback document

def fill_form(page: Any) -> None:
    for field_id, value in FORM.items():
        page.fill(f"#fallback-document-{field_id}", value)
    for column, value in PRODUCT.items():
        page.fill(f'#fallback-document-section-produits tr[data-row="1"] [data-col="{column}"]', value)
    page.check("#fallback-document-form input[name=motif][value=autorisation]")
    page.check("#fallback-document-check-copie")
    page.fill("#fallback-document-check-copie-detail", "Courriel au service gestionnaire")


def pdf_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def test_the_document_prints_on_at_most_two_a4_pages(page: Any) -> None:
    page.goto(DOCUMENT)
    empty_pages, empty_text = pdf_text(page.pdf(format="A4"))
    assert 1 <= empty_pages <= 2
    assert "Modèle indicatif" in empty_text and "Régularisation" in empty_text
    assert "Imprimer" not in empty_text  # the buttons stay on screen

    fill_form(page)
    pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "document-de-secours.pdf").write_bytes(pdf)
    pages, text = pdf_text(pdf)
    assert 1 <= pages <= 2, pages
    assert FORM["lrn"] in text
    assert FORM["expediteur_nom"] in text
    assert PRODUCT["description"] in normalize_text(text)  # written in full, wrapped in its cell
    assert_clean(page)


def test_save_reload_and_load_back(page: Any, tmp_path: Path) -> None:
    page.goto(DOCUMENT)
    page.wait_for_selector("#document-secours[data-mounted]")
    fill_form(page)
    filled = page.evaluate(READ_FORM)
    assert filled["fields"]["lrn"] == FORM["lrn"]
    assert filled["checklist"]["copie"]["done"] and filled["checklist"]["copie"]["date"]  # dated when ticked

    with page.expect_download() as info:
        page.click("[data-fallback-document=save]")
    download = info.value
    assert download.suggested_filename == f"document-de-secours-{FORM['lrn']}.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "gammaflow-document-secours" and data["version"] == int(page.get_attribute("#document-secours", "data-format")) == 2
    assert data["fields"]["produits"][0] == {**dict.fromkeys(data["fields"]["produits"][0], ""), **PRODUCT}
    assert data["fields"] == filled["fields"] and data["checklist"] == filled["checklist"]

    # Kept on reload (local storage); then a fresh browser state: empty.
    page.reload()
    page.wait_for_selector("#document-secours[data-mounted]")
    assert page.evaluate(READ_FORM) == filled
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.wait_for_selector("#document-secours[data-mounted]")
    assert page.evaluate(READ_FORM)["fields"]["lrn"] == ""

    page.set_input_files("#fallback-document-file", str(saved))
    page.wait_for_function("() => document.querySelector('.fallback-document-status').textContent.includes('chargé')")
    assert page.evaluate(READ_FORM) == filled

    # Damaged, foreign or tampered files: a clear message, nothing lost.
    bad_files = {
        "abime.json": saved.read_bytes()[:40],
        "autre.json": b'{"name": "un autre logiciel", "fields": {}}',
        "liste.json": b"[1, 2, 3]",
        "type.json": json.dumps({**data, "fields": {**data["fields"], "lrn": 42}}).encode(),
        "inconnu.json": json.dumps({**data, "fields": {"pirate": "<img src=x onerror=alert(1)>"}}).encode(),
        "date.json": json.dumps({**data, "fields": {**data["fields"], "date": "hier"}}).encode(),
        "version.json": json.dumps({**data, "version": 99}).encode(),
    }
    for name, content in bad_files.items():
        page.set_input_files("#fallback-document-file", files=[{"name": name, "mimeType": "application/json", "buffer": content}])
        alert = page.locator(".fallback-document-alert[role=alert]")
        page.wait_for_function(
            "(name) => document.querySelector('.fallback-document-alert').textContent.includes(name)", arg=name,
        )
        message = alert.inner_text()
        assert "n’a pas été chargé" in message and "Le formulaire n’a pas changé" in message, message
        assert page.evaluate(READ_FORM) == filled, name
    assert page.locator("img[src=x]").count() == 0

    assert_no_axe_violations(page, DOCUMENT)
    assert_clean(page)


def tab_to(page: Any, selector: str, *, back: bool = False, limit: int = 80) -> None:
    """Tab (or Maj+Tab) until the focus is on selector; fails after limit presses."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} jamais atteint au clavier")


def test_the_helper_and_the_document_by_keyboard_alone(page: Any, tmp_path: Path, assert_focus_visible: Any) -> None:
    """Without a mouse: the LRN helper checks a number, proposes the next one and checks a series; the fallback
    document is filled (a text field, a choice by the arrows), saved and loaded back from its file; the focus
    is visible on every control used."""
    page.goto(HELPER)
    page.wait_for_selector(PYTHON, timeout=READY)
    tab_to(page, "#lrn-one")
    assert_focus_visible(page, "Numéro LRN")
    page.keyboard.type("SEC2026000000000000001X")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#lrn-one-result').dataset.state === 'error'")
    assert findings_text(page, "#lrn-one-result")[0].startswith("Règle — Erreur (position 23)")
    assert_focus_visible(page, "après « Vérifier »")
    tab_to(page, "#lrn-last")
    page.keyboard.type("SEC2026-0041")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lrn-year"
    page.keyboard.type("2026")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#lrn-next-result .lrn-next-value')?.textContent === 'SEC2026-0042'")
    tab_to(page, "#lrn-series")
    page.keyboard.type("SEC20260001\nSEC20260003")
    tab_to(page, "#lrn-series-form button[type=submit]")
    assert_focus_visible(page, "« Vérifier la série »")
    page.keyboard.press("Enter")
    page.locator("#lrn-series-result li").first.wait_for()
    assert any("lacune" in item or "manqu" in item for item in findings_text(page, "#lrn-series-result")), findings_text(page, "#lrn-series-result")

    # Playwright starts intercepting file choosers with its first listener, without waiting:
    # one listener now, so that the key pressed below cannot beat it.
    page.on("filechooser", lambda chooser: None)
    page.goto(DOCUMENT)
    page.wait_for_selector("#document-secours[data-mounted]")
    tab_to(page, "#fallback-document-lrn")
    assert_focus_visible(page, "numéro LRN du document")
    page.keyboard.type(FORM["lrn"])
    tab_to(page, "#fallback-document-form input[name=motif]")
    assert_focus_visible(page, "motif")
    page.keyboard.press("ArrowDown")  # the second motif, chosen with the arrows
    assert page.evaluate("document.querySelector('#fallback-document-form input[name=motif]:checked')?.value") == "autorisation"
    filled = page.evaluate(READ_FORM)
    assert filled["fields"]["lrn"] == FORM["lrn"] and filled["fields"]["motif"] == "autorisation"
    tab_to(page, "[data-fallback-document=save]", back=True)
    assert_focus_visible(page, "« Enregistrer dans un fichier »")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    # Change the number, then load the file back: the file input, drawn by its label, shows the focus.
    tab_to(page, "#fallback-document-lrn")
    page.keyboard.press("Control+A")
    page.keyboard.type("SEC2026-9999")
    tab_to(page, "#fallback-document-file", back=True)
    assert_focus_visible(page, "« Charger un fichier »")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(saved))
    page.wait_for_function("() => document.querySelector('.fallback-document-status').textContent.includes('chargé')")
    assert page.evaluate(READ_FORM) == filled
    assert_focus_visible(page, "après le chargement")
    assert_clean(page)


def test_the_document_page_passes_axe_in_python_mode(page: Any) -> None:
    page.goto(DOCUMENT)
    page.wait_for_selector('#document-secours [data-lrn-check][data-mode="python"]', timeout=READY)
    page.fill("#fallback-document-lrn", "SEC2026000000000000001X")
    page.click("[data-lrn-go]")
    page.locator("[data-lrn-result] li").first.wait_for()
    assert page.locator("[data-lrn-result]").get_attribute("role") == "alert"
    assert page.locator("[data-lrn-result] li").first.inner_text().startswith("Règle — Erreur")
    assert_no_axe_violations(page, DOCUMENT)
    assert_clean(page)


def test_the_document_works_from_a_shared_folder(page: Any, built_site: Any, tmp_path: Path) -> None:
    """file:// (a shared folder): the form is kept, saved and loaded back; the
    LRN check says it needs a web server (its module does not run there)."""
    page.goto((built_site.path / DOCUMENT).as_uri())
    page.wait_for_selector("#document-secours[data-mounted]")
    page.fill("#fallback-document-lrn", "SEC20260007")
    page.reload()
    page.wait_for_selector("#document-secours[data-mounted]")
    assert page.input_value("#fallback-document-lrn") == "SEC20260007"
    with page.expect_download() as info:
        page.click("[data-fallback-document=save]")
    saved = tmp_path / "sauvegarde.json"
    info.value.save_as(saved)
    page.fill("#fallback-document-lrn", "")
    page.set_input_files("#fallback-document-file", str(saved))
    page.wait_for_function("() => document.querySelector('#fallback-document-lrn').value === 'SEC20260007'")
    page.goto((built_site.path / HELPER).as_uri())
    assert "serveur web" in page.locator(".lrn-status").inner_text()
