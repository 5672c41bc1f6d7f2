"""Writes of reference data: the councils list, a new host council, and a host's configuration."""

from .configuration import (
    ContactDetails,
    TeamDetails,
    contact_add,
    contact_remove,
    contact_update,
    council_out_of_hours_update,
    host_council_area_update,
    team_add,
    team_update,
)
from .councils import COUNCILS_FILE, councils_load
from .hosts import (
    HOSTS_DIR,
    ConfigurationInvalid,
    HostSeed,
    host_config_check,
    host_config_read,
    host_config_read_file,
    host_config_standard,
    host_council_add,
    host_council_seed,
)

__all__ = [
    "COUNCILS_FILE",
    "HOSTS_DIR",
    "ConfigurationInvalid",
    "ContactDetails",
    "HostSeed",
    "TeamDetails",
    "contact_add",
    "contact_remove",
    "contact_update",
    "council_out_of_hours_update",
    "councils_load",
    "host_config_check",
    "host_config_read",
    "host_config_read_file",
    "host_config_standard",
    "host_council_add",
    "host_council_area_update",
    "host_council_seed",
    "team_add",
    "team_update",
]
