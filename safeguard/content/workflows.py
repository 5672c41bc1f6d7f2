"""Moderation workflows (draft → review → approve → publish) on Wagtail's Workflows.

Wagtail records each step in its own tables and shows them on a page's history; every step is written
to our audit trail too, from Wagtail's signals (task_submitted, task_approved, task_rejected,
workflow_approved, workflow_rejected, workflow_cancelled), so the SQA manager's audit page has who did
each step and when. A page under a workflow is published by its workflow only: the approval of the
last task publishes it (`workflow_finish.publish_workflow_state`, Wagtail's `WAGTAIL_FINISH_WORKFLOW_ACTION`), and the
admin's own Publish is refused there (`publish_through_workflow_only`, from content/wagtail_hooks.py).
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.models import Page

from safeguard.core.audit import audit_event_record

from .publishing import publishing_actor
from .selectors import host_home_of_page


def _page_of(workflow_state):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else None


def _record(action: str, *, user, workflow_state, task_state=None, extra: dict | None = None) -> None:
    page = _page_of(workflow_state)
    if page is None:  # a workflow on a snippet: none are set up
        return
    home = host_home_of_page(page)
    changes = {
        "page": page.pk,
        "title": page.get_admin_display_title(),
        "workflow": workflow_state.workflow.name,
        **({"task": task_state.task.name, "revision": task_state.revision_id} if task_state is not None else {}),
        **(extra or {}),
    }
    if task_state is not None and task_state.comment:
        changes["comment"] = task_state.comment
    audit_event_record(
        actor=user if user is not None else publishing_actor(),
        action=action,
        target=page,
        host_council=home.host_council if home else None,
        changes=changes,
    )


def workflow_submitted_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.workflow_submit", user=user, workflow_state=instance)


def task_submitted_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.task_submit", user=user, workflow_state=instance.workflow_state, task_state=instance)


def task_approved_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.task_approve", user=user, workflow_state=instance.workflow_state, task_state=instance)


def task_rejected_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.task_reject", user=user, workflow_state=instance.workflow_state, task_state=instance)


def workflow_approved_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.workflow_approve", user=user, workflow_state=instance)


def workflow_rejected_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.workflow_reject", user=user, workflow_state=instance)


def workflow_cancelled_audit(sender, instance, user=None, **kwargs) -> None:
    _record("content.workflow_cancel", user=user, workflow_state=instance)


def _refusal(request, page):
    messages.error(
        request,
        f"“{page.get_admin_display_title()}” is published through its review: submit it for review instead",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def publish_through_workflow_only_on_edit(request, page):
    """Wagtail offers Publish to anyone with the publish permission, workflow or not: under a workflow
    (the manual), the edit form's Publish is refused and the page is kept as it was."""
    if request.method == "POST" and "action-publish" in request.POST and page.has_workflow:
        return _refusal(request, page)
    return None


def publish_through_workflow_only_on_create(request, parent_page, page_class):
    if request.method == "POST" and "action-publish" in request.POST and parent_page.has_workflow:
        messages.error(request, "A new page here is published through its review: submit it for review instead")
        return redirect(
            "wagtailadmin_pages:add", page_class._meta.app_label, page_class._meta.model_name, parent_page.pk
        )
    return None


def publish_through_workflow_only_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(isinstance(o, Page) and o.has_workflow for o in objects):
        messages.error(request, "Pages under a review workflow are published through it, not in bulk")
        return redirect("wagtailadmin_explore_root")
    return None


def hide_publish_under_workflow(menu_items, request, context) -> None:
    """The action menu's Publish is not offered where a workflow publishes (construct_page_action_menu)."""
    page = context.get("page")
    parent = context.get("parent_page")
    governed = (
        (page is not None and page.pk and page.has_workflow)
        or (page is None or not page.pk)
        and parent is not None
        and parent.has_workflow
    )
    if governed:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
