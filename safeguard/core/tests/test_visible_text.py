"""What a person reads on the pages: links that are links, dates in words, tags that mean what they say."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from safeguard.notifications.services import notification_draft_save
from safeguard.notifications.tests.payloads import start_payload

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def visible_text(response) -> str:
    """The page's text as a person reads it: tags dropped, entities left as they are (so escaped
    markup, which a browser would show as text, stays visible here as `&lt;`)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_no_escaped_markup(response) -> None:
    text = visible_text(response)
    for sign in ("&lt;", "&gt;", "class=&#34;govuk-", 'class="govuk-'):
        assert sign not in text, f"markup shown as text: …{text[max(0, text.find(sign) - 60) : text.find(sign) + 60]}…"


@pytest.mark.django_db
def test_a_registered_notification_links_to_the_child_on_the_register(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    child = world.notification.child
    response = client.get(reverse("notifications:notification_detail", args=[world.notification.pk]))
    assert f'<a class="govuk-link" href="/children/{child.pk}/">{child.full_name}</a>' in response.content.decode()
    assert_no_escaped_markup(response)


@pytest.mark.django_db
def test_an_exploitation_concern_links_to_the_child(client, sign_in, world, ra_duty_manager):
    sign_in(ra_duty_manager)
    child = world.concern.child
    response = client.get(reverse("exploitation:concern_detail", args=[world.concern.pk]))
    html = response.content.decode()
    assert f'<a class="govuk-link" href="/children/{child.pk}/">{child.full_name}</a>, placed by' in html
    assert_no_escaped_markup(response)


@pytest.mark.django_db
def test_a_risk_assessment_document_is_a_link(client, sign_in, world, placing_social_worker):
    sign_in(placing_social_worker)
    response = client.get(reverse("home:child_detail", args=[world.child.pk]))
    document = reverse("missing:risk_assessment_document", args=[world.risk_assessment.pk])
    assert f'<a class="govuk-link" href="{document}">Ava risk plan.pdf</a>' in response.content.decode()
    assert_no_escaped_markup(response)


@pytest.mark.django_db
def test_a_name_with_markup_in_a_link_is_shown_as_typed_never_as_markup(client, sign_in, world, sqa_officer):
    child = world.notification.child
    child.first_name = '<b id="x">Nia'
    child.save(update_fields=["first_name"])
    sign_in(sqa_officer)
    html = client.get(reverse("notifications:notification_detail", args=[world.notification.pk])).content.decode()
    assert '<b id="x">' not in html
    assert "&lt;b id=&#34;x&#34;&gt;Nia Notified</a>" in html


@pytest.mark.django_db
def test_check_your_answers_gives_dates_in_words(client, sign_in, placing_social_worker):
    start = date.today() + timedelta(days=7)
    draft = notification_draft_save(
        actor=placing_social_worker,
        draft=None,
        changes=start_payload(start=start, child__date_of_birth="2012-03-14"),
        placing_authority=placing_social_worker.organisation,
    )
    sign_in(placing_social_worker)
    response = client.get(reverse("notifications:notify_check", args=[draft.pk]))
    text = visible_text(response)
    assert "14 March 2012" in text
    assert f"{start.day} {start:%B %Y}" in text
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


@pytest.mark.django_db
def test_a_notification_gives_dates_in_words(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    response = client.get(reverse("notifications:notification_detail", args=[world.notification.pk]))
    text = visible_text(response)
    assert "1 May 2012" in text  # the child's date of birth, as notified
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


@pytest.mark.django_db
def test_what_has_not_been_provided_is_not_called_missing(client, sign_in, world, sqa_officer):
    """'Missing' means a missing child in this service; a fact not given yet is 'Needed'."""
    sign_in(sqa_officer)
    html = client.get(reverse("home:child_detail", args=[world.other_child.pk])).content.decode()
    # No photographs, no profile and no risk assessment for this child.
    tags = re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', html)
    assert "Missing" not in tags
    assert tags.count("Needed") == 4, tags


@pytest.mark.django_db
def test_the_audit_trail_gives_changed_dates_in_words(client, sign_in, world, sqa_manager):
    from safeguard.core.audit import audit_event_record

    audit_event_record(
        actor=world.risk_assessment.written_by,
        action="missing_risk_assessment.review_date",
        target=world.risk_assessment,
        host_council=world.child.host_council,
        changes={"review_on": ["2026-12-30", "2027-03-14"]},
    )
    sign_in(sqa_manager)
    text = visible_text(
        client.get(reverse("accounts:audit_event_list"), {"action": "missing_risk_assessment.review_date"})
    )
    assert "review_on: 30 December 2026 → 14 March 2027" in text
