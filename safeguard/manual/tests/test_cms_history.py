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
