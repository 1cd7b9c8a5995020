"""The diagram wherever it is shown: whole and legible on the Logigramme page, zoomed by keyboard, printed as a poster, followed by the assistant, and in the presentation's overview."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from sitefixtures import ARTIFACTS, format_violations, new_recorded_page, run_axe

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "diagram"
VIEWPORTS = [(390, 844), (1280, 800), (1920, 1080)]
MIN_PAGE_PX = 12     # box text on a computer screen: the whole chart, beside the site's menu, at 1280×800 and 1920×1080
MIN_SIDE_PX = 11     # box text of the assistant's side diagram
MIN_PRINT_PT = 8     # box text of the printed chart

# The boxes the « Vous êtes ici » tab covers, other than the current one (it must cover none).
TAB_COVERS_JS = """() => {
  const svg = document.querySelector('.assistant-layout .flow-diagram svg');
  const tab = svg.querySelector('.trace-badge--here rect').getBoundingClientRect();
  return [...svg.querySelectorAll('g.node:not(.is-current)')].filter(node => { const r = node.getBoundingClientRect();
    return !(tab.right <= r.left || r.right <= tab.left || tab.bottom <= r.top || r.bottom <= tab.top); }).map(node => node.id);
}"""

# The computed size of the box text (boxes, marks, steps, reminder) in CSS px, and where the chart and its first box are.
MEASURE_JS = """sel => {
  const svg = document.querySelector(sel);
  const k = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('g.node text, g.cluster text')].map(t => parseFloat(getComputedStyle(t).fontSize) * k);
  const rect = e => { const r = e.getBoundingClientRect(); return {top: r.top, left: r.left, bottom: r.bottom, right: r.right}; };
  const region = svg.closest('.flow-diagram__scroll');
  const header = document.querySelector('.md-header');
  return {min: Math.min(...sizes), count: sizes.length, chart: rect(svg.querySelector('g.graph')), first: rect(svg.querySelector('g.node')),
          region: rect(region), header: header ? header.getBoundingClientRect().bottom : 0, vh: innerHeight, vw: innerWidth,
          pageWidth: document.documentElement.scrollWidth, viewBox: svg.getAttribute('viewBox')};
}"""
PAGE_SVG = ".md-typeset > .flow-diagram svg"


def inside(inner: dict, outer: dict, slack: float = 1) -> bool:
    return all((inner[s] >= outer[s] - slack) if s in ("top", "left") else (inner[s] <= outer[s] + slack) for s in ("top", "left", "bottom", "right"))


@pytest.fixture
def viewport_page(browser: Any, site_server: str, request: pytest.FixtureRequest):
    """A page at the viewport given by indirect parametrization (width, height); a phone-sized one has touch."""
    width, height = request.param
    if width < 600:
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=site_server, locale="fr-FR",
                                      has_touch=True, is_mobile=True)
        page = context.new_page()
    else:
        context, page, _traffic = new_recorded_page(browser, site_server, width=width, height=height)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("viewport_page", VIEWPORTS, indirect=True, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_the_logigramme_page_shows_the_whole_chart_legibly_and_zooms(viewport_page: Any) -> None:
    """At each size the whole chart fits the screen under the header (box text ≥ 12 px at 1280×800 and 1920×1080; first box whole on a phone), the zoom tools are there, the keyboard zooms, pans and fits, and axe finds nothing."""
    page = viewport_page
    page.goto("logigramme.html")
    page.wait_for_selector(".flow-diagram.is-zoomable")
    frame = page.locator(".flow-diagram__scroll")
    frame.scroll_into_view_if_needed()
    page.evaluate("() => { const t = document.querySelector('.flow-diagram__scroll'); scrollBy(0, t.getBoundingClientRect().top - document.querySelector('.md-header').getBoundingClientRect().bottom - 4); }")
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"logigramme-{width}x{height}.png"))
    fitted = page.evaluate(MEASURE_JS, PAGE_SVG)
    screen = {"top": fitted["header"], "left": 0, "bottom": fitted["vh"], "right": fitted["vw"]}
    assert inside(fitted["region"], screen), fitted
    assert inside(fitted["chart"], fitted["region"]) and inside(fitted["first"], fitted["region"]), fitted
    assert fitted["pageWidth"] <= width, fitted
    if width >= 1280:
        assert fitted["min"] >= MIN_PAGE_PX, f"{width}×{height} : texte des cases à {fitted['min']:.1f} px"
    for name in ("Réduire", "Agrandir", "Ajuster à l’écran"):
        assert page.get_by_role("button", name=name).is_visible(), name
    assert page.get_by_role("button", name="Réduire").is_disabled()
    if width < 600:
        assert page.locator(".flow-diagram__hint--touch").is_visible()
        assert not page.locator(".flow-diagram__hint--pointer").is_visible()

    # The keyboard, once the chart has the focus: + zooms in, an arrow pans, 0 fits, − at the fitted size does nothing.
    region = page.get_by_role("group", name="Logigramme", exact=False).first
    region.focus()
    page.keyboard.press("+")
    zoomed = page.evaluate(MEASURE_JS, PAGE_SVG)
    assert zoomed["min"] == pytest.approx(fitted["min"] * 1.25, rel=0.01), (fitted["min"], zoomed["min"])
    if width >= 1280:
        assert zoomed["min"] >= MIN_PAGE_PX, f"{width}×{height} : {zoomed['min']:.1f} px une fois agrandi"
    page.keyboard.press("ArrowRight")
    panned = page.evaluate(MEASURE_JS, PAGE_SVG)
    assert float(panned["viewBox"].split()[0]) > float(zoomed["viewBox"].split()[0]), (zoomed["viewBox"], panned["viewBox"])
    assert not page.get_by_role("button", name="Réduire").is_disabled()
    page.keyboard.press("0")
    assert page.evaluate(MEASURE_JS, PAGE_SVG)["min"] == pytest.approx(fitted["min"], rel=0.001)
    page.get_by_role("button", name="Agrandir").click()
    page.get_by_role("button", name="Réduire").click()
    assert page.evaluate(MEASURE_JS, PAGE_SVG)["min"] == pytest.approx(fitted["min"], rel=0.001)
    if width in (390, 1280):
        violations = run_axe(page)
        assert not violations, format_violations(violations)


def test_the_logigramme_prints_as_a_landscape_poster(page: Any) -> None:
    """Printed, the chart is one A4 landscape page with its caption (version) and key, box text ≥ 8 pt, no zoom tools."""
    page.goto("logigramme.html")
    page.wait_for_selector(".flow-diagram.is-zoomable")
    page.get_by_role("button", name="Agrandir").click()  # a zoomed view still prints whole
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    # An A4 landscape page less its 6 mm margins, in CSS px (96 per inch).
    page.set_viewport_size({"width": round((297 - 12) / 25.4 * 96), "height": round((210 - 12) / 25.4 * 96)})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # resize observers have run
    printed = page.evaluate(MEASURE_JS, PAGE_SVG)
    whole = page.evaluate("() => { const g = document.querySelector('.md-typeset > .flow-diagram svg g.graph').getBBox(); return [g.width, g.height]; }")
    shown = [float(n) for n in printed["viewBox"].split()[2:]]
    assert shown[0] >= whole[0] and shown[1] >= whole[1], f"imprimé, le schéma n’est pas entier : {printed['viewBox']} pour {whole}"
    assert printed["min"] * 0.75 >= MIN_PRINT_PT, f"texte imprimé à {printed['min'] * 0.75:.1f} pt"
    assert not page.locator(".flow-diagram__view").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "logigramme.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    posters = [p for p in reader.pages if "J’applique la procédure de secours" in (p.extract_text() or "")
               and "Je diagnostique ma panne" in (p.extract_text() or "")]
    assert len(posters) >= 1, "aucune page ne porte tout le schéma"
    poster = posters[0]
    text = poster.extract_text()
    assert float(poster.mediabox.width) > float(poster.mediabox.height), "le schéma n’est pas imprimé en paysage"
    assert "version" in text and "Trait plein" in text and "Pointillés" in text, text[-400:]
    assert "Agrandir" not in text and "molette" not in text and "http" not in text


def test_the_assistant_and_the_presentation_show_the_chart_legibly(browser: Any, site_server: str) -> None:
    """The assistant's side diagram (computer and phone) follows the step with box text ≥ 11 px, its « Vous êtes ici » tab over no other box; the presentation's overview fills the screen at 1920×1080 with text ≥ 14 px."""
    for width, height in ((1280, 800), (390, 844)):
        context, page, _traffic = new_recorded_page(browser, site_server, width=width, height=height)
        try:
            page.goto("assistant.html")
            page.wait_for_selector('#assistant[data-mode="python"]', timeout=120_000)
            page.wait_for_selector(".assistant-layout .flow-diagram.is-following .is-current")
            side = page.evaluate(MEASURE_JS, ".assistant-layout .flow-diagram svg")
            assert side["min"] >= MIN_SIDE_PX, f"{width}×{height} : {side['min']:.1f} px"
            assert page.evaluate(TAB_COVERS_JS) == [], "« Vous êtes ici » couvre une autre case"
            current = page.locator(".assistant-layout .flow-diagram .is-current").first.bounding_box()
            region = page.locator(".assistant-layout .flow-diagram__scroll").bounding_box()
            assert region["x"] <= current["x"] and current["x"] + current["width"] <= region["x"] + region["width"], (current, region)
            if width < 600:  # below the step
                assert region["y"] > page.locator(".assistant-steps").bounding_box()["y"]
            page.locator(".assistant-layout .flow-diagram").scroll_into_view_if_needed()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"assistant-{width}x{height}.png"))
        finally:
            context.close()
    context, page, _traffic = new_recorded_page(browser, site_server, width=1920, height=1080)
    try:
        page.goto("presentation.html#etape-debut")
        page.wait_for_function("() => document.documentElement.classList.contains('present-on')")
        page.keyboard.press("o")
        page.wait_for_function("() => document.querySelector('.present').classList.contains('is-overview')")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        overview = page.evaluate(MEASURE_JS, ".present-diagram svg")
        assert overview["min"] >= 14, f"vue d’ensemble : {overview['min']:.1f} px"
        assert overview["chart"]["right"] - overview["chart"]["left"] >= 0.75 * 1920 or overview["chart"]["bottom"] - overview["chart"]["top"] >= 0.75 * 1080, overview
        page.screenshot(path=str(SHOTS / "presentation-vue-d-ensemble-1920x1080.png"))
    finally:
        context.close()
