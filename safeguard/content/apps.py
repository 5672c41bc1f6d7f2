from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "safeguard.content"
    label = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        # Every publish and unpublish, from the editor's admin, a scheduled publish or a service, is
        # audited (Wagtail tells us through its signals: the one place every way of publishing meets).
        from wagtail.signals import page_published, page_unpublished

        from . import publishing

        page_published.connect(publishing.page_published_audit, dispatch_uid="content.page_published_audit")
        page_unpublished.connect(publishing.page_unpublished_audit, dispatch_uid="content.page_unpublished_audit")
        # Each step of a moderation workflow (submitted, a task approved or rejected, the workflow approved,
        # rejected or cancelled) is audited with who took it (docs/adr/0022-manual-editors-and-review.md).
        from wagtail import signals

        from . import workflows

        for signal, handler in [
            (signals.workflow_submitted, workflows.workflow_submitted_audit),
            (signals.task_submitted, workflows.task_submitted_audit),
            (signals.task_approved, workflows.task_approved_audit),
            (signals.task_rejected, workflows.task_rejected_audit),
            (signals.workflow_approved, workflows.workflow_approved_audit),
            (signals.workflow_rejected, workflows.workflow_rejected_audit),
            (signals.workflow_cancelled, workflows.workflow_cancelled_audit),
        ]:
            signal.connect(handler, dispatch_uid=f"content.{handler.__name__}")
