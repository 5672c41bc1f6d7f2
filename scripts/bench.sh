#!/usr/bin/env bash
# Benchmarks: figures printed, nothing asserted. Uses (or starts) PostgreSQL like the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export SERVICES_STOP_FILE
SERVICES_STOP_FILE=$(mktemp /tmp/safeguard-services.XXXXXX)
trap 'bash "$SERVICES_STOP_FILE" || true; rm -f "$SERVICES_STOP_FILE"' EXIT
eval "$(scripts/services.sh)"
export DJANGO_SETTINGS_MODULE=config.settings.test
.venv/bin/python bench/bench_register.py "$@"
.venv/bin/python bench/bench_ssda903.py
.venv/bin/python bench/bench_missing.py
.venv/bin/python bench/bench_manual.py
.venv/bin/python bench/bench_directory.py
.venv/bin/python bench/bench_learning.py
.venv/bin/python bench/bench_partnership.py
.venv/bin/python bench/bench_education.py
.venv/bin/python bench/bench_attendance.py
.venv/bin/python bench/bench_inclusion.py
.venv/bin/python bench/bench_audit.py
