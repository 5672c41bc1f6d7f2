from django.db.models import QuerySet
from django.http import Http404

from safeguard.accounts.models import Role
from safeguard.core.audit import audit_access_record

from .models import LadoCase


def lado_cases_visible_to(user) -> QuerySet[LadoCase]:
    """The LADO team's own host council's cases; nobody else sees any."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.LADO or user.host_council is None:
        return LadoCase.objects.none()
    return LadoCase.objects.filter(host_council=user.host_council)


def lado_case_get_for(user, pk: int) -> LadoCase:
    case = lado_cases_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    audit_access_record(actor=user, action="lado_case.view", target=case, host_council=case.host_council)
    return case
