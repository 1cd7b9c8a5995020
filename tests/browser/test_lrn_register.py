"""The register of the numbers attributed (page « Numéro LRN », #lrn-register) in Chromium: rows kept in
local storage, shown, checked as a series, the next number attributed in one click, edited, removed,
exported and imported as CSV by gammaflow.lrn under Pyodide (the site's one Python worker). Clicks made
while Python loads wait for it and say so; a damaged file changes nothing. Expected values come from
gammaflow.lrn under CPython.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gammaflow import lrn_register
from sitefixtures import format_violations, normalize_text, run_axe

pytestmark = pytest.mark.browser

READY = 120_000  # ms: an upper bound for Pyodide on a loaded machine, not a target
PAGE = "numero-lrn.html"
WASM = "**/assets/pyodide/pyodide.asm.wasm"
REGISTER = '#lrn-register[data-mode="python"]'
KEY = "gammaflow:lrn-register:v1"
HEADER = (
    "Numéro LRN;Date d’attribution;Heure d’attribution;Mouvement (destinataire, produits);"
    "Motif du recours à la procédure de secours;Date de saisie dans GAMMA 2"
)
GOOD = "\ufeff" + "\r\n".join([
    HEADER,
    'SEC2026-0001;27/11/2026;09:15;"Weinhandel GmbH; Berlin\n600 bouteilles";Panne GAMMA 2;28/11/2026',
    "SEC2026-0002;27/11/2026;10:00;'=1+1;\"Ticket \"\"SAU\"\" 123\";",
    "SEC2026-0004;28/11/2026;8:05;;;",
]) + "\r\n"
DAMAGED = "\r\n".join([
    HEADER,
    "SEC2026-0009;31/02/2026;09:15;;;",
    "SEC2026-0010;27/11/2026;09:15;;",
    "SEC2026-0011;27/11/2026;09:15;;;",
]) + "\r\n"
# A click made while Python loads (lrn.mjs: describe(state, "le registre") and TEXT.queued).
QUEUED = re.compile(
    r"Chargement de Python pour le registre( \(\d+,\d Mo( sur \d+,\d Mo)?\))?… "
    r"Votre demande est gardée : elle sera traitée dès que Python sera prêt\."
)


def stored(page: Any) -> list[lrn_register.RegisterRow]:
    data = json.loads(page.evaluate(f"() => localStorage.getItem({KEY!r})"))
    assert data["version"] == 1
    return lrn_register.register_rows(data["rows"])


def table(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#lrn-register-rows tr", "rows => rows.map(r => [...r.cells].slice(0, -1).map(c => c.innerText))"
    )


def shown(rows: list[lrn_register.RegisterRow]) -> list[list[str]]:
    """The table as gammaflow.lrn shows the rows: line, number, date and time, movement, reason, entered."""
    lines = []
    for line, row in enumerate(rows, 1):
        view = row.shown()
        when = view["date"] + (f"\n{view['time']}" if view["time"] else "")
        lines.append([str(line), row.number, when, row.movement, row.reason, view["entered"]])
    return lines


def upload(page: Any, name: str, text: str) -> None:
    page.set_input_files("#lrn-import-file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def assert_clean(page: Any) -> None:
    traffic = page.traffic
    assert not traffic.off_host(), traffic.off_host()
    assert not traffic.console_errors, traffic.console_errors
    assert not traffic.bad_responses, traffic.bad_responses


def test_the_register_attributes_checks_exports_and_imports(page: Any, tmp_path: Path) -> None:
    """Import and « Attribuer » clicked while Python loads wait for it; then the table, the series check, the next number,
    an edit, the export (read back), a damaged file (nothing changed), a re-import, a removal and a reload, as gammaflow.lrn says."""
    held: list[Any] = []
    page.context.route(WASM, lambda route: held.append(route))
    page.goto(PAGE)
    page.wait_for_selector("#lrn-register[data-mounted]", state="attached", timeout=10_000)
    assert page.is_visible("#lrn-register .lrn-register-body")
    year = page.evaluate("() => new Date().getFullYear()")

    # While Python loads: a good file, then « Attribuer le numéro suivant », both kept in order.
    upload(page, "registre.csv", GOOD)
    for output in ("#lrn-import-result", "#lrn-assign-result"):
        page.wait_for_function(f"() => document.querySelector({output!r}).textContent.includes('gardée')", timeout=10_000)
        assert QUEUED.fullmatch(normalize_text(page.inner_text(output))), page.inner_text(output)
        if output == "#lrn-import-result":
            page.click("#lrn-assign")  # once the file is read and its import queued
    assert page.get_attribute("#lrn-register", "data-mode") == "loading"
    waited = 0
    while not held:
        assert waited < 60_000, "Pyodide n'a pas demandé son .wasm"
        page.wait_for_timeout(50)  # lets Playwright dispatch the route; bounded above
        waited += 50
    for route in held:
        route.continue_()
    page.context.unroute(WASM)
    page.wait_for_selector(REGISTER, timeout=READY)
    page.wait_for_function("() => document.querySelectorAll('#lrn-register-rows tr').length === 4", timeout=READY)

    imported, errors = lrn_register.read_register_csv(GOOD)
    assert errors == [] and len(imported) == 3
    rows = stored(page)
    assert rows[:3] == imported
    expected = lrn_register.next_from_register(imported, year=year)
    assert rows[3].number == expected.value and (rows[3].movement, rows[3].reason, rows[3].entered) == ("", "", "")
    assert table(page) == shown(rows)
    assert "=1+1" in table(page)[1][3] and 'Ticket "SAU" 123' == table(page)[1][4]
    said = normalize_text(page.inner_text("#lrn-assign-result"))
    assert said.startswith(normalize_text(f"Numéro « {expected.value} » attribué le {rows[3].shown()['date']} à {rows[3].shown()['time']}, ligne 4"))
    assert normalize_text(page.inner_text("#lrn-import-result")) == normalize_text(
        lrn_register.RegisterImport(imported, [], 3, 0).message("registre.csv")
    )

    # The series check of the register and the next number proposed, as gammaflow.lrn gives them.
    findings = lrn_register.check_register(rows)
    items = page.locator("#lrn-register-view li").all_inner_texts()
    assert len(items) == len(findings) > 0
    for item, finding in zip(items, findings):
        assert f"ligne {finding.line}" in item.split(":")[0] and normalize_text(finding.message) in normalize_text(item)
    assert "lacune" in {finding.rule for finding in findings}
    assert page.inner_text("#lrn-register-next .lrn-next-value") == lrn_register.next_from_register(rows, year=year).value

    # The new row opened for its movement and reason; saved.
    assert page.is_visible("#lrn-edit-form") and page.evaluate("() => document.activeElement.id") == "lrn-edit-movement"
    page.fill("#lrn-edit-movement", "=cmd|' /C calc'!A0\nDestinataire X")
    page.fill("#lrn-edit-reason", "Indisponibilité affichée ; ticket 42")
    page.click("#lrn-edit-form button[type=submit]")
    page.wait_for_selector("#lrn-edit-form", state="hidden")
    rows = stored(page)
    assert rows[3].movement == "=cmd|' /C calc'!A0\nDestinataire X" and table(page) == shown(rows)

    # An entry date before the attribution is refused, with what was expected; nothing changes.
    page.click("#lrn-register-rows tr:nth-child(1) button[data-action=edit]")
    page.fill("#lrn-edit-entered", "2026-11-26")
    page.click("#lrn-edit-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#lrn-edit-result').dataset.state === 'error'")
    assert "antérieure à la date d’attribution" in page.inner_text("#lrn-edit-result")
    assert stored(page) == rows
    page.click("#lrn-edit-cancel")

    # Export: the file gammaflow.lrn writes (BOM, « ; », CRLF, formulas defused).
    with page.expect_download() as info:
        page.click("#lrn-export")
    download = info.value
    assert re.fullmatch(r"registre-lrn-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data == lrn_register.register_csv(rows).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode("utf-8") + b"\r\n")
    assert b";\"'=cmd|' /C calc'!A0\nDestinataire X\";" in data and b";'=1+1;" in data

    # A damaged file: every refused line listed, the register unchanged.
    before = page.evaluate(f"() => localStorage.getItem({KEY!r})")
    upload(page, "abime.csv", DAMAGED)
    page.wait_for_function("() => document.querySelector('#lrn-import-result').dataset.state === 'error'", timeout=30_000)
    _, errors = lrn_register.read_register_csv(DAMAGED)
    assert [normalize_text(e) for e in page.locator("#lrn-import-result li").all_inner_texts()] == [normalize_text(e) for e in errors]
    assert [e.split("\u00a0")[0] for e in errors] == ["ligne 2", "ligne 3"]
    assert page.get_attribute("#lrn-import-result", "role") == "alert"
    assert page.evaluate(f"() => localStorage.getItem({KEY!r})") == before and table(page) == shown(rows)

    # Its own export imported again: nothing added.
    page.set_input_files("#lrn-import-file", str(saved))
    page.wait_for_function("() => document.querySelector('#lrn-import-result').textContent.includes('aucun numéro ajouté')", timeout=30_000)
    assert stored(page) == rows

    # Removal asks first: refused, then accepted.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#lrn-register-rows tr:nth-child(2) button[data-action=remove]")
    assert stored(page) == rows
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#lrn-register-rows tr:nth-child(2) button[data-action=remove]")
    page.wait_for_function("() => document.querySelectorAll('#lrn-register-rows tr').length === 3", timeout=30_000)
    rows = [rows[0], *rows[2:]]
    assert stored(page) == rows

    # Kept across a reload; the page passes axe and asks nothing off the site.
    page.reload()
    page.wait_for_selector(REGISTER, timeout=READY)
    page.wait_for_function("() => document.querySelectorAll('#lrn-register-rows tr').length === 3", timeout=30_000)
    assert table(page) == shown(rows)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    assert_clean(page)


def test_without_javascript_the_register_says_what_it_needs(browser: Any, site_server: str) -> None:
    """With JavaScript off, the register's buttons stay hidden and its status line says it needs JavaScript and a web server."""
    context = browser.new_context(java_script_enabled=False, base_url=site_server, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(PAGE)
        assert not page.is_visible("#lrn-register .lrn-register-body")
        assert not page.locator("#lrn-register button:visible").count()
        status = normalize_text(page.inner_text("#lrn-register .lrn-register-status"))
        assert status.startswith("Le registre a besoin de JavaScript et que le site soit servi par un serveur web"), status
    finally:
        context.close()
