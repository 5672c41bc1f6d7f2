"""What an officer checks against: the e-mail beside the answers read from it, and a match review that
compares sex, address, carer and current placement as well as the child's identifiers."""

import html

from safeguard.core.models import AuditEvent


def test_the_email_check_page_shows_the_message_beside_the_answers(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    page = html.unescape(client.get(f"/notify/{world.email_draft.pk}/check/").content.decode())
    assert "The e-mail as received" in page
    assert "Kate Hill <kate.hill@centralbedfordshire.example>" in page and "Subject: Notification" in page
    assert "Child's name: Eli Emailed" in page and "Date of birth: 02/02/2012" in page
    assert AuditEvent.objects.filter(
        action="notification.original_message", object_id=str(world.email_draft.pk), actor_id=sqa_officer.pk
    ).exists()


def test_a_placing_social_workers_own_draft_has_no_message_beside_it(client, sign_in, world, placing_social_worker):
    sign_in(placing_social_worker)
    assert "The e-mail as received" not in client.get(f"/notify/{world.draft.pk}/check/").content.decode()


def test_the_match_review_compares_sex_address_carer_and_current_placement(client, sign_in, world, sqa_officer):
    sign_in(sqa_officer)
    candidate = world.pending_review.candidate
    current = candidate.placements.get(end_date__isnull=True)
    page = html.unescape(client.get(f"/matches/{world.pending_review.pk}/").content.decode())
    for row in ("Sex", "Address", "Carer or provider", "Placement"):
        assert f">{row}<" in page
    assert current.postcode in page and current.carer_name in page
    assert "since" in page and candidate.get_sex_display() in page
