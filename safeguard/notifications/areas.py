"""Which host council's area a postcode lies in (its configured postcode districts)."""

from safeguard.accounts.models import HostCouncil
from safeguard.reference.postcodes import district_in, postcode_district


def host_for_postcode(postcode: str | None) -> HostCouncil | None:
    district = postcode_district(postcode or "")
    if not district:
        return None
    for host in HostCouncil.objects.exclude(postcode_districts="").select_related("organisation"):
        if district_in(district, host.postcode_districts):
            return host
    return None
