#!/usr/bin/env bash
# The fault suite (not part of `make test`): starts its own PostgreSQL, Redis, SMTP sink, Celery worker
# and gunicorn on loopback, breaks them on purpose, prints one line per fault, and exits non-zero when
# anything was lost or doubled. Needs root (PostgreSQL runs as the user postgres) and Debian's
# postgresql and redis-server packages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
exec .venv/bin/python faults/run.py "$@"
