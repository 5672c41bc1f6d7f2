"""The manual editor role, the review workflow (Review, then Approve, which publishes) and its audit, the
public pages never showing a draft or a chapter in review, and the chapters whose review is due."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.core.audit import SystemActor

pytestmark = pytest.mark.django_db
MISSING_PATH = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"
TEST_SUITE = SystemActor("Safeguard test suite")


@pytest.fixture
def reviewed_manual(luton_manual):
    """Luton's demo manual with its review set up and the demo's procedure links."""
    from safeguard.manual.demo_review import review_demo_load

    review_demo_load(host=luton_manual.get_parent().specific.host_council)
    return luton_manual


def _missing_chapter(manual):
    from safeguard.manual.models import ChapterPage

    return ChapterPage.objects.descendant_of(manual).get(title="Safeguarding Children who Run Away or Go Missing")


def _events(action, page):
    from safeguard.core.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action, object_id=str(page.pk)).order_by("pk"))


# --- the role --------------------------------------------------------------------------------------


def test_a_manual_editor_is_host_staff_of_a_council_that_runs_safeguard(host, placing_council, provider):
    from safeguard.accounts.services import role_fit_errors, second_factor_required
    from safeguard.accounts.tests.factories import UserFactory

    assert role_fit_errors(role=Role.MANUAL_EDITOR, organisation=host.organisation) == {}
    assert "organisation" in role_fit_errors(role=Role.MANUAL_EDITOR, organisation=placing_council)
    assert "role" in role_fit_errors(role=Role.MANUAL_EDITOR, organisation=provider)
    editor = UserFactory(role=Role.MANUAL_EDITOR, organisation=host.organisation)
    assert editor.host_council == host and second_factor_required(editor)
    assert Role.MANUAL_EDITOR.label == "Procedures manual editor"


def test_the_administrator_can_invite_a_manual_editor(client, sign_in, host_admin):
    sign_in(host_admin)
    assert "Procedures manual editor" in client.get("/people/invite/").content.decode()


def test_a_manual_editor_opens_the_admin_with_their_second_factor_only(client, sign_in, reviewed_manual, manual_editor):
    from django.urls import reverse

    client.force_login(manual_editor)  # password only
    response = client.get("/cms/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(manual_editor)
    assert client.get("/cms/").status_code == 200
    assert set(manual_editor.groups.values_list("name", flat=True)) == {
        "luton manual editors",
        "luton manual approvers",
    }


def test_a_manual_editor_edits_the_manual_but_not_the_rest_of_the_councils_content(
    client, sign_in, reviewed_manual, manual_editor
):
    chapter = _missing_chapter(reviewed_manual)
    home = reviewed_manual.get_parent()
    sign_in(manual_editor)
    assert client.get(f"/cms/pages/{chapter.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{reviewed_manual.pk}/edit/").status_code == 200
    # The council's content root, where the partnership's pages hang: neither edited nor added to.
    assert client.get(f"/cms/pages/{home.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/cms/pages/add/content/hosthomepage/{home.get_parent().pk}/").status_code in (302, 403)
    permissions = chapter.permissions_for_user(manual_editor)
    assert permissions.can_edit() and not permissions.can_publish()
    assert not home.specific.permissions_for_user(manual_editor).can_edit()


def test_a_change_of_role_leaves_the_groups_of_the_old_one(client, sign_in, reviewed_manual, partnership_editor):
    from safeguard.core.models import AuditEvent

    sign_in(partnership_editor)
    client.get("/cms/")
    assert set(partnership_editor.groups.values_list("name", flat=True)) == {
        "luton content editors",
        "luton manual reviewers",
    }
    partnership_editor.role = Role.MANUAL_EDITOR
    partnership_editor.save()
    client.get("/cms/")
    assert set(partnership_editor.groups.values_list("name", flat=True)) == {
        "luton manual editors",
        "luton manual approvers",
    }
    left = AuditEvent.objects.get(action="content.editor_leave", object_id=str(partnership_editor.pk))
    assert left.changes["groups"] == ["luton content editors", "luton manual reviewers"]


# --- the workflow -----------------------------------------------------------------------------------


def test_the_manual_has_a_review_then_an_approval(reviewed_manual):
    from wagtail.models import WorkflowPage

    workflow = WorkflowPage.objects.get(page=reviewed_manual).workflow
    tasks = [(task.name, [g.name for g in task.specific.groups.all()]) for task in workflow.tasks]
    assert tasks == [("Review", ["luton manual reviewers"]), ("Approve", ["luton manual approvers"])]
    assert _missing_chapter(reviewed_manual).get_workflow() == workflow


def _edit_form(client, chapter, *, body: str, action: str | None = None):
    """The chapter's edit form as the admin draws it, with a new body (the editor's rich text as Draftail
    posts it), what changed, and the button pressed (none: save a draft)."""
    from wagtail.test.utils.form_data import querydict_from_html, rich_text

    data = querydict_from_html(client.get(f"/cms/pages/{chapter.pk}/edit/").content.decode(), form_id="page-edit-form")
    data["body"] = rich_text(body)
    data["change_kind"] = "updated"
    data["change_details"] = "Section 1 now says to call within 30 minutes."
    if action:
        data[action] = "1"
    return data


def _act(client, chapter, action):
    """Approve the chapter's current task, as the admin's workflow action does."""
    from wagtail.models import Page

    page = Page.objects.get(pk=chapter.pk)
    state = page.current_workflow_state
    url = f"/cms/pages/workflow/action/{chapter.pk}/{action}/{state.current_task_state.pk}/"
    return client.post(url, {"comment": "Say who calls the police"} if action == "reject" else {})


def test_a_change_goes_through_review_and_approval_before_readers_see_it(
    client, sign_in, reviewed_manual, manual_editor, partnership_editor
):
    from safeguard.manual.models import ChapterPage, ChapterVersion

    chapter = _missing_chapter(reviewed_manual)
    versions_before = ChapterVersion.objects.filter(chapter=chapter).count()
    new_body = chapter.body.replace("within one hour", "within 30 minutes")
    assert new_body != chapter.body

    # The manual editor's Publish is refused; the draft is not public.
    sign_in(manual_editor)
    refused = client.post(
        f"/cms/pages/{chapter.pk}/edit/", _edit_form(client, chapter, body=new_body, action="action-publish")
    )
    assert refused.status_code == 302
    assert "within 30 minutes" not in client.get(MISSING_PATH).content.decode()
    client.post(f"/cms/pages/{chapter.pk}/edit/", _edit_form(client, chapter, body=new_body))  # a draft
    assert "within 30 minutes" not in client.get(MISSING_PATH).content.decode()

    # Submitted for review: in review, still not public.
    response = client.post(
        f"/cms/pages/{chapter.pk}/edit/", _edit_form(client, chapter, body=new_body, action="action-submit")
    )
    assert response.status_code == 302
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    assert chapter.workflow_in_progress
    assert chapter.current_workflow_task.name == "Review"
    assert "within 30 minutes" not in client.get(MISSING_PATH).content.decode()
    # The manual editor is not a reviewer: their approval is refused.
    _act(client, chapter, "approve")
    assert ChapterPage.objects.get(pk=chapter.pk).current_workflow_task.name == "Review"

    # The partnership editor reviews; the chapter waits on its approval, still not public.
    sign_in(partnership_editor)
    assert _act(client, chapter, "approve").status_code == 302
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    assert chapter.current_workflow_task.name == "Approve"
    assert "within 30 minutes" not in client.get(MISSING_PATH).content.decode()

    # The manual editor approves: published, a version recorded, public.
    sign_in(manual_editor)
    assert _act(client, chapter, "approve").status_code == 302
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    assert not chapter.workflow_in_progress and chapter.live and not chapter.has_unpublished_changes
    assert ChapterVersion.objects.filter(chapter=chapter).count() == versions_before + 1
    assert "within 30 minutes" in client.get(MISSING_PATH).content.decode()

    # Each step audited, with who took it.
    submitted = _events("content.workflow_submit", chapter)
    assert [e.actor for e in submitted] == [manual_editor]
    approved = _events("content.task_approve", chapter)
    assert [(e.actor, e.changes["task"]) for e in approved] == [
        (partnership_editor, "Review"),
        (manual_editor, "Approve"),
    ]
    assert [e.changes["task"] for e in _events("content.task_submit", chapter)] == ["Review", "Approve"]
    assert [e.actor for e in _events("content.workflow_approve", chapter)] == [manual_editor]
    assert _events("content.page_publish", chapter)[-1].actor == manual_editor
    version = ChapterVersion.objects.filter(chapter=chapter).latest("number")
    assert version.details == "Section 1 now says to call within 30 minutes."


def test_changes_asked_for_are_audited_and_the_page_stays_as_it_was(
    client, sign_in, reviewed_manual, manual_editor, partnership_editor
):
    from safeguard.manual.models import ChapterPage

    chapter = _missing_chapter(reviewed_manual)
    sign_in(manual_editor)
    client.post(
        f"/cms/pages/{chapter.pk}/edit/",
        _edit_form(client, chapter, body="<p>Rewritten in full</p>", action="action-submit"),
    )
    sign_in(partnership_editor)
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    _act(client, chapter, "reject")
    rejected = _events("content.task_reject", chapter)
    assert [(e.actor, e.changes["task"], e.changes["comment"]) for e in rejected] == [
        (partnership_editor, "Review", "Say who calls the police")
    ]
    assert "Rewritten in full" not in client.get(MISSING_PATH).content.decode()


def test_a_partnership_editor_cannot_publish_the_manual_directly(client, sign_in, reviewed_manual, partnership_editor):
    chapter = _missing_chapter(reviewed_manual)
    sign_in(partnership_editor)
    edit = client.get(f"/cms/pages/{chapter.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in edit and 'name="action-submit"' in edit
    response = client.post(
        f"/cms/pages/{chapter.pk}/edit/",
        _edit_form(client, chapter, body="<p>Published around the review</p>", action="action-publish"),
    )
    assert response.status_code == 302
    assert "Published around the review" not in client.get(MISSING_PATH).content.decode()
    assert _events("content.page_publish", chapter) == [] or all(
        e.actor != partnership_editor for e in _events("content.page_publish", chapter)
    )


# --- reviews due ------------------------------------------------------------------------------------


def test_reviews_due_lists_the_councils_own_chapters_overdue_and_due_within_30_days(reviewed_manual, host):
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.manual.models import ChapterPage
    from safeguard.manual.reviews_due import reviews_due

    today = timezone.localdate()
    due = reviews_due(host, today=today)
    # The seed's chapters were last due in November 2020: overdue. The demo's added allegations chapter
    # is due in 20 days; the exploitation chapter in 50 days is not listed yet.
    assert "Safeguarding Children who Run Away or Go Missing" in [c.title for c in due.overdue]
    assert [c.title for c in due.due_soon] == [
        "Allegations Against Persons who Work with, Care for or Volunteer with Children"
    ]
    # On the 30th day: listed; on the 31st: not.
    chapter = ChapterPage.objects.descendant_of(reviewed_manual).get(
        title="Children and Young People at Risk of Exploitation"
    )
    chapter.next_review = today + timedelta(days=30)
    chapter.save()
    assert chapter.title in [c.title for c in reviews_due(host, today=today).due_soon]
    chapter.next_review = today + timedelta(days=31)
    chapter.save()
    assert chapter.title not in [c.title for c in reviews_due(host, today=today).due_soon]
    # Yesterday's date is overdue, today's is due.
    chapter.next_review = today
    chapter.save()
    assert chapter in reviews_due(host, today=today).due_soon
    chapter.next_review = today - timedelta(days=1)
    chapter.save()
    assert chapter in reviews_due(host, today=today).overdue
    # Another council has none of Luton's.
    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    from safeguard.content.services import host_content_ensure

    host_content_ensure(actor=TEST_SUITE, host=other)
    nothing = reviews_due(other, today=today)
    assert nothing.overdue == [] and nothing.due_soon == []


def test_the_reviews_due_page_is_the_editors_own_councils(client, sign_in, reviewed_manual, manual_editor):
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.content.services import host_content_ensure

    sign_in(manual_editor)
    page = client.get("/cms/manual/reviews-due/").content.decode()
    assert "Chapter reviews due" in page and "Safeguarding Children who Run Away or Go Missing" in page
    assert "Head of Service, Safeguarding and Quality Assurance" in page
    assert "Chapter reviews due" in client.get("/cms/").content.decode()  # the dashboard's panel

    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    host_content_ensure(actor=TEST_SUITE, host=other)
    far_editor = UserFactory(role=Role.MANUAL_EDITOR, organisation=other.organisation)
    sign_in(far_editor)
    page = client.get("/cms/manual/reviews-due/").content.decode()
    assert "No chapter's review is overdue" in page and "Run Away" not in page


def test_the_manual_editors_home_page_shows_the_manual_work(client, sign_in, reviewed_manual, manual_editor):
    sign_in(manual_editor)
    page = client.get("/").content.decode()
    assert "Procedures manual editor" in page and "Chapters in review" in page and "overdue" in page
