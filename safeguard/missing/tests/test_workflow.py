"""The missing episode's and the return-home interview's workflows, walked from their tables: every
step the table allows succeeds through its service, every step it refuses is a TransitionRefused a
person can read, and the page shows it as an error."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.core.errors import TransitionRefused
from safeguard.core.tests.forms import moment_fields
from safeguard.missing import services, views
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview

EpisodeStatus = MissingEpisode.Status
Outcome = ReturnHomeInterview.Outcome


def episode_in(child, status: str) -> MissingEpisode:
    seen = timezone.now() - timedelta(hours=5)
    returned = seen + timedelta(hours=2) if status != EpisodeStatus.OPEN else None
    return MissingEpisode.objects.create(
        child=child,
        kind=MissingEpisode.Kind.MISSING,
        last_seen_at=seen,
        returned_at=returned,
        found_by_police=status == EpisodeStatus.FOUND,
    )


def test_the_episode_table_names_every_state():
    assert MissingEpisode.TRANSITIONS.states() == set(EpisodeStatus.values)
    assert MissingEpisode.TRANSITIONS.targets(EpisodeStatus.OPEN) == {EpisodeStatus.RETURNED, EpisodeStatus.FOUND}
    assert not MissingEpisode.TRANSITIONS.targets(EpisodeStatus.RETURNED)
    assert not MissingEpisode.TRANSITIONS.targets(EpisodeStatus.FOUND)


@pytest.mark.parametrize("state", list(EpisodeStatus))
def test_each_episode_step_the_table_allows_succeeds_and_each_it_refuses_is_explained(carer, world, state):
    # No service reopens an episode: a child missing again is a new episode (missing_episode_report).
    episode = episode_in(world.child, state)
    returned_at = timezone.now() - timedelta(minutes=30)
    if MissingEpisode.TRANSITIONS.may(state, EpisodeStatus.RETURNED):
        done = services.missing_episode_return(actor=carer, episode=episode, returned_at=returned_at)
        assert done.status == EpisodeStatus.RETURNED and done.returned_at == returned_at
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.missing_episode_return(actor=carer, episode=episode, returned_at=returned_at)
        already = {
            EpisodeStatus.RETURNED: "The return has already been recorded",
            EpisodeStatus.FOUND: "The police have already recorded the child found",
        }[state]
        assert refused.value.errors == {"returned_at": already}
        episode.refresh_from_db()
        assert episode.returned_at != returned_at


def test_a_return_recorded_meanwhile_is_an_error_on_the_page_not_a_failure(client, sign_in, carer, world, monkeypatch):
    """Two people record the same return: the second sees why nothing was saved."""
    episode = episode_in(world.child, EpisodeStatus.OPEN)
    may_report = views.selectors.may_report_missing

    def someone_else_records_it_first(user, child):
        # After the page has read the open episode, before the service records the return.
        MissingEpisode.objects.filter(pk=episode.pk).update(returned_at=timezone.now() - timedelta(hours=1))
        return may_report(user, child)

    monkeypatch.setattr(views.selectors, "may_report_missing", someone_else_records_it_first)
    sign_in(carer)
    response = client.post(
        f"/missing/{episode.pk}/return/",
        {**moment_fields("returned_at", timezone.now() - timedelta(minutes=10)), "police_told": "yes"},
    )
    assert response.status_code == 200
    assert "The return has already been recorded" in html.unescape(response.content.decode())


def test_the_interview_table_names_every_outcome():
    assert ReturnHomeInterview.TRANSITIONS.states() == set(Outcome.values)
    assert ReturnHomeInterview.TRANSITIONS.targets(Outcome.DUE) == {Outcome.DONE, Outcome.DECLINED}


@pytest.mark.parametrize("state", list(Outcome))
@pytest.mark.parametrize("to", [Outcome.DONE, Outcome.DECLINED])
def test_each_interview_step_the_table_allows_succeeds_and_each_it_refuses_is_explained(sqa_officer, world, state, to):
    interview = world.return_interview
    ReturnHomeInterview.objects.filter(pk=interview.pk).update(outcome=state)
    interview.refresh_from_db()
    answers = {
        "outcome": to,
        "held_at": interview.episode.returned_at + timedelta(minutes=5),
        "interviewer": "Jo Advocate",
        "interviewer_organisation": "Independent advocacy service",
        "independent": True,
    }
    if ReturnHomeInterview.TRANSITIONS.may(state, to):
        assert services.return_interview_record(actor=sqa_officer, interview=interview, **answers).outcome == to
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.return_interview_record(actor=sqa_officer, interview=interview, **answers)
        assert refused.value.errors == {"outcome": "This interview has already been recorded"}
    interview.refresh_from_db()
    assert interview.outcome == (to if ReturnHomeInterview.TRANSITIONS.may(state, to) else state)
