#!/usr/bin/env python
"""Django's command-line utility for Safeguard."""

import sys


def main() -> None:
    from config.environment import settings_module_choose

    settings_module_choose("config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
