"""What Wagtail does when a workflow's last task is approved (`WAGTAIL_FINISH_WORKFLOW_ACTION`).

Wagtail imports this while it defines its own models, so this module imports nothing at its top.
"""


def publish_workflow_state(workflow_state, user=None) -> None:
    """The last task is approved: publish the revision it approved, as the approver.

    The approver need not hold Wagtail's publish permission on the page: the workflow's approval is the
    authority to publish (a host's manual editors approve; nobody publishes the manual directly).
    """
    from .publishing import publishing_actor, publishing_as

    revision = workflow_state.content_object.get_latest_revision()
    with publishing_as(user or publishing_actor(revision)):
        revision.publish(user=user, skip_permission_checks=True)
