"""Writes: receiving a notification by any way in, registering it, routing it, acknowledging work.

Rules and their sources:
- what a notification must state: seed 001; validation.notification_validate.
- timeliness: Care Planning, Placement and Case Review (England) Regulations 2010, reg 13 (notice
  before the placement; within 5 working days for an emergency placement) and reg 14 (before the
  end; otherwise within 10 working days after it).
- routing: seed 001 (SQA refers every child to Referral and Assessment and the Virtual School).
"""

from .common import (
    END_NOTICE_WORKING_DAYS,
    START_NOTICE_EMERGENCY_WORKING_DAYS,
    IncomingAttachment,
    NotificationRejected,
    Timeliness,
    timeliness,
)
from .intake import (
    notification_complete,
    notification_draft_save,
    notification_receive,
    notification_submit,
    payload_merge,
)
from .matches import match_review_decide, match_review_undo
from .routing import RoutingRuleInvalid, routing_rule_add, routing_rule_update
from .work import (
    notifications_chase,
    work_item_acknowledge,
    work_item_route_concern,
    work_items_escalate,
    work_items_settle_for_concern,
)

__all__ = [
    "END_NOTICE_WORKING_DAYS",
    "START_NOTICE_EMERGENCY_WORKING_DAYS",
    "IncomingAttachment",
    "NotificationRejected",
    "RoutingRuleInvalid",
    "Timeliness",
    "match_review_decide",
    "match_review_undo",
    "notification_complete",
    "notification_draft_save",
    "notification_receive",
    "notification_submit",
    "notifications_chase",
    "payload_merge",
    "routing_rule_add",
    "routing_rule_update",
    "timeliness",
    "work_item_acknowledge",
    "work_item_route_concern",
    "work_items_escalate",
    "work_items_settle_for_concern",
]
