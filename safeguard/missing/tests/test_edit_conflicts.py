"""Two people editing a child's missing profile or risk plan at once: the second save is refused, not
written over the first (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

from datetime import date, timedelta

from django.test import Client

from safeguard.core.tests.edits import opened_version, page_text
from safeguard.missing.models import MissingProfile, MissingRiskAssessment


def test_a_second_carer_saving_the_profile_after_the_first_is_refused_and_keeps_their_answers(
    sign_in, carer, host, provider, world
):
    from conftest import make_person

    other_carer = make_person("carer", host=host, provider=provider)
    first, second = Client(), Client()
    sign_in(carer, first)
    sign_in(other_carer, second)
    url = f"/children/{world.child.pk}/missing-profile/"
    mine = opened_version(first.get(url))
    theirs = opened_version(second.get(url))
    saved = second.post(url, {"physical_description": "Tall, hair dyed red", "edit_version": theirs})
    assert saved.status_code == 302

    refused = first.post(url, {"physical_description": "Short, dark hair", "edit_version": mine})
    assert refused.status_code == 200
    page = page_text(refused)
    assert f"changed by {other_carer.full_name} at " in page and "since you opened it" in page
    assert "Short, dark hair" in page  # their answers, kept on the form
    assert "Tall, hair dyed red" in page  # the other person's change, shown
    assert MissingProfile.objects.get(child=world.child).physical_description == "Tall, hair dyed red"

    # Having seen the other change, saving again keeps their own answers on purpose.
    again = first.post(url, {"physical_description": "Short, dark hair", "edit_version": opened_version(refused)})
    assert again.status_code == 302
    assert MissingProfile.objects.get(child=world.child).physical_description == "Short, dark hair"


def test_a_mistake_on_the_form_does_not_lose_the_version_it_was_opened_at(sign_in, carer, host, provider, world):
    from conftest import make_person

    other_carer = make_person("carer", host=host, provider=provider)
    first, second = Client(), Client()
    sign_in(carer, first)
    sign_in(other_carer, second)
    url = f"/children/{world.child.pk}/missing-profile/"
    mine = opened_version(first.get(url))
    corrected = first.post(url, {"associates": "x" * 5001, "edit_version": mine})
    assert opened_version(corrected) == mine  # not the newest: nobody has been shown a change yet
    second.post(url, {"physical_description": "Tall", "edit_version": opened_version(second.get(url))})
    refused = first.post(url, {"associates": "Jay", "edit_version": opened_version(corrected)})
    assert refused.status_code == 200 and "since you opened it" in page_text(refused)


def risk_answers(version, risk_factors):
    return {
        "risk_factors": risk_factors,
        "review_on_0": str((date.today() + timedelta(days=30)).day),
        "review_on_1": str((date.today() + timedelta(days=30)).month),
        "review_on_2": str((date.today() + timedelta(days=30)).year),
        "edit_version": version,
    }


def test_two_people_writing_the_risk_plan_at_once_the_second_is_shown_the_first(
    sign_in, placing_social_worker, sqa_officer, world
):
    first, second = Client(), Client()
    sign_in(placing_social_worker, first)
    sign_in(sqa_officer, second)
    url = f"/children/{world.child.pk}/missing-risk-assessment/"
    plans = MissingRiskAssessment.objects.filter(child=world.child)
    before = plans.count()
    mine = opened_version(first.get(url))
    saved = second.post(url, risk_answers(opened_version(second.get(url)), "Goes to the station with older men"))
    assert saved.status_code == 302, page_text(saved)
    refused = first.post(url, risk_answers(mine, "Stays out late at weekends"))
    assert refused.status_code == 200
    page = page_text(refused)
    assert f"changed by {sqa_officer.full_name} at " in page
    assert "Stays out late at weekends" in page and "Goes to the station with older men" in page
    assert plans.count() == before + 1 and plans.first().risk_factors == "Goes to the station with older men"
    assert first.post(url, risk_answers(opened_version(refused), "Stays out late at weekends")).status_code == 302
    assert plans.count() == before + 2 and plans.first().risk_factors == "Stays out late at weekends"
