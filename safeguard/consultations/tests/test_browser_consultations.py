"""Browser journey: a professional registers their views on the workforce programme (a mistake first,
then anonymously), reads a closed consultation's "you said, we did", and sends the partnership feedback.
Accessible (axe-core) at 1280 and at 320 CSS pixels on every page."""

import pytest

from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def accessible_wide_and_narrow(page) -> None:
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_professional_registers_their_views_and_sends_feedback(transactional_db, live_server, page, host):
    from safeguard.consultations.demo import consultations_demo_load
    from safeguard.consultations.models import Feedback, Response
    from safeguard.partnership.demo import partnership_demo_load

    partnership_demo_load(host=host)
    consultations_demo_load(host=host)

    page.goto(f"{live_server.url}/partnership/")
    page.locator(".safeguard-partnership-nav").get_by_role("link", name="Register your views").click()
    assert page.locator("h1").inner_text() == "Register your views"
    accessible_wide_and_narrow(page)

    page.get_by_role("link", name="The shape of the multi-agency workforce development programme").click()
    assert "Pan Beds approach or a mixture of the two" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # A mistake: no choice made, named but no name. What was typed stays.
    page.get_by_label("How would you like to see the new model being shaped?").fill("Evening courses in Luton")
    page.get_by_label("With my name").check()
    page.get_by_role("button", name="Send your views").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select an answer to" in summary and "Enter your name, or choose to respond anonymously" in summary
    assert page.get_by_label("How would you like to see the new model being shaped?").input_value() == (
        "Evening courses in Luton"
    )
    accessible_wide_and_narrow(page)

    page.get_by_label("A mixture of the two").check()
    page.get_by_label("Anonymously").check()
    page.get_by_role("button", name="Send your views").click()
    assert page.locator("h1").inner_text() == "Your views have been sent"
    reference = Response.objects.get(answers__text="Evening courses in Luton").reference
    assert reference in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)

    # A closed consultation: what people said and what the partnership did.
    page.goto(f"{live_server.url}/partnership/consultations/safeguarding-at-our-borders/")
    main = page.locator("main").inner_text()
    assert "no longer takes responses" in main and "You said, we did" in main
    accessible_wide_and_narrow(page)

    # Feedback: a mistake, then sent.
    page.locator(".safeguard-partnership-nav").get_by_role("link", name="Feedback").click()
    assert page.locator("h1").inner_text() == "Send the partnership feedback"
    accessible_wide_and_narrow(page)
    page.get_by_label("Your feedback").fill("Please record the evening briefings.")
    page.get_by_role("button", name="Send feedback").click()
    assert "Select what your feedback is about" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Your feedback").input_value() == "Please record the evening briefings."
    accessible_wide_and_narrow(page)
    page.get_by_label("Learning and development").check()
    page.get_by_label("Your e-mail address (optional)").fill("sam@example.org")
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator("h1").inner_text() == "Feedback sent"
    assert (
        Feedback.objects.get(message="Please record the evening briefings.").reference
        in page.locator("main").inner_text()
    )
    accessible_wide_and_narrow(page)


def test_the_business_unit_reads_the_responses_page_by_page(
    transactional_db, live_server, page, host, partnership_editor
):
    """The business unit's pages (signed in as the host's partnership editor): the consultations with
    their counts, the responses 50 a page with GOV.UK pagination, accessible at both widths."""
    from datetime import timedelta

    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguard.accounts.tests.browser import sign_in_through_the_pages
    from safeguard.consultations.demo import WORKFORCE_SLUG, consultations_demo_load
    from safeguard.consultations.models import Consultation, Response
    from safeguard.partnership.demo import partnership_demo_load

    partnership_demo_load(host=host)
    consultations_demo_load(host=host)
    workforce = Consultation.objects.get(slug=WORKFORCE_SLUG)
    now = timezone.now()
    Response.objects.bulk_create(
        Response(consultation=workforce, reference=f"VIEWS-TEST-{n:04d}", received_at=now + timedelta(minutes=n),
                 anonymous=True)
        for n in range(60)
    )  # fmt: skip
    TOTPDevice.objects.create(user=partnership_editor, name="Authenticator app", confirmed=True)
    page.set_default_timeout(60_000)  # a shared machine
    sign_in_through_the_pages(page, live_server.url, partnership_editor)
    page.goto(f"{live_server.url}/partnership/business-unit/")
    assert page.locator("h1").inner_text() == "Partnership business unit"
    accessible_wide_and_narrow(page)
    page.get_by_role("link", name=workforce.title).click()
    assert "63 responses: 1 to 50 shown" in page.locator("main").inner_text()
    accessible_wide_and_narrow(page)
    page.locator(".govuk-pagination").get_by_role("link", name="Next").click()
    assert "51 to 63 shown" in page.locator("main").inner_text()
    assert page.locator(".govuk-summary-card").count() == 13
    accessible_wide_and_narrow(page)
    page.goto(f"{live_server.url}/partnership/business-unit/feedback/")
    assert page.locator("h1").inner_text() == "Feedback to the partnership"
    accessible_wide_and_narrow(page)
