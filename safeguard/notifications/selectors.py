"""Reads of notifications and work items, scoped by who is asking."""

import hashlib
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import REGISTER_ROLES, Role, Team, User
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.core.jobs import import_job_get_for
from safeguard.core.models import ImportJob

from .models import (
    ApiToken,
    Correspondence,
    CouncilMailbox,
    IdempotencyRecord,
    MatchReview,
    Notification,
    NotificationAttachment,
    RegisterImportMapping,
    WorkItem,
)

SQA_ROLES = frozenset({Role.SQA_OFFICER, Role.SQA_MANAGER})
# Which team's queue each host role works from.
ROLE_TEAM_KIND = {
    Role.RA_SOCIAL_WORKER: Team.Kind.REFERRAL_ASSESSMENT,
    Role.RA_DUTY_MANAGER: Team.Kind.REFERRAL_ASSESSMENT,
    Role.VIRTUAL_SCHOOL_OFFICER: Team.Kind.VIRTUAL_SCHOOL,
}


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def notifications_visible_to(user) -> QuerySet[Notification]:
    """SQA: every notification to their host council. Placing social workers: their council's own."""
    notifications = Notification.objects.select_related("placing_authority", "host_council__organisation", "child")
    if not _signed_in(user):
        return notifications.none()
    sent = notifications.exclude(status=Notification.Status.DRAFT)
    if user.role in REGISTER_ROLES and user.host_council is not None:
        return sent.filter(host_council=user.host_council)
    if user.role == Role.PLACING_SOCIAL_WORKER and user.organisation_id:
        return sent.filter(placing_authority_id=user.organisation_id)
    return notifications.none()


def may_notify(user) -> bool:
    """Placing social workers send notifications; SQA officers enter ones received by e-mail."""
    return _signed_in(user) and (user.role == Role.PLACING_SOCIAL_WORKER or user.role in SQA_ROLES)


def draft_get_for(user, pk: int) -> Notification:
    """A draft its author is still writing; 404 for anyone else."""
    draft = drafts_of(user).filter(pk=pk).first()
    if draft is None:
        raise Http404("No such draft")
    return draft


def drafts_of(user) -> QuerySet[Notification]:
    """Drafts a person may carry on: their own, and for SQA the e-mails received by their host council."""
    if not may_notify(user):
        return Notification.objects.none()
    drafts = Notification.objects.filter(status=Notification.Status.DRAFT)
    mine = Q(submitted_by=user)
    if user.role in SQA_ROLES and user.host_council is not None:
        mine |= Q(channel=Notification.Channel.EMAIL, host_council=user.host_council)
    return drafts.filter(mine).order_by("-updated_at")


def emails_to_check(user) -> QuerySet[Notification]:
    if not may_take_notifications(user):
        return Notification.objects.none()
    return drafts_of(user).filter(channel=Notification.Channel.EMAIL).order_by("received_at")


def notifications_editable_by(user) -> QuerySet[Notification]:
    """Who may complete an incomplete notification: its sender's council, or the host's SQA officers."""
    notifications = notifications_visible_to(user)
    if _signed_in(user) and (user.role in SQA_ROLES or user.role == Role.PLACING_SOCIAL_WORKER):
        return notifications
    return notifications.none()


def may_take_notifications(user) -> bool:
    return _signed_in(user) and user.role in SQA_ROLES and user.host_council is not None


def ssda903_job_get_for(user, pk: int):
    """An uploaded SSDA903 return's job: for whoever uploaded it, and for the SQA officers and manager
    of the host it was uploaded to on a placing council's behalf. Otherwise ImportJob.DoesNotExist."""
    return import_job_get_for(user, pk, kinds=["ssda903"], host_wide_roles=SQA_ROLES)


def may_import_register(user) -> bool:
    """Loading the host's register from its spreadsheet is the SQA manager's (docs/adr/0036)."""
    return _signed_in(user) and user.role == Role.SQA_MANAGER and user.host_council is not None


REGISTER_IMPORT_KINDS = ("register_dry_run", "register_import")


def register_import_job_get_for(user, pk: int):
    """A register import (dry run or import) of the person's own host, for its SQA manager."""
    if not may_import_register(user):
        raise ImportJob.DoesNotExist
    return import_job_get_for(user, pk, kinds=REGISTER_IMPORT_KINDS, host_wide_roles={Role.SQA_MANAGER})


def register_import_jobs_of(user) -> QuerySet[ImportJob]:
    """The host's last register imports, newest first (for its SQA manager)."""
    if not may_import_register(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(host_council=user.host_council, kind__in=REGISTER_IMPORT_KINDS).order_by(
        "-created_at"
    )[:10]


def register_import_columns_saved(host_council) -> dict[str, str]:
    mapping = RegisterImportMapping.objects.filter(host_council=host_council).first()
    return dict(mapping.columns) if mapping else {}


def notification_queue(user) -> QuerySet[Notification]:
    """SQA's notifications to check: incomplete ones and those waiting for a match decision."""
    if not may_take_notifications(user):
        return Notification.objects.none()
    return (
        notifications_visible_to(user)
        .filter(status__in=[Notification.Status.INCOMPLETE, Notification.Status.AWAITING_MATCH])
        .order_by("received_at")
    )


def match_reviews_for(user) -> QuerySet[MatchReview]:
    if not may_take_notifications(user):
        return MatchReview.objects.none()
    return MatchReview.objects.filter(notification__host_council=user.host_council).select_related(
        "notification", "candidate__placing_authority"
    )


def work_items_visible_to(user) -> QuerySet[WorkItem]:
    """A team's own queue; SQA see every team's queue of their host council."""
    items = WorkItem.objects.select_related(
        "team", "child__placing_authority", "notification", "exploitation_concern", "acknowledged_by"
    )
    if not _signed_in(user) or user.host_council is None:
        return items.none()
    host = user.host_council
    if user.role in SQA_ROLES:
        return items.filter(host_council=host)
    team_kind = ROLE_TEAM_KIND.get(user.role)
    if team_kind is None:
        return items.none()
    return items.filter(host_council=host, team__kind=team_kind)


def overdue_work_condition():
    """Whether a child (OuterRef("pk")) has a host team's work item still open past its escalation time
    (the register's "children with overdue work")."""
    return Exists(
        WorkItem.objects.filter(child=OuterRef("pk"), status=WorkItem.Status.OPEN, escalate_at__lt=timezone.now())
    )


def lateness_by_placing_authority(user) -> list[dict]:
    """Per placing council: notifications received, how many late, and the working days late in all."""
    rows = (
        notifications_visible_to(user)
        .exclude(late_working_days__isnull=True)
        .values("placing_authority__name")
        .annotate(total=Count("id"), late=Count("id", filter=Q(late_working_days__gt=0)))
        .order_by("-late", "placing_authority__name")
    )
    return list(rows)


def correspondence_for(user) -> QuerySet[Correspondence]:
    """Messages to the host's notifications mailbox filed as correspondence: its SQA officers only."""
    if not may_take_notifications(user):
        return Correspondence.objects.none()
    return Correspondence.objects.filter(host_council=user.host_council).select_related("notification")


def notification_files_for(user) -> QuerySet[Notification]:
    """Notifications whose original e-mail and attachments a person may download: the host's SQA officers,
    who take e-mailed notifications in (drafts included, as they may carry them on)."""
    if not may_take_notifications(user):
        return Notification.objects.none()
    return Notification.objects.filter(host_council=user.host_council)


def attachments_for(user) -> QuerySet[NotificationAttachment]:
    return NotificationAttachment.objects.filter(notification__in=notification_files_for(user)).select_related(
        "notification"
    )


# An API token starts with this; only the SHA-256 of the whole token is kept.
TOKEN_PREFIX = "sg_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_tokens_list(*, placing_authority=None) -> QuerySet[ApiToken]:
    """Every API token, newest first within each council; only its prefix, never the token."""
    tokens = ApiToken.objects.select_related("placing_authority").order_by("placing_authority__name", "-created_at")
    if placing_authority is not None:
        tokens = tokens.filter(placing_authority=placing_authority)
    return tokens


class TokenNotFound(Exception):
    pass


def api_token_find(identifier: str) -> ApiToken:
    """The token with this id, this prefix (as listed) or this whole token (as leaked).

    Raises TokenNotFound when none matches, or when a prefix matches more than one.
    """
    identifier = identifier.strip()
    tokens = ApiToken.objects.select_related("placing_authority")
    if identifier.isdigit():
        matches = list(tokens.filter(pk=int(identifier)))
    elif identifier.startswith(TOKEN_PREFIX) and len(identifier) > 12:
        matches = list(tokens.filter(token_hash=token_hash(identifier)))
    else:
        matches = list(tokens.filter(prefix=identifier)[:2])
    if len(matches) != 1:
        raise TokenNotFound(
            f"More than one token starts {identifier!r}: give its id."
            if matches
            else f"There is no API token {identifier!r}. List them with `manage.py list_api_tokens`."
        )
    return matches[0]


def idempotency_record_get(*, token: ApiToken, key: str) -> IdempotencyRecord | None:
    """The answer kept for this token's Idempotency-Key, if the key was used before."""
    return IdempotencyRecord.objects.filter(token=token, key=key).first()


def child_panel(user, child) -> dict:
    """The notifications parts of a child's page (the child is already in `user`'s scope): the host
    teams' work items and the notifications about the child that `user` may see."""
    from safeguard.register.selectors import current_placement_of

    return {
        "work_items": list(work_items_visible_to(user).filter(child=child)),
        "notifications": list(notifications_visible_to(user).filter(child=child).order_by("-received_at")),
        # The child's placing social worker and the host's SQA officers notify a move or an end from here.
        "may_notify": may_notify(user) and current_placement_of(child) is not None,
    }


# Reads of one record, or of a list of children's names, for the pages: each records its access event.


def notification_get_for(user, pk: int) -> Notification:
    """One notification `user` may see, or 404; the read is an access event."""
    notification = notifications_visible_to(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification")
    audit_access_record(
        actor=user, action="notification.view", target=notification, host_council=notification.host_council
    )
    return notification


def match_review_get_for(user, pk: int) -> MatchReview:
    """A match to decide, for the host's SQA officers, or 404; reading the candidate child's record is an
    access event."""
    review = match_reviews_for(user).filter(pk=pk).first()
    if review is None:
        raise Http404("No such match review")
    audit_access_record(
        actor=user, action="child.view", target=review.candidate, host_council=review.candidate.host_council
    )
    return review


WORK_STATES = {
    "open": "To do",
    "overdue": "Overdue",
    "acknowledged": "Done",
    "all": "All",
}
WORK_DUE = {"": "Any time", "today": "Due by the end of today", "week": "Due in the next 7 days"}


def work_item_list_for(user, *, show: str = "open", owner: str = "", due: str = "", now=None) -> QuerySet[WorkItem]:
    """A team's queue filtered by state (`WORK_STATES`), owner ("me", "nobody", or a person's id) and due
    date (`WORK_DUE`), what is due first; listing children's names is an access event."""
    now = now or timezone.now()
    items = work_items_visible_to(user).select_related("owner")
    if show == "overdue":
        items = items.filter(status=WorkItem.Status.OPEN, escalate_at__lt=now)
    elif show == "acknowledged":
        items = items.filter(status=WorkItem.Status.ACKNOWLEDGED)
    elif show != "all":
        items = items.filter(status=WorkItem.Status.OPEN)
    if owner == "me":
        items = items.filter(owner=user)
    elif owner == "nobody":
        items = items.filter(owner__isnull=True)
    elif owner.isdigit():
        items = items.filter(owner_id=int(owner))
    if due == "today":
        end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
        items = items.filter(escalate_at__lte=end_of_day)
    elif due == "week":
        items = items.filter(escalate_at__lte=now + timedelta(days=7))
    audit_list_record(
        actor=user, action="child.list", object_type="notifications.workitem", host_council=user.host_council
    )
    return items.order_by("status", "escalate_at", "created_at")


def work_owners_for(user) -> QuerySet:
    """The people whose work `user` may filter the queue by: the members of the teams whose queues they see."""
    teams = work_items_visible_to(user).values("team")
    return User.objects.filter(team__in=Team.objects.filter(pk__in=teams), is_active=True).order_by("full_name")


def team_workers_for(item: WorkItem) -> QuerySet:
    """Who an item can be assigned to: the active members of its team."""
    return User.objects.filter(team_id=item.team_id, is_active=True).order_by("full_name")


def work_item_get_for(user, pk: int) -> WorkItem:
    """One work item in `user`'s queue, or 404. Reading it is a read of the child's record, except for an
    exploitation concern's item, whose page is the concern's (which records its own read)."""
    item = work_items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such work item")
    if not item.exploitation_concern_id:
        audit_access_record(actor=user, action="child.view", target=item.child, host_council=item.host_council)
    return item


def notification_message_get_for(user, pk: int) -> Notification:
    """A notification with the original e-mail it was made from, for the host's SQA officers, or 404;
    opening the message is an access event."""
    notification = notification_files_for(user).filter(pk=pk).first()
    if notification is None or not notification.original_message:
        raise Http404("No such message")
    audit_access_record(
        actor=user,
        action="notification.original_message",
        target=notification,
        host_council=notification.host_council,
    )
    return notification


def attachment_get_for(user, pk: int) -> NotificationAttachment:
    """A file that came with a notification, for the host's SQA officers, or 404; opening it is recorded."""
    attachment = attachments_for(user).filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment")
    audit_access_record(
        actor=user,
        action="notification.attachment",
        target=attachment.notification,
        host_council=attachment.notification.host_council,
    )
    return attachment


def correspondence_get_for(user, pk: int, *, part: str = "view") -> Correspondence:
    """A message filed as correspondence, for the host's SQA officers, or 404. Reading it ("view") or its
    original message ("original_message") is an access event."""
    item = correspondence_for(user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such correspondence")
    audit_access_record(actor=user, action=f"correspondence.{part}", target=item, host_council=item.host_council)
    return item


def notification_get_for_token(token, reference: str) -> Notification | None:
    """A sent notification from the API token's own council, by reference (None for any other)."""
    return (
        Notification.objects.filter(reference=reference, placing_authority=token.placing_authority)
        .exclude(status=Notification.Status.DRAFT)
        .first()
    )


def child_audit_records(child) -> dict[str, list[str]]:
    """The notifications and work items about `child` (and messages filed with those notifications), as
    {object_type: [ids]}, for the audit by child."""

    def ids(queryset) -> list[str]:
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    notifications = Notification.objects.filter(Q(child=child) | Q(match_reviews__candidate=child)).distinct()
    return {
        Notification._meta.label_lower: ids(notifications),
        WorkItem._meta.label_lower: ids(WorkItem.objects.filter(child=child)),
        Correspondence._meta.label_lower: ids(Correspondence.objects.filter(notification__in=notifications)),
    }


def council_mailbox_of(host_council) -> CouncilMailbox | None:
    """A host council's notifications mailbox settings (None before they are set); the caller has
    checked the person keeps them (mailbox_views.mailbox_keeper_required)."""
    return CouncilMailbox.objects.filter(host_council=host_council).first()
