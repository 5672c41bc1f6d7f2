#!/usr/bin/env bash
# Back up Safeguard: the database (pg_dump's custom format, checked readable) and the uploaded files,
# into BACKUP_DIR, keeping BACKUP_KEEP_DAYS days. Run by safeguard-backup.service (docs/runbook.md).
#
# Settings, from /etc/safeguard/backup.env (root only, 0600):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE  a role that can read every table (the owner role)
#   MEDIA_ROOT        uploaded files (/var/lib/safeguard/media)
#   BACKUP_DIR        where backups go (/var/backups/safeguard); copy it off the machine too
#   BACKUP_KEEP_DAYS  days of backups kept here (35)
set -euo pipefail
umask 077
dir=${BACKUP_DIR:-/var/backups/safeguard}
media=${MEDIA_ROOT:-/var/lib/safeguard/media}
keep=${BACKUP_KEEP_DAYS:-35}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

# The database first: a file uploaded after the dump is harmless extra; the other way round, a row
# would point at a missing file.
dump="$dir/safeguard-$stamp.dump"
pg_dump --format=custom --file="$dump.partial" "${PGDATABASE:-safeguard}"
pg_restore --list "$dump.partial" >/dev/null   # the archive reads back
mv "$dump.partial" "$dump"

files="$dir/media-$stamp.tar.gz"
if [ -d "$media" ]; then
  tar -C "$(dirname "$media")" -czf "$files.partial" "$(basename "$media")"
  mv "$files.partial" "$files"
fi

(cd "$dir" && sha256sum "$(basename "$dump")" $( [ -f "$files" ] && basename "$files" ) > "safeguard-$stamp.sha256")
find "$dir" -maxdepth 1 -type f \( -name 'safeguard-*' -o -name 'media-*' \) -mtime +"$keep" -delete
echo "backup: $dump ($(du -h "$dump" | cut -f1))"
if [ -f "$files" ]; then echo "backup: $files ($(du -h "$files" | cut -f1))"; else echo "backup: no uploaded files at $media"; fi
