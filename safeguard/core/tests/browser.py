"""Playwright in Debian's Chromium, and axe-core, for browser journeys."""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are fine.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    # axe-core is injected as a script, which the service's CSP would (rightly) refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(15000)
    the_page = context.new_page()
    yield the_page
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    the_page = context.new_page()
    yield the_page
    context.close()


# Markup that a person should never read on a page: a sign that HTML was escaped where it was meant.
ESCAPED_MARKUP = ("<a ", "</", "&lt;", "&gt;", "&amp;", 'class="govuk-')
# WCAG 2.2, 1.4.10 Reflow: content readable at 320 CSS pixels wide without scrolling sideways.
REFLOW_WIDTH = 320


def escaped_markup(page) -> list[dict]:
    """Markup shown as text on the page, each with the words around it."""
    text = page.evaluate("document.body.innerText")
    found = []
    for sign in ESCAPED_MARKUP:
        at = text.find(sign)
        if at >= 0:
            found.append(text[max(0, at - 60) : at + 60].replace("\n", " "))
    if not found:
        return []
    return [{"id": "escaped-markup", "impact": "serious", "help": "Markup is shown as text", "nodes": found}]


def reflow_problems(page) -> list[dict]:
    """At 320 CSS pixels, the page must not be wider than the screen (a wide table scrolls in its own
    region). The page is measured at that width and put back to its own size."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        width, wide = page.evaluate(
            """() => new Promise(done => requestAnimationFrame(() => {
                const limit = document.documentElement.clientWidth;
                const wide = [...document.body.querySelectorAll('*')]
                    .filter(e => e.getBoundingClientRect().right > limit + 1)
                    .filter(e => !e.parentElement.closest('.safeguard-table-region'))
                    .slice(0, 5)
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                               + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)');
                done([document.documentElement.scrollWidth, wide]);
            }))"""
        )
    finally:
        page.set_viewport_size(size)
    if width <= REFLOW_WIDTH:
        return []
    return [
        {
            "id": "reflow-320",
            "impact": "serious",
            "help": f"The page is {width}px wide at {REFLOW_WIDTH}px: it scrolls sideways (WCAG 1.4.10)",
            "nodes": wide,
        }
    ]


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page; return its violations, summarised.

    Every journey's page check comes through here, so it also fails a page that shows markup as text
    or that is wider than the screen at 320 CSS pixels.
    """
    problems = escaped_markup(page) + reflow_problems(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return problems + result


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found on {page.url}:\n{json.dumps(violations, indent=2)}"
