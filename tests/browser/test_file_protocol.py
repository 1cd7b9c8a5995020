"""The built site opened from a folder (file://), as from a shared drive.

Every page of the menu opens with its title, the menu's links work, the
static assistant is walked by clicks to an end, and notes say what needs a
web server: the full assistant (assets/js/assistant-file.js) and the search,
which mkdocs-material hides there (assets/js/file-note.js).

The console errors expected, and only those: Chromium refuses module
scripts from file:// (origin « null », CORS), so each module script of a page
(assets/js/assistant.mjs and any other <script type="module">) is blocked
with two console errors — the CORS refusal and « Failed to load resource:
net::ERR_FAILED » for that file. Nothing else: mkdocs-material does not start
its search worker from file://, and Pyodide, started by modules only, is
never requested.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gammaflow.runtime import Chart
from sitefixtures import BuiltSite, nav_pages

pytestmark = pytest.mark.browser

MODULE = "assets/js/assistant.mjs"


def module_scripts(site: BuiltSite) -> set[str]:
    """The file:// URLs of every module script of the built pages."""
    found = set()
    for path in site.html_files():
        for ref in site.doc(path.relative_to(site.path)).refs:
            if ref.tag == "script" and ref.attrs.get("type") == "module":
                base = site.path if ref.url.startswith("/") else path.parent
                found.add((base / ref.url.lstrip("/")).resolve().as_uri())
    return found
SEARCH_NOTE = "Recherche indisponible"
ASSISTANT_NOTE = "l’assistant complet (retour, récapitulatif) a besoin d’un serveur web"


class Recorder:
    def __init__(self, page: Any) -> None:
        self.errors: list[tuple[str, str]] = []  # (text, url of the script or page)
        self.requests: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.errors.append((f"exception : {error}", "")))
        page.on("request", lambda request: self.requests.append(request.url))

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append((message.text, (message.location or {}).get("url", "")))

    def unexpected(self, site: BuiltSite) -> list[str]:
        """Errors other than the two of each blocked module script."""
        modules = module_scripts(site)
        assert (site.path / MODULE).resolve().as_uri() in modules
        others = []
        for text, url in self.errors:
            cors = any(text.startswith(f"Access to script at '{module}' from origin 'null' has been blocked by CORS policy")
                       for module in modules)
            failed = text == "Failed to load resource: net::ERR_FAILED" and url in modules
            if not (cors or failed):
                others.append(f"{text} ({url})")
        return others


@pytest.fixture
def file_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    context.close()


def h1(page: Any) -> str:
    return " ".join(page.inner_text("h1").replace("¶", "").split())


def test_every_page_opens_and_the_menu_links_work(file_page: Any, built_site: BuiltSite) -> None:
    site = built_site.path
    pages = nav_pages()
    expected_h1 = {name: " ".join(built_site.doc(name).text.split()) for _, name in pages}
    file_page.goto((site / "index.html").as_uri())
    assert file_page.url.startswith("file://")
    assert h1(file_page)
    # From the home page to the assistant by its button, then every page by the menu.
    file_page.click("a.md-button[href='assistant.html']")
    file_page.wait_for_url(re.compile(r"/assistant\.html$"))
    for title, name in pages[1:]:
        file_page.click(f'.md-nav--primary a.md-nav__link[href="{name}"]')
        file_page.wait_for_url((site / name).as_uri())
        file_page.wait_for_load_state("load")
        heading = h1(file_page)
        assert heading and heading in expected_h1[name], (name, heading)
        assert file_page.title().startswith(title), (name, file_page.title())
        # The search note, on every page, where the search box would be.
        assert file_page.is_visible(".gf-file-note"), name
    # The footer's « Suivant » link too.
    file_page.goto((site / pages[0][1]).as_uri())
    file_page.click("a.md-footer__link--next")
    file_page.wait_for_url((site / pages[1][1]).as_uri())
    assert file_page.recorder.unexpected(built_site) == []
    blocked = [text for text, _ in file_page.recorder.errors]
    assert blocked, "le module bloqué n'a laissé aucune erreur : la liste des erreurs attendues est à revoir"
    # Nothing but the site's own files, and never Pyodide.
    assert all(url.startswith(site.as_uri()) or url.startswith("data:") for url in file_page.recorder.requests)
    assert not any("/assets/pyodide/" in url for url in file_page.recorder.requests)


def test_the_search_says_it_needs_a_web_server(file_page: Any, built_site: BuiltSite) -> None:
    file_page.goto((built_site / "contacts.html").as_uri())
    note = file_page.locator(".gf-file-note")
    assert note.is_visible()
    text = " ".join(note.inner_text().split())
    assert text.startswith(SEARCH_NOTE) and "serveur web" in text, text
    # mkdocs-material hides its search from file://; its button is hidden too (it would open nothing).
    assert not file_page.is_visible(".md-search__input")
    assert not file_page.is_visible('.md-header__button[for="__search"]')
    # On a phone: the short note.
    file_page.set_viewport_size({"width": 390, "height": 844})
    assert note.is_visible()
    assert " ".join(note.inner_text().split()) == SEARCH_NOTE
    assert not file_page.is_visible('.md-header__button[for="__search"]')
    assert file_page.recorder.unexpected(built_site) == []


def test_the_static_assistant_is_walked_to_every_end(file_page: Any, built_site: BuiltSite) -> None:
    chart = Chart(built_site.assistant_data)
    file_page.goto((built_site / "assistant.html").as_uri())
    file_page.wait_for_selector('#assistant[data-mode="fallback"]', state="attached", timeout=30_000)
    assert ASSISTANT_NOTE in " ".join(file_page.inner_text(".assistant-status").split())
    assert file_page.is_visible(".assistant-status")
    assert not file_page.is_visible(".assistant-live")
    for answers in chart.paths():
        walk = chart.walk()
        assert file_page.is_visible(f"#etape-{walk.current} .assistant-title") or file_page.evaluate("location.hash") == ""
        for key in answers:
            file_page.click(f'#etape-{walk.current} .assistant-choice[data-key="{key}"]')
            walk = walk.answer(key)
            assert file_page.evaluate("location.hash") == f"#etape-{walk.current}"
            assert file_page.is_visible(f"#etape-{walk.current} .assistant-title")
        assert walk.is_end
        file_page.click(f"#etape-{walk.current} .assistant-restart")
        assert file_page.evaluate("location.hash") == f"#etape-{chart.start}"
    assert file_page.recorder.unexpected(built_site) == []
