"""Writes of the partnership site outside the editor's admin (the demo loader, an import): a page added
and published as an editor would, so the publish is audited as the content foundation audits every one."""

from django.db import transaction
from wagtail.models import Page

from safeguard.content.publishing import publishing_as
from safeguard.core.errors import ServiceRefusal


@transaction.atomic
def page_add_and_publish(*, actor, parent: Page, page: Page) -> Page:
    """Add `page` under `parent` (Wagtail checks the tree's rules: which page type may sit where, and how
    many) and publish it, audited as `actor`'s (content.page_publish)."""
    if not type(page).can_create_at(parent):
        raise ServiceRefusal(
            {"parent": f"A {page._meta.verbose_name} cannot be added under “{parent.title}”: choose another place"}
        )
    parent.add_child(instance=page)  # Wagtail's save cleans the page (its slug, and each type's own rules)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with publishing_as(actor):
        revision = page.save_revision(user=user, log_action=False)
        revision.publish(user=user, log_action=False, skip_permission_checks=True)
    return page
