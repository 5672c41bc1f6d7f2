"""Erasing a LADO case at its retention date: a tombstone stays for the figures; nothing personal does."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile

from safeguard.accounts.audit_words import action_words
from safeguard.allegations import selectors, services
from safeguard.allegations.models import LadoCase
from safeguard.allegations.tests.factories import LadoActionFactory, LadoCaseFactory, LadoChildFactory
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PERSONAL = ["Pat Teacher", "Hilltop Primary School", "Robin Pupil", "Sam Referrer", "sam@school.example", "slapped"]


@pytest.fixture
def closed_case(host, lado):
    """A referral made in June 2016 and closed in July 2016: kept for 10 years, to 1 June 2026."""
    with time_machine.travel(datetime(2016, 7, 1, 12, tzinfo=LONDON), tick=False):
        case = LadoCaseFactory(
            host_council=host,
            received_at=datetime(2016, 6, 1, 9, tzinfo=LONDON),
            referrer_name="Sam Referrer",
            referrer_email="sam@school.example",
            what_happened="The pupil said the teacher slapped him",
            happened_on=date(2016, 5, 30),
            channel=LadoCase.Channel.EMAIL,
            email_sender="sam@school.example",
            email_subject="Concern about Pat Teacher",
            email_attachments=[{"filename": "statement.pdf", "content_type": "application/pdf", "size": 10}],
        )
        case.original_message.save("m.eml", ContentFile(b"From: sam@school.example\n\nslapped\n"), save=True)
        LadoChildFactory(case=case)
        services.lado_case_triage(actor=lado, case=case, decision="referral", reason="Harm", at=case.received_at)
        LadoActionFactory(case=case, done_on=date(2016, 6, 20))
        services.lado_update_add(actor=lado, case=case, text="Pat Teacher suspended")
        services.lado_case_close(
            actor=lado, case=case, outcome="substantiated", dbs_referral_made=True, closed_on=date(2016, 7, 1)
        )
    case.refresh_from_db()
    assert case.retention_review_on == date(2026, 6, 1)
    return case


def test_refused_before_the_retention_date_with_a_field_error(closed_case, lado):
    with (
        time_machine.travel(datetime(2026, 5, 31, 12, tzinfo=LONDON), tick=False),
        pytest.raises(ServiceRefusal) as refused,
    ):
        services.lado_case_erase(actor=lado, case=closed_case, confirmed=True)
    assert refused.value.errors == {"confirmed": "This case cannot be erased before its retention date, 1 June 2026"}
    closed_case.refresh_from_db()
    assert closed_case.status == "closed" and closed_case.person_name == "Pat Teacher"


def test_refused_without_the_confirmation(closed_case, lado):
    with (
        time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False),
        pytest.raises(ServiceRefusal) as refused,
    ):
        services.lado_case_erase(actor=lado, case=closed_case, confirmed=False)
    assert "cannot be restored" in refused.value.errors["confirmed"]


def test_an_open_case_cannot_be_erased(host, lado):
    case = LadoCaseFactory(host_council=host, status="referral", retention_review_on=date(2000, 1, 1))
    with pytest.raises(ServiceRefusal) as refused:
        services.lado_case_erase(actor=lado, case=case, confirmed=True)
    assert "Only a closed case" in refused.value.errors["confirmed"]


def test_erasure_leaves_a_tombstone_and_nothing_personal(closed_case, lado, django_capture_on_commit_callbacks):
    stored = closed_case.original_message.name
    storage = closed_case.original_message.storage
    with (
        time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.lado_case_erase(actor=lado, case=closed_case, confirmed=True)
    case = LadoCase.objects.get(pk=closed_case.pk)
    everything = " ".join(str(getattr(case, f.attname)) for f in case._meta.concrete_fields)
    for detail in PERSONAL:
        assert detail not in everything, detail
    assert case.person_date_of_birth is None and not case.original_message and case.email_attachments == []
    assert not storage.exists(stored)  # the e-mail is gone from storage too
    assert not case.children.exists() and not case.actions.exists() and not case.updates.exists()
    # The tombstone: reference, dates, outcome category.
    assert (case.status, case.outcome, case.closed_on) == ("erased", "substantiated", date(2016, 7, 1))
    assert case.reference == closed_case.reference and case.received_at == closed_case.received_at
    # Audited, confidentially, naming what went and never its values.
    event = AuditEvent.objects.get(action="lado_case.erase", object_id=str(case.pk))
    assert event.confidential and event.actor == lado
    assert "Pat Teacher" not in str(event.changes) and "person_name" in event.changes["erased"][1]
    assert action_words(event.action) == "Erased a LADO case at its retention date"
    # It cannot be undone, nor erased again, nor added to.
    assert LadoCase.TRANSITIONS.targets("erased") == set()
    with pytest.raises(ServiceRefusal):
        services.lado_case_erase(actor=lado, case=case, confirmed=True)
    with pytest.raises(ServiceRefusal):
        services.lado_update_add(actor=lado, case=case, text="More")


def test_the_figures_still_count_the_erased_case(closed_case, lado):
    before = selectors.annual_figures(closed_case.host_council, 2016)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False):
        services.lado_case_erase(actor=lado, case=closed_case, confirmed=True)
    after = selectors.annual_figures(closed_case.host_council, 2016)
    assert (after.received, after.referrals, after.closed, after.dbs_referrals) == (1, 1, 1, 1)
    assert after.outcomes == before.outcomes
    assert {k: n for k, _label, n in after.outcomes}["substantiated"] == 1


def test_the_retention_report_lists_what_is_due_and_not_what_is_erased(closed_case, lado, sign_in, client):
    sign_in(lado)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False):
        page = client.get("/lado/retention/").content.decode()
        assert closed_case.reference in page and f"/lado/cases/{closed_case.pk}/erase/" in page
        services.lado_case_erase(actor=lado, case=closed_case, confirmed=True)
        page = client.get("/lado/retention/").content.decode()
    assert f"/lado/cases/{closed_case.pk}/erase/" not in page
    assert "1 case has been erased" in page


def test_the_confirmation_page_shows_the_refusal_on_its_field(closed_case, lado, sign_in, client):
    sign_in(lado)
    with time_machine.travel(datetime(2026, 1, 1, 12, tzinfo=LONDON), tick=False):
        response = client.post(f"/lado/cases/{closed_case.pk}/erase/", {"confirmed": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This case cannot be erased before its retention date, 1 June 2026" in page
    assert 'href="#id_confirmed"' in page
    assert LadoCase.objects.get(pk=closed_case.pk).status == "closed"
