"""E-mails waiting and failed (issue 16): the host's SQA managers see what the outbox has not delivered,
their own council's only, and can send the failed ones again (audited)."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from safeguard.accounts.admin import admin_has_permission
from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import HostCouncilFactory, UserFactory
from safeguard.core.models import AuditEvent, OutboxMessage

URL = "/outbox/"


def message(host, subject, *, status="pending", confidential=False, attempts=0, error=""):
    return OutboxMessage.objects.create(
        to="sam.jones@herts.example",
        subject=subject,
        body="Open Safeguard for the details",
        purpose="fault.test",
        host_council=host,
        status=status,
        confidential=confidential,
        attempts=attempts,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(minutes=4),
    )


@pytest.mark.django_db
def test_the_sqa_manager_sees_their_councils_waiting_and_failed_emails_only(client, sign_in, sqa_manager, host):
    message(host, "A child is missing: A.B. SG-1", attempts=3, error="SMTPDataError: (451, b'Try again later')")
    message(host, "Placement ended: C.D. SG-2", status="failed", attempts=12, error="SMTPRecipientsRefused")
    message(host, "Delivered long ago", status="sent")
    message(host, "LADO referral secret", confidential=True)
    message(HostCouncilFactory(), "From Milton Keynes")
    sign_in(sqa_manager)
    page = client.get(URL).content.decode()
    assert "E-mails waiting and failed" in page
    assert "A child is missing: A.B. SG-1" in page and "Try again later" in page
    assert "Placement ended: C.D. SG-2" in page and "Failed" in page
    for hidden in ("Delivered long ago", "LADO referral secret", "From Milton Keynes"):
        assert hidden not in page
    assert "Confidential (the LADO team" in page


@pytest.mark.django_db
def test_sending_the_failed_emails_again_is_audited_and_touches_no_other_council(
    client, sign_in, sqa_manager, host, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    ours = message(host, "Ours", status="failed", attempts=12)
    theirs = message(HostCouncilFactory(), "Theirs", status="failed", attempts=12)
    sign_in(sqa_manager)
    response = client.post(URL)
    assert response.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status != "failed" and theirs.status == "failed"
    assert AuditEvent.objects.filter(action="outbox.retry", actor=sqa_manager, object_id=str(ours.pk)).exists()


@pytest.mark.django_db
def test_the_admin_is_for_superusers_who_passed_the_second_factor(host):
    request = RequestFactory().get("/admin/")

    def allowed(user, *, verified: bool) -> bool:
        user.is_verified = lambda: verified
        request.user = user
        return admin_has_permission(request)

    superuser = UserFactory(is_staff=True, is_superuser=True, organisation=host.organisation)
    assert allowed(superuser, verified=True)
    assert not allowed(superuser, verified=False)  # a council's single sign-on, or before the code
    staff = UserFactory(is_staff=True, is_superuser=False, organisation=host.organisation)
    assert not allowed(staff, verified=True)
    manager = UserFactory(role=Role.SQA_MANAGER, organisation=host.organisation)
    assert not allowed(manager, verified=True)


@pytest.mark.django_db
def test_a_system_administrator_without_superuser_is_sent_to_sign_in_from_the_admin(client, sign_in, host):
    staff = UserFactory(is_staff=True, is_superuser=False, organisation=host.organisation)
    sign_in(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    superuser = UserFactory(is_staff=True, is_superuser=True, organisation=host.organisation)
    sign_in(superuser)
    assert client.get("/admin/").status_code == 200
