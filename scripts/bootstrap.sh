#!/usr/bin/env bash
# Create the virtual environment and install the pinned dependencies, when they have changed.
# Usage: scripts/bootstrap.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
locks=(requirements/base.txt)
[ "${1:-}" = dev ] && locks+=(requirements/dev.txt)
stamp=.venv/.installed-$(cat "${locks[@]}" | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  args=()
  for lock in "${locks[@]}"; do args+=(-r "$lock"); done
  .venv/bin/python -m pip install --quiet "${args[@]}"
  touch "$stamp"
fi
# WeasyPrint (the police grab pack PDF) needs Pango from the system.
if ! ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0"; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing Pango for PDFs (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
  else
    echo "bootstrap: install libpango-1.0-0, libpangoft2-1.0-0 and fonts-dejavu-core for PDFs" >&2
  fi
fi
scripts/assets.sh
