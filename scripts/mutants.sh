#!/usr/bin/env bash
# Mutation testing (cosmic-ray): every mutant of the selectors, the audit trail, the working-day rules
# and the outbox is run against the tests that should catch it; prints the score and each survivor.
# Slow (hours for every group), so not part of `make test`. One or more groups:
#   scripts/mutants.sh audit working_days
# Groups: audit working_days outbox selectors (or one app's selectors: selectors_register, …).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export SERVICES_STOP_FILE
SERVICES_STOP_FILE=$(mktemp /tmp/safeguard-services.XXXXXX)
work=$(mktemp -d /tmp/safeguard-mutants.XXXXXX)
trap 'bash "$SERVICES_STOP_FILE" || true; rm -f "$SERVICES_STOP_FILE"; rm -rf "$work"' EXIT
eval "$(scripts/services.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.test
# Mutants are written into a copy of the tree (tracked and new files), never into this one.
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work"
ln -s "$PWD/.venv" "$work/.venv"
cd "$work"
.venv/bin/python scripts/mutants.py "$@"
