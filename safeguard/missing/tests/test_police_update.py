"""The police update an open episode: their risk grade and reference, sightings, and the child found.
Only the force whose area the child is in; each write is audited."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.core.errors import ServiceRefusal, TransitionRefused
from safeguard.core.models import AuditEvent
from safeguard.core.tests.forms import moment_fields
from safeguard.missing import services
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview
from safeguard.missing.tests.factories import PoliceForceFactory
from safeguard.register.selectors import children_visible_to


@pytest.fixture
def episode(world):
    episode = world.missing_child.missing_episodes.get()
    episode.risk_grade = "Medium"  # as the carer gave it at the report
    episode.save()
    return episode


@pytest.fixture
def other_force_officer(db):
    return UserFactory(role=Role.POLICE, organisation=PoliceForceFactory(name="Thames Valley Police"))


def test_the_police_grade_is_shown_and_the_carers_is_kept(police, episode):
    services.missing_episode_police_update(actor=police, episode=episode, risk_grade="High", police_reference="BP-77")
    episode.refresh_from_db()
    assert (episode.risk_grade, episode.police_risk_grade, episode.risk_grade_shown) == ("Medium", "High", "High")
    assert (episode.police_reference, episode.police_updated_by) == ("BP-77", police)
    event = AuditEvent.objects.get(action="missing.police_update", actor=police)
    assert event.changes["police_risk_grade"] == ["", "High"] and event.changes["police_reference"][1] == "BP-77"
    assert episode.ra_told_at is not None  # High: the host's R&A team is told at once


def test_the_police_of_another_force_are_refused(other_force_officer, carer, episode):
    for outsider in (other_force_officer, carer):
        with pytest.raises(PermissionDenied):
            services.missing_episode_police_update(actor=outsider, episode=episode, risk_grade="High")
        with pytest.raises(PermissionDenied):
            services.missing_sighting_record(
                actor=outsider, episode=episode, seen_at=timezone.now(), seen_where="Luton", seen_by="A bus driver"
            )
        with pytest.raises(PermissionDenied):
            services.missing_episode_found(
                actor=outsider, episode=episode, found_at=timezone.now(), found_where="Luton", found_by="PC Smith"
            )
    episode.refresh_from_db()
    assert episode.is_open and not episode.police_risk_grade and not episode.sightings.exists()
    assert not AuditEvent.objects.filter(action__in=["missing.police_update", "missing.sighting", "missing.found"])


def test_a_grade_must_be_one_of_the_list(police, episode):
    with pytest.raises(ServiceRefusal) as refused:
        services.missing_episode_police_update(actor=police, episode=episode, risk_grade="Purple")
    assert refused.value.errors == {"risk_grade": "Select the police risk grade"}


def test_a_sighting_in_the_future_is_refused_on_its_field(police, episode):
    with pytest.raises(ServiceRefusal) as refused:
        services.missing_sighting_record(
            actor=police,
            episode=episode,
            seen_at=timezone.now() + timedelta(hours=1),
            seen_where="Luton bus station",
            seen_by="CCTV operator",
        )
    assert refused.value.errors == {"seen_at": "The date and time of the sighting must be in the past"}
    with pytest.raises(ServiceRefusal) as refused:
        services.missing_sighting_record(
            actor=police, episode=episode, seen_at=episode.last_seen_at - timedelta(hours=1), seen_where="", seen_by=""
        )
    assert set(refused.value.errors) == {"seen_at", "seen_where", "seen_by"}
    assert "must be after the child was last seen" in refused.value.errors["seen_at"]
    assert not episode.sightings.exists()


def test_a_sighting_is_kept_and_audited(police, episode):
    seen = timezone.now() - timedelta(hours=1)
    sighting = services.missing_sighting_record(
        actor=police, episode=episode, seen_at=seen, seen_where="Dunstable Road", seen_by="Shop keeper", what="Alone"
    )
    assert list(episode.sightings.all()) == [sighting]
    assert (sighting.seen_at, sighting.recorded_by) == (seen, police)
    assert AuditEvent.objects.filter(action="missing.sighting", actor=police, object_id=str(episode.pk)).exists()


def test_found_closes_the_episode_through_the_workflow(police, carer, episode, world):
    found_at = timezone.now() - timedelta(minutes=30)
    services.missing_episode_found(
        actor=police, episode=episode, found_at=found_at, found_where="Wardown Park", found_by="PC Patel"
    )
    episode.refresh_from_db()
    assert episode.status == MissingEpisode.Status.FOUND
    assert (episode.returned_at, episode.found_where, episode.found_by) == (found_at, "Wardown Park", "PC Patel")
    assert ReturnHomeInterview.objects.get(episode=episode).due_at == found_at + timedelta(hours=72)
    assert AuditEvent.objects.filter(action="missing.found", actor=police, object_id=str(episode.pk)).exists()
    assert world.missing_child not in children_visible_to(police)  # found: the police's sight of the child ends
    # The table allows no step after found: the carer's return is refused, and says why.
    assert not MissingEpisode.TRANSITIONS.targets(MissingEpisode.Status.FOUND)
    with pytest.raises(TransitionRefused) as refused:
        services.missing_episode_return(actor=carer, episode=episode, returned_at=timezone.now())
    assert refused.value.errors == {"returned_at": "The police have already recorded the child found"}


def test_only_the_force_of_the_area_sees_the_police_pages(client, sign_in, police, other_force_officer, episode):
    urls = [f"/missing/{episode.pk}/{step}/" for step in ("police", "sightings", "found")]
    sign_in(other_force_officer)
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"risk_grade": "High"}).status_code == 404
    sign_in(police)
    page = html.unescape(client.get(f"/children/{episode.child_id}/").content.decode())
    assert "Record a sighting" in page and "Give the police risk grade and reference" in page
    response = client.post(
        f"/missing/{episode.pk}/sightings/",
        {**moment_fields("seen_at", timezone.now() + timedelta(hours=2)), "seen_where": "Luton", "seen_by": "Driver"},
    )
    assert "The date and time of the sighting must be in the past" in html.unescape(response.content.decode())
    assert 'href="#id_seen_at_0"' in response.content.decode()


def test_a_found_episode_still_gets_signs_of_harm_and_police_told_afterwards(
    client, sign_in, police, sqa_officer, episode
):
    services.missing_episode_found(
        actor=police,
        episode=episode,
        found_at=timezone.now() - timedelta(hours=2),
        found_where="Wardown Park",
        found_by="PC Patel",
    )
    sign_in(sqa_officer)
    url = f"/missing/{episode.pk}/afterwards/"
    assert f'href="{url}"' in client.get(f"/missing/{episode.pk}/returned/").content.decode()
    page = html.unescape(client.post(url, {"harm_indicators": "", "police_told": ""}).content.decode())
    assert "Enter the signs of harm you noticed, or say that the police have been told" in page
    response = client.post(url, {"harm_indicators": "A new phone and £200 in cash", "police_told": "yes"})
    assert response["Location"] == f"/missing/{episode.pk}/returned/"
    episode.refresh_from_db()
    assert episode.harm_indicators.endswith("A new phone and £200 in cash") and episode.police_told_of_return
    event = AuditEvent.objects.get(action="missing.after_return", object_id=str(episode.pk))
    assert event.actor == sqa_officer and event.changes["harm_indicators_added"] == [None, True]
    # Signs added later go after those recorded before; "police told" is not taken back.
    services.missing_episode_after_return(actor=sqa_officer, episode=episode, harm_indicators="Older man seen")
    episode.refresh_from_db()
    assert episode.harm_indicators.index("£200") < episode.harm_indicators.index("Older man seen")
    with pytest.raises(ServiceRefusal) as refused:
        services.missing_episode_after_return(actor=sqa_officer, episode=episode, police_told=False)
    assert refused.value.errors["police_told"] == "The police have already been told that the child is back"


def test_nothing_is_added_to_an_episode_still_open(sqa_officer, episode):
    with pytest.raises(ServiceRefusal) as refused:
        services.missing_episode_after_return(actor=sqa_officer, episode=episode, harm_indicators="Bruise")
    assert refused.value.errors == {"harm_indicators": "Record the return first: the child is still missing"}
