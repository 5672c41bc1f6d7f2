"""Each role's home page: the template and the work it shows."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.accounts.selectors import Status, people_filter, people_visible_to
from safeguard.allegations.models import LadoCase
from safeguard.allegations.selectors import (
    awaiting_consideration,
    lado_cases_visible_to,
    lado_emails_to_check,
    overdue_actions,
)
from safeguard.core.audit import audit_list_record
from safeguard.education.selectors import school_place_counts
from safeguard.exploitation.selectors import concerns_awaiting_for
from safeguard.inclusion import selectors as inclusion
from safeguard.manual.reading_selectors import may_manage_reading, to_read_for
from safeguard.manual.reviews_due import chapters_in_review, reviews_due
from safeguard.missing.selectors import missing_flags_for, open_episodes_for_children, risk_reviews_overdue
from safeguard.notifications.models import Notification, WorkItem
from safeguard.notifications.selectors import (
    drafts_of,
    emails_to_check,
    notification_queue,
    notifications_visible_to,
    work_items_visible_to,
)
from safeguard.reference.models import Contact
from safeguard.reference.selectors import (
    childrens_services_now,
    configuration_gaps,
    default_host_council,
    host_council_of,
    host_councils_policed_by,
    who_to_call_now,
)
from safeguard.register.selectors import children_visible_to, current_placements, may_see_children

HOME_TEMPLATES = {
    Role.SQA_OFFICER: "home/sqa.html",
    Role.SQA_MANAGER: "home/sqa.html",
    Role.RA_SOCIAL_WORKER: "home/referral_assessment.html",
    Role.RA_DUTY_MANAGER: "home/referral_assessment.html",
    Role.VIRTUAL_SCHOOL_OFFICER: "home/virtual_school.html",
    Role.LADO: "home/lado.html",
    Role.PARTNERSHIP_EDITOR: "home/partnership.html",
    Role.PLACING_SOCIAL_WORKER: "home/placing_social_worker.html",
    Role.CARER: "home/carer.html",
    Role.POLICE: "home/police.html",
    Role.HOST_ADMIN: "home/host_admin.html",
    Role.MANUAL_EDITOR: "home/manual_editor.html",
    Role.CME_OFFICER: "home/cme_officer.html",
    Role.SCHOOL_STAFF: "home/school_staff.html",
}
HOST_REGISTER_HOMES = {
    Role.SQA_OFFICER,
    Role.SQA_MANAGER,
    Role.RA_SOCIAL_WORKER,
    Role.RA_DUTY_MANAGER,
    Role.VIRTUAL_SCHOOL_OFFICER,
}


def home_for(user) -> tuple[str, dict]:
    """The person's home page and what it shows. Home pages list children's names (missing now, placed
    with a carer, work to acknowledge): for those who may see children, an access event."""
    template = HOME_TEMPLATES.get(user.role, "home/no_role.html")
    children = children_visible_to(user)
    context: dict = {"role_label": Role(user.role).label if user.role else ""}
    if user.role in HOST_REGISTER_HOMES:
        placed_now = children.filter(Exists(current_placements().filter(child=OuterRef("pk"))))
        work = work_items_visible_to(user).filter(status=WorkItem.Status.OPEN)
        queue = notification_queue(user)
        context.update(
            children_placed_now=placed_now.count(),
            missing_now=open_episodes_for_children(children),
            notification_queue=queue[:10],
            queue_count=queue.count(),
            emails=emails_to_check(user)[:10],
            work_items=work.select_related("owner").order_by("escalate_at")[:10],
            work_count=work.count(),
            overdue_count=work.filter(escalate_at__lt=timezone.now()).count(),
        )
        if user.role == Role.VIRTUAL_SCHOOL_OFFICER:
            context["education"] = school_place_counts(user)
        if user.role in {Role.RA_SOCIAL_WORKER, Role.RA_DUTY_MANAGER}:
            concerns = concerns_awaiting_for(user)
            context.update(open_concerns=concerns[:10], open_concern_count=concerns.count())
    elif user.role == Role.PLACING_SOCIAL_WORKER:
        sent = notifications_visible_to(user)
        context.update(
            children=children.order_by("last_name", "first_name")[:50],
            missing_now=open_episodes_for_children(children),
            incomplete=sent.filter(status=Notification.Status.INCOMPLETE).order_by("received_at")[:20],
            drafts=drafts_of(user)[:5],
            risk_reviews_overdue=risk_reviews_overdue(children)[:20],
        )
    elif user.role == Role.CARER:
        placed = list(children.order_by("last_name", "first_name")[:50])
        context.update(
            children=placed,
            child_flags=missing_flags_for([child.pk for child in placed]),
            missing_now=open_episodes_for_children(children),
        )
    elif user.role == Role.POLICE:
        now = timezone.now()
        context.update(
            missing_now=open_episodes_for_children(children),
            # Children's services of each host council the force polices, as they answer now.
            childrens_services_by_host=[
                (host, childrens_services_now(host, now)) for host in host_councils_policed_by(user.organisation)
            ],
        )
    elif user.role == Role.LADO:
        cases = lado_cases_visible_to(user)
        awaiting = awaiting_consideration(user)
        emails = lado_emails_to_check(user)
        now = timezone.now()
        context.update(
            open_cases=cases.filter(status__in=[LadoCase.Status.RECEIVED, LadoCase.Status.REFERRAL]).count(),
            recent_cases=cases[:10],
            awaiting=awaiting[:20],
            overdue_count=awaiting.filter(initial_consideration_due_at__lt=now).count(),
            overdue_actions=overdue_actions(user).count(),
            emails_to_check=emails.count(),
            oldest_email=emails.first(),
            now=now,
        )
    elif user.role == Role.CME_OFFICER:
        context["cme_counts"] = inclusion.cme_counts_for(user)
    elif user.role == Role.SCHOOL_STAFF:
        context["school"] = inclusion.school_of(user)
    elif user.role == Role.HOST_ADMIN and user.host_council is not None:
        people = people_visible_to(user)
        context.update(
            host=user.host_council,
            configuration_gaps=configuration_gaps(user.host_council),
            people_count=people.count(),
            invited_count=people_filter(people, status=Status.INVITED).count(),
            disabled_count=people_filter(people, status=Status.DISABLED).count(),
        )
    if user.host_council is not None:
        # The procedures manual's chapters this person was asked to read (docs/adr/0021).
        context.update(to_read=to_read_for(user), may_manage_reading=may_manage_reading(user))
    if user.role in {Role.MANUAL_EDITOR, Role.PARTNERSHIP_EDITOR} and user.host_council is not None:
        # The procedures manual's editors: what waits on a review step, and the chapters whose review is due.
        context.update(
            in_review=chapters_in_review(user.host_council),
            reviews=reviews_due(user.host_council, today=timezone.localdate()),
        )
    # A carer's host is the council their home is in; the police's and placing councils', the default.
    host = host_council_of(user) if user.role == Role.CARER else (user.host_council or default_host_council())
    if user.role in {Role.CARER, Role.POLICE, Role.PLACING_SOCIAL_WORKER} and host is not None:
        now = timezone.now()
        context["call_advice"] = who_to_call_now(host, Contact.Purpose.REPORT_MISSING, now)
        if user.role != Role.POLICE:
            context["childrens_services"] = childrens_services_now(host, now)
    if may_see_children(user):
        audit_list_record(actor=user, action="child.list", object_type="core.home", host_council=user.host_council)
    return template, context
