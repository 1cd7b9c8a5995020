"""Every page of the nav, and the 404 page, in Chromium, on a desktop and a phone.

For each page and size: no request off 127.0.0.1:<port> (page and workers),
no console error, no failed or 4xx/5xx request, zero axe-core violations
(every rule: WCAG 2.0/2.1/2.2 and best practices), nothing wider than the viewport except the
diagram's own scroll area, and a full-page screenshot in
test-artifacts/screenshots/ for review. Then search, in French: every word
found where the indexed pages say it, and a fixed list of queries with the
page each must put first, accents or not.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from sitefixtures import ARTIFACTS, ROOT, BuiltSite, format_violations, html_to_text, nav_pages, new_recorded_page, run_axe

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
# The site's 404 page too (not in the nav): a reader who mistyped an address sees it.
@pytest.mark.parametrize("name", PAGES + ["404.html"])
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


def test_axe_runs_the_best_practice_rules(page: Any) -> None:
    """run_axe checks every rule, not only WCAG's: an unnamed dialog (best practice aria-dialog-name) is reported."""
    page.set_content('<!doctype html><html lang="fr"><head><title>Essai</title></head>'
                     '<body><main><h1>Essai</h1><div role="dialog"><p>Sans nom</p></div></main></body></html>')
    assert "aria-dialog-name" in {violation["id"] for violation in run_axe(page)}


def test_requests_of_workers_are_recorded(page: Any) -> None:
    """The recorder sees what a worker fetches: the search worker loads lunr's French stemmer."""
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    traffic = page.traffic
    assert any("/workers/search" in url for url in traffic.workers), traffic.workers
    assert any(url.endswith("lunr.fr.min.js") for url in traffic.requests), traffic.requests
    assert not traffic.off_host(), traffic.off_host()


WORD = r"[a-zà-ÿœæç]"
# Pages left out of the search index by their front matter (`search: exclude: true`):
# generated copies of every step (the presentation, the scenarios…).
# tests/site/test_search.py checks them against the built index.
SEARCH_EXCLUDED = {
    name for name in PAGES
    if re.search(r"^search:\n\s+exclude: true$", (ROOT / "docs" / name.replace(".html", ".md")).read_text(encoding="utf-8").split("\n---\n")[0], re.M)
}
SEARCHED = [name for name in PAGES if name not in SEARCH_EXCLUDED]


def pages_with_word(site: BuiltSite, word: str) -> set[str]:
    pattern = re.compile(rf"(?<!{WORD}){re.escape(word)}(?!{WORD})", re.IGNORECASE)
    return {name for name in SEARCHED if pattern.search(site.doc(name).text)}


def search_results(page: Any, query: str) -> list[str]:
    """Type the query in mkdocs-material's search box (the page already open); the results
    in their order, as « page.html » or « page.html#section » (without the ?h= the theme adds)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.locator(".md-search-result__meta", has_text=re.compile("trouvé")).wait_for(state="detached", timeout=15_000)
    box.fill(query)
    box.press("End")  # the theme searches on key events: one, with the whole query
    page.locator(".md-search-result__meta", has_text=re.compile("trouvé")).wait_for(timeout=15_000)
    links = page.locator(".md-search-result__item a.md-search-result__link")
    results = []
    for i in range(links.count()):
        url = urlsplit(urljoin(page.url, links.nth(i).get_attribute("href") or ""))
        results.append(url.path.rsplit("/", 1)[-1] + (f"#{url.fragment}" if url.fragment else ""))
    return results


def search(page: Any, query: str) -> set[str]:
    """Type the query in mkdocs-material's search box on the home page; the pages of the results."""
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    return {result.split("#")[0] for result in search_results(page, query)}


def step_words(site: BuiltSite) -> list[tuple[str, str, bool]]:
    """(word, node, elided) for every long word of the steps' texts (from the flow)."""
    found = []
    for node_id, node in site.assistant_data["nodes"].items():
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


# Queries an operator types, with the result the search must put first (a page,
# or a page and its section). Written as a reader would type them: accents or
# not, capitals or not; a query without its accents ranks as the one with them.
FIRST_RESULTS = [
    ("météo", "assistant.html#etape-meteo-titre"),
    ("meteo", "assistant.html#etape-meteo-titre"),
    ("SAU", "contacts.html#sau"),
    ("LRN", "numero-lrn.html"),
    ("lrn", "numero-lrn.html"),
    ("procédure", "procedure-de-secours.html"),
    ("procedure", "procedure-de-secours.html"),
    ("document de secours", "document-de-secours.html"),
    ("éditeur", "assistant.html#etape-editeur-titre"),
    ("editeur", "assistant.html#etape-editeur-titre"),
    ("prestataire", "contacts.html#prestataire"),
    ("fiche réflexe", "fiche-reflexe.html"),
    ("fiche reflexe", "fiche-reflexe.html"),
    ("glossaire", "glossaire.html"),
]
# A query typed without its accents finds what the accented one finds, the same result
# first, and at least as many pages (more when the text itself writes « meteo » or
# « procedure », in addresses).
ACCENT_PAIRS = [("météo", "meteo"), ("Météo des services", "meteo des services"), ("éditeur", "editeur"),
                ("procédure", "procedure"), ("fiche réflexe", "fiche reflexe")]


def test_search_puts_the_expected_page_first(page: Any, built_site: BuiltSite) -> None:
    """Each query of FIRST_RESULTS, typed in the real search box, puts its page (and section) first,
    each pair of ACCENT_PAIRS gives the same first result and pages, and no generated copy is indexed."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"presentation.html", "scenarios.html"} <= SEARCH_EXCLUDED, SEARCH_EXCLUDED
    assert indexed == set(SEARCHED), f"pages indexées {sorted(indexed)}, attendu {sorted(SEARCHED)}"
    page.goto("index.html")
    page.wait_for_load_state("networkidle")
    wrong = []
    results_of, counts = {}, {}
    meta = page.locator(".md-search-result__meta")
    for query in dict.fromkeys([query for query, _ in FIRST_RESULTS] + [query for pair in ACCENT_PAIRS for query in pair]):
        results_of[query] = search_results(page, query)
        # « 12 documents trouvés » (the theme shows the first results, the rest on scrolling).
        counts[query] = int(re.search(r"\d+", meta.text_content() or "")[0])
    for query, expected in FIRST_RESULTS:
        results = results_of[query]
        first_page = results[0] if results else "(aucun résultat)"
        # The first group: its page, then its sections in the theme's order.
        group = [first_page] + [r for r in results[1:] if r.split("#")[0] == first_page.split("#")[0]]
        ok = expected in group[:2] if "#" in expected else first_page == expected
        if not ok:
            wrong.append(f"« {query} » : attendu {expected} en premier, obtenu {results[:4]}")
    for accented, plain in ACCENT_PAIRS:
        with_accents, without = results_of[accented], results_of[plain]
        if not with_accents or with_accents[:2] != without[:2] or counts[plain] < counts[accented]:
            wrong.append(
                f"« {accented} » : {counts[accented]} résultats, {with_accents[:2]} en premier ; "
                f"« {plain} » : {counts[plain]} résultats, {without[:2]} en premier"
            )
    assert not wrong, "\n".join(wrong)
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
