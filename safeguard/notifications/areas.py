"""Which host council's area a postcode lies in (its configured postcode districts)."""

from safeguard.accounts.models import HostCouncil
from safeguard.reference.postcodes import postcode_district
from safeguard.reference.selectors import host_council_for_district


def host_for_postcode(postcode: str | None) -> HostCouncil | None:
    district = postcode_district(postcode or "")
    if not district:
        return None
    return host_council_for_district(district)
