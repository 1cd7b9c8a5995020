"""Helpers and pytest fixtures for the site tests (tests/site, tests/browser).

Importable from any test module (pyproject puts tests/ on sys.path):

    from sitefixtures import build_site, parse_html, run_axe, ...

One module per job:

    build           build_site(dest, flow=None, config_overrides=None): strict `mkdocs build`
                    into dest; mkdocs_config(), nav_pages(); BuiltSite (.path, .result,
                    .assistant_data, .doc(...))
    pages           parse_html(path) / HtmlDoc: ids, links/resources and visible text of
                    one built page; normalize_text(s), html_to_text(fragment)
    server          the fixtures site_http_server, built_site (built once per session),
                    contacts_site (with tests/fixtures/contacts.yaml), site_server (the
                    site on 127.0.0.1:<free port>, served by scripts/preview.py) and
                    csp_server; production_headers(), site_headers(), serve_site(),
                    watch_csp(), csp_violations()
    browser         the fixtures browser (Debian's Chromium through Playwright, never
                    `playwright install`), page (1280×800, its traffic recorded in
                    page.traffic) and traffic; new_recorded_page(); CHROMIUM_ARGS
    axe             run_axe(page): axe-core (self-hosted) with every rule; format_violations()
    assistant_page  the assistant page's selectors and limits, as its tests see them

Fixtures are imported into a conftest.py (`from sitefixtures import built_site, ...`).
Every browser test must carry `@pytest.mark.browser` (or `pytestmark`).
"""

from .assistant_page import ASSISTANT_PAGE, FALLBACK_MODE, PYODIDE_READY_MS, PYTHON_MODE, STATIC_NOTE
from .axe import AXE_JS, AXE_TAGS, format_violations, run_axe
from .browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Traffic, browser, new_recorded_page, page, traffic
from .build import FLOW, MKDOCS_YML, ROOT, BuiltSite, build_site, mkdocs_config, nav_pages
from .pages import HtmlDoc, Ref, html_to_text, normalize_text, parse_html
from .server import (
    CONTACTS_FIXTURE, CSP_LISTENER, built_site, contacts_site, csp_server, csp_violations, production_headers,
    serve_site, site_headers, site_http_server, site_server, watch_csp,
)

__all__ = [
    "ROOT", "FLOW", "MKDOCS_YML", "AXE_JS", "ARTIFACTS", "AXE_TAGS", "CHROMIUM", "CHROMIUM_ARGS",
    "BuiltSite", "HtmlDoc", "Ref", "Traffic",
    "build_site", "nav_pages", "mkdocs_config", "parse_html", "normalize_text", "html_to_text",
    "run_axe", "format_violations", "new_recorded_page",
    "built_site", "site_http_server", "site_server", "browser", "page", "traffic",
    "CONTACTS_FIXTURE", "contacts_site",
    "CSP_LISTENER", "production_headers", "site_headers", "serve_site", "watch_csp", "csp_violations", "csp_server",
    "ASSISTANT_PAGE", "PYODIDE_READY_MS", "PYTHON_MODE", "FALLBACK_MODE", "STATIC_NOTE",
]
