"""Every URL against every role: what each may do, and what each must not see.

A URL that is added without an expectation here fails `test_every_url_has_an_expectation`; a role
added to `Role` without a person here fails `test_every_role_has_a_person_in_the_matrix`.

The world has two host councils policed by two forces: Luton (Bedfordshire Police), where nearly
everything happens, and Milton Keynes (Thames Valley Police), whose SQA officer, LADO and police
officer must see none of Luton's records, and Luton's none of theirs. It is built once for the
module; each cell runs in a savepoint rolled back after it, so the matrix costs seconds a role.

Where a role may open a record (200), the page must show something that only that record has
(`unique`), not merely answer. Where a role is refused, a POST is refused too, and writes nothing.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguard.accounts.models import Role

# Each cell in a savepoint of the module's world (below).
pytestmark = pytest.mark.django_db

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
    # Staff of the second host council (Milton Keynes) and the officer of the second police force.
    "other_host_sqa_officer",
    "other_host_lado",
    "other_force_police",
    "manual_editor",
    # The education inclusion service (issue 14): the council's CME officer, and a school's staff.
    "cme_officer",
    "school_staff",
]
# Each person's role: every Role must have at least one person in the matrix.
ROLE_OF = {
    "sqa_officer": Role.SQA_OFFICER,
    "sqa_manager": Role.SQA_MANAGER,
    "ra_social_worker": Role.RA_SOCIAL_WORKER,
    "ra_duty_manager": Role.RA_DUTY_MANAGER,
    "virtual_school_officer": Role.VIRTUAL_SCHOOL_OFFICER,
    "lado": Role.LADO,
    "partnership_editor": Role.PARTNERSHIP_EDITOR,
    "placing_social_worker": Role.PLACING_SOCIAL_WORKER,
    "other_authority_user": Role.PLACING_SOCIAL_WORKER,
    "carer": Role.CARER,
    "police": Role.POLICE,
    "host_admin": Role.HOST_ADMIN,
    "other_host_sqa_officer": Role.SQA_OFFICER,
    "other_host_lado": Role.LADO,
    "other_force_police": Role.POLICE,
    "manual_editor": Role.MANUAL_EDITOR,
    "cme_officer": Role.CME_OFFICER,
    "school_staff": Role.SCHOOL_STAFF,
}
# Luton's own staff (Role HOST_ROLES), who read its retention schedule.
HOST_STAFF = [
    "sqa_officer",
    "sqa_manager",
    "ra_social_worker",
    "ra_duty_manager",
    "virtual_school_officer",
    "lado",
    "partnership_editor",
    "host_admin",
    "manual_editor",
    "cme_officer",
]
HOST_REGISTER = ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager", "virtual_school_officer", "lado"]
SIGNED_IN = [r for r in ROLES if r != "anonymous"]
NOTIFIERS = ["sqa_officer", "sqa_manager", "placing_social_worker", "other_authority_user"]
NOTIFICATION_READERS = ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager", "virtual_school_officer"]
# Who may ask people to read the manual (safeguard/manual/reading_selectors.py READING_MANAGER_ROLES).
READING_MANAGERS = ["sqa_manager", "ra_duty_manager", "partnership_editor", "manual_editor", "host_admin"]
EDUCATION = ["virtual_school_officer", "placing_social_worker", "other_authority_user"]
EDUCATION_OF_AVA = {"virtual_school_officer": 200, "placing_social_worker": 200}
TERM_EDITORS = ["virtual_school_officer", "host_admin"]
LOGIN = "login"  # a redirect to the sign-in page
REFUSALS = {404, 401, 403, LOGIN}
CME = {"cme_officer": 200}
RETURNS = {"cme_officer": 200, "school_staff": 200}


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
    # For a record's page: a function of the world giving what only that record's page has (text, or
    # the exact bytes of a stored file), checked for every role that gets 200.
    unique: object = None


# Who reads the placing councils' packs sent to their host (partnership/pack_selectors.py PACK_READERS).
PACK_READERS = ["sqa_officer", "sqa_manager", "ra_social_worker", "ra_duty_manager"]
# The partnership site's pages in the matrix (label: path under /partnership/).
PARTNERSHIP_PAGES = {
    "about": "about/",
    "exploitation": "exploitation/",
    "missing children": "missing-children/",
    "news": "news/",
    "news feed": "news/feed/",
    "a news article": "news/borders-and-luton-airport/",
    "practice reviews": "reviews/",
    "a practice review": "reviews/child-r/",
    "for placing councils": "placing-authorities/",
}

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
            "ra_social_worker": ["To read", "Safeguarding Children who Run Away or Go Missing"],
            "other_host_sqa_officer": ["To read", "Keynes missing children protocol"],
            "virtual_school_officer": ["Education of children placed here", "without a school place"],
        },
        hides={
            "ra_duty_manager": ["Safeguarding Children who Run Away or Go Missing</a>, due by"],  # confirmed
            "other_host_sqa_officer": ["Safeguarding Children who Run Away or Go Missing"],
            "placing_social_worker": ["Olly Other"],
            "other_authority_user": ["Ava Placed", "Milo Missing"],
            "carer": ["Olly Other", "Fern Former"],
            "police": ["Ava Placed", "Olly Other"],
            "sqa_officer": ["LADO-T-", "Keynes missing children protocol"],
            "partnership_editor": ["Ava Placed", "Milo Missing"],
            "manual_editor": ["Ava Placed", "Milo Missing"],
        },
    ),
    Case("core:accessibility", everyone(200)),
    Case("core:cookies", everyone(200)),
    Case("core:privacy", everyone(200)),
    Case("core:health_live", everyone(200)),
    # No worker runs in the test world, so readiness names it down (503) for everyone alike.
    Case("core:health_ready", everyone(503)),
    Case("accounts:audit_event_list", only({"sqa_manager": 200})),
    # E-mails waiting and failed (issue 16): the host's SQA managers, as the audit trail.
    Case("accounts:outbox_list", only({"sqa_manager": 200}), shows={"sqa_manager": ["E-mails waiting and failed"]}),
    # The audit by child: SQA managers, for their own host's children only.
    Case(
        "home:child_audit_search",
        only({"sqa_manager": 200}),
        shows={"sqa_manager": ["Audit by child"]},
    ),
    Case(
        "home:child_audit_detail",
        only({"sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
        shows={"sqa_manager": ["Added a photograph"]},
        hides={"sqa_manager": ["Olly", "lado@"]},
    ),
    Case(
        "home:child_audit_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child of the second host council",
    ),
    Case("home:child_audit_csv", only({"sqa_manager": 200}), kwargs=lambda w: {"pk": w.child.pk}),
    Case(
        "home:child_audit_csv",
        only({}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child of the second host council",
    ),
    Case("home:child_audit_pdf", only({"sqa_manager": 200}), kwargs=lambda w: {"pk": w.child.pk}),
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
    # Single sign-on through a host council's own provider (issue 18; the journeys: accounts/tests/test_council_sign_in.py).
    Case(
        "accounts:council_sign_in_choose",
        {**everyone(302), "anonymous": 200},
        shows={"anonymous": ["No council signs its staff in with its own accounts here"]},
    ),
    Case(
        "accounts:council_sign_in_start",
        everyone(404),
        kwargs=lambda w: {"slug": "luton"},
        label="a council without single sign-on",
    ),
    Case("accounts:council_sign_in_callback", everyone(302), label="no sign-in under way"),
    Case("accounts:signed_out", everyone(200), shows={"anonymous": ["You have signed out"]}),
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
            "placing_social_worker": [
                "Ava Placed",
                "Exploitation concern",
                "Raise an exploitation concern",
                "Notify a change of address",
                "Notify the end of this placement",
                "Correct the child",
            ],
            "carer": ["Ava Placed", "Exploitation concern", "Child criminal exploitation"],
            "sqa_officer": ["Exploitation concern", "Waiting for review"],
            "sqa_manager": ["Audit trail of Ava Placed"],
        },
        hides={
            "carer": [
                "Came back with a second phone",
                "More than one phone",
                "Notify a change of address",
                "Correct the child",
            ],
            "lado": ["Exploitation concern", "Raise an exploitation concern"],
            "ra_social_worker": ["Notify a change of address", "Correct the child"],
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
    # The second host council (Milton Keynes) and its force (Thames Valley Police): their own child only.
    Case(
        "home:child_detail",
        only({"other_host_sqa_officer": 200, "other_host_lado": 200, "other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child missing in the second force's area",
        shows={"other_force_police": ["is missing"]},
    ),
    Case(
        "missing:grab_pack",
        only({"other_host_sqa_officer": 200, "other_host_lado": 200, "other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child missing in the second force's area",
        shows={"other_force_police": ["Central Milton Keynes station"]},
    ),
    Case(
        "missing:episode_police_update",
        only({"other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_missing_child.missing_episodes.get().pk},
        label="a child missing in the second force's area",
    ),
    Case(
        "missing:sighting_record",
        only({"other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_missing_child.missing_episodes.get().pk},
        label="a child missing in the second force's area",
    ),
    Case(
        "missing:episode_found",
        only({"other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_missing_child.missing_episodes.get().pk},
        label="a child missing in the second force's area",
    ),
    Case(
        "allegations:case_detail",
        only({"other_host_lado": 200}),
        kwargs=lambda w: {"pk": w.far_lado_case.pk},
        label="a case of the second host council",
        shows={"other_host_lado": ["Mo Keynes"]},
    ),
    Case(
        "notifications:notification_detail",
        only({"other_host_sqa_officer": 200}),
        kwargs=lambda w: {"pk": w.far_notification.pk},
        label="sent to the second host council",
    ),
    Case(
        "notifications:work_item_acknowledge",
        only({"other_host_sqa_officer": 200}),
        kwargs=lambda w: {"pk": w.far_work_item.pk},
        label="a work item of the second host council",
    ),
    Case(
        "exploitation:concern_detail",
        only({"other_host_sqa_officer": 200, "other_force_police": 200}),
        kwargs=lambda w: {"pk": w.far_concern.pk},
        label="about a child missing in the second force's area",
    ),
    # Notifications (issue 3)
    Case("notifications:notify_start", only(dict.fromkeys(NOTIFIERS, 200))),
    # Acting from the child's page (issue 11): the child's placing council and the host's SQA officers.
    Case(
        "notifications:notify_for_child",
        only({"placing_social_worker": 302, "sqa_officer": 302, "sqa_manager": 302}),
        kwargs=lambda w: {"pk": w.child.pk, "what": "move"},
        method="post",
    ),
    Case(
        "register:child_correct",
        only({"placing_social_worker": 200, "sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.child.pk},
    ),
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
    # Host teams' work (issue 11): a manager assigns (the R&A duty manager in their team, the SQA manager
    # any team's); a worker of the team takes it.
    Case(
        "notifications:work_item_assign",
        only({"sqa_manager": 200, "ra_duty_manager": 200}),
        kwargs=lambda w: {"pk": w.ra_item.pk},
        label="an R&A work item",
    ),
    Case(
        "notifications:work_item_take",
        only({"ra_social_worker": 302, "ra_duty_manager": 302}),
        kwargs=lambda w: {"pk": w.ra_item.pk},
        method="post",
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
    # An uploaded SSDA903 return being read (core.jobs): its uploader's only.
    Case(
        "notifications:ssda903_job",
        only({"placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.ssda903_job.pk},
    ),
    # Loading the host's register from its spreadsheet (docs/adr/0036): the host's SQA manager's only.
    Case(
        "notifications:register_import_upload",
        only({"sqa_manager": 200}),
        shows={"sqa_manager": ["Import your register"]},
    ),
    Case(
        "notifications:register_import_columns",
        only({"sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.register_columns_job.pk},
    ),
    Case(
        "notifications:register_import_job",
        only({"sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.register_dry_run.pk},
    ),
    Case(
        "notifications:register_import_confirm",
        only({"sqa_manager": 302}),
        kwargs=lambda w: {"pk": w.register_dry_run.pk},
        method="post",
    ),
    Case(
        "notifications:ssda903_upload",
        only({"placing_social_worker": 200, "other_authority_user": 200, "sqa_officer": 200, "sqa_manager": 200}),
        shows={
            "placing_social_worker": ["Upload your SSDA903 return"],
            "sqa_officer": ["Upload a placing council", "Which council"],
        },
        hides={"placing_social_worker": ["Which council"]},
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
        "missing:episode_reported",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "carer": 200}),
        kwargs=lambda w: {"pk": w.missing_child.missing_episodes.get().pk},
    ),
    Case(
        "missing:episode_returned",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "carer": 200}),
        kwargs=lambda w: {"pk": w.return_interview.episode_id},
    ),
    Case(
        "missing:episode_after_return",
        only({**dict.fromkeys(HOST_REGISTER[:-1], 200), "carer": 200}),
        kwargs=lambda w: {"pk": w.return_interview.episode_id},
    ),
    # The police update an open episode (issue 11): only the force whose area the child is in.
    Case(
        "missing:episode_police_update",
        only({"police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.missing_episodes.get().pk},
        label="a child missing now: only the force of the area",
    ),
    Case(
        "missing:sighting_record",
        only({"police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.missing_episodes.get().pk},
        label="a child missing now: only the force of the area",
    ),
    Case(
        "missing:episode_found",
        only({"police": 200}),
        kwargs=lambda w: {"pk": w.missing_child.missing_episodes.get().pk},
        label="a child missing now: only the force of the area",
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
    Case("allegations:case_erase", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_case.pk}),
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
    # E-mails to the LADO's mailbox, drafts to check (issue 11): the LADO team's alone, like its cases.
    Case("allegations:email_list", only({"lado": 200}), shows={"lado": ["LADO referral form", "Sam Lead"]}),
    Case("allegations:email_check", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_email.pk}),
    Case("allegations:email_reject", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_email.pk}),
    Case("allegations:email_message", only({"lado": 200}), kwargs=lambda w: {"pk": w.lado_email.pk}),
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
    Case("reference:placing_council_list", only({"host_admin": 200}), shows={"host_admin": ["Hertfordshire"]}),
    Case(
        "reference:placing_council_edit",
        only({"host_admin": 200}),
        kwargs=lambda w: {"pk": w.child.placing_authority.pk},
        shows={"host_admin": ["Out-of-hours number of Hertfordshire"]},
    ),
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
    # Records management (issue 20): the retention schedule is read by the council's own staff; it is
    # changed, and legal holds are placed and lifted, by its administrator alone.
    Case(
        "records:schedule",
        only({**dict.fromkeys(HOST_STAFF, 200), "other_host_sqa_officer": 200, "other_host_lado": 200}),
        shows={"host_admin": ["Luton", "LADO consultations", "Change"], "other_host_lado": ["Milton Keynes"]},
        hides={"sqa_officer": ["/change/"], "other_host_lado": ["Luton"]},
    ),
    Case(
        "records:schedule_print",
        only({**dict.fromkeys(HOST_STAFF, 200), "other_host_sqa_officer": 200, "other_host_lado": 200}),
        shows={"lado": ["Source:"]},
    ),
    Case(
        "records:schedule_csv",
        only({**dict.fromkeys(HOST_STAFF, 200), "other_host_sqa_officer": 200, "other_host_lado": 200}),
        shows={"sqa_officer": ["Retention schedule,", "LADO consultations"]},
    ),
    Case(
        "records:rule_edit",
        only({"host_admin": 200}),
        kwargs=lambda w: {"record_class": "lado_consultation"},
        label="a class of record",
    ),
    Case(
        "records:hold_list",
        only({"host_admin": 200}),
        shows={"host_admin": ["Matrix Inquiry"]},
        hides={"host_admin": ["Far Inquiry"]},
    ),
    Case("records:hold_place", only({"host_admin": 200})),
    Case("records:hold_detail", only({"host_admin": 200}), kwargs=lambda w: {"pk": w.legal_hold.pk}),
    Case("records:hold_detail", only({}), kwargs=lambda w: {"pk": w.far_legal_hold.pk}, label="another council's hold"),
    Case("records:hold_lift", only({"host_admin": 200}), kwargs=lambda w: {"pk": w.legal_hold.pk}),
    # The review list: the records each owner team reviews at its own council (photographs: SQA).
    Case(
        "records:review_list",
        only(
            dict.fromkeys(
                ["sqa_officer", "sqa_manager", "lado", "host_admin", "other_host_sqa_officer", "other_host_lado"], 200
            )
        ),
        shows={"sqa_officer": ["Face photograph of SG-MATRIX"]},
        hides={"lado": ["SG-MATRIX"], "other_host_sqa_officer": ["SG-MATRIX"], "sqa_manager": ["SG-FAR"]},
    ),
    Case(
        "records:review_item",
        only({"sqa_officer": 200, "sqa_manager": 200}),
        kwargs=lambda w: {"pk": w.review_item.pk},
    ),
    Case(
        "records:review_item",
        only({"other_host_sqa_officer": 200}),
        kwargs=lambda w: {"pk": w.far_review_item.pk},
        label="another council's record",
    ),
    Case("notifications:routing_rule_list", only({"host_admin": 200}), shows={"host_admin": ["Virtual School"]}),
    Case("notifications:routing_rule_add", only({"host_admin": 200})),
    # Single sign-on (issue 18): the host's administrator alone; its notifications mailbox: the
    # administrator or the SQA manager. Another host's staff, like any other role, get a 404.
    Case(
        "accounts:council_sign_in_settings",
        only({"host_admin": 200}),
        shows={"host_admin": ["Single sign-on", "Luton"]},
    ),
    Case(
        "notifications:mailbox_settings",
        only({"host_admin": 200, "sqa_manager": 200}),
        shows={"host_admin": ["Notifications mailbox", "Luton"], "sqa_manager": ["Check the connection"]},
    ),
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
    Case("api:attendance_send", everyone(401), method="post"),
    # Schools' management information systems send their returns with a school's token (issue 14).
    Case("api:school_return_send", everyone(401), method="post"),
    Case("api:school_returns_list", everyone(401)),
    Case("admin:index", {**everyone(302)}, label="the admin is for system administrators only"),
    # The procedures manual (issue 12): public to everyone, Luton's (the default host's) at /manual/.
    Case("manual:contents", everyone(200), shows={role: ["December 2019", "Next update: June 2020"] for role in ROLES}),
    Case("manual:release_list", everyone(200), shows={"anonymous": ["December 2015"]}),
    Case("manual:release_detail", everyone(200), kwargs=lambda w: {"slug": "december-2019"}),
    Case("manual:amendments_year", everyone(200), kwargs=lambda w: {"year": 2019}),
    Case("manual:chapter_detail", everyone(200), kwargs=lambda w: MISSING_CHAPTER),
    Case("manual:chapter_changes", everyone(200), kwargs=lambda w: MISSING_CHAPTER),
    # Read acknowledgements (docs/adr/0021): the host's managers and the manual's editors ask their own
    # council's people to read; whoever was asked (the R&A team: the duty manager has confirmed, the social
    # worker not yet) confirms on the chapter. Milton Keynes's assignment is no Luton manager's.
    Case(
        "manual:reading_list",
        only(dict.fromkeys(READING_MANAGERS, 200)),
        shows=dict.fromkeys(READING_MANAGERS, ["Safeguarding Children who Run Away or Go Missing"]),
        hides=dict.fromkeys(READING_MANAGERS, ["Keynes missing children protocol"]),
    ),
    Case("manual:reading_new", only(dict.fromkeys(READING_MANAGERS, 200)), shows={"host_admin": ["Due date"]}),
    Case("manual:reading_new", only(dict.fromkeys(READING_MANAGERS, 200)), method="post", label="bad input"),
    Case(
        "manual:reading_report",
        only(dict.fromkeys(READING_MANAGERS, 200)),
        kwargs=lambda w: {"pk": w.reading_assignment.pk},
        shows=dict.fromkeys(READING_MANAGERS, ["<strong>1</strong> confirmed"]),
    ),
    Case(
        "manual:reading_report",
        only({}),
        kwargs=lambda w: {"pk": w.far_reading_assignment.pk},
        label="an assignment of the second host council",
    ),
    Case(
        "manual:reading_assigned",
        only(dict.fromkeys(READING_MANAGERS, 200)),
        kwargs=lambda w: {"pk": w.reading_assignment.pk},
    ),
    Case(
        "manual:reading_assigned",
        only({}),
        kwargs=lambda w: {"pk": w.far_reading_assignment.pk},
        label="an assignment of the second host council",
    ),
    Case(
        "manual:reading_report_csv",
        only(dict.fromkeys(READING_MANAGERS, 200)),
        kwargs=lambda w: {"pk": w.reading_assignment.pk},
    ),
    Case(
        "manual:reading_report_csv",
        only({}),
        kwargs=lambda w: {"pk": w.far_reading_assignment.pk},
        label="an assignment of the second host council",
    ),
    Case(
        "manual:chapter_read",
        only({"ra_social_worker": 200, "ra_duty_manager": 200}),
        kwargs=lambda w: MISSING_CHAPTER,
        shows={
            "ra_social_worker": ["I have read and understood this chapter"],
            "ra_duty_manager": ["You have read and understood this chapter"],
        },
    ),
    # The services directory (issue 13): public, the host's whose site answers (Luton's here); its editors'
    # pages are the host's partnership editors' alone.
    Case("directory:search", everyone(200), shows={role: ["Luton Virtual School", "Who to call"] for role in ROLES}),
    Case("directory:service_detail", everyone(200), kwargs=lambda w: {"pk": _directory_service().pk}),
    Case("directory:manage", only({"partnership_editor": 200}), shows={"partnership_editor": ["Luton Youth Service"]}),
    Case("directory:service_add", only({"partnership_editor": 200})),
    Case("directory:service_edit", only({"partnership_editor": 200}), kwargs=lambda w: {"pk": _directory_service().pk}),
    Case(
        "directory:service_remove",
        only({"partnership_editor": 200}),
        kwargs=lambda w: {"pk": _directory_service().pk},
        label="the confirmation page",
    ),
    Case("directory:organisation_add", only({"partnership_editor": 200})),
    Case("directory:categories", only({"partnership_editor": 200}), shows={"partnership_editor": ["Young carers"]}),
    Case("directory:category_add", only({"partnership_editor": 200})),
    Case(
        "directory:category_edit",
        only({"partnership_editor": 200}),
        kwargs=lambda w: {"pk": _directory_term().pk},
        shows={"partnership_editor": ["Its code, young-carers, stays"]},
    ),
    Case(
        "directory:category_edit",
        only({}),
        kwargs=lambda w: {"pk": w.far_category.pk},
        label="a category of the second host council",
    ),
    Case(
        "directory:organisation_edit",
        only({"partnership_editor": 200}),
        kwargs=lambda w: {"pk": _directory_service().organisation_id},
    ),
    # Its Open Referral UK read API: public and read-only, no token.
    Case("oruk:info", everyone(200), shows={"anonymous": ["openapi_url"]}),
    Case(
        "oruk:api-root", everyone(200), shows={"anonymous": ["openapi_url"]}, label="ninja's name for /oruk/: the info"
    ),
    Case("oruk:openapi-json", everyone(200), shows={"anonymous": ["/oruk/services"]}),
    Case("oruk:service_list", everyone(200), shows={role: ["total_items", "Luton Virtual School"] for role in ROLES}),
    Case("oruk:service_read", everyone(200), kwargs=lambda w: {"service_id": str(_directory_service().pk)}),
    Case("oruk:taxonomy_list", everyone(200), shows={"anonymous": ["Directory categories"]}),
    Case("oruk:taxonomy_term_list", everyone(200), shows={"anonymous": ["who-to-call"]}),
    # The manual's e-mail updates (ADR 0020): no account; the e-mails' links carry signed tokens.
    Case("manual:subscribe", everyone(200), shows={role: ["Get an email when the manual changes"] for role in ROLES}),
    Case("manual:subscribe_sent", everyone(200), shows={"anonymous": ["Check your email"]}),
    Case("manual:subscribe_confirm", everyone(200), kwargs=lambda w: {"token": _subscriber_token("confirm")}),
    Case("manual:unsubscribe", everyone(200), kwargs=lambda w: {"token": _subscriber_token("unsubscribe")}),
    # The partnership's learning events (issue 13): public pages, the signed links' pages (the link is the
    # authority: anyone holding it sees that one booking), and the organiser's pages, the host's
    # partnership editors' alone.
    Case("learning:events", everyone(200), shows={role: ["Child sexual exploitation: recognising"] for role in ROLES}),
    Case(
        "learning:event",
        everyone(200),
        kwargs=lambda w: {"pk": _learning_event("Child sexual").pk},
        shows={role: ["Book a place"] for role in ROLES},
    ),
    Case("learning:booked", everyone(302), label="with no booking in the session: back to the events"),
    Case(
        "learning:booking",
        everyone(200),
        kwargs=lambda w: {"token": _learning_token("Child sexual")},
        shows={role: ["Cancel my place"] for role in ROLES},
    ),
    Case(
        "learning:booking_calendar",
        everyone(200),
        kwargs=lambda w: {"token": _learning_token("Child sexual")},
        shows={role: ["BEGIN:VCALENDAR"] for role in ROLES},
    ),
    Case(
        "learning:evaluation",
        everyone(200),
        kwargs=lambda w: {"token": _learning_token("Neglect", evaluated=False)},
        shows={role: ["Tell us what you thought"] for role in ROLES},
    ),
    Case(
        "learning:certificate",
        everyone(200),
        kwargs=lambda w: {"token": _learning_token("Neglect", evaluated=True)},
        shows={role: ["Certificate of attendance"] for role in ROLES},
    ),
    Case(
        "learning:manage",
        only({"partnership_editor": 200}),
        shows={"partnership_editor": ["Learning from serious case reviews"]},
    ),
    Case(
        "learning:manage_event",
        only({"partnership_editor": 200}),
        kwargs=lambda w: {"pk": _learning_event("Learning from serious").pk},
        shows={"partnership_editor": ["On the waiting list"]},
    ),
    Case("learning:figures", only({"partnership_editor": 200}), shows={"partnership_editor": ["Health (NHS)"]}),
    Case("learning:figures_csv", only({"partnership_editor": 200}), shows={"partnership_editor": ["Did not attend"]}),
    # The safeguarding partnership's site (issue 13): public to everyone, Luton's (the default host's) at
    # /partnership/, served by Wagtail's routing; a draft and an unknown page are nobody's.
    Case(
        "partnership:home",
        everyone(200),
        shows={role: ["Safeguarding Children is everybody’s responsibility", "Exit this page"] for role in ROLES},
    ),
    *[
        Case("partnership:page", everyone(200), kwargs=lambda w, path=path: {"path": path}, label=label)
        for label, path in PARTNERSHIP_PAGES.items()
    ],
    Case("partnership:page", everyone(404), kwargs=lambda w: {"path": "news/a-draft/"}, label="a draft article"),
    # The placing councils' information pack (seed 001) as a PDF: public, built from the directory.
    Case(
        "partnership:information_pack_pdf",
        everyone(200),
        shows={role: ["Child and Adolescent Mental Health Service (CAMHS) Luton"] for role in ROLES},
    ),
    Case("partnership:page", everyone(404), kwargs=lambda w: {"path": "no-such-page/"}, label="an unknown page"),
    # Placing councils' own packs (seed 001): a placing council's officer sends and reads their own; the
    # host's SQA and R&A staff read every council's sent to their host; another host's pack is nobody's here.
    Case(
        "partnership:own_pack",
        only({"placing_social_worker": 200, "other_authority_user": 200}),
        shows={"placing_social_worker": ["Hertfordshire matrix pack"]},
        hides={"other_authority_user": ["Hertfordshire matrix pack"]},
    ),
    Case(
        "partnership:council_packs",
        only(dict.fromkeys(PACK_READERS, 200)),
        shows={role: ["Hertfordshire", "Hertfordshire matrix pack"] for role in PACK_READERS},
        hides={role: ["Leeds pack for Keynes"] for role in PACK_READERS},
    ),
    Case(
        "partnership:council_pack_document",
        only({**dict.fromkeys(PACK_READERS, 200), "placing_social_worker": 200}),
        kwargs=lambda w: {"pk": w.placing_pack.pk},
    ),
    Case(
        "partnership:council_pack_document",
        only({}),
        kwargs=lambda w: {"pk": w.far_placing_pack.pk},
        label="a pack sent to the second host council",
    ),
    # Register your views and feedback (issue 13): public, the host's whose site answers (Luton's here);
    # the confirmation pages send anyone who has sent nothing back to the form. The business unit's pages
    # are the host's partnership editors' alone; another host's consultation or feedback is nobody's.
    Case(
        "consultations:list", everyone(200), shows={role: ["Register your views", "Exit this page"] for role in ROLES}
    ),
    Case("consultations:detail", everyone(200), kwargs=lambda w: {"slug": "workforce-development-programme"}),
    Case(
        "consultations:detail",
        everyone(200),
        kwargs=lambda w: {"slug": "safeguarding-at-our-borders"},
        label="a closed consultation",
        shows={role: ["You said, we did", "no longer takes responses"] for role in ROLES},
        hides={role: ["Send your views"] for role in ROLES},
    ),
    Case(
        "consultations:detail",
        everyone(404),
        kwargs=lambda w: {"slug": w.far_consultation.slug},
        label="a consultation of the second host council",
    ),
    Case("consultations:sent", everyone(302), kwargs=lambda w: {"slug": "workforce-development-programme"}),
    Case("consultations:feedback", everyone(200), shows={role: ["Send the partnership feedback"] for role in ROLES}),
    Case("consultations:feedback_sent", everyone(302)),
    Case(
        "consultations:business_unit",
        only({"partnership_editor": 200}),
        shows={"partnership_editor": ["The shape of the multi-agency workforce development programme"]},
        hides={"partnership_editor": ["Keynes youth offer"]},
    ),
    Case("consultations:responses", only({"partnership_editor": 200}), kwargs=lambda w: {"pk": _consultation().pk}),
    Case(
        "consultations:responses",
        only({}),
        kwargs=lambda w: {"pk": w.far_consultation.pk},
        label="a consultation of the second host council",
    ),
    Case("consultations:responses_csv", only({"partnership_editor": 200}), kwargs=lambda w: {"pk": _consultation().pk}),
    Case(
        "consultations:responses_csv",
        only({}),
        kwargs=lambda w: {"pk": w.far_consultation.pk},
        label="a consultation of the second host council",
    ),
    Case(
        "consultations:feedback_list",
        only({"partnership_editor": 200}),
        shows={"partnership_editor": ["Learning and development", "Answered"]},
        hides={"partnership_editor": ["FB-MK-000001"]},
    ),
    Case("consultations:feedback_detail", only({"partnership_editor": 200}), kwargs=lambda w: {"pk": _feedback().pk}),
    Case(
        "consultations:feedback_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_feedback.pk},
        label="feedback to the second host council",
    ),
    Case("manual:search", everyone(200), shows={role: ["Search the manual", "All sections"] for role in ROLES}),
    Case("manual:feed", everyone(200), shows={role: ["Release: December 2019"] for role in ROLES}),
    Case("manual:chapter_pdf", everyone(200), kwargs=lambda w: MISSING_CHAPTER),
    # The editor's admin: the host's content editors only (every /cms/ URL passes the same gate,
    # safeguard/content/middleware.py; safeguard/content/tests/test_cms_access.py walks more of them).
    Case(
        "wagtailadmin_home",
        only({"partnership_editor": 200, "manual_editor": 200}),
        shows={"partnership_editor": ["Luton"], "manual_editor": ["Chapter reviews due"]},
    ),
    Case(
        "cms_login", only({"partnership_editor": 302, "manual_editor": 302}), label="Wagtail's sign-in: Safeguard's own"
    ),
    # The manual's pages in the editor's admin (ADR 0020): publishing a release, the broken links.
    Case(
        "manual_release_publish",
        only({"partnership_editor": 200, "manual_editor": 200}),
        kwargs=lambda w: {"pk": _release_pk("december-2019")},
        shows={"partnership_editor": ["was published on 2 December 2019"]},
    ),
    Case(
        "manual_links",
        only({"partnership_editor": 200, "manual_editor": 200}),
        shows={"partnership_editor": ["Broken links in the manual"]},
    ),
    # Education (issue 14): the host's Virtual School sees every child placed in its area; the placing
    # council's social worker their own; nobody else. Term dates: the Virtual School and the administrator.
    Case(
        "education:child_list",
        only(dict.fromkeys(EDUCATION, 200)),
        shows={
            "virtual_school_officer": ["Ava Placed", "Olly Other", "Matrix Primary School"],
            "placing_social_worker": ["Ava Placed"],
            "other_authority_user": ["Olly Other"],
        },
        hides={
            "virtual_school_officer": ["Fay Faraway", "Fern Former"],
            "placing_social_worker": ["Olly Other", "Fay Faraway"],
            "other_authority_user": ["Ava Placed", "Milo Missing"],
        },
    ),
    Case("education:record_detail", only(EDUCATION_OF_AVA), kwargs=lambda w: {"pk": w.child.pk}),
    Case(
        "education:record_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child of the second host council",
    ),
    Case(
        "education:record_detail",
        only({"virtual_school_officer": 200, "other_authority_user": 200}),
        kwargs=lambda w: {"pk": w.other_child.pk},
        label="a child of another placing council",
    ),
    Case("education:record_edit", only(EDUCATION_OF_AVA), kwargs=lambda w: {"pk": w.child.pk}),
    Case("education:school_place", only(EDUCATION_OF_AVA), kwargs=lambda w: {"pk": w.child.pk}),
    Case("education:school_leave", only(EDUCATION_OF_AVA), kwargs=lambda w: {"pk": w.child.pk}),
    Case("education:pep_add", only(EDUCATION_OF_AVA), kwargs=lambda w: {"pk": w.child.pk}),
    Case(
        "education:school_place",
        only({}),
        kwargs=lambda w: {"pk": w.far_missing_child.pk},
        label="a child of the second host council",
    ),
    Case(
        "education:term_list",
        only(dict.fromkeys(TERM_EDITORS, 200)),
        shows=dict.fromkeys(TERM_EDITORS, ["Autumn term 2026"]),
        hides=dict.fromkeys(TERM_EDITORS, ["Autumn term 2026 (Milton Keynes)"]),
    ),
    # Attendance (issue 14): the host's Virtual School imports its placed children's marks; the figures
    # show on the list and the child's education page to whoever sees those.
    Case(
        "education:attendance_import",
        only({"virtual_school_officer": 200}),
        shows={"virtual_school_officer": ["Import attendance", "matrix-attendance.csv"]},
        hides={"virtual_school_officer": ["far-attendance.csv"]},
    ),
    Case(
        "education:attendance_import_detail",
        only({"virtual_school_officer": 200}),
        kwargs=lambda w: {"pk": w.attendance_import.pk},
        shows={"virtual_school_officer": ["matrix-attendance.csv", "2 session marks kept, for 1 child"]},
    ),
    Case(
        "education:attendance_import_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_attendance_import.pk},
        label="an import of the second host council",
    ),
    Case("education:term_add", only(dict.fromkeys(TERM_EDITORS, 200))),
    Case(
        "education:attendance_threshold",
        only(dict.fromkeys(TERM_EDITORS, 200)),
        shows=dict.fromkeys(TERM_EDITORS, ["Attendance threshold (%)"]),
    ),
    Case("education:term_edit", only(dict.fromkeys(TERM_EDITORS, 200)), kwargs=lambda w: {"pk": w.term.pk}),
    Case(
        "education:term_edit",
        only({}),
        kwargs=lambda w: {"pk": w.far_term.pk},
        label="a term of the second host council",
    ),
    # Education inclusion (issue 14): the host's CME officer sees its registers; a school's staff send
    # returns and see their own school's only; anyone may refer; another host's records are a 404.
    Case(
        "inclusion:cme_register",
        only(CME),
        shows={"cme_officer": ["Kian Hussain", "CME-"]},
        hides={"cme_officer": ["Fay Farcase"]},
    ),
    Case("inclusion:cme_figures", only(CME), shows={"cme_officer": ["Children missing education: figures"]}),
    Case("inclusion:cme_case_detail", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case(
        "inclusion:cme_case_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_cme_case.pk},
        label="a case of the second host council",
    ),
    Case("inclusion:cme_enquiry_add", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case("inclusion:cme_risk", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case("inclusion:cme_escalate", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case("inclusion:cme_reopen", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case("inclusion:cme_close", only(CME), kwargs=lambda w: {"pk": w.cme_case.pk}),
    Case(
        "inclusion:cme_close",
        only({}),
        kwargs=lambda w: {"pk": w.far_cme_case.pk},
        label="a case of the second host council",
    ),
    Case(
        "inclusion:cme_refer",
        everyone(200),
        shows={"anonymous": ["Tell us about a child who may be missing education"]},
    ),
    Case("inclusion:cme_refer_done", everyone(200), shows={"anonymous": ["Thank you"]}),
    Case(
        "inclusion:return_list",
        only(RETURNS),
        shows={"cme_officer": ["Kian Hussain", "Poppy Elsewhere"], "school_staff": ["Kian Hussain"]},
        hides={"school_staff": ["Poppy Elsewhere"], "cme_officer": ["Fay Farcase"]},
    ),
    Case("inclusion:return_deletion_add", only({"school_staff": 200}), shows={"school_staff": ["Matrix Academy"]}),
    Case("inclusion:return_admission_add", only({"school_staff": 200}), shows={"school_staff": ["Matrix Academy"]}),
    Case("inclusion:return_upload", only({"school_staff": 200}), shows={"school_staff": ["Matrix Academy"]}),
    Case("inclusion:return_detail", only(RETURNS), kwargs=lambda w: {"pk": w.cme_return.pk}),
    Case(
        "inclusion:return_detail",
        only(CME),
        kwargs=lambda w: {"pk": w.other_school_return.pk},
        label="another school's return",
    ),
    Case(
        "inclusion:return_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_return.pk},
        label="a return to the second host council",
    ),
    Case(
        "inclusion:ehe_register",
        only(CME),
        shows={"cme_officer": ["Isla Murphy"]},
        hides={"cme_officer": ["Farrah Faraway"]},
    ),
    Case("inclusion:ehe_add", only(CME)),
    Case("inclusion:ehe_detail", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case(
        "inclusion:ehe_detail",
        only({}),
        kwargs=lambda w: {"pk": w.far_ehe_record.pk},
        label="a record of the second host council",
    ),
    Case("inclusion:ehe_contact_add", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case("inclusion:ehe_notice", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case("inclusion:ehe_order", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case("inclusion:ehe_resolve", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case("inclusion:ehe_close", only(CME), kwargs=lambda w: {"pk": w.ehe_record.pk}),
    Case("inclusion:cnis_register", only(CME), shows={"cme_officer": ["Not yet in force", "switched off"]}),
    # Switched off (the default): nobody may add a child.
    Case("inclusion:cnis_add", only({})),
    # The host's administrator sets up its area's schools for their staff's accounts; another area's
    # school is a 404.
    Case(
        "inclusion:school_accounts",
        only({"host_admin": 200}),
        shows={"host_admin": ["Elsewhere Junior School"]},
        hides={"host_admin": ["Keynes School"]},
    ),
    Case(
        "inclusion:school_account_set_up",
        only({"host_admin": 302}),
        kwargs=lambda w: {"pk": w.elsewhere_school.pk},
        method="post",
    ),
    Case(
        "inclusion:school_account_set_up",
        only({}),
        kwargs=lambda w: {"pk": w.far_school.pk},
        method="post",
        label="a school of the second host council",
    ),
    # The manual's editors (issue 12): chapters whose review is due, their own council's only.
    Case(
        "manual_reviews_due",
        only({"partnership_editor": 200, "manual_editor": 200}),
        shows={role: ["Chapter reviews due", "Head of Service"] for role in ["partnership_editor", "manual_editor"]},
    ),
]


def _learning_event(title_starts: str):
    from safeguard.learning.models import Event

    return Event.objects.get(host__slug="luton", title__startswith=title_starts)


def _learning_token(title_starts: str, evaluated: bool | None = None) -> str:
    from safeguard.learning.links import booking_token
    from safeguard.learning.models import Booking

    bookings = Booking.objects.filter(event=_learning_event(title_starts), status=Booking.Status.BOOKED)
    if evaluated is not None:
        bookings = bookings.filter(attendance=Booking.Attendance.ATTENDED, evaluation__isnull=not evaluated)
    return booking_token(bookings.order_by("created_at").first())


def _learning_booking_name(title_starts: str, evaluated: bool | None = None) -> str:
    from safeguard.learning.models import Booking

    bookings = Booking.objects.filter(event=_learning_event(title_starts), status=Booking.Status.BOOKED)
    if evaluated is not None:
        bookings = bookings.filter(attendance=Booking.Attendance.ATTENDED, evaluation__isnull=not evaluated)
    return bookings.order_by("created_at").first().name


def _directory_term():
    from safeguard.directory.models import TaxonomyTerm

    return TaxonomyTerm.objects.get(host_council__slug="luton", code="young-carers")


def _consultation():
    from safeguard.consultations.models import Consultation

    return Consultation.objects.get(slug="workforce-development-programme")


def _feedback():
    from safeguard.consultations.models import Feedback

    return Feedback.objects.filter(host_council__slug="luton").earliest("received_at")


def _small_pdf(text: str) -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    writer.write(out)
    return out.getvalue()


def _placing_packs(world, people) -> None:
    """Hertfordshire's pack (a PDF) sent to Luton by its social worker; Leeds's sent to Milton Keynes."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from safeguard.accounts.models import Organisation
    from safeguard.partnership.models import PlacingCouncilPack
    from safeguard.partnership.pack_services import placing_pack_send

    sender = people["placing_social_worker"]
    world.placing_pack_bytes = _small_pdf("Hertfordshire pack")
    world.placing_pack = placing_pack_send(
        actor=sender,
        host_council=world.child.host_council,
        title="Hertfordshire matrix pack",
        document=world.placing_pack_bytes,
    )
    far = PlacingCouncilPack(
        host_council=world.far_missing_child.host_council,
        placing_council=Organisation.objects.get(dfe_code="383"),
        title="Leeds pack for Keynes",
        sent_at=timezone.now(),
    )
    far.document.save("pack.pdf", ContentFile(_small_pdf("Leeds pack")), save=False)
    far.save()
    world.far_placing_pack = far


def _far_partnership(world) -> None:
    """The second host council's own consultation and a message to its business unit."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.consultations.models import Feedback
    from safeguard.consultations.services import QuestionDetails, consultation_add, feedback_receive
    from safeguard.core.audit import SystemActor

    actor, far_host, today = (
        SystemActor("Safeguard test suite"),
        world.far_missing_child.host_council,
        timezone.localdate(),
    )
    world.far_consultation = consultation_add(
        actor=actor,
        host_council=far_host,
        slug="keynes-youth-offer",
        title="Keynes youth offer",
        summary="What should Milton Keynes's youth offer be?",
        background="Milton Keynes asks.",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        questions=[QuestionDetails(text="What should it be?")],
    )
    world.far_feedback = feedback_receive(
        host_council=far_host, about=Feedback.About.OTHER, message="Keynes feedback", actor=actor
    )
    Feedback.objects.filter(pk=world.far_feedback.pk).update(reference="FB-MK-000001")
    from safeguard.directory.models import TaxonomyTerm
    from safeguard.directory.services import directory_host_ensure

    directory_host_ensure(actor=actor, host_council=far_host)
    world.far_category = TaxonomyTerm.objects.get(host_council=far_host, code=TaxonomyTerm.WHO_TO_CALL)


def _directory_service():
    from safeguard.directory.models import Service

    return Service.objects.get(host_council__slug="luton", name="Luton Virtual School")


MISSING_CHAPTER = {
    "section": "children-in-need-and-child-protection",
    "chapter": "safeguarding-children-who-run-away-or-go-missing",
}
MATRIX_SUBSCRIBER = "matrix.reader@example.org"


def _subscriber_token(purpose: str) -> str:
    """A link from an e-mail to Luton's manual's subscriber (made in the cell's savepoint)."""
    from django.utils import timezone

    from safeguard.manual.models import ManualIndexPage, ManualSubscriber
    from safeguard.manual.subscriptions import confirm_token, unsubscribe_token

    subscriber, _ = ManualSubscriber.objects.get_or_create(
        manual=ManualIndexPage.objects.live().get(slug="manual", title="Children's Services Procedures Manual"),
        email=MATRIX_SUBSCRIBER,
        defaults={"requested_at": timezone.now(), "key": "matrix"},
    )
    return confirm_token(subscriber) if purpose == "confirm" else unsubscribe_token(subscriber)


def _release_pk(slug: str) -> int:
    from safeguard.manual.models import ManualRelease

    return ManualRelease.objects.get(slug=slug).pk


# The second host's staff and force on the pages that list their own host's records (or open forms
# that start one): allowed, and nothing of Luton's shows. Luton's people see nothing of theirs.
LUTON_CHILDREN = ["Ava Placed", "Milo Missing", "Olly Other"]
SECOND_HOST = {
    "register:child_list": (
        ["other_host_sqa_officer", "other_host_lado", "other_force_police"],
        {"other_host_sqa_officer": ["Fay Faraway"], "other_force_police": ["Fay Faraway"]},
        LUTON_CHILDREN,
    ),
    "register:child_export": (["other_host_sqa_officer"], {}, ["Placed", "Missing", "Other,"]),
    "exploitation:concern_list": (
        ["other_host_sqa_officer"],
        {"other_host_sqa_officer": ["Fay Faraway"]},
        LUTON_CHILDREN,
    ),
    "missing:dashboard": (["other_host_sqa_officer"], {}, LUTON_CHILDREN),
    "missing:return_interview_list": (["other_host_sqa_officer"], {}, LUTON_CHILDREN),
    "missing:ssda903_export": (["other_host_sqa_officer"], {}, ["SG"]),
    "notifications:notification_list": (
        ["other_host_sqa_officer"],
        {"other_host_sqa_officer": ["SG-MK-0001"]},
        ["Nia", "Otto", "Hertfordshire", "Birmingham"],
    ),
    "notifications:notify_start": (["other_host_sqa_officer"], {}, []),
    "notifications:notify_new": (["other_host_sqa_officer"], {}, []),
    "notifications:email_upload": (["other_host_sqa_officer"], {}, ["Automatic reply: Notification received"]),
    "notifications:ssda903_upload": (["other_host_sqa_officer"], {}, []),
    "notifications:work_item_list": (
        ["other_host_sqa_officer"],
        {"other_host_sqa_officer": ["Fay Faraway"]},
        ["Nia", "Ava Placed"],
    ),
    "allegations:case_list": (["other_host_lado"], {"other_host_lado": ["LADO-MK-0001"]}, ["LADO-T-"]),
    "allegations:email_upload": (["other_host_lado"], {}, []),
    "allegations:email_list": (["other_host_lado"], {"other_host_lado": ["No e-mails to check"]}, ["Sam Lead"]),
    "allegations:consultation_record": (["other_host_lado"], {}, []),
    "allegations:retention_report": (["other_host_lado"], {}, ["LADO-T-"]),
    "allegations:figures": (["other_host_lado"], {}, []),
    "allegations:figures_csv": (["other_host_lado"], {}, []),
}
for _case in CASES:
    if _case.url_name in SECOND_HOST:
        _roles, _shows, _hides = SECOND_HOST[_case.url_name]
        for _role in _roles:
            assert _case.expected[_role] == 404, f"{_case.url_name}: {_role} set twice"
            _case.expected[_role] = 200
            _case.shows.setdefault(_role, []).extend(_shows.get(_role, []))
            _case.hides.setdefault(_role, []).extend(_hides)
    # Luton's people never see the second host's records.
    if _case.url_name in (
        "home:home",
        "register:child_list",
        "allegations:case_list",
        "exploitation:concern_list",
        "notifications:notification_list",
        "notifications:work_item_list",
    ):
        for _role in ("sqa_officer", "police", "lado", "placing_social_worker"):
            _case.hides.setdefault(_role, []).extend(["Fay Faraway", "LADO-MK-", "SG-MK-"])


def _stored(file_field) -> bytes:
    with file_field.open("rb") as handle:
        return handle.read()


# What only each record's page shows, by (URL name, label): a name, a reference, or the stored file.
UNIQUE = {
    ("notifications:ssda903_job", ""): lambda w: "matrix-episodes.csv",
    ("notifications:register_import_columns", ""): lambda w: "matrix-register-awaiting.csv",
    ("notifications:register_import_job", ""): lambda w: "matrix-register.csv",
    ("accounts:invitation_accept", "no link in the session"): lambda w: "This link has expired",
    ("accounts:person_detail", "the host's staff"): lambda w: w.staff_member.email,
    ("accounts:person_role_change", ""): lambda w: "Stella Staff",
    ("accounts:person_authenticator_reset", ""): lambda w: "Stella Staff",
    ("accounts:person_disable", ""): lambda w: "Stella Staff",
    ("home:child_detail", "a child placed with a carer, not missing"): lambda w: "Ava Placed",
    ("home:child_detail", "a child missing now"): lambda w: "Milo Missing",
    ("home:child_detail", "another council's child"): lambda w: "Olly Other",
    ("home:child_detail", "a child whose placement with the carer ended"): lambda w: "Fern Former",
    ("home:child_detail", "a child missing in the second force's area"): lambda w: "Fay Faraway",
    ("notifications:notify_new", ""): lambda w: "What are you telling us",
    ("register:child_correct", ""): lambda w: "Ava Placed",
    ("notifications:notify_step", "the placing social worker's own draft"): lambda w: "Child",
    ("notifications:notify_check", ""): lambda w: "Check your answers",
    ("notifications:notify_check", "an e-mailed draft"): lambda w: "Eli",
    ("notifications:notify_sent", ""): lambda w: w.notification.reference,
    ("notifications:notification_detail", "sent by the placing council"): lambda w: w.notification.reference,
    ("notifications:notification_detail", "sent by another council"): lambda w: w.other_notification.reference,
    ("notifications:notification_complete", ""): lambda w: w.incomplete.reference,
    ("notifications:match_review", ""): lambda w: "May Twin",
    ("notifications:work_item_acknowledge", "an R&A work item"): lambda w: "Nia Notified",
    ("notifications:work_item_assign", "an R&A work item"): lambda w: "Nia Notified",
    ("register:child_export", ""): lambda w: {
        **dict.fromkeys(ROLES, f"Placed,{w.child.date_of_birth:%Y-%m-%d}"),
        "other_host_sqa_officer": f"Faraway,{w.far_missing_child.date_of_birth:%Y-%m-%d}",
    },
    ("notifications:correspondence_detail", ""): lambda w: "I am away until Monday",
    ("notifications:correspondence_message", ""): lambda w: "I am away until Monday",
    ("notifications:notification_message", "an e-mailed draft"): lambda w: "Eli Emailed",
    ("notifications:attachment_download", ""): lambda w: _stored(w.email_draft.attachments.get().file),
    ("missing:photograph_upload", ""): lambda w: "Ava Placed",
    ("missing:photograph_image", ""): lambda w: _stored(w.photograph.image),
    ("missing:photograph_thumbnail", ""): lambda w: _stored(w.photograph.thumbnail),
    ("missing:episode_report", ""): lambda w: "Ava Placed",
    ("missing:episode_return", ""): lambda w: "Milo Missing",
    ("missing:episode_reported", ""): lambda w: "Milo is recorded as",
    ("missing:episode_returned", ""): lambda w: "Ava",
    ("missing:episode_after_return", ""): lambda w: "Ava Placed",
    ("missing:episode_police_update", "a child missing now: only the force of the area"): lambda w: "Milo Missing",
    ("missing:episode_police_update", "a child missing in the second force's area"): lambda w: "Fay Faraway",
    ("missing:sighting_record", "a child missing now: only the force of the area"): lambda w: "Milo Missing",
    ("missing:sighting_record", "a child missing in the second force's area"): lambda w: "Fay Faraway",
    ("missing:episode_found", "a child missing now: only the force of the area"): lambda w: "Milo Missing",
    ("missing:episode_found", "a child missing in the second force's area"): lambda w: "Fay Faraway",
    ("missing:profile_edit", ""): lambda w: "Tall, short dark hair",
    ("missing:grab_pack", "a child missing now"): lambda w: "Milo",
    ("missing:grab_pack", "a child not missing: not for the police"): lambda w: "Tall, short dark hair",
    ("missing:grab_pack", "a child missing in the second force's area"): lambda w: "Fay",
    ("missing:return_interview_record", ""): lambda w: "Ava Placed",
    ("missing:profile_history", ""): lambda w: "Tall, short dark hair",
    ("missing:risk_assessment_edit", ""): lambda w: "Older associates in Dunstable",
    ("missing:risk_assessment_document", ""): lambda w: _stored(w.risk_assessment.document),
    (
        "missing:ssda903_export",
        "a placing council's own table; another council's social worker is refused",
    ): lambda w: {
        **dict.fromkeys(ROLES, f"SG{w.missing_child.pk},{w.missing_child.date_of_birth:%d/%m/%Y},M,"),
        # Milton Keynes hosts no child of Hertfordshire's: the table's heading alone.
        "other_host_sqa_officer": "CHILD,DOB,MISSING,MIS_START,MIS_END",
    },
    ("exploitation:concern_raise", "a child not missing"): lambda w: "Ava Placed",
    ("exploitation:concern_raise", "a child missing now"): lambda w: "Milo Missing",
    ("exploitation:concern_detail", "raised by the carer, child not missing"): lambda w: "Ava Placed",
    ("exploitation:concern_detail", "about a child missing now"): lambda w: "Milo Missing",
    ("exploitation:concern_raised", ""): lambda w: "Ava Placed",
    ("allegations:case_detail", ""): lambda w: w.lado_case.reference,
    ("allegations:case_edit", ""): lambda w: w.lado_case.reference,
    ("allegations:case_triage", ""): lambda w: w.lado_case.reference,
    ("allegations:meeting_add", ""): lambda w: w.lado_case.reference,
    ("allegations:action_add", ""): lambda w: w.lado_case.reference,
    ("allegations:update_add", ""): lambda w: w.lado_case.reference,
    ("allegations:case_close", ""): lambda w: w.lado_case.reference,
    ("allegations:case_erase", ""): lambda w: w.lado_case.reference,
    ("allegations:case_detail", "a case of the second host council"): lambda w: w.far_lado_case.reference,
    ("notifications:notification_detail", "sent to the second host council"): lambda w: "SG-MK-0001",
    ("notifications:work_item_acknowledge", "a work item of the second host council"): lambda w: "Fay Faraway",
    (
        "exploitation:concern_detail",
        "about a child missing in the second force's area",
    ): lambda w: "Seen with older youths at the station",
    ("allegations:original_message", "an e-mailed referral"): lambda w: "a@school.example",
    ("allegations:email_check", ""): lambda w: "Pat Emailed",
    ("reference:placing_council_edit", ""): lambda w: "Out-of-hours number of Hertfordshire",
    ("allegations:email_reject", ""): lambda w: "dsl@hilltop.example",
    ("allegations:email_message", ""): lambda w: "Pat Emailed",
    ("allegations:child_link", ""): lambda w: w.lado_child.name,
    ("reference:team_edit", ""): lambda w: "lado@luton.example",
    ("reference:contact_edit", ""): lambda w: "999",
    ("reference:contact_remove", "the confirmation page"): lambda w: "999",
    ("notifications:routing_rule_edit", ""): lambda w: "Virtual School",
    ("home:child_audit_detail", ""): lambda w: "Ava Placed",
    ("home:child_audit_csv", ""): lambda w: "Ava Placed",
    ("home:child_audit_pdf", ""): lambda w: "Audit trail of Ava Placed",
    ("manual:release_detail", ""): lambda w: "The above Luton Policies are currently under review",
    ("manual:amendments_year", ""): lambda w: "The section on return home interviews has been revised.",
    ("manual:chapter_detail", ""): lambda w: "Pan Bedfordshire Safeguarding Children who go Missing",
    ("manual:chapter_changes", ""): lambda w: "Bedfordshire Police by calling 999",
    ("manual:reading_report", ""): lambda w: w.reading_reader,
    ("manual:reading_assigned", ""): lambda w: "Safeguarding Children who Run Away or Go Missing",
    ("manual:reading_report_csv", ""): lambda w: w.reading_reader,
    ("manual:chapter_read", ""): lambda w: "Safeguarding Children who Run Away or Go Missing",
    ("directory:service_detail", ""): lambda w: "Town Hall, George Street",
    ("directory:service_edit", ""): lambda w: "Town Hall, George Street",
    ("directory:service_remove", "the confirmation page"): lambda w: "Remove Luton Virtual School?",
    ("directory:organisation_edit", ""): lambda w: "The council&#39;s services for children",
    ("oruk:service_read", ""): lambda w: "Town Hall, George Street",
    ("manual:subscribe_confirm", ""): lambda w: MATRIX_SUBSCRIBER,
    ("manual:unsubscribe", ""): lambda w: MATRIX_SUBSCRIBER,
    ("manual_release_publish", ""): lambda w: "December 2019",
    ("education:record_detail", ""): lambda w: "Dee Teacher",
    ("education:record_detail", "a child of another placing council"): lambda w: "Olly Other",
    ("education:record_edit", ""): lambda w: "Dee Teacher",
    ("education:school_place", ""): lambda w: "Matrix Primary School",
    ("education:school_leave", ""): lambda w: "Matrix Primary School",
    ("education:pep_add", ""): lambda w: "Ava Placed",
    ("education:term_edit", ""): lambda w: "Autumn term 2026",
    ("partnership:council_pack_document", ""): lambda w: w.placing_pack_bytes,
    ("directory:category_edit", ""): lambda w: "Support for children who look after someone at home.",
    ("consultations:detail", "a closed consultation"): lambda w: "airlines and the airport asked",
    ("education:attendance_import_detail", ""): lambda w: "matrix-attendance.csv",
    ("learning:event", ""): lambda w: _learning_event("Child sexual").title,
    ("learning:booking", ""): lambda w: _learning_booking_name("Child sexual"),
    ("learning:booking_calendar", ""): lambda w: _learning_event("Child sexual").title,
    ("learning:evaluation", ""): lambda w: _learning_event("Neglect").title,
    ("learning:certificate", ""): lambda w: _learning_booking_name("Neglect", evaluated=True),
    ("learning:manage_event", ""): lambda w: _learning_booking_name("Learning from serious"),
    ("consultations:detail", ""): lambda w: "Pan Beds approach or a mixture of the two",
    ("consultations:responses", ""): lambda w: "A Pan Beds approach",
    ("consultations:responses_csv", ""): lambda w: "How would you like to see the new model being shaped?",
    ("consultations:feedback_detail", ""): lambda w: "could the evening briefings be recorded",
    ("inclusion:cme_case_detail", ""): lambda w: "Kian Hussain",
    ("inclusion:cme_enquiry_add", ""): lambda w: w.cme_case.reference,
    ("inclusion:cme_risk", ""): lambda w: w.cme_case.reference,
    ("inclusion:cme_escalate", ""): lambda w: w.cme_case.reference,
    ("inclusion:cme_reopen", ""): lambda w: w.cme_case.reference,
    ("inclusion:cme_close", ""): lambda w: w.cme_case.reference,
    ("inclusion:return_detail", ""): lambda w: "Kian Hussain",
    ("inclusion:return_detail", "another school's return"): lambda w: "Poppy Elsewhere",
    ("inclusion:ehe_detail", ""): lambda w: "Isla Murphy",
    ("inclusion:ehe_contact_add", ""): lambda w: "Isla Murphy",
    ("inclusion:ehe_notice", ""): lambda w: "Isla Murphy",
    ("inclusion:ehe_order", ""): lambda w: "Isla Murphy",
    ("inclusion:ehe_resolve", ""): lambda w: "Isla Murphy",
    ("inclusion:ehe_close", ""): lambda w: "Isla Murphy",
    ("partnership:page", "about"): lambda w: "Relevant agencies",
    ("partnership:page", "exploitation"): lambda w: "PPU Support Team at Greyfriars Police Station",
    ("partnership:page", "missing children"): lambda w: "They do not take reports of missing children",
    ("partnership:page", "news"): lambda w: "A new approach to multi-agency learning and development",
    ("partnership:page", "news feed"): lambda w: "<title>Learning from serious case reviews</title>",
    ("partnership:page", "a news article"): lambda w: "Memorandum of Good practice",
    ("partnership:page", "practice reviews"): lambda w: "Child R: neglect in a family under strain",
    ("partnership:page", "a practice review"): lambda w: "Seven-minute briefing",
    ("partnership:page", "for placing councils"): lambda w: "foster careers based in Luton",
    ("partnership:information_pack_pdf", ""): lambda w: "Please pass this pack on to your foster carers based in Luton",
    ("manual:chapter_pdf", ""): lambda w: "Pan Bedfordshire Safeguarding Children who go Missing",
    ("records:rule_edit", "a class of record"): lambda w: "LADO consultations",
    ("records:hold_detail", ""): lambda w: "Matrix Inquiry",
    ("records:hold_lift", ""): lambda w: "Lift the hold: Matrix Inquiry",
    ("records:review_item", ""): lambda w: "Face photograph of SG-MATRIX",
    ("records:review_item", "another council's record"): lambda w: "Face photograph of SG-FAR",
}
for _case in CASES:
    _case.unique = UNIQUE.get((_case.url_name, _case.label), _case.unique)


def test_every_unique_names_a_case():
    assert set(UNIQUE) <= {(case.url_name, case.label) for case in CASES}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_expectation():
    names = set(_walk(get_resolver().url_patterns))
    # Django's own admin pages: every one of them refused to every role (test_no_role_reaches_the_admin).
    assert {n for n in names if n.startswith("admin:")} <= set(ADMIN_PATHS) | {"admin:index"}
    names = {n for n in names if not n.startswith("admin:") or n == "admin:index"}
    names.discard("admin_login")  # a redirect to accounts:sign_in
    # Wagtail's admin pages are all behind the /cms/ gate that wagtailadmin_home stands for.
    names = {n for n in names if not n.startswith("wagtail") or n == "wagtailadmin_home"}
    covered = {case.url_name for case in CASES}
    assert names - covered == set(), f"URLs without an access expectation: {sorted(names - covered)}"
    assert all(set(case.expected) == set(ROLES) for case in CASES), "every case must name every role"


def _admin_paths() -> dict[str, str]:
    """Every URL of the Django admin, made concrete (an id where it takes one): the admin is for
    superusers with a second factor alone (accounts/admin.py), and the matrix has none."""
    values = {"object_id": "1", "app_label": "accounts", "content_type_id": 1}
    paths = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "admin":
            for pattern in _flatten(entry.url_patterns):
                params = getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groupindex
                name = f"admin:{pattern.name}"
                paths[name] = reverse(name, kwargs={key: values.get(key, "1") for key in params})
    return paths


def _flatten(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _flatten(entry.url_patterns)
        elif entry.name:
            yield entry


ADMIN_PATHS = _admin_paths()


@pytest.mark.parametrize("name", sorted(ADMIN_PATHS))
def test_no_role_reaches_the_admin(name, matrix, client, sign_in):
    """Each of the admin's URLs, GET and POST, for every role of the matrix (none a superuser): sent to
    sign in, nothing shown, nothing written."""
    from safeguard.core.models import AuditEvent

    url = ADMIN_PATHS[name]
    writes = AuditEvent.objects.filter(kind=AuditEvent.Kind.WRITE).count()
    refused_to = (reverse("admin:login"), reverse("accounts:sign_in"), reverse("admin:index"))
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            sign_in(matrix.people[role])
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{role} {method.upper()} {url}: {response.status_code}"
            assert response["Location"].startswith(refused_to), f"{role} {method.upper()} {url}: {response['Location']}"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.WRITE).count() == writes


def test_every_record_page_a_role_may_open_names_what_is_unique_to_it():
    """A 200 alone would pass for an empty page or someone else's record."""
    missing = [
        f"{case.url_name}[{case.label}]"
        for case in CASES
        if case.kwargs and 200 in case.expected.values() and case.unique is None
    ]
    assert missing == []


def test_every_role_has_a_person_in_the_matrix(matrix):
    assert set(ROLE_OF) == set(SIGNED_IN)
    assert set(ROLE_OF.values()) == set(Role), f"roles without a person here: {set(Role) - set(ROLE_OF.values())}"
    assert {name: person.role for name, person in matrix.people.items()} == ROLE_OF


# --- the world, built once -----------------------------------------------------------------------


@dataclass
class Matrix:
    world: object
    people: dict


def _far_host(placing_council):
    """Milton Keynes, a second host council policed by a second force, with its own missing child
    (placed by a council nobody in the matrix works for), a notification and its work item, an
    exploitation concern and a LADO case."""
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.accounts.tests.factories import ProviderFactory, TeamFactory, UserFactory
    from safeguard.allegations.tests.factories import LadoCaseFactory
    from safeguard.exploitation.tests.factories import ExploitationConcernFactory
    from safeguard.missing.tests.factories import MissingEpisodeFactory, PoliceForceFactory
    from safeguard.notifications.tests.factories import NotificationFactory, WorkItemFactory
    from safeguard.register.tests.factories import ChildFactory, PlacementFactory

    host = HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="826"),
        slug="milton-keynes",
        police_force=PoliceForceFactory(name="Thames Valley Police"),
        postcode_districts="MK1 MK2",
    )
    sqa = TeamFactory(host_council=host, kind="sqa", name="MK SQA")
    lado_team = TeamFactory(host_council=host, kind="lado", name="MK LADO")
    child = ChildFactory(
        host_council=host,
        placing_authority=Organisation.objects.get(dfe_code="383"),  # Leeds
        first_name="Fay",
        last_name="Faraway",
    )
    PlacementFactory(child=child, carer=ProviderFactory(located_in=host), town="Milton Keynes", postcode="MK1 1AA")
    MissingEpisodeFactory(child=child, last_seen_where="Central Milton Keynes station")
    people = {
        "other_host_sqa_officer": UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation, team=sqa),
        "other_host_lado": UserFactory(role=Role.LADO, organisation=host.organisation, team=lado_team),
        "other_force_police": UserFactory(role=Role.POLICE, organisation=host.police_force),
    }
    notification = NotificationFactory(child=child, reference="SG-MK-0001")
    far = {
        "far_missing_child": child,
        "far_notification": notification,
        "far_work_item": WorkItemFactory(notification=notification, team__host_council=host),
        "far_concern": ExploitationConcernFactory(
            child=child,
            raised_by=people["other_host_sqa_officer"],
            what_happened="Seen with older youths at the station",
        ),
        "far_lado_case": LadoCaseFactory(host_council=host, reference="LADO-MK-0001", person_name="Mo Keynes"),
    }
    return far, people


def _imports(world, people, host) -> None:
    """Background imports: a placing council's SSDA903 return read, and Luton's register spreadsheet,
    one waiting for its columns and one whose dry run is done (docs/adr/0036, 0040)."""
    from safeguard.core.models import ImportJob

    world.ssda903_job = ImportJob.objects.create(
        kind="ssda903",
        actor=people["placing_social_worker"],
        status=ImportJob.Status.DONE,
        params={"placing_authority": "919", "host_council": None},
        files=[{"name": "matrix-episodes.csv", "path": "imports/matrix/episodes.csv"}],
    )
    world.register_columns_job = ImportJob.objects.create(
        kind="register_dry_run",
        host_council=host,
        actor=people["sqa_manager"],
        params={"headers": ["Forename", "Surname"], "rows": 1},
        files=[{"name": "matrix-register-awaiting.csv", "path": "imports/matrix/awaiting.csv"}],
    )
    world.register_dry_run = ImportJob.objects.create(
        kind="register_dry_run",
        host_council=host,
        actor=people["sqa_manager"],
        status=ImportJob.Status.DONE,
        params={"headers": ["Forename"], "rows": 1, "columns": {"child.first_name": "Forename"}},
        files=[{"name": "matrix-register.csv", "path": "imports/matrix/register.csv"}],
        report={"counts": {"new": 1}, "lines": [], "incomplete": 0},
    )


def _manual_reading(world, people) -> None:
    """Luton's R&A team asked to read the missing-children chapter (the duty manager has confirmed it, the
    social worker not yet), and Milton Keynes's SQA team asked by its own manager to read a chapter of
    Milton Keynes's manual."""
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.manual.demo import MISSING_TITLE
    from safeguard.manual.models import ChapterPage
    from safeguard.manual.reading_services import reading_assign, reading_confirm
    from safeguard.manual.tests.factories import small_manual

    due = timezone.localdate() + timedelta(days=7)
    duty = people["ra_duty_manager"]
    chapter = ChapterPage.objects.get(title=MISSING_TITLE)
    world.reading_assignment = reading_assign(actor=duty, chapter=chapter, teams=[duty.team], due_on=due)
    reading_confirm(actor=duty, chapter=chapter, version_number=3)
    world.reading_reader = people["ra_social_worker"].full_name
    far_host = world.far_missing_child.host_council
    _, (far_chapter,) = small_manual(far_host, chapters=("Keynes missing children protocol",))
    far_team = far_host.teams.get(name="MK SQA")
    far_manager = UserFactory(role=Role.SQA_MANAGER, organisation=far_host.organisation, team=far_team)
    world.far_reading_assignment = reading_assign(actor=far_manager, chapter=far_chapter, teams=[far_team], due_on=due)


def _education(world, host):
    """Ava's education record (a school, a designated teacher), a term of Luton's and one of Milton Keynes'."""
    from datetime import date

    from django.utils import timezone

    from safeguard.core.audit import SystemActor
    from safeguard.education import services as education
    from safeguard.education.tests.factories import SchoolFactory

    actor = SystemActor("Safeguard test suite")
    world.term = education.school_term_save(
        actor=actor, host_council=host, name="Autumn term 2026", starts_on=date(2026, 9, 3), ends_on=date(2026, 12, 18)
    )
    world.far_term = education.school_term_save(
        actor=actor,
        host_council=world.far_missing_child.host_council,
        name="Autumn term 2026 (Milton Keynes)",
        starts_on=date(2026, 9, 3),
        ends_on=date(2026, 12, 18),
    )
    education.education_record_update(actor=actor, child=world.child, designated_teacher_name="Dee Teacher")
    school = SchoolFactory(name="Matrix Primary School", postcode="LU2 7PH")
    education.school_place_record(
        actor=actor, child=world.child, school=school, started_on=timezone.localdate() - timedelta(days=20)
    )
    import io

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    world.attendance_import = education.attendance_import(
        actor=actor,
        lines=io.StringIO(f"child_id,date,am,pm\n{world.child.pk},{yesterday},/,N\n"),
        source="upload",
        host_council=host,
        file_name="matrix-attendance.csv",
    )
    world.far_attendance_import = education.attendance_import(
        actor=actor,
        lines=io.StringIO(f"child_id,date,am,pm\n{world.far_missing_child.pk},{yesterday},/,/\n"),
        source="upload",
        host_council=world.far_missing_child.host_council,
        file_name="far-attendance.csv",
    )


def _inclusion(world, host):
    """A deletion return from Matrix Academy (the school staff's school) that opened a CME case, a return
    from another Luton school, an EHE record; a case, a return and an EHE record of Milton Keynes."""
    from datetime import date

    from safeguard.core.audit import SystemActor
    from safeguard.education.tests.factories import SchoolFactory
    from safeguard.inclusion import ehe_services, services
    from safeguard.inclusion.models import CmeCase, SchoolReturn

    actor = SystemActor("Safeguard test suite")
    facts = {
        "date_of_birth": date(2014, 6, 2),
        "address": "14 Dunstable Road, Luton",
        "parents": "Samira Hussain",
        "ground": "moved_away",
        "deleted_on": timezone_today(),
    }
    matrix_academy = SchoolFactory(urn=997001)
    world.cme_return = services.school_return_submit(
        actor=actor,
        host_council=host,
        school=matrix_academy,
        kind=SchoolReturn.Kind.DELETION,
        first_name="Kian",
        last_name="Hussain",
        **facts,
    )
    world.cme_case = world.cme_return.case
    elsewhere = world.elsewhere_school = SchoolFactory(name="Elsewhere Junior School")
    world.other_school_return = services.school_return_submit(
        actor=actor,
        host_council=host,
        school=elsewhere,
        kind=SchoolReturn.Kind.DELETION,
        first_name="Poppy",
        last_name="Elsewhere",
        **facts,
    )
    far = world.far_missing_child.host_council
    world.far_school = SchoolFactory(name="Keynes School", la_code="826")
    world.far_return = services.school_return_submit(
        actor=actor,
        host_council=far,
        school=world.far_school,
        kind=SchoolReturn.Kind.DELETION,
        first_name="Fay",
        last_name="Farcase",
        **facts,
    )
    world.far_cme_case = world.far_return.case
    assert isinstance(world.far_cme_case, CmeCase)
    ehe = {"date_of_birth": date(2015, 2, 9), "learnt_from": "written_notice", "learnt_on": date(2026, 9, 10)}
    world.ehe_record = ehe_services.ehe_record_add(
        actor=actor, host_council=host, first_name="Isla", last_name="Murphy", parents="Ciara Murphy", **ehe
    )
    world.far_ehe_record = ehe_services.ehe_record_add(
        actor=actor, host_council=far, first_name="Farrah", last_name="Faraway", parents="Fred Faraway", **ehe
    )


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def _records(world, host, people):
    """A legal hold at Luton, placed by its administrator, and one at Milton Keynes."""
    from django.utils import timezone

    from safeguard.records.models import LegalHold, ReviewItem
    from safeguard.records.services import HoldDetails, legal_hold_place

    world.legal_hold = legal_hold_place(
        actor=people["host_admin"],
        host_council=host,
        details=HoldDetails("Matrix Inquiry", "Asked to keep records", "The inquiry", ["photograph"], []),
    )
    world.far_legal_hold = LegalHold.objects.create(
        host_council=world.far_missing_child.host_council,
        name="Far Inquiry",
        reason="Asked",
        requested_by="Another inquiry",
        record_classes=["photograph"],
        placed_at=timezone.now(),
    )
    # A record on each council's review list (references invented: the list shows no names).
    today = timezone.localdate()
    item = {"record_class": "photograph", "owner": "sqa", "due_on": today, "listed_on": today}
    world.review_item = ReviewItem.objects.create(
        host_council=host,
        object_type="missing.childphotograph",
        object_id="-1",
        reference="Face photograph of SG-MATRIX",
        **item,
    )
    world.far_review_item = ReviewItem.objects.create(
        host_council=world.far_missing_child.host_council,
        object_type="missing.childphotograph",
        object_id="-2",
        reference="Face photograph of SG-FAR",
        **item,
    )


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import build_world, make_person
    from safeguard.accounts.models import Organisation
    from safeguard.accounts.services import second_factor_required
    from safeguard.accounts.tests.factories import ProviderFactory
    from safeguard.consultations.demo import consultations_demo_load
    from safeguard.core.audit import SystemActor
    from safeguard.directory.demo import directory_demo_load
    from safeguard.learning.demo import learning_demo_load
    from safeguard.manual.demo import manual_demo_load
    from safeguard.manual.demo_review import review_demo_load
    from safeguard.partnership.demo import partnership_demo_load
    from safeguard.partnership.tests.factories import NewsArticleFactory
    from safeguard.reference import services as reference_services

    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        reference_services.councils_load()
        host = reference_services.host_council_seed(
            actor=SystemActor("Safeguard test suite"), config=reference_services.host_config_read("luton")
        ).host_council
        places = {
            "placing_council": Organisation.objects.get(dfe_code="919"),  # Hertfordshire
            "other_council": Organisation.objects.get(dfe_code="330"),  # Birmingham
            "provider": ProviderFactory(located_in=host),
        }
        people = {name: make_person(name, host=host, **places) for name in ROLE_OF if not name.startswith("other_")}
        people["other_authority_user"] = make_person("other_authority_user", host=host, **places)
        world = build_world(
            host=host,
            placing_social_worker=people["placing_social_worker"],
            carer=people["carer"],
            **places,
        )
        manual_demo_load(host=host)
        directory_demo_load(host=host)
        partnership = partnership_demo_load(host=host)
        consultations_demo_load(host=host)
        NewsArticleFactory(parent=partnership.get_children().get(slug="news"), slug="a-draft", live=False)
        review_demo_load(host=host)
        learning_demo_load(host=host)
        far, far_people = _far_host(places["placing_council"])
        for name, record in far.items():
            setattr(world, name, record)
        _far_partnership(world)
        _placing_packs(world, people)
        _education(world, host)
        _inclusion(world, host)
        _records(world, host, people)
        people.update(far_people)
        _manual_reading(world, people)
        _imports(world, people, host)
        for person in people.values():
            if second_factor_required(person):
                TOTPDevice.objects.create(user=person, name="test", confirmed=True)
        yield Matrix(world, people)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The matrix's stored files live for the module (conftest's version gives each test its own)."""


# --- the cells -----------------------------------------------------------------------------------


PARAMS = [
    pytest.param(case, role, id=f"{case.url_name}{'[' + case.label + ']' if case.label else ''}-{role}")
    for case in CASES
    for role in ROLES
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(response, body: bytes) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        # A PDF wraps lines where its columns end: read it as words, as a person does.
        return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages).split())
    return body.decode("utf-8-sig", errors="replace")


def _assert_refused(response, expected, role, what):
    if expected == LOGIN:
        assert response.status_code in (302, 405), f"{role} {what}: expected sign-in, got {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:sign_in")), f"{role} {what}"
    else:
        assert response.status_code in (expected, 405), (
            f"{role} {what}: expected {expected}, got {response.status_code}"
        )


@pytest.mark.parametrize(("case", "role"), PARAMS)
def test_role_may_or_may_not(case: Case, role: str, matrix, client, sign_in):
    from safeguard.core.models import AuditEvent

    world = matrix.world
    if role != "anonymous":
        sign_in(matrix.people[role])
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    writes_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.WRITE).count()
    response = getattr(client, case.method)(url)
    expected = case.expected[role]
    if expected in REFUSALS:
        _assert_refused(response, expected, role, f"{case.method.upper()} {url}")
        if case.method == "get":
            # Refused to read, refused to write: whatever the URL does with a POST.
            _assert_refused(client.post(url, {}), expected, role, f"POST {url}")
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.WRITE).count() == writes_before, f"{role} wrote on {url}"
        return
    assert response.status_code == expected, f"{role} on {url}: expected {expected}, got {response.status_code}"
    if expected != 200:
        return
    body = _body(response)
    if case.unique is not None:
        unique = case.unique(world)
        if isinstance(unique, dict):  # a list's own rows differ by who asks
            unique = unique[role]
        if isinstance(unique, bytes):
            assert body == unique, f"{role} on {url}: not the record's own file"
        else:
            assert unique in _text(response, body), f"{role} should see {unique!r} on {url}"
    text = _text(response, body)
    for needle in case.shows.get(role, []):
        assert needle in text, f"{role} should see {needle!r} on {url}"
    for needle in case.hides.get(role, []):
        assert needle not in text, f"{role} must not see {needle!r} on {url}"
