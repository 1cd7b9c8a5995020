"""Every page of the nav in Chromium, on a desktop and a phone.

For each page and size: no request off 127.0.0.1:<port> (page and workers),
no console error, no failed or 4xx/5xx request, zero axe-core violations
(WCAG 2.0/2.1 A and AA, 2.2 AA), nothing wider than the viewport except the
diagram's own scroll area, and a full-page screenshot in
test-artifacts/screenshots/ for review. Then search, in French.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from sitefixtures import ARTIFACTS, BuiltSite, format_violations, html_to_text, nav_pages, new_recorded_page, run_axe

pytestmark = pytest.mark.browser

VIEWPORTS = {"bureau": (1280, 800), "telephone": (390, 844)}
SCREENSHOTS = ARTIFACTS / "screenshots"
SCREENSHOT_HEIGHT = 8000
PAGES = [name for _, name in nav_pages()]

# Elements wider than the viewport, outside an element that scrolls (or clips)
# within the viewport. The diagram's scroll area may scroll; it may not overflow.
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].slice(0, 3).map(c => '.' + c).join('');
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (/(auto|scroll|hidden|clip)/.test(style.overflowX) && up.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    if (contained(el)) continue;
    offenders.push(`${describe(el)} : bord droit à ${Math.round(box.right)} px`);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, clientWidth: width,
    innerWidth: window.innerWidth, offenders: offenders.slice(0, 15),
  };
}
"""


def open_page(browser: Any, base_url: str, name: str, size: tuple[int, int]) -> tuple[Any, Any, Any]:
    context, page, traffic = new_recorded_page(browser, base_url, width=size[0], height=size[1])
    page.goto(name, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return context, page, traffic


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page(browser: Any, site_server: str, name: str, viewport: str) -> None:
    context, page, traffic = open_page(browser, site_server, name, VIEWPORTS[viewport])
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # A record for a person to look at, not a check: the whole page, or its first screen
        # when it is taller than SCREENSHOT_HEIGHT px (the presentation page, every handout
        # in it, is 40 000 px tall on a phone: minutes to capture whole).
        whole = page.evaluate("document.documentElement.scrollHeight") <= SCREENSHOT_HEIGHT
        page.screenshot(path=str(SCREENSHOTS / f"{name.removesuffix('.html')}-{viewport}.png"), full_page=whole)
        layout = page.evaluate(OVERFLOW_JS)
        violations = run_axe(page)
    finally:
        context.close()

    problems = []
    if off := traffic.off_host():
        problems.append("requêtes hors de 127.0.0.1 :\n  " + "\n  ".join(off))
    if traffic.console_errors:
        problems.append("erreurs dans la console :\n  " + "\n  ".join(traffic.console_errors))
    if traffic.bad_responses or traffic.failed:
        problems.append("requêtes en échec :\n  " + "\n  ".join(traffic.bad_responses + traffic.failed))
    if layout["scrollWidth"] > layout["clientWidth"] or layout["offenders"]:
        problems.append(
            f"débordement horizontal (largeur de la page {layout['scrollWidth']} px pour "
            f"{layout['clientWidth']} px visibles) :\n  " + "\n  ".join(layout["offenders"])
        )
    if violations:
        problems.append(f"axe-core : {len(violations)} règle(s) enfreinte(s) :\n" + format_violations(violations))
    assert not problems, f"{name} en {viewport} {VIEWPORTS[viewport]} :\n" + "\n".join(problems)
    assert traffic.requests and traffic.requests[0].startswith(site_server), traffic.requests


def test_requests_of_workers_are_recorded(page: Any) -> None:
    """The recorder sees what a worker fetches: the search worker loads lunr's French stemmer."""
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    traffic = page.traffic
    assert any("/workers/search" in url for url in traffic.workers), traffic.workers
    assert any(url.endswith("lunr.fr.min.js") for url in traffic.requests), traffic.requests
    assert not traffic.off_host(), traffic.off_host()


WORD = r"[a-zà-ÿœæç]"


def pages_with_word(site: BuiltSite, word: str) -> set[str]:
    pattern = re.compile(rf"(?<!{WORD}){re.escape(word)}(?!{WORD})", re.IGNORECASE)
    return {name for name in PAGES if pattern.search(site.doc(name).text)}


def search(page: Any, query: str) -> set[str]:
    """Type the query in mkdocs-material's search box; the pages of the results."""
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # the theme searches on key events: one, with the whole query
    page.locator(".md-search-result__meta", has_text=re.compile("trouvé")).wait_for(timeout=15_000)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    return {urlsplit(urljoin(page.url, href)).path.rsplit("/", 1)[-1] for href in hrefs}


def step_words(site: BuiltSite) -> list[tuple[str, str, bool]]:
    """(word, node, elided) for every long word of the steps' texts (from the flow)."""
    found = []
    for node_id, node in site.wizard["nodes"].items():
        text = html_to_text(node["html"])
        for match in re.finditer(rf"(?<!{WORD}){WORD}{{8,}}(?!{WORD})", text, re.IGNORECASE):
            elided = match.start() > 0 and text[match.start() - 1] in "'’"
            found.append((match.group().lower(), node_id, elided))
    assert found, "aucun mot à chercher dans la procédure"
    return found


def test_search_finds_a_step_text(page: Any, built_site: BuiltSite) -> None:
    # The step word found on the fewest pages (then the longest): one page should say it.
    candidates = [(word, node) for word, node, elided in step_words(built_site) if not elided]
    word, node = min(candidates, key=lambda c: (len(pages_with_word(built_site, c[0])), -len(c[0]), c[0]))
    expected = pages_with_word(built_site, word)
    assert expected, f"« {word} » ({node}) n'est sur aucune page"
    found = search(page, word)
    assert expected <= found, f"« {word} » ({node}) : trouvé dans {sorted(found)}, attendu aussi {sorted(expected - found)}"
    assert not page.traffic.off_host() and not page.traffic.console_errors, (page.traffic.off_host(), page.traffic.console_errors)


def test_search_finds_a_word_after_an_elision(page: Any, built_site: BuiltSite) -> None:
    """French writes « l'archive », « d'indisponibilité »: the word alone must find them."""
    candidates = [(word, node) for word, node, elided in step_words(built_site) if elided]
    if not candidates:
        pytest.fail("aucun mot élidé (l', d', j'…) dans les textes de la procédure : choisir un autre exemple")
    word, node = min(candidates, key=lambda c: (len(pages_with_word(built_site, c[0])), -len(c[0]), c[0]))
    expected = pages_with_word(built_site, word)
    found = search(page, word)
    assert expected <= found, f"« {word} » ({node}) : trouvé dans {sorted(found)}, pas dans {sorted(expected - found)}"


def test_overflow_check_sees_a_wide_element(page: Any) -> None:
    """The overflow check itself: a wide box is reported, unless inside the diagram's scroll area."""
    page.goto("logigramme.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".flow-diagram__scroll").count() > 0
    page.evaluate("""() => {
        const inside = document.createElement('div');
        inside.style.width = '5000px'; inside.style.height = '10px';
        document.querySelector('.flow-diagram__scroll').append(inside);
    }""")
    assert page.evaluate(OVERFLOW_JS)["offenders"] == []
    page.evaluate("""() => {
        const wide = document.createElement('p');
        wide.id = 'trop-large'; wide.textContent = 'x'; wide.style.width = '5000px';
        document.querySelector('article').append(wide);
    }""")
    layout = page.evaluate(OVERFLOW_JS)
    assert any(line.startswith("p#trop-large") for line in layout["offenders"]), layout


def test_instant_navigation_through_every_page(page: Any) -> None:
    """navigation.instant on: « Suivant » from the home page through the whole nav, without reloading."""
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.__pasRecharge = true; }")
    visited = ["index.html"]
    for title, name in nav_pages()[1:]:
        page.locator("a.md-footer__link--next").click()
        page.wait_for_url(f"**/{name}")
        # The theme swaps the page's content after changing the address.
        page.wait_for_function("(title) => document.title.startsWith(title)", arg=title)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__pasRecharge === true"), (
            f"{visited[-1]} → {name} : la page a été rechargée (la navigation instantanée n'a pas pris le lien)"
        )
        visited.append(name)
    assert visited == PAGES
    assert not page.traffic.off_host(), page.traffic.off_host()
    assert not page.traffic.console_errors, page.traffic.console_errors
