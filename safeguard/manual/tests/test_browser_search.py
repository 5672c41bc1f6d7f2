"""Browser journey: a reader with no account searches the procedures manual, at 1280 and at 320 CSS pixels,
and finds a chapter by a word in its body and by a misspelt word of its title. Accessible (axe-core) on
every page."""

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser
MISSING = "Safeguarding Children who Run Away or Go Missing"


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (320, 640)])
def test_a_reader_finds_a_chapter_by_a_body_word_and_by_a_misspelt_title_word(
    transactional_db, live_server, page, host, width, height
):
    from safeguard.manual.demo import manual_demo_load

    manual_demo_load(host=host)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/manual/")
    assert_accessible(page)

    # A word in the chapter's body, from the contents page's search box.
    page.get_by_label("Search the manual").fill("Bedfordshire")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("h1").inner_text() == "Search the manual"
    first = page.locator(".safeguard-search-result").first
    assert MISSING in first.locator("h2").inner_text()
    assert first.locator("mark", has_text="Bedfordshire").count() >= 1
    # The match reads without colour: it is bold as well as highlighted.
    weight = first.locator("mark").first.evaluate("m => getComputedStyle(m).fontWeight")
    assert int(weight) >= 700
    assert_accessible(page)

    # A misspelt word of its title, from the chapter page's search box.
    first.get_by_role("link").click()
    assert page.locator("h1").inner_text() == MISSING
    assert_accessible(page)
    page.get_by_label("Search the manual").fill("misisng")
    page.get_by_role("button", name="Search", exact=True).click()
    main = page.locator("main").inner_text()
    assert "No chapters use “misisng”. Showing results for “missing” instead." in " ".join(main.split())
    assert MISSING in page.locator(".safeguard-search-result").first.inner_text()
    assert_accessible(page)

    # Filtered to a section it is not in: nothing, and the way back is said.
    page.get_by_label("Adoption").check()
    page.get_by_role("button", name="Apply filter").click()
    assert "0 results in Adoption" in page.locator("main").inner_text()
    assert_accessible(page)

    # An empty search is named in a GOV.UK error message.
    page.get_by_label("Search the manual").fill("")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "Enter words to search for" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
