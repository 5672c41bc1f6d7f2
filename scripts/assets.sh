#!/usr/bin/env bash
# Copy GOV.UK Frontend's compiled assets from the npm package into var/frontend.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/govuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
src=node_modules/govuk-frontend/dist/govuk
rm -rf var/frontend
mkdir -p var/frontend/static/govuk var/frontend/root
# The source maps too: the CSS and JS name them, and collectstatic's manifest refuses a missing one.
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.css.map" \
  "$src/govuk-frontend.min.js" "$src/govuk-frontend.min.js.map" var/frontend/static/govuk/
cp -r "$src/assets" var/frontend/root/assets
