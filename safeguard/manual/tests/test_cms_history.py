"""In the editor's admin, a chapter that has been in force keeps its history: deleting it (or its
section) is refused with what to do instead; a chapter that never came into force may be deleted."""

import pytest

pytestmark = pytest.mark.django_db


def test_deleting_a_chapter_that_was_in_force_is_refused_and_its_history_kept(
    client, sign_in, host, partnership_editor
):
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.models import ChapterPage, ChapterVersion

    manual_demo_load(host=host)
    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    versions = ChapterVersion.objects.filter(chapter=chapter).count()
    sign_in(partnership_editor)
    response = client.post(f"/cms/pages/{chapter.pk}/delete/")
    page = client.get(response["Location"]).content.decode()
    assert "cannot be deleted: it holds chapters that have been in force" in page
    assert "Unpublish a chapter to take it out of the manual" in page
    client.post(f"/cms/pages/{chapter.get_parent().pk}/delete/")  # its section: refused too
    assert ChapterPage.objects.filter(pk=chapter.pk).exists()
    assert ChapterVersion.objects.filter(chapter=chapter).count() == versions
    assert client.get("/manual/adoption/placement-for-adoption/").status_code == 200


def test_a_chapter_that_never_came_into_force_can_be_deleted(client, sign_in, host, partnership_editor):
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.models import ChapterPage

    manual_demo_load(host=host)
    section = ChapterPage.objects.get(title="Placement for Adoption").get_parent()
    draft = ChapterPage(title="A draft never published", body="<p>Draft</p>", live=False, change_details="New")
    section.add_child(instance=draft)
    sign_in(partnership_editor)
    client.post(f"/cms/pages/{draft.pk}/delete/")
    assert not ChapterPage.objects.filter(pk=draft.pk).exists()


def test_another_councils_editor_cannot_open_or_delete_a_release_by_its_address(client, sign_in, host):
    """The releases listing shows an editor their own council's; the edit and delete pages, reached by
    address, refuse another council's release too."""
    from safeguard.accounts.models import HostCouncil, Organisation, Role
    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.content.services import host_content_ensure
    from safeguard.core.audit import SystemActor
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.models import ManualRelease

    manual_demo_load(host=host)
    release = ManualRelease.objects.get(slug="december-2019")
    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    host_content_ensure(actor=SystemActor("Safeguard test suite"), host=other)
    sign_in(UserFactory(role=Role.PARTNERSHIP_EDITOR, organisation=other.organisation))
    for action in ("edit", "delete"):
        response = client.get(f"/cms/snippets/manual/manualrelease/{action}/{release.pk}/")
        assert response.status_code != 200 or "December 2019" not in response.content.decode(), action
    client.post(f"/cms/snippets/manual/manualrelease/delete/{release.pk}/")
    assert ManualRelease.objects.filter(pk=release.pk).exists()
