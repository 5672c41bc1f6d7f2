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
