"""Every URL against every role: what each may do, and what each must not see.

A URL that is added without an expectation here fails `test_every_url_has_an_expectation`.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = [
    "anonymous",
    "sqa_officer",
    "sqa_manager",
    "ra_social_worker",
    "ra_duty_manager",
    "virtual_school_officer",
    "lado",
    "partnership_editor",
    "placing_social_worker",
    "other_authority_user",
    "carer",
    "police",
    "host_admin",
]
HOST_REGISTER = ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager", "virtual_school_officer", "lado"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]
NOTIFIERS = ["sqa_officer", "sqa_manager", "placing_social_worker", "other_authority_user"]
NOTIFICATION_READERS = ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager", "virtual_school_officer"]
LOGIN = "login"  # a redirect to the sign-in page


def everyone(status):
    return dict.fromkeys(ROLES, status)


def only(allowed: dict, otherwise=404, anonymous=LOGIN):
    expected = dict.fromkeys(SIGNED_IN, otherwise)
    expected["anonymous"] = anonymous
    expected.update(allowed)
    return expected


@dataclass
class Case:
    url_name: str
    expected: dict
    kwargs: object = None  # a function of the world giving the URL's kwargs
    method: str = "get"
    label: str = ""
    # Text the page must show / must not show, for a role that gets 200.
    shows: dict = field(default_factory=dict)
    hides: dict = field(default_factory=dict)


CASES = [
    Case(
        "home:home",
        everyone(200),
        shows={
            "placing_social_worker": ["Ava Placed"],
            "carer": ["Ava Placed", "Milo Missing"],
            "police": ["Milo Missing"],
            "lado": ["LADO-T-"],
            "host_admin": ["People and roles", "Invite a person"],
        },
        hides={
            "placing_social_worker": ["Olly Other"],
            "other_authority_user": ["Ava Placed", "Milo Missing"],
            "carer": ["Olly Other", "Fern Former"],
            "police": ["Ava Placed", "Olly Other"],
            "sqa_officer": ["LADO-T-"],
            "partnership_editor": ["Ava Placed", "Milo Missing"],
        },
    ),
    Case("core:accessibility", everyone(200)),
    Case("core:cookies", everyone(200)),
    Case("core:privacy", everyone(200)),
    Case("core:health_live", everyone(200)),
    # No worker runs in the test world, so readiness names it down (503) for everyone alike.
    Case("core:health_ready", everyone(503)),
    Case("accounts:audit_event_list", only({"sqa_manager": 200})),
    # Prometheus figures (counts only): no sign-in, but only from METRICS_ALLOWED_ADDRESSES. The test
    # client's 127.0.0.1 is allowed, whoever is signed in; every other address gets 404
    # (test_metrics.py walks the refused ones).
    Case(
        "core:metrics",
        everyone(200),
        label="from an allowed address",
        shows={"anonymous": ["safeguard_children_missing"], "carer": ["safeguard_outbox_messages"]},
        hides={role: ["Milo", "Ava Placed", "@"] for role in ROLES},
    ),
    Case("reference:who_to_call", everyone(200)),
    Case("accounts:sign_in", {**everyone(302), "anonymous": 200}),
    Case("accounts:second_factor", everyone(302)),
    Case("accounts:second_factor_set_up", everyone(302)),
    Case("accounts:sign_out", everyone(200), method="post"),
    # Passwords (issue 17): open to anyone; a link's token is moved into the session at once.
    Case("accounts:password_forgotten", everyone(200), shows={"anonymous": ["Reset your password"]}),
    Case("accounts:password_forgotten_sent", everyone(200), shows={"anonymous": ["Check your email"]}),
    Case(
        "accounts:password_reset",
        everyone(302),
        kwargs=lambda w: {"uidb64": "MQ", "token": "cxyz-0123456789abcdef"},
        label="a link: its token goes into the session",
    ),
    Case(
        "accounts:invitation_accept",
        everyone(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        label="no link in the session",
        shows={"anonymous": ["This link has expired"], "carer": ["This link has expired"]},
    ),
    # People and roles (issue 17): the host council's administrator alone, on its staff and carers in its area.
    Case(
        "accounts:person_list",
        only({"host_admin": 200}),
        shows={"host_admin": ["Stella Staff"]},
        hides={"host_admin": ["Placing social worker", "Police missing persons unit"]},
    ),
    Case("accounts:person_invite", only({"host_admin": 200})),
    Case(
        "accounts:person_detail",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.staff_member.pk},
        label="the host's staff",
        shows={"host_admin": ["Stella Staff", "Virtual School officer"]},
    ),
    Case(
        "accounts:person_detail",
        only({}),
        kwargs=lambda w: {"pk": w.notification.submitted_by_id},
        label="a placing council's social worker",
    ),
    Case("accounts:person_role_change", only({"host_admin": 200}), kwargs=lambda w: {"pk": w.staff_member.pk}),
    Case("accounts:person_authenticator_reset", only({"host_admin": 200}), kwargs=lambda w: {"pk": w.staff_member.pk}),
    Case("accounts:person_disable", only({"host_admin": 200}), kwargs=lambda w: {"pk": w.staff_member.pk}),
    Case(
        "accounts:person_enable",
        only({"host_admin": 302}),
        kwargs=lambda w: {"pk": w.staff_member.pk},
        label="a typed address: back to the person's page",
    ),
    Case(
        "accounts:person_invitation_resend",
        only({"host_admin": 302}),
        kwargs=lambda w: {"pk": w.staff_member.pk},
        label="a typed address: back to the person's page",
    ),
    Case(
        "register:child_list",
        only(
            {
                **dict.fromkeys(HOST_REGISTER, 200),
                "placing_social_worker": 200,
                "other_authority_user": 200,
                "carer": 200,
                "police": 200,
            }
        ),
        shows={
            "sqa_officer": ["Ava Placed", "Olly Other"],
            "placing_social_worker": ["Ava Placed"],
            "other_authority_user": ["Olly Other"],
            "carer": ["Ava Placed", "Milo Missing"],
            "police": ["Milo Missing", "Exploitation concern"],
            "ra_duty_manager": ["Exploitation concern"],
        },
        hides={
            "placing_social_worker": ["Olly Other"],
            "other_authority_user": ["Ava Placed", "Milo Missing", "Exploitation concern"],
            "carer": ["Olly Other", "Fern Former"],
            "police": ["Ava Placed", "Olly Other", "Fern Former"],
            "lado": ["Exploitation concern"],
            # Placed before: shown with ?placed=all (test_register), not by default.
            "sqa_officer": ["Fern Former"],
        },
    ),
    Case(
        "home:child_detail",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        label="a child placed with a carer, not missing",
        shows={
            "placing_social_worker": ["Ava Placed", "Exploitation concern", "Raise an exploitation concern"],
            "carer": ["Ava Placed", "Exploitation concern", "Child criminal exploitation"],
            "sqa_officer": ["Exploitation concern", "Waiting for review"],
        },
        hides={
            "carer": ["Came back with a second phone", "More than one phone"],
            "lado": ["Exploitation concern", "Raise an exploitation concern"],
        },
    ),
    Case(
        "home:child_detail",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200, "police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.pk},
        label="a child missing now",
        shows={"police": ["Milo Missing", "is missing"]},
    ),
    Case(
        "home:child_detail",
        only({**dict.fromkeys(HOST_REGISTER, 200), "other_authority_user": 200}),
        kwargs=lambda w: {"pk": w.other_child.pk},
        label="another council's child",
    ),
    Case(
        "home:child_detail",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.former_child.pk},
        label="a child whose placement with the carer ended",
    ),
    # Notifications (issue 3)
    Case("notifications:notify_start", only(dict.fromkeys(NOTIFIERS, 200))),
    Case("notifications:notify_new", only(dict.fromkeys(NOTIFIERS, 200)), kwargs=lambda w: {"slug": "kind"}),
    Case(
        "notifications:notify_step",
        only({"placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.draft.pk, "slug": "child"},
        label="the placing social worker's own draft",
    ),
    Case("notifications:notify_check", only({"placing_social_worker": 200}), kwargs=lambda w: {"pk": w.draft.pk}),
    Case(
        "notifications:notify_check",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.email_draft.pk},
        label="an e-mailed draft",
        shows={"sqa_officer": ["Eli", "care plan.txt", "Original e-mail"]},
    ),
    Case(
        "notifications:notify_sent",
        only({"placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.notification.pk},
        shows={"placing_social_worker": ["Notification sent"]},
    ),
    Case(
        "notifications:notification_list",
        only({"sqa_officer": 200, "sqa_manager": 200, "placing_social_worker": 200, "other_authority_user": 200}),
        shows={"sqa_officer": ["Placing council", "Hertfordshire", "Birmingham"]},
        hides={"placing_social_worker": ["Birmingham"], "other_authority_user": ["Hertfordshire"]},
    ),
    Case(
        "notifications:notification_detail",
        only({**dict.fromkeys(NOTIFICATION_READERS, 200), "placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.notification.pk},
        label="sent by the placing council",
        shows={"placing_social_worker": ["Nia"], "ra_social_worker": ["Nia"]},
    ),
    Case(
        "notifications:notification_detail",
        only({**dict.fromkeys(NOTIFICATION_READERS, 200), "other_authority_user": 200}),
        kwargs=lambda w: {"pk": w.other_notification.pk},
        label="sent by another council",
    ),
    Case(
        "notifications:notification_complete",
        only({"sqa_officer": 200, "sqa_manager": 200, "placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.incomplete.pk},
        shows={"placing_social_worker": ["Enter the IRO"]},
    ),
    Case(
        "notifications:match_review",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.pending_review.pk},
        shows={"sqa_officer": ["Is this the same child?"]},
    ),
    Case(
        "notifications:match_undo",
        only({"sqa_officer": 302, "sqa_manager": 302}),
        kwargs=lambda w: {"pk": w.merged_review.pk},
        method="post",
    ),
    Case(
        "notifications:work_item_list",
        only(
            {
                "sqa_officer": 200,
                "sqa_manager": 200,
                "ra_social_worker": 200,
                "ra_duty_manager": 200,
                "virtual_school_officer": 200,
            }
        ),
        shows={
            "ra_social_worker": ["Referral and Assessment", "Nia"],
            "virtual_school_officer": ["Virtual School", "Nia"],
        },
        hides={"ra_social_worker": ["Virtual School</td>"], "virtual_school_officer": ["Referral and Assessment</td>"]},
    ),
    Case(
        "notifications:work_item_acknowledge",
        only({"sqa_officer": 200, "sqa_manager": 200, "ra_social_worker": 200, "ra_duty_manager": 200}),
        kwargs=lambda w: {"pk": w.ra_item.pk},
        label="an R&A work item",
    ),
    Case(
        "register:child_export",
        only(
            dict.fromkeys(
                ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager", "virtual_school_officer"], 200
            )
        ),
        kwargs=lambda w: {"fmt": "csv"},
    ),
    Case(
        "notifications:ssda903_upload",
        only({"placing_social_worker": 200, "other_authority_user": 200}),
        shows={"placing_social_worker": ["Upload your SSDA903 return"]},
    ),
    Case(
        "notifications:email_upload",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        shows={"sqa_officer": ["Filed as correspondence", "Automatic reply: Notification received"]},
    ),
    Case(
        "notifications:correspondence_detail",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.correspondence.pk},
        shows={"sqa_officer": ["I am away until Monday", "An automatic reply"]},
    ),
    Case(
        "notifications:correspondence_message",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.correspondence.pk},
    ),
    Case(
        "notifications:correspondence_make_draft",
        only({"sqa_officer": 302, "sqa_manager": 302}),
        kwargs=lambda w: {"pk": w.correspondence.pk},
        method="post",
    ),
    Case(
        "notifications:notification_message",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.email_draft.pk},
        label="an e-mailed draft",
    ),
    Case(
        "notifications:attachment_download",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.email_draft.attachments.get().pk},
        shows={"sqa_officer": ["Care plan"]},
    ),
    # Missing from care (issue 4): photographs.
    Case(
        "missing:photograph_upload",
        only({"carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"carer": ["Photographs for the police"]},
    ),
    Case(
        "missing:photograph_image",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.photograph.pk},
    ),
    Case(
        "missing:photograph_thumbnail",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.photograph.pk},
    ),
    Case(
        "missing:episode_report",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"carer": ["Call the police first"]},
    ),
    Case(
        "missing:episode_return",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "carer": 200}),
        kwargs=lambda w: {"pk": w.missing_child.missing_episodes.get().pk},
    ),
    Case(
        "missing:profile_edit",
        only({"carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"carer": ["Physical description"]},
    ),
    Case(
        "missing:grab_pack",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200, "police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.pk},
        label="a child missing now",
    ),
    Case(
        "missing:grab_pack",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        label="a child not missing: not for the police",
    ),
    Case(
        "missing:return_interview_list",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "other_authority_user": 200}),
        shows={"sqa_officer": ["Ava Placed", "hours left"], "placing_social_worker": ["Ava Placed"]},
        hides={"other_authority_user": ["Ava Placed"]},
    ),
    Case(
        "missing:return_interview_record",
        only(dict.fromkeys(HOST_REGISTER[:-1], 200)),
        kwargs=lambda w: {"pk": w.return_interview.pk},
    ),
    Case(
        "missing:profile_history",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"carer": ["Tall, short dark hair"], "placing_social_worker": ["Current version"]},
    ),
    Case(
        "missing:risk_assessment_edit",
        only({"sqa_officer": 200, "sqa_manager": 200, "placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"placing_social_worker": ["Older associates in Dunstable", "Risk factors"]},
    ),
    Case(
        "missing:risk_assessment_document",
        only({**dict.fromkeys(HOST_REGISTER, 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.risk_assessment.pk},
    ),
    Case(
        "missing:dashboard",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "other_authority_user": 200}),
        shows={"sqa_officer": ["Missing from care", "Episodes per month"]},
        hides={"other_authority_user": ["Ava Placed"]},
    ),
    Case(
        "missing:ssda903_export",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200}),
        kwargs=lambda w: {"placing_authority": w.child.placing_authority_id},
        shows={"sqa_officer": ["CHILD,DOB,MISSING,MIS_START,MIS_END"]},
        label="a placing council's own table; another council's social worker is refused",
    ),
    # Exploitation concerns (issue 4): full for host register staff and the placing council, a summary for
    # the carer, the police only while the child is missing; the LADO and other councils see nothing.
    Case(
        "exploitation:concern_raise",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        label="a child not missing",
        shows={"carer": ["Raise an exploitation concern", "01582 547653", "not for referrals"]},
    ),
    Case(
        "exploitation:concern_raise",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "carer": 200, "police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.pk},
        label="a child missing now",
    ),
    Case(
        "exploitation:concern_list",
        only(dict.fromkeys(HOST_REGISTER[:-1], 200)),
        shows={"sqa_officer": ["Ava Placed", "Milo Missing", "Child criminal exploitation"]},
    ),
    Case(
        "exploitation:concern_detail",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.concern.pk},
        label="raised by the carer, child not missing",
        shows={
            "placing_social_worker": ["Came back with a second phone", "More than one phone", "PPU Support Team"],
            "sqa_officer": ["Came back with a second phone", "01234 846960", "not for referrals"],
            "ra_duty_manager": ["Record your decision"],
            "carer": ["Child criminal exploitation", "Waiting for review", "by you"],
        },
        hides={
            "carer": ["Came back with a second phone", "More than one phone", "Northampton", "Record your decision"],
            "ra_social_worker": ["Record your decision"],
            "sqa_manager": ["Record your decision"],
        },
    ),
    Case(
        "exploitation:concern_detail",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "carer": 200, "police": 200}),
        kwargs=lambda w: {"pk": w.missing_concern.pk},
        label="about a child missing now",
        shows={"police": ["Collected from school by older men", "BP-4411"], "carer": ["Child sexual exploitation"]},
        hides={"carer": ["Collected from school", "older", "BP-4411"]},
    ),
    Case(
        "exploitation:concern_raised",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "placing_social_worker": 200, "carer": 200}),
        kwargs=lambda w: {"pk": w.concern.pk},
        shows={"carer": ["Concern sent", "What happens next", "PPU Support Team", "01234 846960"]},
        hides={"carer": ["Came back with a second phone", "Read the concern"]},
    ),
    Case(
        "notifications:work_item_acknowledge",
        only({"sqa_officer": 302, "sqa_manager": 302, "ra_social_worker": 302, "ra_duty_manager": 302}),
        kwargs=lambda w: {"pk": w.concern.work_items.get().pk},
        label="an exploitation concern: reviewed on the concern's page",
    ),
    # LADO (issue 5): the referral form is public; every case URL is the LADO team's alone, and
    # the annual figures (aggregates, no personal data) are open to the partnership editor too.
    Case("allegations:refer", everyone(200), shows={"anonymous": ["Refer an allegation to the LADO", "01582 548069"]}),
    Case("allegations:refer_sent", everyone(302), label="without a referral just sent: back to the form"),
    Case("allegations:case_list", only({"lado": 200}), shows={"lado": ["LADO-T-"]}),
    Case("allegations:case_detail", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:case_edit", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:case_triage", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:meeting_add", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:action_add", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:update_add", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case("allegations:case_close", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
    Case(
        "allegations:original_message",
        only({"lado": 200}),
        kwargs=lambda w: {"pk": w.lado_email_case.pk},
        label="an e-mailed referral",
    ),
    Case(
        "allegations:action_complete",
        only({"lado": 302}),
        kwargs=lambda w: {"pk": w.lado_action.pk},
        method="post",
    ),
    Case(
        "allegations:child_link",
        only({"lado": 200}),
        kwargs=lambda w: {"pk": w.lado_child.pk},
        shows={"lado": ["Search the register"]},
    ),
    Case("allegations:email_upload", only({"lado": 200})),
    Case("allegations:consultation_record", only({"lado": 200})),
    Case("allegations:retention_report", only({"lado": 200})),
    Case(
        "allegations:figures",
        only({"lado": 200, "partnership_editor": 200}),
        shows={"partnership_editor": ["LADO annual figures", "April"]},
        hides={"partnership_editor": ["LADO-T-", "LADO-20"]},
    ),
    Case("allegations:figures_csv", only({"lado": 200, "partnership_editor": 200})),
    # A host council's configuration (issue 17): its administrator's alone; everyone else gets 404.
    Case(
        "reference:settings_overview",
        only({"host_admin": 200}),
        shows={"host_admin": ["Configuration", "Bedfordshire Police", "LU1 LU2 LU3 LU4", "Routing rules"]},
    ),
    Case("reference:host_area_edit", only({"host_admin": 200}), shows={"host_admin": ["Postcode districts"]}),
    Case("reference:team_list", only({"host_admin": 200}), shows={"host_admin": ["lado@luton.example"]}),
    Case("reference:team_add", only({"host_admin": 200})),
    Case(
        "reference:team_edit",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.child.host_council.teams.get(kind="lado").pk},
        shows={"host_admin": ["01582 548069"]},
    ),
    Case(
        "reference:contact_list", only({"host_admin": 200}), shows={"host_admin": ["Monday to Friday 08:00 to 22:00"]}
    ),
    Case("reference:contact_add", only({"host_admin": 200})),
    Case(
        "reference:contact_edit",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.child.host_council.contacts.get(purpose="emergency").pk},
        shows={"host_admin": ["999"]},
    ),
    Case(
        "reference:contact_remove",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.child.host_council.contacts.get(purpose="emergency").pk},
        label="the confirmation page",
    ),
    Case("notifications:routing_rule_list", only({"host_admin": 200}), shows={"host_admin": ["Virtual School"]}),
    Case("notifications:routing_rule_add", only({"host_admin": 200})),
    Case(
        "notifications:routing_rule_edit",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.child.host_council.routing_rules.get(team__kind="virtual_school").pk},
    ),
    # The JSON API authenticates placing councils' case systems by token, never by a signed-in session.
    Case("api:openapi-json", everyone(200)),
    Case("api:api-root", everyone(404)),
    Case("api:notification_create", everyone(401), method="post"),
    Case("api:notification_read", everyone(401), kwargs=lambda w: {"reference": w.notification.reference}),
    Case("api:children_list", everyone(401)),
    Case("admin:index", {**everyone(302)}, label="the admin is for system administrators only"),
]


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_expectation():
    names = set(_walk(get_resolver().url_patterns))
    # Django's own admin pages are all behind admin:index's staff check and our sign-in with second factor.
    names = {n for n in names if not n.startswith("admin:") or n == "admin:index"}
    names.discard("admin_login")  # a redirect to accounts:sign_in
    covered = {case.url_name for case in CASES}
    assert names - covered == set(), f"URLs without an access expectation: {sorted(names - covered)}"
    assert all(set(case.expected) == set(ROLES) for case in CASES), "every case must name every role"


PARAMS = [
    pytest.param(case, role, id=f"{case.url_name}{'[' + case.label + ']' if case.label else ''}-{role}")
    for case in CASES
    for role in ROLES
]


@pytest.mark.parametrize(("case", "role"), PARAMS)
def test_role_may_or_may_not(case: Case, role: str, client, sign_in, world, request):
    from django.urls import reverse

    if role != "anonymous":
        sign_in(request.getfixturevalue(role))
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    response = getattr(client, case.method)(url)
    expected = case.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} should be sent to sign in, got {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:sign_in"))
        return
    assert response.status_code == expected, f"{role} on {url}: expected {expected}, got {response.status_code}"
    if expected == 200:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig", errors="replace")
        for needle in case.shows.get(role, []):
            assert needle in text, f"{role} should see {needle!r} on {url}"
        for needle in case.hides.get(role, []):
            assert needle not in text, f"{role} must not see {needle!r} on {url}"
