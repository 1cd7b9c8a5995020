"""The « Cas pratiques » page (issue 16): docs/cas-pratiques.md, assets/js/cases.js.

Debian's Chromium through Playwright, on the built site, in one page load:
the first case with the keyboard only, every shipped case completed right,
one with a wrong answer first (told at once, with where it leads and why),
the path drawn on the diagram as the case goes, the score, the progress kept
in the browser and cleared; axe-core with a wrong answer shown and at a
case's end; nothing requested off the host. Then the same page from file://.
The expected answers come from gammaflow (flow/cases.yaml on the flow), not
from the page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gammaflow.build import compile_flow
from sitefixtures import ARTIFACTS, FLOW, ROOT, BuiltSite, format_violations, new_recorded_page, run_axe

pytestmark = pytest.mark.browser

CASES = ROOT / "flow" / "cases.yaml"
SHOTS = ARTIFACTS / "cases"


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return compile_flow(FLOW, diagram=False, cases=CASES).cases


def answer_button(case: dict[str, Any], index: int, key: str) -> str:
    return f"#cas-{case['id']}-q{index + 1} .case-q__answer[data-key='{key}']"


def current_box(page: Any) -> str | None:
    return page.evaluate("() => document.querySelector('#logigramme-figure svg .is-current')?.id ?? null")


def play(page: Any, case: dict[str, Any], wrong_first: bool = False) -> None:
    """Answer every question of the case by clicks (a wrong answer first at question 1 when asked)."""
    for index, question in enumerate(case["questions"]):
        assert current_box(page) == question["diagram"]["current"], (case["id"], index)
        if wrong_first and index == 0:
            wrong = next(a for a in question["answers"] if a["key"] != question["expected"])
            page.click(answer_button(case, 0, wrong["key"]))
            told = page.locator(f"#cas-{case['id']}-q1 .case-q__wrong[data-key='{wrong['key']}']")
            assert told.is_visible()
            text = " ".join(told.text_content().split())  # (split(): the no-break spaces too)
            assert text.startswith(" ".join(f"Non, pas «\u00a0{wrong['label']}\u00a0».".split())), text
            assert " ".join(wrong["to_title"].split()) in text, text
            assert page.locator(f"#cas-{case['id']}-q1 .case-q__reveal").is_hidden()  # the answer is not given away
            page.wait_for_function("() => document.querySelector('.cases-status').textContent.startsWith('Non, pas')")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "mauvaise-reponse.png"))
            violations = run_axe(page)
            assert not violations, format_violations(violations)
        page.click(answer_button(case, index, question["expected"]))
        reveal = page.locator(f"#cas-{case['id']}-q{index + 1} .case-q__reveal")
        assert reveal.evaluate("node => node.open") and question["expected_label"] in reveal.inner_text()
    assert current_box(page) == case["diagram"]["current"] == f"n-{case['end']}" or case["end"] in case["diagram"]["current"]


# Answers every question of the shown case in the page (a click on each expected
# button, in order), recording what the page shows before and after each.
PLAY_IN_PAGE = """(answers) => answers.map((key, index) => {
    const section = document.querySelector('.case:not([hidden])');
    const question = section.querySelectorAll('.case-q')[index];
    const before = document.querySelector('#logigramme-figure svg .is-current')?.id ?? null;
    const visible = !question.hidden;
    question.querySelector(`.case-q__answer[data-key='${key}']`).click();
    const reveal = question.querySelector('.case-q__reveal');
    return {before, visible, open: reveal.open, text: reveal.textContent.replace(/\\s+/g, ' ')};
})"""


def play_in_page(page: Any, case: dict[str, Any]) -> None:
    """Every question of the case answered right, each checked: shown in turn, the diagram at its step, the answer revealed."""
    shown = page.evaluate(PLAY_IN_PAGE, [q["expected"] for q in case["questions"]])
    for question, state in zip(case["questions"], shown):
        assert state["visible"] and state["open"], (case["id"], question["node"], state)
        assert state["before"] == question["diagram"]["current"], (case["id"], question["node"], state)
        assert " ".join(question["expected_label"].split()) in " ".join(state["text"].split())
    assert current_box(page) == case["diagram"]["current"]


def test_every_case_is_played_right_and_wrong_by_keyboard_and_clicks(browser: Any, site_server: str, built_site: BuiltSite, cases: list[dict[str, Any]]) -> None:
    """Keyboard only through case 1; every case right by clicks; a wrong answer told at once; the score, the progress, axe, no off-host request."""
    context, page, traffic = new_recorded_page(browser, site_server)
    try:
        page.goto("cas-pratiques.html")
        page.wait_for_selector(".cases.is-live")
        assert page.locator(".case:visible").count() == 1

        # Keyboard only: Tab to each question's expected answer, Enter.
        first = cases[0]
        for index, question in enumerate(first["questions"]):
            for _ in range(60):
                page.keyboard.press("Tab")
                focused = page.evaluate("() => [document.activeElement.classList.contains('case-q__answer'), document.activeElement.dataset.key || '', document.activeElement.closest('.case-q')?.id || '']")
                if focused[0] and focused[1] == question["expected"] and focused[2] == f"cas-{first['id']}-q{index + 1}":
                    break
            else:
                raise AssertionError(f"la réponse attendue de la question {index + 1} n'est pas atteinte au clavier")
            page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.case:not([hidden]) .case__score').textContent.includes('Score')")
        assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
        total = len(first["questions"])
        assert page.inner_text(f"#cas-{first['id']} .case__score") == f"Score\u00a0: {total} sur {total} bonnes réponses du premier coup."
        violations = run_axe(page)
        assert not violations, format_violations(violations)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.click(f"#cas-{first['id']} .case-copy")
        page.wait_for_function("() => document.querySelector('.cases-status').textContent === 'Résultat copié.'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith(f"Cas 1\u00a0: {first['title']}\nScore\u00a0: {total} sur {total}"), copied
        assert f"{len(first['path']) + 1}. {first['end_title']}" in copied and "À retenir\u00a0:" in copied

        # Every other case by clicks, the second with a wrong answer first.
        for number, case in enumerate(cases[1:], 2):
            page.select_option("#cases-choice", case["id"])
            page.wait_for_selector(f"#cas-{case['id']}:not([hidden])")
            if number == 2:
                play(page, case, wrong_first=True)
            else:
                play_in_page(page, case)
            score = len(case["questions"]) - (1 if number == 2 else 0)
            assert page.inner_text(f"#cas-{case['id']} .case__score").startswith(f"Score\u00a0: {score} sur {len(case['questions'])}")
            path = [" ".join(li.split()) for li in page.locator(f"#cas-{case['id']} .case__path li").all_inner_texts()]
            assert path[-1] == " ".join(case["end_title"].split()) and len(path) == len(case["path"]) + 1
            assert page.locator(f"#cas-{case['id']} .case__teaching li").count() == len(case["teaching"])
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "fin-de-cas.png"))

        # The progress: in localStorage only, shown, and cleared by its button.
        stored = page.evaluate("() => JSON.parse(localStorage.getItem('gamma2-cas-pratiques'))")
        assert set(stored) == {case["id"] for case in cases}
        assert stored[cases[1]["id"]]["score"] == len(cases[1]["questions"]) - 1
        assert f"{len(cases)} sur {len(cases)}" in page.inner_text(".cases-progress")
        page.click(".cases-clear")
        assert page.evaluate("() => localStorage.getItem('gamma2-cas-pratiques')") is None
        assert page.inner_text(".cases-progress") == "Aucun cas fait pour l’instant."

        # The printed sheets of the case shown (A4): the trainee's, blank; the trainer's, corrected.
        shown_case = next(item for item in cases if item["id"] == page.input_value("#cases-choice"))
        questions = page.locator(f"#cas-{shown_case['id']} .case-q")
        page.evaluate("() => { window.print = () => {}; }")  # the print dialog itself is the browser's
        page.click(".cases-sheet[data-sheet='stagiaire']")
        page.emulate_media(media="print")
        assert questions.count() == len(shown_case["questions"]) and all(questions.nth(i).is_visible() for i in range(questions.count()))
        assert page.locator(f"#cas-{shown_case['id']} .case__sheet--stagiaire").is_visible()
        assert page.locator(f"#cas-{shown_case['id']} .case-q__reveal").first.is_hidden()
        assert page.locator(f"#cas-{shown_case['id']} .case-q__blank").first.is_visible()
        assert page.locator(".cases-bar").is_hidden() and page.locator("#logigramme-figure").is_hidden()
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.click(".cases-sheet[data-sheet='formateur']")
        page.emulate_media(media="print")
        assert page.locator(f"#cas-{shown_case['id']} .case__sheet--formateur").is_visible()
        assert page.locator(f"#cas-{shown_case['id']} .case-q__reveal").last.is_visible()
        assert page.locator(f"#cas-{shown_case['id']} .case-q__blank").first.is_hidden()
        assert page.locator(f"#cas-{shown_case['id']} .case__teaching").is_visible()
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate("() => document.documentElement.hasAttribute('data-cases-print')") is False

        # « Un cas au hasard » opens another case, at its first question.
        shown = page.input_value("#cases-choice")
        page.click(".cases-random")
        assert page.input_value("#cases-choice") != shown
        assert not traffic.off_host(), traffic.off_host()
        assert not traffic.console_errors, traffic.console_errors
    finally:
        context.close()


def test_the_cases_work_from_a_folder(browser: Any, built_site: BuiltSite, cases: list[dict[str, Any]]) -> None:
    """Opened from file:// (a shared folder), a case is played and the diagram follows: no Python, no fetch needed."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((built_site.path / "cas-pratiques.html").as_uri() + f"#cas-{cases[-1]['id']}")
        page.wait_for_selector(".cases.is-live")
        assert page.input_value("#cases-choice") == cases[-1]["id"]
        play(page, cases[-1])
        assert re.match(r"Score\u00a0: \d+ sur \d+", page.inner_text(f"#cas-{cases[-1]['id']} .case__score"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "telephone-fichier.png"), full_page=False)
        assert not errors, errors
    finally:
        context.close()


def test_without_javascript_each_case_reads_with_its_reveals(browser: Any, site_server: str, cases: list[dict[str, Any]]) -> None:
    """With JavaScript off, a case is its situation and its questions; « Voir la réponse » opens the expected answer, the rest stays closed."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR", base_url=site_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("cas-pratiques.html")
        case = page.locator(f"#cas-{cases[0]['id']}")
        reveals = case.locator("details.case-q__reveal")
        assert reveals.count() == len(cases[0]["questions"]) >= 2
        right = reveals.first.locator(".case-q__right")
        assert not right.is_visible()
        reveals.first.locator("summary").click()
        assert right.is_visible() and right.inner_text().startswith("Réponse")
        assert not reveals.nth(1).locator(".case-q__right").is_visible()  # the next question's answer stays closed
        assert not case.locator(".case-q__answers").first.is_visible()  # the answer buttons need the script
    finally:
        context.close()


def test_a_case_is_presented_to_a_room(browser: Any, site_server: str, cases: list[dict[str, Any]]) -> None:
    """Presentation mode, keyboard only: the situation, a wrong choice said wrong, V reveals and draws the right answer, → moves on, to what to remember; axe; then digits pick a scenario and the bar shows its end; no off-host request."""
    case = next(item for item in cases if item["id"] == "edi-incident")
    context, page, traffic = new_recorded_page(browser, site_server, width=1280, height=720)
    try:
        page.goto(f"presentation.html#cas-{case['id']}")
        page.wait_for_selector("html.present-on")
        assert page.locator(f"[data-slide='cas-{case['id']}']").is_visible()
        assert "Cas pratique C" in page.inner_text(".present-where")
        for number, question in enumerate(case["questions"], 1):
            page.keyboard.press("ArrowRight")
            slide = page.locator(f"[data-slide='cas-{case['id']}--q{number}']")
            assert slide.is_visible() and page.evaluate("location.hash") == f"#cas-{case['id']}/{number + 1}"
            assert (current_box(page) or "").startswith(f"n-{question['node']}")
            assert slide.locator(".present-case-answer").is_hidden()
            if number == 1:
                wrong = next(i for i, a in enumerate(question["answers"]) if a["key"] != question["expected"])
                page.keyboard.press(str(wrong + 1))
                assert "is-wrong" in (slide.locator(".present-choice").nth(wrong).get_attribute("class") or "")
                assert slide.locator(f".present-case-wrong[data-key='{question['answers'][wrong]['key']}']").is_visible()
                assert slide.locator(".present-case-answer").is_hidden()
                page.keyboard.press("v")
                violations = run_axe(page)
                assert not violations, format_violations(violations)
            else:
                page.keyboard.press("ArrowRight")  # the presenter's remote: reveals first
            assert slide.locator(".present-case-answer").is_visible()
            right = next(i for i, a in enumerate(question["answers"]) if a["key"] == question["expected"])
            assert "is-right" in (slide.locator(".present-choice").nth(right).get_attribute("class") or "")
            after = case["nodes"][question["index"] + 1]
            assert (current_box(page) or "").startswith(f"n-{after}"), (number, current_box(page))
        page.keyboard.press("ArrowRight")
        end = page.locator(f"[data-slide='cas-{case['id']}--fin']")
        assert end.is_visible() and end.locator(".present-case-teaching li").count() == len(case["teaching"])
        assert page.locator(".present-end").is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "presentation-fin.png"))

        # Found on the way (issue 16): digits pick a scenario in the picker; the title bar never cuts a scenario's end.
        page.keyboard.press("s")
        page.keyboard.press("1")
        assert page.evaluate("() => document.activeElement.querySelector('.present-pick__num')?.textContent") == "1"
        page.keyboard.press("6")
        page.wait_for_function("() => location.hash === '#scenario-16/1'")
        end = page.locator(".present-where__end")
        assert end.text_content().endswith("J’applique la procédure de secours")
        assert end.evaluate("span => span.scrollWidth <= span.clientWidth + 1 && span.getBoundingClientRect().right <= span.parentElement.getBoundingClientRect().right + 1")
        assert page.evaluate("() => { const way = document.querySelector('.present-where__way'); return way.scrollWidth > way.clientWidth; }"), "le début du chemin devrait être coupé, pas sa fin"
        page.keyboard.press("s")
        page.keyboard.press("5")
        page.wait_for_function("() => location.hash === '#scenario-5/1'")
        assert not traffic.off_host(), traffic.off_host()
        assert not traffic.console_errors, traffic.console_errors
    finally:
        context.close()
