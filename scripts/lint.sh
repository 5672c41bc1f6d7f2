#!/usr/bin/env bash
# Lint: ruff, formatting, the import contracts between apps, migrations in step with models, and Django's deployment checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
status=0
step() { echo "lint: $*"; }
step "ruff check";          $PY -m ruff check . || status=1
step "ruff format --check"; $PY -m ruff format --check . || status=1
step "import contracts (which app may import which: docs/adr/0015-layers.md)"
.venv/bin/lint-imports --no-cache || status=1
step "migrations match models"
DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///:memory: $PY manage.py makemigrations --check --dry-run >/dev/null || { echo "Models have changes without a migration"; status=1; }
step "manage.py check --deploy on production settings"
DJANGO_SETTINGS_MODULE=config.settings.production \
SECRET_KEY="lint-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)" \
ALLOWED_HOSTS=safeguard.example DATABASE_URL=postgres://lint@127.0.0.1:5432/lint \
CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
  $PY manage.py check --deploy --fail-level WARNING || status=1
exit $status
