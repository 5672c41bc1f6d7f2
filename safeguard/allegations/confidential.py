"""The LADO's records are the LADO team's alone (issue 5): every audit event and e-mail this app writes
carries core's `confidential` flag, so the audit page, the admin and the outbox keep them apart.

The app's modules import these in place of core's functions of the same names.
"""

from safeguard.core import audit, outbox


def audit_event_record(**kwargs):
    return audit.audit_event_record(confidential=True, **kwargs)


def audit_access_record(**kwargs):
    return audit.audit_access_record(confidential=True, **kwargs)


def audit_list_record(**kwargs):
    return audit.audit_list_record(confidential=True, **kwargs)


def outbox_email_enqueue(**kwargs):
    return outbox.outbox_email_enqueue(confidential=True, **kwargs)
