from django.apps import AppConfig


class ManualConfig(AppConfig):
    name = "safeguard.manual"
    label = "manual"
    verbose_name = "Procedures manual"

    def ready(self) -> None:
        # Each publish of a chapter, however it is published, records the version that came into force
        # (docs/adr/0018-wagtail-content-foundation.md: our own version records, not Wagtail's revisions).
        from wagtail.signals import page_published, page_unpublished

        from . import publishing
        from .models import ChapterPage

        page_published.connect(
            publishing.chapter_published, sender=ChapterPage, dispatch_uid="manual.chapter_published"
        )
        page_unpublished.connect(
            publishing.chapter_unpublished, sender=ChapterPage, dispatch_uid="manual.chapter_unpublished"
        )
