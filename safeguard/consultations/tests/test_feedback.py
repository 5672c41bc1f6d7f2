"""Feedback to the partnership's business unit: stored before any e-mail, acknowledged, audited; bad
input, the honeypot and the rate limit (core.throttle, shared with the LADO form)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.consultations.models import Feedback
from safeguard.core.models import AuditEvent, OutboxMessage

pytestmark = pytest.mark.django_db
URL = "/partnership/feedback/"


def _feedback(**extra):
    return {"about": "learning", "message": "More courses in the evening, please.", "name": "Sam Lee",
            "email": "sam.lee@example.org", "website": "", **extra}  # fmt: skip


def test_the_url_is_the_one_the_navigation_gives():
    assert reverse("consultations:feedback") == URL


def test_feedback_is_stored_acknowledged_and_the_business_unit_told(client, luton, partnership_editor):
    response = client.post(URL, _feedback())
    assert response.status_code == 302
    item = Feedback.objects.get(name="Sam Lee")
    page = client.get(response["Location"]).content.decode()
    assert "Feedback sent" in page and item.reference in page
    assert item.status == Feedback.Status.ACKNOWLEDGED and item.host_council == luton
    assert AuditEvent.objects.filter(action="consultations.feedback_receive", object_id=str(item.pk)).exists()
    ack = OutboxMessage.objects.get(purpose="consultations.feedback_acknowledge", to="sam.lee@example.org")
    assert item.reference in ack.body
    alert = OutboxMessage.objects.get(purpose="consultations.feedback_alert", body__contains=str(item.pk))
    assert alert.to == partnership_editor.email and "More courses" not in alert.body


def test_bad_input_is_named_by_field_and_nothing_typed_is_lost(client, luton):
    before = Feedback.objects.count()
    response = client.post(URL, _feedback(about="", email="not an address"))
    page = response.content.decode()
    assert response.status_code == 200 and Feedback.objects.count() == before
    assert "Select what your feedback is about" in page
    assert "Enter an e-mail address in the correct format" in page
    assert "More courses in the evening, please." in page and 'href="#id_about"' in page
    page = client.post(URL, _feedback(message="   ")).content.decode()
    assert "Enter your feedback" in page and Feedback.objects.count() == before
    page = client.post(URL, _feedback(message="x" * 5001)).content.decode()
    assert "5,000 characters or fewer" in page and Feedback.objects.count() == before


def test_a_bot_filling_the_honeypot_with_nothing_else_sees_the_confirmation_and_nothing_is_kept(client, luton):
    before, start = Feedback.objects.count(), timezone.now()
    response = client.post(URL, {"website": "http://spam.example"})
    assert response.status_code == 302
    assert "Feedback sent" in client.get(response["Location"]).content.decode()
    assert Feedback.objects.count() == before
    assert not OutboxMessage.objects.filter(
        purpose__startswith="consultations.feedback", created_at__gte=start
    ).exists()


def test_complete_feedback_with_the_honeypot_filled_is_kept_and_flagged_never_emailed(client, luton):
    start = timezone.now()
    client.post(URL, _feedback(website="autofilled"))
    item = Feedback.objects.get(name="Sam Lee")
    assert item.suspected_automated
    assert not OutboxMessage.objects.filter(
        purpose__startswith="consultations.feedback", created_at__gte=start
    ).exists()


def test_the_rate_limit_slows_a_sender_and_keeps_what_they_typed(client, luton, settings):
    settings.PARTNERSHIP_FEEDBACK_RATE = (2, 20, 600)
    for number in range(2):
        assert client.post(URL, _feedback(name=f"Sender {number}")).status_code == 302
    response = client.post(URL, _feedback(name="Sender 2"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "please send it again in" in page and "More courses in the evening, please." in page
    assert not Feedback.objects.filter(name="Sender 2").exists()


def test_the_rate_limit_counts_attempts_too(client, luton, settings):
    settings.PARTNERSHIP_FEEDBACK_RATE = (5, 3, 600)
    for _ in range(3):
        client.post(URL, _feedback(about=""))
    assert client.post(URL, _feedback()).status_code == 429


def test_the_business_unit_lists_feedback_by_status_and_marks_it_answered(client, sign_in, luton, partnership_editor):
    client.post(URL, _feedback())
    item = Feedback.objects.get(name="Sam Lee")
    sign_in(partnership_editor)
    page = client.get(reverse("consultations:feedback_list") + "?status=acknowledged").content.decode()
    assert item.reference in page
    page = client.get(reverse("consultations:feedback_list") + "?status=answered").content.decode()
    assert item.reference not in page
    url = reverse("consultations:feedback_detail", args=[item.pk])
    assert "More courses in the evening, please." in client.get(url).content.decode()
    assert "Enter how you answered" in client.post(url, {"note": ""}).content.decode()
    client.post(url, {"note": "Replied by e-mail"})
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED and item.answered_by == partnership_editor
    assert item.reference in client.get(reverse("consultations:feedback_list") + "?status=answered").content.decode()
    assert AuditEvent.objects.filter(action="consultations.feedback_answer", actor=partnership_editor).exists()
    assert AuditEvent.objects.filter(action="consultations.feedback_read", actor=partnership_editor).exists()


def test_feedback_text_is_escaped_on_the_business_units_page(client, sign_in, luton, partnership_editor):
    client.post(URL, _feedback(message="<script>alert(1)</script> hello"))
    item = Feedback.objects.get(name="Sam Lee")
    sign_in(partnership_editor)
    page = client.get(reverse("consultations:feedback_detail", args=[item.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; hello" in page


def test_the_lado_form_uses_the_same_honeypot(client, host):
    from safeguard.allegations.forms import ReferralForm
    from safeguard.core.forms import HoneypotForm

    assert issubclass(ReferralForm, HoneypotForm)
    assert ReferralForm({"website": "x"}).honeypot_filled and not ReferralForm({"website": " "}).honeypot_filled
