"""Writes of the content foundation: a host council's content root and Wagtail Site, its editors' group."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site, WorkflowPage

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal

from .access import EDITOR_ROLES, is_editor
from .models import HostHomePage

# What a host's editors may do to pages under their council's content root (Wagtail's page permissions).
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    "add_document",
    "change_document",
    "choose_document",
    "add_image",
    "change_image",
    "choose_image",
]


def _content_root() -> Page:
    """Wagtail's root page, which its migrations make; made again if the tables were emptied since (a
    database flushed after migrating, as a test's transaction-less database is)."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    # Wagtail's installation puts its "Moderators approval" workflow on the root, so every page would be
    # under it; a content section sets its own review (the manual's, docs/adr/0022), or none.
    WorkflowPage.objects.filter(page=root).delete()
    return root


def host_site_hostname(host: HostCouncil) -> str:
    return f"{host.slug}.{settings.SAFEGUARD_CONTENT_DOMAIN}"


@transaction.atomic
def host_content_ensure(*, actor, host: HostCouncil, default: bool | None = None) -> HostHomePage:
    """The host council's content root and its Wagtail Site (one per host, by host name; the default
    host's site also answers any other name, so its manual is at /manual/). Safe to run again."""
    home = HostHomePage.objects.filter(host_council=host).first()
    if home is None:
        root = _content_root()
        home = root.add_child(instance=HostHomePage(title=host.display_name_or_name, slug=host.slug, host_council=host))
        home.save_revision().publish(log_action=False)
        audit_event_record(actor=actor, action="content.host_content_create", target=home, host_council=host)
    if default is None:
        default = host.organisation.dfe_code == settings.SAFEGUARD_DEFAULT_HOST
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        if default:
            # Wagtail's installation makes a site ("localhost") on its welcome page: the default host's
            # replaces it, or a request to localhost would find no host's content.
            Site.objects.exclude(root_page__in=HostHomePage.objects.all()).delete()
            Site.objects.filter(is_default_site=True).update(is_default_site=False)
        site = Site.objects.create(
            hostname=host_site_hostname(host),
            port=80,
            root_page=home,
            site_name=host.display_name_or_name,
            is_default_site=default,
        )
        audit_event_record(
            actor=actor,
            action="content.site_create",
            target=site,
            host_council=host,
            changes={"hostname": site.hostname, "default": default},
        )
    editor_group_ensure(host=host, home=home)
    return home


def editor_group_ensure(*, host: HostCouncil, home: HostHomePage) -> Group:
    """The host's editors' group: the editor's admin, pages under the host's content root, documents and
    images, and the content models the apps above name (settings.SAFEGUARD_CONTENT_EDITOR_PERMISSIONS)."""
    group, _ = Group.objects.get_or_create(name=f"{host.slug} content editors")
    codenames = ["wagtailadmin.access_admin", *settings.SAFEGUARD_CONTENT_EDITOR_PERMISSIONS]
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    root_collection = Collection.get_first_root_node()
    for codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(codename=codename).first()
        if permission is not None and root_collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def host_editor_groups(host: HostCouncil) -> list[Group]:
    """The host's content editors' group (its whole content tree), for a role in
    settings.SAFEGUARD_CONTENT_EDITOR_GROUPS."""
    home = HostHomePage.objects.filter(host_council=host).first()
    if home is None:
        return []
    group = Group.objects.filter(name=f"{host.slug} content editors").first()
    return [group or editor_group_ensure(host=host, home=home)]


def _role_groups(role: str, host: HostCouncil) -> list[Group]:
    """The Wagtail groups a role of the host's editors belongs in (settings.SAFEGUARD_CONTENT_EDITOR_GROUPS;
    a role not named there: the host's content editors)."""
    dotted = settings.SAFEGUARD_CONTENT_EDITOR_GROUPS.get(role, ["safeguard.content.services.host_editor_groups"])
    groups: list[Group] = []
    for name in dotted:
        groups.extend(import_string(name)(host))
    return groups


def _editor_groups_of(host: HostCouncil) -> set[Group]:
    """Every group an editor's role of this host may put a person in."""
    return {group for role in EDITOR_ROLES for group in _role_groups(role, host)}


@transaction.atomic
def editor_access_ensure(*, actor, user) -> None:
    """An editor opening /cms/ joins their role's groups of their host council (audited once, on joining)
    and leaves the groups of another editor's role they held before a change of role; anyone else is
    refused."""
    if not is_editor(user):
        raise ServiceRefusal({"user": "Only a host council's content editors may use the editor's admin"})
    host = user.host_council
    home = HostHomePage.objects.filter(host_council=host).first()
    if home is None:
        raise ServiceRefusal({"user": f"{host.name} has no content yet"})
    wanted = set(_role_groups(user.role, host))
    held = set(user.groups.all())
    joined = sorted(group.name for group in wanted - held)
    if joined:
        user.groups.add(*(wanted - held))
        audit_event_record(
            actor=actor,
            action="content.editor_join",
            target=user,
            host_council=host,
            changes={"groups": joined},
        )
    stale = (held - wanted) and (held - wanted) & _editor_groups_of(host)
    if stale:
        user.groups.remove(*stale)
        audit_event_record(
            actor=actor,
            action="content.editor_leave",
            target=user,
            host_council=host,
            changes={"groups": sorted(group.name for group in stale)},
        )
