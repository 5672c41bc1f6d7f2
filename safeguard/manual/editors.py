"""Who keeps a host council's manual, and its review workflow (docs/adr/0022-manual-editors-and-review.md).

- **Manual editors** (the role "Procedures manual editor") write chapters and sections, releases and the
  links from the work to the procedure, under their council's manual only (not the partnership's
  pages). They cannot publish a chapter directly: they submit it for review.
- **Review**: the council's partnership editors check the change (a Wagtail group approval task).
- **Approve**: a manual editor approves the reviewed change, which publishes it (Wagtail publishes when
  a workflow's last task is approved; `content.workflows.publish_workflow_state`).

So a manual editor's change is always seen by two people of two roles. Wagtail keeps the person and time
of each step (the page's history); `content.workflows` writes each to the audit trail too.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from safeguard.accounts.models import HostCouncil
from safeguard.content.models import HostHomePage
from safeguard.content.services import COLLECTION_PERMISSIONS
from safeguard.core.audit import SystemActor, audit_event_record

from .models import ManualIndexPage

# Who sets up a manual's review when an editor first opens the admin after the manual was made there.
REVIEW_SET_UP = SystemActor("Safeguard (the manual's review set-up)")
# What manual editors may do to the pages of their council's manual: no "publish_page", so a chapter
# reaches readers only through its review.
MANUAL_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEW_TASK = "Review"
APPROVE_TASK = "Approve"


def group_names(host: HostCouncil) -> dict[str, str]:
    return {
        "editors": f"{host.slug} manual editors",
        "reviewers": f"{host.slug} manual reviewers",
        "approvers": f"{host.slug} manual approvers",
    }


def manual_of_host(host: HostCouncil) -> ManualIndexPage | None:
    home = HostHomePage.objects.filter(host_council=host).first()
    return None if home is None else ManualIndexPage.objects.child_of(home).first()


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _editors_group_ensure(group: Group, manual: ManualIndexPage | None) -> None:
    """The manual editors' rights: the admin, the manual's own models (releases, procedure links),
    documents and images, and the pages of the manual (not the rest of the council's content)."""
    manual_models = [p for p in settings.SAFEGUARD_CONTENT_EDITOR_PERMISSIONS if p.startswith("manual.")]
    for dotted in ["wagtailadmin.access_admin", *manual_models]:
        permission = _permission(dotted)
        if permission is not None:
            group.permissions.add(permission)
    root_collection = Collection.get_first_root_node()
    for codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(codename=codename).first()
        if permission is not None and root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    if manual is not None:
        for codename in MANUAL_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=manual,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )


@transaction.atomic
def manual_review_ensure(*, actor, host: HostCouncil) -> Workflow | None:
    """The host's manual editors', reviewers' and approvers' groups and, once the host has a manual, its
    review workflow (Review, then Approve) on the manual's pages. Safe to run again."""
    names = group_names(host)
    groups = {key: Group.objects.get_or_create(name=name)[0] for key, name in names.items()}
    access_admin = _permission("wagtailadmin.access_admin")
    for group in groups.values():
        group.permissions.add(access_admin)
    manual = manual_of_host(host)
    _editors_group_ensure(groups["editors"], manual)
    if manual is None:
        return None
    assigned = WorkflowPage.objects.filter(page=manual).select_related("workflow").first()
    if assigned is not None:
        return assigned.workflow
    workflow = Workflow.objects.create(name=f"{host.display_name_or_name} procedures manual review")
    for order, (name, group) in enumerate([(REVIEW_TASK, groups["reviewers"]), (APPROVE_TASK, groups["approvers"])]):
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.create(workflow=workflow, page=manual)
    audit_event_record(
        actor=actor,
        action="manual.review_workflow_set_up",
        target=manual,
        host_council=host,
        changes={"workflow": workflow.name, "review": names["reviewers"], "approve": names["approvers"]},
    )
    return workflow


def _groups(host: HostCouncil, keys: list[str]) -> list[Group]:
    """The named groups of the host, set up first if any is missing or the manual has no review yet."""
    names = group_names(host)
    wanted = [names[key] for key in keys]
    found = list(Group.objects.filter(name__in=wanted))
    manual = manual_of_host(host)
    if len(found) < len(wanted) or (manual is not None and not WorkflowPage.objects.filter(page=manual).exists()):
        manual_review_ensure(actor=REVIEW_SET_UP, host=host)
        found = list(Group.objects.filter(name__in=wanted))
    return found


def manual_editor_groups(host: HostCouncil) -> list[Group]:
    """A manual editor's groups (settings.SAFEGUARD_CONTENT_EDITOR_GROUPS): write the manual, approve."""
    return _groups(host, ["editors", "approvers"])


def manual_reviewer_groups(host: HostCouncil) -> list[Group]:
    """A partnership editor's groups beyond the council's content editors: review the manual's changes."""
    return _groups(host, ["reviewers"])
