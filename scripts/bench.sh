#!/usr/bin/env bash
# Benchmarks: figures printed and written to var/bench/latest.json, nothing asserted. Uses (or starts)
# PostgreSQL and Redis like the test command. BENCH_QUICK=1: the same measures at 10,000 children, no
# load test and no manual, directory or education benchmarks (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export SERVICES_STOP_FILE
SERVICES_STOP_FILE=$(mktemp /tmp/safeguard-services.XXXXXX)
trap 'bash "$SERVICES_STOP_FILE" || true; rm -f "$SERVICES_STOP_FILE"' EXIT
eval "$(scripts/services.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.test PYTHONUNBUFFERED=1
.venv/bin/python bench/figures.py start
.venv/bin/python bench/bench_register.py "$@"
.venv/bin/python bench/bench_ssda903.py
.venv/bin/python bench/bench_missing.py
if [ -z "${BENCH_QUICK:-}" ] || [ "${BENCH_QUICK}" = 0 ]; then
  .venv/bin/python bench/bench_manual.py
  .venv/bin/python bench/bench_directory.py
  .venv/bin/python bench/bench_learning.py
  .venv/bin/python bench/bench_partnership.py
  .venv/bin/python bench/bench_education.py
  .venv/bin/python bench/bench_attendance.py
  .venv/bin/python bench/bench_inclusion.py
  .venv/bin/python bench/bench_audit.py
  .venv/bin/python bench/load.py
fi
echo
.venv/bin/python bench/figures.py
