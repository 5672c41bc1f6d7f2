"""Who reads placing councils' packs: the host's staff who place or safeguard children (SQA, R&A) read
every council's sent to their host, listed by council; a placing council's officer reads their own
council's only. Anyone else, or another host's pack: not found. Opening a document is audited."""

from itertools import groupby

from safeguard.accounts.models import HostCouncil, Role
from safeguard.core.audit import audit_access_record

from .models import PlacingCouncilPack

PACK_READERS = frozenset({Role.SQA_OFFICER, Role.SQA_MANAGER, Role.RA_SOCIAL_WORKER, Role.RA_DUTY_MANAGER})
PACK_SENDERS = frozenset({Role.PLACING_SOCIAL_WORKER})


def is_pack_reader(user, host: HostCouncil) -> bool:
    return bool(user.is_authenticated and user.role in PACK_READERS and user.host_council == host)


def is_pack_sender(user) -> bool:
    """A placing council's officer: their organisation is a council that is not a host's own staff."""
    return bool(
        user.is_authenticated
        and user.role in PACK_SENDERS
        and user.organisation_id is not None
        and user.organisation.kind == "council"
    )


def packs_by_council(user, host: HostCouncil) -> list[tuple[str, list[PlacingCouncilPack]]]:
    packs = PlacingCouncilPack.objects.filter(host_council=host).select_related("placing_council", "sent_by")
    return [(name, list(group)) for name, group in groupby(packs, key=lambda p: p.placing_council.name)]


def own_packs(user, host: HostCouncil) -> list[PlacingCouncilPack]:
    return list(
        PlacingCouncilPack.objects.filter(host_council=host, placing_council=user.organisation).select_related(
            "sent_by"
        )
    )


def pack_get_for(user, host: HostCouncil, pk) -> PlacingCouncilPack | None:
    """A pack the user may open: any of the host's, for its staff; their own council's, for a placing
    council's officer."""
    packs = PlacingCouncilPack.objects.filter(host_council=host, pk=pk).select_related("placing_council")
    if is_pack_reader(user, host):
        pack = packs.first()
    elif is_pack_sender(user):
        pack = packs.filter(placing_council=user.organisation).first()
    else:
        pack = None
    if pack is not None:
        audit_access_record(actor=user, action="partnership.placing_pack_read", target=pack, host_council=host)
    return pack
