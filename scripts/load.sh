#!/usr/bin/env bash
# Load test of the production set-up (bench/load.py): gunicorn with the production settings on
# PostgreSQL and Redis, driven by locust over loopback. Figures printed and added to var/bench/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export SERVICES_STOP_FILE
SERVICES_STOP_FILE=$(mktemp /tmp/safeguard-services.XXXXXX)
trap 'bash "$SERVICES_STOP_FILE" || true; rm -f "$SERVICES_STOP_FILE"' EXIT
eval "$(scripts/services.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.test PYTHONUNBUFFERED=1
export LOAD_REDIS_URL=${LOAD_REDIS_URL:-${CELERY_BROKER_URL:-redis://127.0.0.1:6379/15}}
.venv/bin/python bench/load.py "$@"
