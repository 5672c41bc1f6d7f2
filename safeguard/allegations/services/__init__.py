"""Writes for LADO cases: referral, e-mail and phone intake, triage, meetings, actions, closure.

Every service validates, writes its audit event in the same transaction, and queues e-mails through
the outbox in that transaction, so a referral is never lost once it is saved, even when the mail
service is down. A service refuses with `CaseInvalid` (a `ServiceRefusal`), or `TransitionRefused`
when the case's state does not allow the step (`LadoCase.TRANSITIONS`).

`referrals`: the public form and phone consultations. `email_intake`: an e-mailed referral, a draft for the LADO to check and accept or reject.
`cases`: details, initial consideration, updates, children, closure and retention. `erasure`: the
tombstone at the retention date.
`meetings`, `actions`: what happens on an open referral. `common`: the refusal, the clock, the workflow.
"""

from .actions import lado_action_add, lado_action_complete
from .cases import (
    EDITABLE,
    lado_case_close,
    lado_case_triage,
    lado_case_update_details,
    lado_child_link,
    lado_update_add,
)
from .common import OPEN_REFERRALS_ONLY, TRIAGE_DECISIONS, CaseInvalid, initial_consideration_due
from .email_intake import (
    ACCEPT_REQUIRED,
    EMAIL_DATE_TRUSTED_DAYS,
    MAX_EMAIL_BYTES,
    EmailDraft,
    lado_email_accept,
    lado_email_draft,
    lado_email_problems,
    lado_email_receive,
    lado_email_reject,
)
from .erasure import lado_case_erase
from .meetings import lado_meeting_record
from .referrals import MAX_CHILDREN, REFERRAL_TEXT_FIELDS, REQUIRED, lado_consultation_record, lado_referral_submit

__all__ = [
    "ACCEPT_REQUIRED",
    "EmailDraft",
    "lado_case_erase",
    "EDITABLE",
    "EMAIL_DATE_TRUSTED_DAYS",
    "MAX_CHILDREN",
    "MAX_EMAIL_BYTES",
    "OPEN_REFERRALS_ONLY",
    "REFERRAL_TEXT_FIELDS",
    "REQUIRED",
    "TRIAGE_DECISIONS",
    "CaseInvalid",
    "initial_consideration_due",
    "lado_action_add",
    "lado_action_complete",
    "lado_case_close",
    "lado_case_triage",
    "lado_case_update_details",
    "lado_child_link",
    "lado_consultation_record",
    "lado_email_accept",
    "lado_email_draft",
    "lado_email_problems",
    "lado_email_receive",
    "lado_email_reject",
    "lado_meeting_record",
    "lado_referral_submit",
    "lado_update_add",
]
