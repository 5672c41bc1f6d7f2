"""Writes: receiving a notification by any way in (API, web form, e-mail, SSDA903 file), registering it
(the register's own services write the child and placements), routing it, acknowledging work, and
the API's tokens and idempotency records.

Rules and their sources:
- what a notification must state: seed 001; validation.notification_validate.
- timeliness: Care Planning, Placement and Case Review (England) Regulations 2010, reg 13 (notice
  before the placement; within 5 working days for an emergency placement) and reg 14 (before the
  end; otherwise within 10 working days after it).
- routing: seed 001 (SQA refers every child to Referral and Assessment and the Virtual School).
"""

from .bulk import ImportReport, ssda903_import, ssda903_import_start
from .common import (
    END_NOTICE_WORKING_DAYS,
    START_NOTICE_EMERGENCY_WORKING_DAYS,
    IncomingAttachment,
    NotificationRejected,
    Timeliness,
    timeliness,
)
from .email_drafts import EmailIntakeError, correspondence_make_draft, email_draft_create, email_receive
from .intake import (
    notification_check,
    notification_complete,
    notification_draft_for_child,
    notification_draft_save,
    notification_receive,
    notification_submit,
    payload_merge,
)
from .mailbox import (
    MailboxReport,
    MailboxToRead,
    council_mailbox_check,
    council_mailbox_configure,
    council_mailbox_imap,
    council_mailboxes_read_due,
    imap_mailbox_configured,
    imap_mailbox_read,
    mailbox_message_key,
    mailbox_message_take,
    mailboxes_to_read,
)
from .matches import match_review_decide, match_review_undo
from .register_import import (
    RegisterImportRefused,
    register_import_columns_save,
    register_import_confirm,
    register_import_upload,
)
from .routing import RoutingRuleInvalid, routing_rule_add, routing_rule_update
from .tokens import api_token_actor, api_token_authenticate, api_token_create, api_token_revoke, idempotency_record
from .work import (
    WorkItemRefused,
    may_assign,
    notifications_chase,
    work_item_acknowledge,
    work_item_assign,
    work_item_route_concern,
    work_item_take,
    work_items_escalate,
    work_items_remove_for_disposal,
    work_items_settle_for_concern,
)

__all__ = [
    "END_NOTICE_WORKING_DAYS",
    "START_NOTICE_EMERGENCY_WORKING_DAYS",
    "EmailIntakeError",
    "ImportReport",
    "MailboxReport",
    "IncomingAttachment",
    "NotificationRejected",
    "RoutingRuleInvalid",
    "Timeliness",
    "WorkItemRefused",
    "api_token_actor",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "correspondence_make_draft",
    "email_draft_create",
    "email_receive",
    "idempotency_record",
    "MailboxToRead",
    "council_mailbox_check",
    "council_mailbox_configure",
    "council_mailbox_imap",
    "council_mailboxes_read_due",
    "imap_mailbox_configured",
    "mailboxes_to_read",
    "imap_mailbox_read",
    "mailbox_message_key",
    "mailbox_message_take",
    "match_review_decide",
    "match_review_undo",
    "notification_complete",
    "notification_draft_for_child",
    "notification_draft_save",
    "notification_receive",
    "notification_submit",
    "notifications_chase",
    "payload_merge",
    "routing_rule_add",
    "routing_rule_update",
    "ssda903_import",
    "ssda903_import_start",
    "notification_check",
    "RegisterImportRefused",
    "register_import_columns_save",
    "register_import_confirm",
    "register_import_upload",
    "timeliness",
    "may_assign",
    "work_item_acknowledge",
    "work_item_assign",
    "work_item_take",
    "work_item_route_concern",
    "work_items_escalate",
    "work_items_remove_for_disposal",
    "work_items_settle_for_concern",
]
