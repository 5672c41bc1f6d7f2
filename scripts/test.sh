#!/usr/bin/env bash
# Run every test and lint check: PostgreSQL, Redis and Chromium are used when present, otherwise
# installed and started here, and stopped again at the end. Exits non-zero on any failure.
# Extra arguments go to pytest, e.g. `scripts/test.sh -k audit`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev

export SERVICES_STOP_FILE
SERVICES_STOP_FILE=$(mktemp /tmp/safeguard-services.XXXXXX)
cleanup() { bash "$SERVICES_STOP_FILE" || true; rm -f "$SERVICES_STOP_FILE"; }
trap cleanup EXIT

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "test: installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" != 0 ]; then echo "test: need root to install chromium"; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
fi

if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ]; then
  echo "test: installing Dovecot (Debian package) for the mailbox tests' IMAP server"
  if [ "$(id -u)" != 0 ]; then echo "test: need root to install dovecot-imapd"; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
  # Only the tests' own Dovecot (loopback, its own configuration) may run: not the system's service.
  systemctl disable --now dovecot >/dev/null 2>&1 || service dovecot stop >/dev/null 2>&1 || true
fi

eval "$(scripts/services.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.test

status=0
scripts/lint.sh || status=1
echo "test: running the suite on PostgreSQL (${DATABASE_URL%%\?*}), Redis (${CELERY_BROKER_URL}), Chromium"
# Two processes (the machines this runs on have two cores; TEST_WORKERS=0 runs them in this process).
.venv/bin/python -m pytest --create-db -n "${TEST_WORKERS:-2}" "$@" || status=1
if [ $status -ne 0 ]; then echo "test: FAILED"; else echo "test: all checks passed"; fi
exit $status
