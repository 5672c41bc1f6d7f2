#!/usr/bin/env bash
# Run Safeguard on the embedded default: SQLite under var/, e-mail to var/mail/, demo data and sign-ins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings.local
PY=.venv/bin/python
mkdir -p var/mail var/media
$PY manage.py migrate --no-input -v0
$PY manage.py load_reference_data
$PY manage.py load_demo_data
# The outbox worker retries e-mails that could not be sent at once.
$PY manage.py outbox_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "E-mails are written to var/mail/. Open http://${SAFEGUARD_ADDRESS:-127.0.0.1:8000} and sign in with one of the accounts above."
$PY manage.py runserver "${SAFEGUARD_ADDRESS:-127.0.0.1:8000}"
