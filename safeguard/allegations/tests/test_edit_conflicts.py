"""Two LADOs editing one case's details at once: the second save is refused, not written over the
first (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

from django.test import Client

from safeguard.allegations.models import LadoCase
from safeguard.core.tests.edits import opened_version, page_text

from .test_cases import case  # noqa: F401 (a fixture)


def details(version, **answers):
    return {"sector": "education", "category": "physical", "what_happened": "Grabbed", **answers} | (
        {"edit_version": version} if version is not None else {}
    )


def test_a_second_lado_saving_after_the_first_is_refused_and_shown_their_change(sign_in, lado, host, case):  # noqa: F811
    from conftest import make_person

    colleague = make_person("lado", host=host)
    first, second = Client(), Client()
    sign_in(lado, first)
    sign_in(colleague, second)
    url = f"/lado/cases/{case.pk}/details/"
    mine = opened_version(first.get(url))
    saved = second.post(url, details(opened_version(second.get(url)), person_name="Chris Assistant"))
    assert saved.status_code == 302

    refused = first.post(url, details(mine, person_name="Christopher Assistant", person_role="Teaching assistant"))
    assert refused.status_code == 200
    page = page_text(refused)
    assert f"changed by {colleague.full_name} at " in page and "since you opened it" in page
    assert 'value="Christopher Assistant"' in page and 'value="Teaching assistant"' in page  # kept
    assert "Chris Assistant" in page  # what the colleague wrote, shown
    case.refresh_from_db()
    assert case.person_name == "Chris Assistant"

    again = first.post(url, details(opened_version(refused), person_name="Christopher Assistant"))
    assert again.status_code == 302
    assert LadoCase.objects.get(pk=case.pk).person_name == "Christopher Assistant"


def test_a_save_without_a_version_is_not_checked(client, sign_in, lado, case):  # noqa: F811
    sign_in(lado)
    assert client.post(f"/lado/cases/{case.pk}/details/", details(None, person_name="Sam")).status_code == 302
