"""The presentation mode (issue 5): docs/presentation.md, assets/js/present.js.

Debian's Chromium through Playwright, on the built site: enter from a page,
play a whole scenario with the keyboard only (Page Down included, as sent by
presenter remotes), blank and unblank, open the key list, leave with Échap
and land where one was; the layout at 1280×720 and 1920×1080 (screenshots in
test-artifacts/present/); axe-core in every state of the mode; nothing
requested off the host, no Pyodide; the printed handout; file:// and
instant navigation.

This module stays whole: every test plays the same mode on the same page and
shares its helpers (state, expect_slide, the scenarios' slides).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# The fixtures (built_site, site_server, browser, page) come from tests/browser/conftest.py.
from sitefixtures import ARTIFACTS, BuiltSite, format_violations, nav_pages, new_recorded_page, run_axe

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "present"
# The two sizes of the issue, and the 4:3 projector still found in training rooms.
VIEWPORTS = [(1280, 720), (1920, 1080), (1024, 768)]
MIN_TEXT_PX = 24


# ---------------------------------------------------------------- expectations, from the build's own data

@pytest.fixture(scope="module")
def flow(built_site: BuiltSite) -> dict[str, Any]:
    return built_site.assistant_data


@pytest.fixture(scope="module")
def scenarios(built_site: BuiltSite) -> list[dict[str, Any]]:
    return json.loads((built_site / "assets" / "flow" / "scenarios.json").read_text(encoding="utf-8"))


def slides_of(flow: dict[str, Any], node_id: str) -> list[str]:
    """A node's slides: the node, then an outcome's steps, then its reminder."""
    node = flow["nodes"][node_id]
    return [node_id] + [f"{node_id}--{step['key']}" for step in node["steps"]] + ([f"{node_id}--rappel"] if node["reminder"] else [])


def scenario_slides(flow: dict[str, Any], scenario: dict[str, Any]) -> list[tuple[str, int]]:
    """(slide id, depth in the scenario's nodes) for every slide of a scenario."""
    return [(slide, depth) for depth, node_id in enumerate(scenario["nodes"]) for slide in slides_of(flow, node_id)]


def scenario_keys(flow: dict[str, Any], scenario: dict[str, Any]) -> list[str]:
    """The answer key taken out of each node of a scenario but the last."""
    keys = []
    for here, there in zip(scenario["nodes"], scenario["nodes"][1:]):
        found = [choice["key"] for choice in flow["nodes"][here]["choices"] if choice["to"] == there]
        assert found, f"{scenario['id']} : pas de réponse de {here} vers {there}"
        keys.append(found[0])
    return keys


# ---------------------------------------------------------------- reading the page

STATE_JS = """() => {
  const root = document.getElementById('presentation');
  const shown = root ? [...root.querySelectorAll('.present-slide')].filter(s => !s.hidden) : [];
  const svg = root && root.querySelector('.present-diagram svg');
  const ids = sel => svg ? [...svg.querySelectorAll(sel)].map(e => e.id) : [];
  const blank = root && root.querySelector('.present-blank');
  return {
    url: location.href,
    on: document.documentElement.classList.contains('present-on'),
    slides: shown.map(s => s.dataset.slide),
    current: ids('.is-current'),
    currentNodes: svg ? [...svg.querySelectorAll('.is-current')].map(e => e.getAttribute('data-node')) : [],
    taken: ids('.is-taken'),
    visited: ids('.is-visited'),
    options: ids('.is-option'),
    next: ids('.is-next'),
    badges: svg ? svg.querySelectorAll('.trace-badge').length : 0,
    progress: root ? root.querySelector('.present-progress').textContent : null,
    where: root ? root.querySelector('.present-where').textContent : null,
    end: root ? !root.querySelector('.present-end').hidden : false,
    blank: Boolean(blank && !blank.hidden && blank.getBoundingClientRect().width >= innerWidth),
    dialogs: root ? [...root.querySelectorAll('dialog')].filter(d => d.open).map(d => d.id) : [],
    notes: Boolean(root && root.classList.contains('show-notes')),
    overview: Boolean(root && root.classList.contains('is-overview')),
    search: Boolean(document.getElementById('__search') && document.getElementById('__search').checked),
    active: document.activeElement ? {
      enter: document.activeElement.matches('[data-present-enter]'),
      text: (document.activeElement.innerText || '').trim().slice(0, 80),
      tag: document.activeElement.tagName.toLowerCase() } : null,
    scrollY: Math.round(scrollY),
  };
}"""


def state(page: Any) -> dict[str, Any]:
    return page.evaluate(STATE_JS)


def hash_of(page: Any) -> str:
    return urlsplit(page.url).fragment


def settle(page: Any) -> None:
    """Wait until the diagram's move (a CSS transition) has ended."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


SHOWN_JS = """slide => {
  const shown = [...document.querySelectorAll('#presentation .present-slide')].filter(s => !s.hidden);
  return document.documentElement.classList.contains('present-on') && shown.length === 1 && shown[0].dataset.slide === slide;
}"""


def expect_slide(page: Any, slide: str) -> dict[str, Any]:
    """The mode shows this slide and only it, its box highlighted (waits for a hash to be routed)."""
    try:
        page.wait_for_function(SHOWN_JS, arg=slide, timeout=5000)
    except Exception:  # noqa: BLE001 - the assertions below say what is wrong
        pass
    now = state(page)
    assert now["on"], f"le mode présentation n'est pas actif : {now}"
    assert now["slides"] == [slide], f"diapositive affichée {now['slides']}, attendue {slide}"
    # A step's own box; a node drawn more than once (a mark, a copy): one of its boxes, the one the path reached.
    assert now["current"] == [f"n-{slide}"] or now["currentNodes"] == [slide], f"case mise en évidence {now['current']}, attendue n-{slide} (ou une autre case de ce nœud)"
    return now


def assert_clean(page: Any, *, pyodide_pages: bool = False) -> None:
    """Nothing off the host, no error; no Pyodide unless the test visited pages that use it."""
    traffic = page.traffic
    assert not traffic.off_host(), f"requêtes hors du site : {traffic.off_host()}"
    # A request cut short by leaving the page (net::ERR_ABORTED) is no defect.
    failed = [line for line in traffic.failed if "ERR_ABORTED" not in line]
    assert not failed, f"requêtes échouées : {failed}"
    assert not traffic.bad_responses, f"réponses en erreur : {traffic.bad_responses}"
    if pyodide_pages:
        mine = [line for line in traffic.console_errors if "present" in line.lower()]
        assert not mine, f"erreurs du mode présentation : {mine}"
    else:
        assert not traffic.console_errors, f"erreurs dans la console : {traffic.console_errors}"
        assert not [url for url in traffic.requests if "pyodide" in url.lower()], "le mode présentation a chargé Pyodide"


def assert_axe(page: Any, what: str) -> None:
    violations = run_axe(page)
    assert not violations, f"axe-core, {what} :\n{format_violations(violations)}"


@pytest.fixture
def sized_page(browser: Any, site_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A recorded page at the viewport given by indirect parametrization (width, height)."""
    width, height = request.param
    context, page, _traffic = new_recorded_page(browser, site_server, width=width, height=height)
    try:
        yield page
    finally:
        context.close()


# ---------------------------------------------------------------- the whole story, by keyboard

def test_enter_play_a_scenario_by_keyboard_blank_keys_and_leave(page: Any, flow: dict, scenarios: list, assert_focus_visible) -> None:
    page.goto("logigramme.html")
    page.evaluate("window.scrollTo(0, 500)")
    before = state(page)
    assert before["scrollY"] > 0, "la page du logigramme est trop courte pour ce test"

    # Maj + P from any page opens the mode at the start, remembering the page.
    with page.expect_navigation():
        page.keyboard.press("Shift+P")
    page.wait_for_function("() => document.documentElement.classList.contains('present-on')")
    assert urlsplit(page.url).path.endswith("/presentation.html")
    assert parse_qs(urlsplit(page.url).query)["depuis"] == ["logigramme.html"]
    expect_slide(page, flow["start"])

    # S: the scenarios; the arrows and Entrée pick the third one.
    page.keyboard.press("s")
    assert state(page)["dialogs"] == ["present-scenarios"]
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    scenario = scenarios[2]
    slides = scenario_slides(flow, scenario)
    keys = scenario_keys(flow, scenario)
    total = len(slides)
    assert total > len(scenario["nodes"]), "le scénario choisi doit passer par les étapes d'une fin"

    # Every slide, with Page suivante, →, and Espace in turn.
    advance = ["PageDown", "ArrowRight", "Space"]
    for k, (slide, depth) in enumerate(slides, start=1):
        if k > 1:
            page.keyboard.press(advance[k % len(advance)])
        now = expect_slide(page, slide)
        assert now["dialogs"] == []
        assert_focus_visible(page, f"diapositive {k}")  # never lost after a slide change, and seen
        assert now["progress"] == f"Étape {k} sur {total}"
        assert now["where"].startswith("Scénario 3\u00a0: ")
        assert hash_of(page) == f"{scenario['id']}/{k}"
        # The path so far is traced: every answer taken up to here.
        for i in range(depth):
            assert f"e-{scenario['nodes'][i]}-{keys[i]}" in now["taken"], f"étape {k} : chemin non tracé {now['taken']}"
            assert f"n-{scenario['nodes'][i]}" in now["visited"], f"étape {k} : case non marquée {now['visited']}"
        assert now["end"] == (k == total)

    # Past the end: nothing moves.
    page.keyboard.press("PageDown")
    assert hash_of(page) == f"{scenario['id']}/{total}"

    # Back: Page précédente, Retour arrière, ←.
    for k, key in zip(range(total - 1, total - 4, -1), ["PageUp", "Backspace", "ArrowLeft"]):
        page.keyboard.press(key)
        expect_slide(page, slides[k - 1][0])
        assert hash_of(page) == f"{scenario['id']}/{k}"

    # B blanks, B again unblanks; « . » blanks, any key unblanks without moving.
    here = hash_of(page)
    page.keyboard.press("b")
    assert state(page)["blank"]
    page.keyboard.press("b")
    assert not state(page)["blank"]
    page.keyboard.press(".")
    assert state(page)["blank"]
    page.keyboard.press("ArrowRight")
    assert not state(page)["blank"]
    assert hash_of(page) == here

    # ?: the list of keys; Échap closes it and stays in the mode.
    page.keyboard.press("?")
    now = state(page)
    assert now["dialogs"] == ["present-touches"]
    keys_text = page.locator("#present-touches").inner_text()
    for name in ("Pg Suiv", "Pg Préc", "Échap", "Écran noir", "Plein écran"):
        assert name in keys_text
    page.keyboard.press("Escape")
    now = state(page)
    assert now["dialogs"] == [] and now["on"] and hash_of(page) == here

    # R: back to the scenario's first step.
    page.keyboard.press("r")
    expect_slide(page, slides[0][0])
    assert hash_of(page) == f"{scenario['id']}/1"

    # Échap: back on the diagram page, scrolled where it was, on the button.
    with page.expect_navigation():
        page.keyboard.press("Escape")
    page.wait_for_function(f"() => Math.round(scrollY) === {before['scrollY']}")
    after = state(page)
    assert urlsplit(after["url"]).path.endswith("/logigramme.html")
    assert not after["on"]
    assert after["active"]["enter"], after["active"]
    assert_clean(page)


def test_material_keys_do_nothing_in_the_mode(page: Any, flow: dict) -> None:
    page.goto("presentation.html#etape-meteo")
    expect_slide(page, "meteo")
    # The page has a previous and a next page: p, comma, n and period would follow them.
    assert page.locator("link[rel=prev]").count() and page.locator("link[rel=next]").count()
    for key in ("p", ",", "n", "n", "/"):
        page.keyboard.press(key)
        now = state(page)
        assert urlsplit(now["url"]).path.endswith("/presentation.html"), f"« {key} » a changé de page"
        assert not now["search"], f"« {key} » a ouvert la recherche"
        assert now["on"]
    # n toggled the notes twice; « . » blanks instead of going to the next page.
    page.keyboard.press(".")
    assert state(page)["blank"]
    page.keyboard.press("Escape")
    now = state(page)
    assert not now["blank"] and now["on"] and not now["search"]
    # f: full screen (and back), not the search; s: the scenarios, not the search.
    page.keyboard.press("f")
    # The button says so once the browser has entered full screen (its fullscreenchange event).
    page.wait_for_function("() => document.fullscreenElement !== null"
                           " && document.querySelector('[data-action=fullscreen]').getAttribute('aria-pressed') === 'true'")
    assert not state(page)["search"]
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")
    page.keyboard.press("s")
    now = state(page)
    assert now["dialogs"] == ["present-scenarios"] and not now["search"]
    page.keyboard.press("Escape")
    now = state(page)
    assert now["dialogs"] == [] and now["on"] and hash_of(page) == "etape-meteo"
    assert_clean(page)


def test_answers_by_number_free_path_and_leaving_a_scenario(page: Any, flow: dict, scenarios: list) -> None:
    page.goto(f"presentation.html#etape-{flow['start']}")
    expect_slide(page, flow["start"])
    assert state(page)["where"] == "Parcours libre"
    page.keyboard.press("1")
    expect_slide(page, "diagnostic")
    # A question: one numbered disc per answer on the diagram.
    now = state(page)
    assert now["badges"] == len(flow["nodes"]["diagnostic"]["choices"]) >= 2
    assert now["options"] == [f"e-diagnostic-{c['key']}" for c in flow["nodes"]["diagnostic"]["choices"]]
    page.keyboard.press("2")
    expect_slide(page, "meteo")
    # Several answers: → waits for a number.
    page.keyboard.press("ArrowRight")
    expect_slide(page, "meteo")
    page.keyboard.press("1")
    expect_slide(page, "secours-autorise")
    page.keyboard.press("ArrowRight")
    for slide in slides_of(flow, "secours"):
        expect_slide(page, slide)
        assert hash_of(page) == f"etape-{slide}"
        page.keyboard.press("ArrowRight")
    now = expect_slide(page, slides_of(flow, "secours")[-1])
    assert now["end"]
    assert "e-meteo-signale" in now["taken"] and "e-diagnostic-pas-de-panne-locale" in now["taken"]
    page.keyboard.press("r")
    expect_slide(page, flow["start"])

    # In a scenario, another answer than its own leaves it for the free path.
    first = scenarios[0]
    page.goto(f"presentation.html#{first['id']}")
    # Only the hash changes: wait for the mode to enter the scenario (the slide
    # shown, the start, is the same as before), else "1" races the routing.
    page.wait_for_function(
        "() => document.querySelector('#presentation .present-where').textContent.startsWith('Scénario 1')",
        timeout=5000,
    )
    expect_slide(page, first["nodes"][0])
    page.keyboard.press("1")
    now = expect_slide(page, first["nodes"][1])
    assert now["where"].startswith("Scénario 1")
    other = next(i for i, c in enumerate(flow["nodes"][first["nodes"][1]]["choices"]) if c["to"] != first["nodes"][2])
    page.keyboard.press(str(other + 1))
    now = state(page)
    assert now["where"] == "Parcours libre"
    assert now["slides"] == [flow["nodes"][first["nodes"][1]]["choices"][other]["to"]]
    assert_clean(page)


KEY_BADGES_JS = """(edges) => {
  const svg = document.querySelector('#presentation .present-diagram svg');
  const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, middle: (r.top + r.bottom) / 2}; };
  return {
    badges: [...svg.querySelectorAll('.trace-badge--key')].map((b) => ({text: b.textContent.trim(), box: box(b.querySelector('rect'))})),
    labels: edges.map((id) => { const t = svg.getElementById(id)?.querySelector('text'); return t ? box(t) : null; }),
    old: svg.querySelectorAll('.is-trail, .present-badge, .assistant-badge, [class*="assistant-is-"]').length,
  };
}"""


def test_the_mode_traces_with_the_shared_classes(page: Any, flow: dict) -> None:
    """At « editeur », the current box is is-current and its three answers' arrows are is-option, each with its key badge (1 to 3) beside it."""
    page.goto("presentation.html#etape-editeur")
    now = expect_slide(page, "editeur")  # n-editeur, and it alone, is-current
    settle(page)
    choices = flow["nodes"]["editeur"]["choices"]
    assert [choice["key"] for choice in choices] == ["resolu", "panne", "pas-de-panne"], "revoir ce test : les réponses d'editeur ont changé"
    edges = [choice["diagram"] for choice in choices]
    assert sorted(now["options"]) == sorted(edges)
    # The boxes the answers reach: « Résolu » its own mark beside « editeur », the other two one box.
    assert sorted(now["next"]) == sorted({choice["diagram_to"] for choice in choices})
    assert choices[0]["diagram_to"] == "n-resolu--depuis--editeur--resolu"
    drawn = page.evaluate(KEY_BADGES_JS, edges)
    assert drawn["old"] == 0, "des classes de l'ancien tracé restent sur le logigramme"
    assert sorted(badge["text"] for badge in drawn["badges"]) == ["1", "2", "3"]
    for number, (choice, label) in enumerate(zip(choices, drawn["labels"]), start=1):
        assert label is not None, f"{choice['diagram']} : flèche ou étiquette absente du logigramme"
        badge = next(badge["box"] for badge in drawn["badges"] if badge["text"] == str(number))
        # Just left of its arrow's label, on the same line.
        assert abs(badge["middle"] - label["middle"]) < 1.5, (number, choice["key"], badge, label)
        assert 0 <= label["left"] - badge["right"] < 20, (number, choice["key"], badge, label)
    # The key on the badge is the key that takes that answer.
    page.keyboard.press("3")
    now = expect_slide(page, choices[2]["to"])
    assert choices[2]["diagram"] in now["taken"] and choices[1]["diagram"] not in now["taken"], now["taken"]
    assert_clean(page)


def test_addresses_open_a_step_or_a_scenario(page: Any, flow: dict, scenarios: list) -> None:
    fourth = scenarios[3]
    slides = scenario_slides(flow, fourth)
    page.goto(f"presentation.html#{fourth['id']}/3")
    expect_slide(page, slides[2][0])
    assert state(page)["progress"] == f"Étape 3 sur {len(slides)}"

    page.goto("presentation.html#etape-secours--copie")
    now = expect_slide(page, "secours--copie")
    assert "e-secours--document" in now["taken"], now["taken"]

    page.goto("presentation.html#etape-inconnu")
    expect_slide(page, flow["start"])

    # The former form of these addresses (#noeud-…), in links made before, still opens the same slide.
    page.goto("presentation.html#noeud-secours--copie")
    expect_slide(page, "secours--copie")
    assert hash_of(page) == "etape-secours--copie"

    # The page itself, not the mode; « Démarrer » enters, Échap comes back to the page.
    page.goto("about:blank")
    page.goto("presentation.html")
    assert not state(page)["on"]
    page.get_by_role("link", name="Démarrer la présentation").click()
    expect_slide(page, flow["start"])
    page.keyboard.press("Escape")
    now = state(page)
    assert not now["on"] and urlsplit(now["url"]).path.endswith("/presentation.html") and not hash_of(page)
    assert now["active"]["text"] == "Démarrer la présentation", now["active"]
    assert now["current"] == [] and now["badges"] == 0, "le logigramme de la page garde les marques du mode"

    # From the scenarios page, the mode opens on the scenario being read.
    page.goto(f"scenarios.html#{scenarios[4]['id']}")
    with page.expect_navigation():
        page.keyboard.press("Shift+P")
    page.wait_for_function("() => document.documentElement.classList.contains('present-on')")
    assert hash_of(page) == f"{scenarios[4]['id']}/1"
    assert_clean(page)


def test_every_page_has_a_visible_present_button(page: Any) -> None:
    pages = [name for _, name in nav_pages()]
    assert "presentation.html" in pages, "« Mode présentation » manque au menu"
    for name in pages:
        page.goto(name)
        button = page.locator("a[data-present-enter]")
        assert button.count() == 1, f"{name} : pas de bouton « Présenter »"
        assert button.is_visible() and button.inner_text().strip() == "Présenter", name
    page.goto("numero-lrn.html")
    with page.expect_navigation():
        page.locator("a[data-present-enter]").click()
    page.wait_for_function("() => document.documentElement.classList.contains('present-on')")
    # The mode rewrites its own hash (a same-document navigation): wait for the page itself.
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/numero-lrn\.html"), timeout=30_000)
    assert urlsplit(page.url).path.endswith("/numero-lrn.html")
    # The tour passes by the assistant, which loads Pyodide: only the mode's own errors count here.
    assert_clean(page, pyodide_pages=True)


def test_the_mouse_works_too(page: Any, flow: dict) -> None:
    page.goto("presentation.html")
    page.get_by_role("link", name="Présenter le scénario 2").click()
    expect_slide(page, flow["start"])
    assert state(page)["where"].startswith("Scénario 2\u00a0: ")
    page.get_by_role("button", name="Suivant").click()
    expect_slide(page, "diagnostic")
    page.locator(".present-slide:not([hidden]) .present-choice").nth(1).click()
    expect_slide(page, "meteo")
    assert state(page)["where"] == "Parcours libre"
    page.get_by_role("button", name="Précédent").click()
    expect_slide(page, "diagnostic")
    # A box of the diagram, from the overview.
    page.get_by_role("button", name="Vue d’ensemble").click()
    assert state(page)["overview"]
    settle(page)
    page.locator(".present-diagram svg #n-mode").click()
    now = expect_slide(page, "mode")
    assert not now["overview"] and now["where"] == "Parcours libre"
    page.get_by_role("button", name="Scénarios").click()
    page.locator("#present-scenarios").get_by_role("link", name=re.compile(r"^4 ")).click()
    now = expect_slide(page, flow["start"])
    assert now["dialogs"] == [] and now["where"].startswith("Scénario 4\u00a0: ")
    page.get_by_role("button", name="Quitter").click()
    assert not state(page)["on"]
    assert_clean(page)


# ---------------------------------------------------------------- the room: type, fit, screenshots

LAYOUT_JS = """(min) => {
  const W = innerWidth, H = innerHeight, problems = [];
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const clipper = e => {
    for (let a = e.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') return a;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > W || document.documentElement.scrollHeight > H)
    problems.push(`la page défile : ${document.documentElement.scrollWidth}×${document.documentElement.scrollHeight}`);
  let texts = 0;
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg, template, script, style')) continue;
    const s = getComputedStyle(e);
    // (checkVisibility: the content of a closed <details> keeps its boxes but is not shown.)
    if (s.display === 'none' || s.visibility === 'hidden' || !e.getClientRects().length || !e.checkVisibility()) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (!clipper(e) && (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5))
      problems.push(`hors de l'écran : ${describe(e)} [${Math.round(r.left)}, ${Math.round(r.top)}, ${Math.round(r.right)}, ${Math.round(r.bottom)}]`);
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) {
      texts += 1;
      const size = parseFloat(s.fontSize);
      if (size < min - 0.01) problems.push(`texte de ${size} px : ${describe(e)} « ${e.textContent.trim().slice(0, 40)} »`);
    }
  }
  const slides = document.querySelector('.present-slides');
  if (slides && getComputedStyle(slides).display !== 'none' && slides.scrollHeight > slides.clientHeight + 1)
    problems.push(`la diapositive déborde : ${slides.scrollHeight} > ${slides.clientHeight}`);
  for (const d of document.querySelectorAll('dialog[open]')) {
    const r = d.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > W || r.bottom > H) problems.push(`fenêtre hors de l'écran : ${d.id}`);
  }
  return {problems, texts};
}"""


def check_layout(page: Any, what: str) -> None:
    result = page.evaluate(LAYOUT_JS, MIN_TEXT_PX)
    assert result["texts"] > 3, f"{what} : rien à lire ?"
    assert not result["problems"], f"{what} :\n" + "\n".join(result["problems"][:20])


def shoot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    settle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.mark.parametrize("sized_page", VIEWPORTS, indirect=True, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_every_slide_fits_the_screen_in_large_type(sized_page: Any, flow: dict) -> None:
    page = sized_page
    size = "{width}x{height}".format(**page.viewport_size)
    page.goto(f"presentation.html#etape-{flow['start']}")
    # Every slide of the flow, with the trainer's notes shown (the fullest case) and hidden.
    all_slides = [slide for node_id in flow["nodes"] for slide in slides_of(flow, node_id)]
    for notes in (True, False):
        if state(page)["notes"] != notes:
            page.keyboard.press("n")
        for slide in all_slides:
            page.evaluate("hash => { location.hash = hash; }", f"#etape-{slide}")
            page.wait_for_function("slide => !document.querySelector(`.present-slide[data-slide=\"${slide}\"]`).hidden", arg=slide)
            check_layout(page, f"{size}, {slide}, notes {'affichées' if notes else 'masquées'}")
    # The current box is in the diagram's pane, centred.
    page.evaluate("hash => { location.hash = hash; }", "#etape-meteo")
    settle(page)
    centre = page.evaluate("""() => {
      const pane = document.querySelector('.present-diagram').getBoundingClientRect();
      const box = document.querySelector('.present-diagram svg .is-current').getBoundingClientRect();
      return {dx: (box.left + box.right) / 2 - (pane.left + pane.right) / 2, dy: (box.top + box.bottom) / 2 - (pane.top + pane.bottom) / 2,
              inside: box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom};
    }""")
    assert centre["inside"] and abs(centre["dx"]) < 2 and abs(centre["dy"]) < 2, centre
    shoot(page, f"{size}-question")
    page.evaluate("hash => { location.hash = hash; }", "#scenario-3/7")
    shoot(page, f"{size}-scenario-etape")
    page.keyboard.press("o")
    check_layout(page, f"{size}, vue d'ensemble")
    shoot(page, f"{size}-vue-ensemble")
    page.keyboard.press("o")
    page.keyboard.press("?")
    check_layout(page, f"{size}, liste des touches")
    shoot(page, f"{size}-touches")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    check_layout(page, f"{size}, choix du scénario")
    shoot(page, f"{size}-scenarios")
    page.keyboard.press("Escape")
    assert_clean(page)


@pytest.mark.parametrize("sized_page", [(800, 1000)], indirect=True, ids=["800x1000"])
def test_narrow_screen_puts_the_step_over_the_diagram(sized_page: Any) -> None:
    page = sized_page
    page.goto("presentation.html#etape-meteo")
    boxes = page.evaluate("""() => ({
      slides: document.querySelector('.present-slides').getBoundingClientRect().toJSON(),
      diagram: document.querySelector('.present-diagram').getBoundingClientRect().toJSON()})""")
    assert boxes["slides"]["bottom"] <= boxes["diagram"]["top"] + 1, boxes
    assert boxes["diagram"]["height"] > 100, boxes
    check_layout(page, "800×1000")
    shoot(page, "800x1000-question")
    assert_clean(page)


# ---------------------------------------------------------------- accessibility

def test_axe_finds_nothing_in_any_state_of_the_mode(page: Any) -> None:
    page.goto("presentation.html")
    assert_axe(page, "la page, avant le mode")
    page.goto("presentation.html#scenario-4/3")
    assert_axe(page, "une question d'un scénario")
    page.keyboard.press("n")
    assert_axe(page, "notes du formateur affichées")
    page.goto("presentation.html#etape-secours--rappel")
    assert_axe(page, "le rappel, fin du parcours")
    page.keyboard.press("o")
    assert_axe(page, "vue d'ensemble")
    page.keyboard.press("o")
    page.keyboard.press("b")
    assert_axe(page, "écran noir")
    page.keyboard.press("b")
    page.keyboard.press("?")
    assert_axe(page, "liste des touches")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    assert_axe(page, "choix du scénario")
    page.keyboard.press("Escape")
    assert_clean(page)


# ---------------------------------------------------------------- the handout

@pytest.mark.parametrize("where", ["presentation.html", "presentation.html#scenario-3/4"], ids=["page", "pendant-le-mode"])
def test_print_gives_the_diagram_then_the_scenarios_compact(page: Any, scenarios: list, where: str) -> None:
    """Printed: the diagram on its page, then the scenarios several a page (issue 16), a title never alone at a page's foot."""
    page.goto(where)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => {
      const visible = e => e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
      const svg = document.querySelector('.present-diagram svg');
      return {
        diagram: visible(svg), transform: getComputedStyle(svg).transform,
        slides: visible(document.querySelector('.present-slides')), tools: visible(document.querySelector('.present-tools')),
        keys: visible(document.querySelector('.md-content__inner > table.present-keys')),
        sheets: [...document.querySelectorAll('.present-sheet')].filter(visible).map(s => getComputedStyle(s).breakBefore),
        handout: getComputedStyle(document.querySelector('.present-handout')).breakBefore,
        titles: [...new Set([...document.querySelectorAll('.present-sheet__title')].map(t => getComputedStyle(t).breakAfter))],
      };
    }""")
    assert shown["diagram"] and shown["transform"] == "none", shown
    assert not shown["slides"] and not shown["tools"] and not shown["keys"], shown
    assert shown["sheets"] == ["auto"] * len(scenarios) and shown["handout"] == "page" and shown["titles"] == ["avoid"], shown
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    most = 1 + (len(scenarios) + 1) // 2  # the diagram's page, then two scenarios a page or more
    assert 2 <= pages <= most, f"{pages} pages imprimées, attendues {most} au plus"
    assert_clean(page)


# ---------------------------------------------------------------- offline: a shared folder, instant navigation

def test_works_from_a_shared_folder(browser: Any, built_site: BuiltSite, flow: dict, scenarios: list) -> None:
    base = built_site.path.resolve().as_uri() + "/"
    context, page, traffic = new_recorded_page(browser, base)
    try:
        page.goto(base + "logigramme.html")
        with page.expect_navigation():
            page.keyboard.press("Shift+P")
        page.wait_for_function("() => document.documentElement.classList.contains('present-on')")
        expect_slide(page, flow["start"])
        first = scenarios[0]
        page.evaluate("hash => { location.hash = hash; }", f"#{first['id']}")
        # The end's box is the one the scenario's last answer reaches (a node drawn more than once).
        last = next(c for c in flow["nodes"][first["nodes"][-2]]["choices"] if c["key"] == first["keys"][-1])
        for slide, _ in scenario_slides(flow, first):
            now = expect_slide(page, slide)
            if slide == first["nodes"][-1]:
                assert now["current"] == [last["diagram_to"]], (now["current"], last["diagram_to"])
            page.keyboard.press("PageDown")
        with page.expect_navigation():
            page.keyboard.press("Escape")
        assert page.url == base + "logigramme.html"
        # From file://, Chromium refuses module scripts (the assistant's among them) and says
        # so in the console: the reason present.js is a classic script. Any other error counts.
        errors = [e for e in traffic.console_errors if not re.search(r"\.mjs\b.*CORS|CORS.*\.mjs\b|ERR_FAILED \(file://[^)]*\.mjs", e)]
        assert not errors, errors
        assert all(url.startswith("file://") or url.startswith("data:") for url in traffic.requests), traffic.requests
    finally:
        context.close()


def test_instant_navigation_mounts_and_unmounts_the_mode(page: Any, flow: dict) -> None:
    # The shared site is built for the address it is served at: instant navigation works there,
    # once mkdocs-material has read the sitemap (before that, a click loads the page in full).
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
        page.goto("scenarios.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__same_document = true")
    page.locator(".md-nav--primary").get_by_role("link", name="Mode présentation").click()
    page.wait_for_url("**/presentation.html")
    # mkdocs-material changes the address first, then fetches and swaps the page in:
    # a key pressed before the swap would reach the previous page.
    page.wait_for_selector("#presentation #presentation-data", state="attached")
    assert page.evaluate("window.__same_document === true"), "la navigation instantanée n'a pas servi"
    assert not state(page)["on"]
    page.keyboard.press("Shift+P")
    expect_slide(page, flow["start"])
    page.keyboard.press("1")
    expect_slide(page, "diagnostic")
    page.keyboard.press("Escape")
    assert not state(page)["on"]
    page.locator(".md-nav--primary").get_by_role("link", name="Glossaire").click()
    page.wait_for_url("**/glossaire.html")
    page.wait_for_function("() => document.title.startsWith('Glossaire') && !document.getElementById('presentation')")
    assert page.evaluate("window.__same_document === true")
    now = state(page)
    assert not now["on"]
    # Keys are the site's again: n goes to the next page.
    next_page = page.locator("link[rel=next]").get_attribute("href")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(re.escape(next_page.rsplit("/", 1)[-1]) + "$"))
    assert_clean(page)
