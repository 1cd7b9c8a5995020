"""Browser tests: Debian's Chromium driven by Playwright on the built site.

The fixtures come from sitefixtures.py: built_site (built once per session),
site_server (127.0.0.1, free port), browser, page (with page.traffic: every
request of the page and its workers, console errors) and traffic. Every test
here carries the `browser` marker (added below if a module forgets it), so
`pytest -m "not browser"` skips them all.
"""

from pathlib import Path

import pytest

from sitefixtures import browser, built_site, page, site_http_server, site_server, traffic  # noqa: F401  (pytest fixtures)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
