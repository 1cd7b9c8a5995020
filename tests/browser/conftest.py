"""Browser tests: Debian's Chromium driven by Playwright on the built site.

The fixtures come from the sitefixtures package: built_site (built once per session),
site_server (127.0.0.1, free port), browser, page (with page.traffic: every
request of the page and its workers, console errors) and traffic; and, here,
python_causes (what the site tells a reader when Python cannot load). Every
test here carries the `browser` marker (added below if a module forgets it),
so `pytest -m "not browser"` skips them all.
"""

import json
import re
from pathlib import Path

import pytest

from sitefixtures import browser, built_site, contacts_site, normalize_text, page, site_http_server, site_server, traffic  # noqa: F401  (pytest fixtures)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def python_causes(built_site) -> dict[str, str]:  # noqa: F811 - the fixture imported above
    """python.mjs's CAUSES as built (file, csp, missing, damaged, timeout, other → the
    French words a reader is given), whitespace folded as normalize_text does."""
    source = (built_site.path / "assets" / "js" / "python.mjs").read_text(encoding="utf-8")
    block = re.search(r"const CAUSES = \{(.*?)\n\};", source, re.DOTALL)
    assert block, "CAUSES introuvable dans assets/js/python.mjs"
    causes = {name: normalize_text(json.loads(f'"{text}"')) for name, text in re.findall(r'^\s*(\w+): "((?:[^"\\]|\\.)*)",$', block[1], re.MULTILINE)}
    assert set(causes) >= {"file", "csp", "missing", "damaged", "timeout", "other"}, causes
    return causes


# The focused element, and whether a keyboard user sees where the focus is: an
# outline or a box shadow on it, or, for a control drawn by its label (the
# visually hidden file input of the fallback document), on that label.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {lost: true, what: String(el && el.tagName)};
  const ring = (e) => { const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
  const box = el.getBoundingClientRect();
  const label = box.width <= 1 && el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {lost: false, what, visible: label ? ring(label) : ring(el)};
}"""


@pytest.fixture(scope="session")
def assert_focus_visible():
    """assert_focus_visible(page, where) → the focused element's description; fails when the
    focus is lost (on the body) or drawn without an outline or a box shadow."""

    def check(shown, where: str) -> str:  # shown: a Playwright page
        state = shown.evaluate(FOCUS_JS)
        assert not state["lost"], f"{where} : le focus est perdu ({state['what']})"
        assert state["visible"], f"{where} : le focus sur {state['what']} ne se voit pas (ni contour ni ombre)"
        return state["what"]

    return check
