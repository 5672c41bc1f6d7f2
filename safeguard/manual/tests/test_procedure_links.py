"""From the work to the procedure: the pages where people act link to the chapter their council set for
the act, and show nothing where none is set or the chapter is not in the manual now."""

import pytest

from safeguard.core.audit import SystemActor

pytestmark = pytest.mark.django_db
MISSING = "Safeguarding Children who Run Away or Go Missing"
MISSING_PATH = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"
ALLEGATIONS = "Allegations Against Persons who Work with, Care for or Volunteer with Children"
EXPLOITATION = "Children and Young People at Risk of Exploitation"
OUT_OF_AREA = "Looked After Children Placed in Luton by Other Local Authorities"
TEST_SUITE = SystemActor("Safeguard test suite")


@pytest.fixture
def linked(luton_manual, host):
    from safeguard.manual.demo_review import review_demo_load

    review_demo_load(host=host)
    return luton_manual


def _pages(world):
    """(url, who opens it, the chapter it must link to) for each page where people act."""
    from django.urls import reverse

    return [
        (reverse("missing:episode_report", args=[world.child.pk]), "carer", MISSING),
        (reverse("exploitation:concern_raise", args=[world.child.pk]), "carer", EXPLOITATION),
        (reverse("exploitation:concern_detail", args=[world.concern.pk]), "sqa_officer", EXPLOITATION),
        (reverse("allegations:refer"), None, ALLEGATIONS),
        (reverse("allegations:case_list"), "lado", ALLEGATIONS),
        (reverse("allegations:case_detail", args=[world.lado_case.pk]), "lado", ALLEGATIONS),
        (reverse("notifications:notify_start"), "placing_social_worker", OUT_OF_AREA),
    ]


def _open(client, sign_in, url, person):
    if person is not None:
        sign_in(person)
    else:
        client.logout()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_procedures_for_gives_the_live_chapters_in_the_editors_order(linked, host):
    from safeguard.manual.selectors import Act, procedure_for, procedures_for

    missing = procedure_for(host, Act.REPORT_MISSING)
    assert missing.title == MISSING and missing.url == MISSING_PATH
    assert [p.title for p in procedures_for(host, Act.EXPLOITATION_CONCERN)] == [
        EXPLOITATION,
        "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery",
    ]
    assert procedures_for(None, Act.REPORT_MISSING) == []


def test_a_link_to_a_chapter_out_of_the_manual_or_another_councils_gives_nothing(linked, host):
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.content.services import host_content_ensure
    from safeguard.core.errors import ServiceRefusal
    from safeguard.manual.models import ChapterPage, ManualRelease
    from safeguard.manual.selectors import Act, procedures_for
    from safeguard.manual.services import chapter_unpublish, procedure_link_set

    chapter = ChapterPage.objects.get(title=ALLEGATIONS)
    chapter_unpublish(actor=TEST_SUITE, chapter=chapter, release=ManualRelease.objects.get(slug="december-2019"))
    assert procedures_for(host, Act.ALLEGATION) == []
    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    host_content_ensure(actor=TEST_SUITE, host=other)
    assert procedures_for(other, Act.REPORT_MISSING) == []
    with pytest.raises(ServiceRefusal):
        procedure_link_set(actor=TEST_SUITE, manual=linked, act="dancing", chapter=ChapterPage.objects.first())


def test_the_work_pages_link_to_their_procedure(client, sign_in, linked, world, carer, sqa_officer, lado, request):
    for url, who, title in _pages(world):
        person = request.getfixturevalue(who) if who else None
        page = _open(client, sign_in, url, person)
        assert 'data-testid="procedure"' in page and title in page, f"{url} should link to {title}"
    assert f'href="{MISSING_PATH}"' in _open(client, sign_in, _pages(world)[0][0], carer)


def test_no_procedure_is_shown_where_the_council_has_set_none(
    client, sign_in, luton_manual, world, carer, lado, request
):
    for url, who, _title in _pages(world):
        person = request.getfixturevalue(who) if who else None
        page = _open(client, sign_in, url, person)
        assert 'data-testid="procedure"' not in page, url


def test_editors_change_links_in_the_admin_for_their_own_council_only(client, sign_in, linked, manual_editor):
    from safeguard.accounts.models import HostCouncil, Organisation, Role
    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.content.services import host_content_ensure
    from safeguard.core.models import AuditEvent
    from safeguard.manual.models import ProcedureLink

    link = ProcedureLink.objects.get(act="allegation")
    sign_in(manual_editor)
    listing = client.get("/cms/snippets/manual/procedurelink/").content.decode()
    assert ALLEGATIONS in listing
    assert client.get(f"/cms/snippets/manual/procedurelink/edit/{link.pk}/").status_code == 200
    response = client.post(f"/cms/snippets/manual/procedurelink/delete/{link.pk}/")
    assert response.status_code == 302 and not ProcedureLink.objects.filter(pk=link.pk).exists()
    event = AuditEvent.objects.get(action="manual.procedure_link_remove")
    assert event.actor == manual_editor and event.changes["act"] == "allegation"

    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    host_content_ensure(actor=TEST_SUITE, host=other)
    far_editor = UserFactory(role=Role.MANUAL_EDITOR, organisation=other.organisation)
    sign_in(far_editor)
    missing_link = ProcedureLink.objects.get(act="report_missing")
    assert MISSING not in client.get("/cms/snippets/manual/procedurelink/").content.decode()
    assert client.get(f"/cms/snippets/manual/procedurelink/edit/{missing_link.pk}/").status_code in (302, 403, 404)
    client.post(f"/cms/snippets/manual/procedurelink/delete/{missing_link.pk}/")
    assert ProcedureLink.objects.filter(pk=missing_link.pk).exists()
