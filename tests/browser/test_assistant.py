"""The assistant page in Chromium: the static assistant (JavaScript off, and
before Python is ready) and the Python assistant (gammaflow.assistant under
Pyodide in the site's one Python worker, python-worker.mjs), walked path by
path, by mouse and by keyboard; what a reader is told while Python loads and
when it cannot, and « Réessayer ».

Expectations come from the same package under CPython (Chart and Assistant
over the site's own assistant.json). Waits are bounded so that a broken page
fails rather than hangs; nothing here measures speed (see benchmarks/assistant.py).

This module stays whole: its tests share the page's helpers (open_page,
walk_static, click_choice, the expected views) and each loads the page once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gammaflow.assistant import Assistant
from gammaflow.runtime import NOTICE_INVALID, NOTICE_PARTIAL, Chart
from sitefixtures import ASSISTANT_PAGE as PAGE
from sitefixtures import FALLBACK_MODE as FALLBACK
from sitefixtures import PYODIDE_READY_MS as READY
from sitefixtures import PYTHON_MODE as PYTHON
from sitefixtures import STATIC_NOTE, format_violations, new_recorded_page, normalize_text, run_axe

pytestmark = pytest.mark.browser

WASM = "**/assets/pyodide/pyodide.asm.wasm"
SNAPSHOT = "**/assets/pyodide/snapshot-*.bin.gz"
# The status line while Python loads (describe(state) in python.mjs: this page names no tool),
# with the megabytes received (and announced) once there are some; then, if it cannot load, the cause.
LOADING = re.compile(r"Chargement de Python( \(\d+,\d Mo( sur \d+,\d Mo)?\))?…")
FAILED = "Python n’a pas pu se charger : {}."


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def chart(built_site) -> Chart:
    return Chart(built_site.assistant_data)


@pytest.fixture
def open_page(browser, site_server) -> Iterator[Any]:
    """open_page(url="assistant.html", js=True, width=1280, height=800) → page, in a fresh
    context (its own cache) whose traffic is recorded (page.traffic)."""
    contexts = []

    def opener(url: str = PAGE, *, js: bool = True, width: int = 1280, height: int = 800, goto: bool = True, **options):
        if js and not options:
            context, page, _ = new_recorded_page(browser, site_server, width=width, height=height)
        else:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="fr-FR", base_url=site_server,
                java_script_enabled=js, **options,
            )
            page = context.new_page()
        contexts.append(context)
        if goto:
            page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def wait_python(page) -> None:
    page.wait_for_selector(PYTHON, state="attached", timeout=READY)


def wait_until(page, condition, what: str, timeout_ms: int = 60_000) -> None:
    """Let Playwright dispatch its events (routes, requests) until condition() holds; bounded."""
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise AssertionError(f"{what} : toujours pas après {timeout_ms} ms")
        page.wait_for_timeout(50)
        waited += 50


def status(page) -> str:
    return normalize_text(page.inner_text(".assistant-status"))


def shown_steps(page) -> list[str]:
    """The nodes whose step is displayed (exactly one when all is well)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.assistant-steps > .assistant-step')]
            .filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.dataset.node)"""
    )


def fragment(page) -> str:
    return page.evaluate("location.hash")


def expected_fragment(token: str, edit: int | None = None) -> str:
    if not token:
        return ""
    return f"#chemin={token}" + ("" if edit is None else f"&modifier={edit}")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def wait_focus_on_title(page, node: str) -> None:
    page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id", arg=f"etape-{node}-titre", timeout=30_000,
    )


def click_choice(page, node: str, key: str) -> None:
    page.click(f'#etape-{node} .assistant-choice[data-key="{key}"]')


def assert_python_step(page, chart: Chart, answers: tuple[str, ...]) -> None:
    """The page shows the walk's step, as the Python assistant draws it."""
    walk = chart.walk(answers)
    page.wait_for_function(
        """([node, hash, step]) => document.querySelector('#assistant').dataset.mode === 'python'
            && document.querySelector(`#etape-${node}`).classList.contains('is-current')
            && document.querySelector(`#etape-${node} .assistant-stepno`).textContent.startsWith(`Étape ${step} `)
            && location.hash === hash""",
        arg=[walk.current, expected_fragment(walk.token()), walk.step], timeout=30_000,
    )
    assert shown_steps(page) == [walk.current]
    assert page.text_content(f"#etape-{walk.current} .assistant-stepno").strip() == f"Étape {walk.step} ·"
    assert page.is_visible(".assistant-back") == bool(answers)
    assert page.is_visible(".assistant-restart-live")
    rows = page.locator(".assistant-recap-list > li")
    assert rows.count() == len(answers)
    for row, expected in zip(rows.all(), walk.summary()):
        text = " ".join(row.inner_text().split())
        assert text.startswith(f"Étape {expected['step']}"), text
        assert " ".join(expected["title"].split()) in text
        if expected["key"] != "suite":
            assert " ".join(expected["answer"].split()) in text


def walk_static(page, chart: Chart, answers: tuple[str, ...]) -> None:
    walk = chart.walk()
    assert shown_steps(page) == [chart.start]
    for key in answers:
        click_choice(page, walk.current, key)
        walk = walk.answer(key)
        assert fragment(page) == f"#etape-{walk.current}"
        assert shown_steps(page) == [walk.current]
    assert walk.is_end
    assert page.text_content(f"#etape-{walk.current} .assistant-kicker").strip().endswith("Résultat")


# ---------------------------------------------------------------- static mode

def test_every_path_by_clicks_with_javascript_off(open_page, chart):
    page = open_page(js=False)
    assert page.get_attribute("#assistant", "data-mode") == "static"
    for answers in chart.paths():
        walk_static(page, chart, answers)
        page.click(f"#etape-{chart.walk(answers).current} .assistant-restart")
        assert shown_steps(page) == [chart.start]
    # Nothing of the Python assistant shows without JavaScript.
    assert not page.is_visible(".assistant-live")
    assert not page.is_visible(".flow-diagram__tools")


def test_static_step_addresses_open_their_step_with_javascript_off(open_page, chart):
    page = open_page(js=False)
    for node in chart.nodes:
        page.goto(f"{PAGE}#etape-{node}")
        assert shown_steps(page) == [node]


def test_the_static_assistant_works_from_a_file_with_a_note(browser, built_site, chart):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto((Path(built_site.path) / PAGE).as_uri())
        page.wait_for_selector(FALLBACK, state="attached", timeout=10_000)
        assert "serveur web" in page.inner_text(".assistant-status")
        walk_static(page, chart, chart.paths()[0])
    finally:
        context.close()


# ---------------------------------------------------------------- Python mode

def test_every_path_by_clicks_in_python_mode_with_no_request_off_host(open_page, chart):
    page = open_page()
    wait_python(page)
    assert page.inner_text(".assistant-status").strip() == "Assistant prêt"
    for answers in chart.paths():
        assert_python_step(page, chart, ())
        for cut in range(len(answers)):
            click_choice(page, chart.walk(answers[:cut]).current, answers[cut])
            assert_python_step(page, chart, answers[: cut + 1])
            # The focus moves to the new step's title.
            assert focused_id(page) == f"etape-{chart.walk(answers[: cut + 1]).current}-titre"
        end = chart.walk(answers)
        assert page.is_visible(".assistant-recap-date")
        assert re.fullmatch(r"Établi le (1er|\d{1,2}) \w+ \d{4} à \d{1,2}\u00a0h\u00a0\d{2}\.", page.inner_text(".assistant-recap-date").strip())
        assert page.is_visible(".assistant-copy") and page.is_visible(".assistant-print")
        assert page.is_visible(f"#etape-{end.current} .assistant-contacts")
        page.click(".assistant-restart-live")
    assert page.traffic.off_host() == []
    assert page.traffic.console_errors == []
    assert page.traffic.bad_responses == []


def test_retour_recommencer_and_the_browser_history(open_page, chart):
    page = open_page()
    wait_python(page)
    answers = ("suite", "pas-de-panne-locale", "non-signale", "edi")
    for cut, key in enumerate(answers):
        click_choice(page, chart.walk(answers[:cut]).current, key)
    assert_python_step(page, chart, answers)
    page.click(".assistant-back")
    assert_python_step(page, chart, answers[:3])
    page.go_back()  # before Retour
    assert_python_step(page, chart, answers)
    wait_focus_on_title(page, "prestataire")
    page.go_back()
    assert_python_step(page, chart, answers[:3])
    wait_focus_on_title(page, "mode")
    page.go_back()
    assert_python_step(page, chart, answers[:2])
    wait_focus_on_title(page, "meteo")
    page.go_forward()
    assert_python_step(page, chart, answers[:3])
    wait_focus_on_title(page, "mode")
    page.click(".assistant-restart-live")
    assert_python_step(page, chart, ())
    assert page.evaluate("location.hash") == ""
    page.go_back()
    assert_python_step(page, chart, answers[:3])


def test_reload_mid_path_keeps_the_step_and_the_answers(open_page, chart):
    page = open_page()
    wait_python(page)
    answers = ("suite", "materiel", "sans-solution")
    for cut, key in enumerate(answers):
        click_choice(page, chart.walk(answers[:cut]).current, key)
    assert_python_step(page, chart, answers)
    page.reload()
    # At once, before Python: the step of the address, drawn from the static links.
    assert shown_steps(page) == [chart.walk(answers).current]
    wait_python(page)
    assert_python_step(page, chart, answers)


def test_a_shared_address_opens_the_same_step_in_a_fresh_context(open_page, chart):
    answers = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus", "panne")
    page = open_page()
    wait_python(page)
    for cut, key in enumerate(answers):
        click_choice(page, chart.walk(answers[:cut]).current, key)
        assert_python_step(page, chart, answers[: cut + 1])
    shared = page.url
    other = open_page(shared)
    assert shown_steps(other) == [chart.walk(answers).current]
    wait_python(other)
    assert_python_step(other, chart, answers)
    assert other.inner_text(".assistant-notice") == ""


@pytest.mark.parametrize(
    ("address", "node", "notice"),
    [
        ("#chemin=<script>window.__pwned=1</script>", "debut", NOTICE_INVALID),
        ("#chemin=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E", "debut", NOTICE_INVALID),
        ("#chemin=suite.inconnu.resolu", "diagnostic", NOTICE_PARTIAL),
        ("#chemin=" + "x" * 5000, "debut", NOTICE_INVALID),
        ("#etape-nulle-part", "debut", NOTICE_INVALID),
        ("#chemin=suite.materiel&modifier=99", "materiel", None),
    ],
)
def test_a_tampered_address_opens_the_start_or_the_last_valid_step_politely(open_page, chart, address, node, notice):
    page = open_page(PAGE + address)
    wait_python(page)
    assert shown_steps(page) == [node]
    if notice:
        assert " ".join(page.inner_text(".assistant-notice").split()) == " ".join(notice.split())
    else:
        assert page.inner_text(".assistant-notice") == ""
    walk = chart.walk(chart.path_to(node))
    assert fragment(page) == expected_fragment(walk.token())
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#assistant img, #assistant script").count() == 0
    assert page.traffic.console_errors == []


def test_a_static_step_address_maps_to_the_shortest_path(open_page, chart):
    page = open_page(f"{PAGE}#etape-autorisation")
    assert shown_steps(page) == ["autorisation"]
    wait_python(page)
    answers = chart.path_to("autorisation")
    assert_python_step(page, chart, answers)


def test_the_skip_link_brings_the_first_answer_within_three_keys(open_page):
    """From the top of the assistant page: Tab shows « Aller au contenu », Entrée follows it (the assistant puts the reader on the first step's title), the next Tab is on the first answer (not after the 20 links of the header and the menu)."""
    page = open_page(PAGE)
    wait_python(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'etape-debut-titre'", timeout=10_000)
    assert page.locator(".assistant-notice:visible").count() == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#etape-debut .assistant-choice')"), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


def test_keyboard_only_through_every_path_then_copy(open_page, chart, assert_focus_visible):
    """Every path with Tab and Entrée alone, in one page, back to the start by « Recommencer »: after each
    step change the focus is on the new step's title, visibly; then the summary of one path is copied."""
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    wait_python(page)
    copied_path = ("suite", "pas-de-panne-locale", "non-signale", "dti", "sans-solution", "suite")
    paths = chart.paths()
    assert copied_path in paths, "le parcours du récapitulatif copié n'est plus un parcours : en choisir un autre"
    # The copied path last: its summary stays on screen for the copy.
    paths = [answers for answers in paths if answers != copied_path] + [copied_path]

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} jamais atteint au clavier")

    for number, answers in enumerate(paths, 1):
        walk = chart.walk()
        for key in answers:
            where = f"parcours {number} ({'.'.join(answers)}), étape {walk.current}"
            tab_to(f'#etape-{walk.current} .assistant-choice[data-key="{key}"]')
            assert_focus_visible(page, f"{where}, réponse « {key} »")
            page.keyboard.press("Enter")
            walk = walk.answer(key)
            # The new step's address, and the focus on its title (one round trip: 105 steps).
            page.wait_for_function(
                "([id, hash]) => document.activeElement && document.activeElement.id === id && location.hash === hash",
                arg=[f"etape-{walk.current}-titre", expected_fragment(walk.token())], timeout=30_000,
            )
            assert_focus_visible(page, f"{where} → {walk.current}")
            if answers == copied_path:  # the whole step, as the Python assistant draws it
                assert_python_step(page, chart, walk.answers)
        assert_python_step(page, chart, walk.answers)
        if answers == copied_path:
            break
        tab_to(".assistant-restart-live")
        assert_focus_visible(page, f"parcours {number}, « Recommencer »")
        page.keyboard.press("Enter")
        wait_focus_on_title(page, chart.start)
        assert_python_step(page, chart, ())
        assert_focus_visible(page, f"parcours {number}, retour au début")
    tab_to(".assistant-copy")
    assert_focus_visible(page, "« Copier le récapitulatif »")
    page.keyboard.press("Enter")
    # The confirmation shows next to the button pressed, not in the page's status line.
    page.wait_for_function("() => document.querySelector('.assistant-recap-actions .assistant-copy-status').textContent.includes('copié')", timeout=10_000)
    assert "copié" not in page.inner_text(".assistant-status")
    copied = page.evaluate("navigator.clipboard.readText()")
    produced_at = page.inner_text(".assistant-recap-date").strip().removeprefix("Établi le ").removesuffix(".")
    expected = walk.summary_text(produced_at) + f"\n\nAdresse de ce parcours\u00a0: {page.url}"
    assert copied == expected


def test_modifier_changes_an_earlier_answer_and_keeps_the_rest(open_page, chart):
    page = open_page()
    wait_python(page)
    answers = ("suite", "pas-de-panne-locale", "non-signale", "edi", "problemes-techniques", "sans-solution", "suite")
    page.goto(f"{PAGE}#chemin={'.'.join(answers)}")
    wait_python(page)
    assert_python_step(page, chart, answers)
    walk = chart.walk(answers)
    page.click(".assistant-recap-list > li:nth-child(4) .assistant-modify")  # step 4: the transmission mode
    page.wait_for_function("() => location.hash.endsWith('&modifier=4')", timeout=10_000)
    assert shown_steps(page) == ["mode"]
    assert page.is_visible("#etape-mode .assistant-edit-note")
    assert page.get_attribute('#etape-mode .assistant-choice[data-key="edi"]', "aria-current") == "true"
    assert page.is_visible(".assistant-cancel") and not page.is_visible(".assistant-back")
    click_choice(page, "mode", "dti")
    changed = walk.change(3, "dti")
    assert_python_step(page, chart, changed.answers)
    assert changed.answers[:4] == ("suite", "pas-de-panne-locale", "non-signale", "dti")


def test_modifier_never_answers_for_the_reader(open_page, chart):
    """Changing the mode to DTI on a path that ended at « autorisation » stops at the new step, dti-contact, unanswered and absent from the recap, and the notice names the answers dropped."""
    answers = ("suite", "pas-de-panne-locale", "non-signale", "edi", "problemes-techniques", "sans-solution")
    walk = chart.walk(answers)
    assert walk.current == "autorisation" and walk.nodes[3] == "mode", "revoir ce test : le parcours a changé"
    page = open_page(f"{PAGE}#chemin={'.'.join(answers)}")
    wait_python(page)
    assert_python_step(page, chart, answers)
    page.click(".assistant-recap-list > li:nth-child(4) .assistant-modify")  # step 4: the transmission mode
    page.wait_for_function("() => location.hash.endsWith('&modifier=4')", timeout=10_000)
    assert shown_steps(page) == ["mode"]
    click_choice(page, "mode", "dti")
    # The new step the change leads to, not the old end: the reader has not answered it.
    changed = ("suite", "pas-de-panne-locale", "non-signale", "dti")
    assert_python_step(page, chart, changed)
    assert shown_steps(page) == ["dti-contact"]
    assert page.locator("#etape-dti-contact .assistant-choice.is-chosen, #etape-dti-contact .assistant-choice[aria-current]").count() == 0
    rows = [normalize_text(row) for row in page.locator(".assistant-recap-list > li").all_inner_texts()]
    assert [row.split(":")[0].strip() for row in rows] == ["Étape 1", "Étape 2", "Étape 3", "Étape 4"], rows
    assert not any(normalize_text(chart.nodes["dti-contact"]["title"]) in row for row in rows), rows
    assert not page.is_visible(".assistant-recap-actions")  # not an end: nothing to copy or print yet
    # The notice says which later answers went, and why.
    notice = normalize_text(page.inner_text(".assistant-notice"))
    expected = Assistant(chart).run("change", {"token": walk.token(), "index": 3, "key": "dti"})["notice"]
    assert notice == normalize_text(expected), notice
    for node, key in (("prestataire", "problemes-techniques"), ("prestataire-sau", "sans-solution")):
        label = next(choice["label"] for choice in chart.nodes[node]["choices"] if choice["key"] == key)
        assert f"« {normalize_text(chart.nodes[node]['title'])} » ({normalize_text(label)})" in notice, (node, notice)
    assert "Retirées" in notice and "Gardée" not in notice, notice


def test_the_diagram_follows_the_walk(open_page, chart):
    answers = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus")
    page = open_page(f"{PAGE}#chemin={'.'.join(answers)}")
    wait_python(page)
    walk = chart.walk(answers)
    trace = Assistant(chart).view(walk)["diagram"]
    # The compiled ids name the diagram's own boxes and arrows.
    assert trace["current"] == chart.nodes[walk.current]["diagram"] == f"n-{walk.current}"
    svg = page.locator("#logigramme-figure svg")

    def marked(name: str) -> list[str]:
        return sorted(svg.locator(f".{name}").evaluate_all("(es) => es.map((e) => e.id)"))

    assert marked("is-current") == [trace["current"]]
    assert marked("is-visited") == sorted(set(trace["visited"])) == sorted(f"n-{node}" for node in set(walk.nodes[:-1]))
    assert marked("is-taken") == sorted(trace["taken"]) == sorted(f"e-{edge.replace(':', '-')}" for edge in walk.view()["edges"])
    assert marked("is-closed") == sorted(set(trace["closed"]))
    assert marked("is-dimmed") == sorted(set(trace["dimmed"]))
    assert {f"n-{node}" for node in walk.view()["dimmed"]} <= set(marked("is-dimmed"))
    assert marked("is-link") == sorted(trace["links"])
    # Nothing left of the old vocabulary (assistant-is-*, assistant-badge).
    assert svg.locator('[class*="assistant-is-"], .assistant-badge').count() == 0
    # Not by colour alone: a text label and a text line outside the drawing; the steps numbered.
    assert svg.locator(".trace-badge--here").count() == 1
    assert svg.locator(".trace-badge--here text").text_content() == "Vous êtes ici"
    numbers = sorted(int(text) for text in svg.locator(".trace-badge--number text").all_text_contents())
    assert numbers == list(range(1, len(trace["visited"]) + 1))
    assert page.inner_text(".flow-diagram__where").startswith(f"Vous êtes ici\u00a0: étape {walk.step}")
    # A click on a node already on the path goes back to it.
    svg.locator("#n-meteo").click()
    assert_python_step(page, chart, walk.back_to("meteo").answers)
    # A node drawn more than once is lit where the reader's own answer reached it, and only there.
    for answers, box in (
        (("suite", "pas-de-panne-locale", "non-signale", "dti", "sans-solution"), "n-autorisation--autorisation-modes"),
        (("suite", "pas-de-panne-locale", "non-signale", "dti-plus", "resolu"), "n-resolu--depuis--editeur--resolu"),
    ):
        page.evaluate("(hash) => { location.hash = hash; }", f"chemin={'.'.join(answers)}")
        assert_python_step(page, chart, answers)
        assert Assistant(chart).view(chart.walk(answers))["diagram"]["current"] == box
        page.wait_for_function("(box) => document.querySelector('#logigramme-figure svg .is-current')?.id === box", arg=box, timeout=10_000)
        assert marked("is-current") == [box]
        assert svg.locator(f"#{box}").get_attribute("data-node") == chart.walk(answers).current


def test_the_page_never_scrolls_sideways(open_page, chart):
    # 320 px wide (WCAG 1.4.10), and 1280 px at 200 % zoom (= 640 CSS px).
    for width in (320, 640, 1280):
        page = open_page(f"{PAGE}#chemin=suite.pas-de-panne-locale.signale.suite", width=width)
        wait_python(page)
        # The diagram at its own size, following the reader, then « Voir tout le schéma ».
        for whole in (False, True):
            if whole:
                page.click(".flow-diagram__zoom-button")
            assert page.get_attribute(".flow-diagram__zoom-button", "aria-pressed") == str(whole).lower()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{width} px, schéma {'entier' if whole else 'suivant le lecteur'} : la page déborde de {overflow} px"


def test_the_side_diagram_follows_the_reader_at_a_legible_size(open_page):
    """On the assistant page the diagram shows the current step at its own size (box text at least 11 CSS px), inside its frame; « Voir tout le schéma » fits the whole chart to the column."""
    page = open_page(f"{PAGE}#chemin=suite.pas-de-panne-locale.non-signale.dti")
    wait_python(page)
    page.wait_for_function("() => document.querySelector('#logigramme-figure svg .is-current')")
    measure = """() => {
      const frame = document.querySelector('#logigramme-figure .flow-diagram__scroll').getBoundingClientRect();
      const current = document.querySelector('#logigramme-figure svg .is-current');
      const box = current.getBoundingClientRect();
      const text = current.querySelector('text');
      const svg = document.querySelector('#logigramme-figure svg').getBoundingClientRect();
      return {font: text.getBoundingClientRect().height, inside: box.left >= frame.left - 1 && box.right <= frame.right + 1
              && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1, svgWidth: svg.width, frameWidth: frame.width};
    }"""
    following = page.evaluate(measure)
    assert following["font"] >= 11 and following["inside"], following
    page.click(".flow-diagram__zoom-button")
    whole = page.evaluate(measure)
    assert whole["svgWidth"] <= whole["frameWidth"] + 1 and whole["font"] < following["font"], whole


def test_targets_are_at_least_24_px(open_page):
    page = open_page(f"{PAGE}#chemin=suite.materiel.sans-solution.sans-solution.suite", width=320)
    wait_python(page)
    small = page.evaluate(
        """() => [...document.querySelectorAll('.assistant-choice, .assistant-controls a, .assistant-modify, .assistant-recap-actions button, .flow-diagram__zoom-button')]
            .filter((e) => e.offsetParent !== null)
            .map((e) => [e.textContent.trim(), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([t, r]) => `${t}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []


def test_axe_finds_no_violation_on_any_step_in_python_mode(open_page, chart):
    page = open_page()
    wait_python(page)
    addresses = [expected_fragment(".".join(chart.path_to(node))) for node in chart.nodes]
    # The ends reached another way, and a step whose answer is being changed.
    addresses += ["#chemin=suite.materiel.sans-solution.sans-solution.suite", "#chemin=suite.pas-de-panne-locale.non-signale.edi&modifier=3"]
    for address in addresses:
        page.goto(PAGE + address)
        wait_python(page)
        page.wait_for_function("(hash) => location.hash === hash && document.querySelector('.assistant-steps > .is-current')", arg=address, timeout=30_000)
        violations = run_axe(page)
        assert violations == [], f"{address or 'début'} :\n" + format_violations(violations)


def test_axe_finds_no_violation_on_any_step_in_static_mode(open_page, chart):
    # axe needs JavaScript: the static assistant is kept by not serving its scripts.
    page = open_page(goto=False)
    page.context.route(re.compile(r".*/assets/js/assistant[^/]*$"), lambda route: route.fulfill(status=404, body=""))
    for node in chart.nodes:
        page.goto(f"{PAGE}#etape-{node}")
        assert page.get_attribute("#assistant", "data-mode") == "static"
        assert shown_steps(page) == [node]
        violations = run_axe(page)
        assert violations == [], f"#etape-{node} :\n" + format_violations(violations)


def test_print_shows_the_end_and_its_summary_only(open_page, chart):
    answers = ("suite", "pas-de-panne-locale", "signale", "suite")
    page = open_page(f"{PAGE}#chemin={'.'.join(answers)}")
    wait_python(page)
    page.emulate_media(media="print")
    assert shown_steps(page) == ["secours"]
    assert page.is_visible(".assistant-recap-date")
    assert not page.is_visible(".assistant-controls")


# ---------------------------------------------------------------- before and without Python

def test_before_python_the_static_links_work_and_the_takeover_keeps_the_place(open_page, chart):
    page = open_page(goto=False)
    held = []
    page.context.route(WASM, lambda route: held.append(route))
    page.goto(PAGE)
    page.wait_for_selector('#assistant[data-mode="loading"]', state="attached", timeout=10_000)
    assert LOADING.fullmatch(status(page)), status(page)
    assert not page.is_visible(".assistant-retry")
    answers = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus", "panne", "sans-solution")
    walk = chart.walk()
    for key in answers:
        click_choice(page, walk.current, key)
        walk = walk.answer(key)
        wait_focus_on_title(page, walk.current)
        assert shown_steps(page) == [walk.current]
    assert walk.current == "dti-contact"
    focused = focused_id(page)
    wait_until(page, lambda: held, "Pyodide n'a pas demandé son .wasm")
    # Still loading, with the megabytes received so far in the status line.
    page.wait_for_function("() => document.querySelector('.assistant-status').textContent.includes('Mo')", timeout=10_000)
    assert LOADING.fullmatch(status(page)), status(page)
    for route in held:
        route.continue_()
    page.context.unroute(WASM)
    wait_python(page)
    # The same step, with the reader's own answers (not the shortest path), and
    # the focus left where it was.
    assert_python_step(page, chart, answers)
    assert focused_id(page) == focused
    assert page.inner_text(".assistant-status").strip() == "Assistant prêt"


@pytest.mark.parametrize(
    "block",
    ["404", "csp", "wheel"],
)
def test_without_pyodide_the_static_assistant_stays_with_a_note(open_page, chart, python_causes, block):
    page = open_page(goto=False)
    if block == "404":
        page.context.route("**/assets/pyodide/**", lambda route: route.fulfill(status=404, body="absent"))
    elif block == "csp":
        # A server whose policy forgets 'wasm-unsafe-eval': loadPyodide would hang.
        def with_policy(route):
            response = route.fetch()
            headers = {**response.headers, "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"}
            route.fulfill(response=response, headers=headers)

        page.context.route("**/*", with_policy)
    else:
        # A wheel that is not the one in pyodide-lock.json: Pyodide checks its sha256. The wheel
        # is only installed on the normal start: the build's snapshot is refused first.
        def tampered(route):
            wheels.append(route.request.url)
            response = route.fetch()
            body = bytearray(response.body())
            body[-30] ^= 0xFF
            route.fulfill(response=response, body=bytes(body))

        page.context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body="absent"))
        page.context.route("**/assets/pyodide/*/*.whl", tampered)
    wheels: list[str] = []
    page.goto(PAGE)
    page.wait_for_selector(FALLBACK, state="attached", timeout=60_000)
    assert block != "wheel" or wheels, "la roue n'a pas été demandée : le cas est à revoir"
    # The cause, in the words python.mjs gives it (which file is the other tests' business), then the note.
    told = status(page)
    causes = [name for name, words in python_causes.items() if told.startswith(FAILED.format(words))]
    assert causes, told
    if block == "csp":
        assert causes == ["csp"], told
    assert told.endswith(f"{STATIC_NOTE} (sans retour ni récapitulatif)."), told
    assert page.is_visible(".assistant-retry")
    assert page.get_attribute("#assistant", "data-mode") == "fallback"
    walk_static(page, chart, ("suite", "pas-de-panne-locale", "signale", "suite"))
    assert not page.is_visible(".assistant-live")


def test_a_failed_load_says_its_cause_and_reessayer_takes_over(open_page, chart, python_causes):
    """pyodide.asm.wasm cut off: the status names a missing or damaged file and offers « Réessayer », which, with the file back, brings the Python assistant at the reader's step."""
    page = open_page(goto=False)
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(error.stack or error.message))
    page.context.route(WASM, lambda route: route.abort())
    page.goto(PAGE)
    page.wait_for_selector(FALLBACK, state="attached", timeout=60_000)
    told = status(page)
    heads = [FAILED.format(python_causes[cause]) for cause in ("missing", "damaged")]
    assert any(told.startswith(head) for head in heads), told
    assert STATIC_NOTE in told
    retry = page.locator(".assistant-retry")
    assert retry.is_visible() and retry.inner_text().strip() == "Réessayer de charger Python"
    # Meanwhile the static assistant works; the takeover will keep the reader's place.
    click_choice(page, "debut", "suite")
    wait_focus_on_title(page, "diagnostic")
    page.context.unroute(WASM)
    retry.click()
    # The button hides as Python starts again; the reader's focus stays on the status, not lost to the page.
    assert page.evaluate("document.activeElement.classList.contains('assistant-status')")
    wait_python(page)
    assert status(page) == "Assistant prêt"
    assert not page.is_visible(".assistant-retry-line")
    assert_python_step(page, chart, ("suite",))
    assert len([url for url in page.traffic.requests if url.endswith("/pyodide.asm.wasm")]) == 2  # cut off, then loaded
    # No error but the rejected promise Pyodide leaves behind when its .wasm is cut off (its frames in assets/pyodide/).
    assert all("/assets/pyodide/" in stack for stack in uncaught), uncaught
    others = [error for error in page.traffic.console_errors if not error.startswith("exception non rattrapée : ")]
    assert others == [] and len(page.traffic.console_errors) == len(uncaught), page.traffic.console_errors


def test_the_same_wheel_through_the_same_route_loads(open_page):
    # The control for the "wheel" case above: only the changed byte makes it fail.
    page = open_page(goto=False)
    wheels = []

    def intact(route):
        wheels.append(route.request.url)
        response = route.fetch()
        route.fulfill(response=response, body=response.body())

    page.context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body="absent"))
    page.context.route("**/assets/pyodide/*/*.whl", intact)
    page.goto(PAGE)
    wait_python(page)
    assert wheels, "la roue n'a pas été demandée : le contrôle est à revoir"


def test_a_pyodide_that_never_answers_ends_in_the_note_not_an_endless_spinner(open_page, chart, python_causes):
    page = open_page(goto=False)
    held = []
    page.context.route(WASM, lambda route: held.append(route))  # never answered
    page.clock.install()  # the page's own 30 s limit, on a clock the test moves on
    with page.expect_request(lambda request: request.url.endswith("/pyodide.asm.wasm"), timeout=60_000):
        page.goto(PAGE)
    page.wait_for_selector('#assistant[data-mode="loading"]', state="attached", timeout=10_000)
    page.clock.fast_forward(29_000)
    assert page.get_attribute("#assistant", "data-mode") == "loading"  # not given up before its limit
    page.clock.fast_forward(2_000)
    page.wait_for_selector(FALLBACK, state="attached", timeout=10_000)
    assert status(page) == f"{FAILED.format(python_causes['timeout'])} {STATIC_NOTE} (sans retour ni récapitulatif).", status(page)
    assert page.is_visible(".assistant-retry")
    walk_static(page, chart, ("suite", "materiel", "resolu"))


def test_instant_navigation_loads_pyodide_once(open_page, chart):
    page = open_page("index.html")
    page.click('.md-content a.md-button[href$="/assistant.html"]')  # « Démarrer l'assistant »
    page.wait_for_url(re.compile(r"assistant\.html"))
    wait_python(page)
    click_choice(page, "debut", "suite")
    assert_python_step(page, chart, ("suite",))
    page.click(".md-footer__link--next")  # the next page of the menu, whichever it is
    page.wait_for_url(lambda url: not url.split("#")[0].endswith("/assistant.html"))
    page.wait_for_selector("#assistant", state="detached")
    page.click('.md-footer__link--prev[href$="/assistant.html"]')
    page.wait_for_url(re.compile(r"assistant\.html$"))
    wait_python(page)
    assert_python_step(page, chart, ())
    click_choice(page, "debut", "suite")
    assert_python_step(page, chart, ("suite",))
    wasm = [url for url in page.traffic.requests if url.endswith("/pyodide.asm.wasm")]
    workers = [url for url in page.traffic.workers if url.endswith("/python-worker.mjs")]
    assert len(wasm) == 1 and len(workers) == 1, (wasm, workers)


def test_an_added_answer_shows_its_mark_and_gives_its_reason(open_page, chart):
    """In the Python assistant, an answer this site added carries « Ajout du site »; opening it reads the reason."""
    answers = ("suite", "pas-de-panne-locale", "non-signale", "dti-plus")
    page = open_page(f"{PAGE}#chemin={'.'.join(answers)}")
    wait_python(page)
    assert_python_step(page, chart, answers)
    node = chart.walk(answers).current
    added = [choice for choice in chart.nodes[node]["choices"] if choice["reading"]]
    assert added, f"{node} has no added answer to show"
    for choice in added:
        item = page.locator(f'#etape-{node} li:has(.assistant-choice[data-key="{choice["key"]}"])')
        mark = item.locator("details.flow-added")
        assert mark.locator("summary").is_visible()
        assert mark.locator("summary").inner_text().strip() == "Ajout du site"
        assert not mark.locator("p").is_visible()
        mark.locator("summary").focus()
        page.keyboard.press("Enter")
        assert mark.locator("p").inner_text().strip() == choice["reading"]
    chart_answer = next(choice for choice in chart.nodes[node]["choices"] if not choice["reading"])
    assert page.locator(f'#etape-{node} li:has(.assistant-choice[data-key="{chart_answer["key"]}"]) details.flow-added').count() == 0
