"""Browser journey: a parent searches Luton's services directory by words, by category and near their
postcode, opens a service and reads how to contact it, where and when it is open, and who it is for.
Accessible (axe-core) at 1280 and at 320 CSS pixels on every page."""

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_parent_finds_a_service_and_how_to_reach_it(transactional_db, live_server, page, host):
    from safeguard.directory.demo import directory_demo_load

    directory_demo_load(host=host)
    page.goto(f"{live_server.url}/partnership/directory/")
    assert page.locator("h1").inner_text() == "Services directory"
    accessible_wide_and_narrow(page)

    # By words.
    page.get_by_label("Search for a service").fill("young carers")
    page.get_by_role("button", name="Search").click()
    results = page.locator("main").inner_text()
    assert "1 service" in results and "Young Carers Support Service" in results
    accessible_wide_and_narrow(page)

    # By category, near a postcode: the Missing Children Return Interview Service is in LU4.
    page.get_by_label("Search for a service").fill("")
    page.get_by_label("Category").select_option(label="Missing from home or care")
    page.get_by_label("Near a postcode").fill("LU4 9QQ")
    page.get_by_role("button", name="Search").click()
    assert "Missing Children Return Interview Service" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # A postcode that is not one is named, and what was typed stays.
    page.get_by_label("Near a postcode").fill("L1UX")
    page.get_by_role("button", name="Search").click()
    assert "Enter a postcode, like LU1 2BQ" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Near a postcode").input_value() == "L1UX"
    accessible_wide_and_narrow(page)

    page.get_by_label("Near a postcode").fill("LU4")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Missing Children Return Interview Service").click()
    assert page.locator("h1").inner_text() == "Missing Children Return Interview Service"
    main = page.locator("main").inner_text()
    assert "Safe Return Bedfordshire" in main
    assert "01582 230600" in main and "5 Dunstable Road" in main and "LU4 8AA" in main
    assert "Monday to Friday, 9am to 7pm" in main and "Saturday and Sunday, 10am to 4pm" in main
    assert "Children and young people who have been missing from home or care in Luton" in main
    assert "invented for the demonstration" in main
    accessible_wide_and_narrow(page)

    # Who to call: the council's own contacts are in the directory too.
    page.goto(f"{live_server.url}/partnership/directory/?text=duty+manager")
    page.get_by_role("link", name="Referral and Assessment duty manager").click()
    assert "01582 547653" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)
