#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on loopback for the test suite.
# Uses the ones already running on the standard ports; otherwise installs (Debian packages) and starts
# throwaway ones on spare ports under a temporary folder. Prints `export …` lines for the caller and
# writes the stop commands to $SERVICES_STOP_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
STOP_FILE=${SERVICES_STOP_FILE:?set SERVICES_STOP_FILE}
: > "$STOP_FILE"
log() { echo "services: $*" >&2; }

answers_postgres() {
  $PY - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}
answers_redis() {
  $PY - "$1" <<'PY' >/dev/null 2>&1
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()
PY
}
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "need root to install $*; install it or set TEST_DATABASE_URL / TEST_REDIS_URL"; exit 1; fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >&2; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# PostgreSQL
db_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if answers_postgres "$db_url"; then
  log "using the PostgreSQL already answering at ${db_url%%/postgres}"
else
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  dir=$(mktemp -d /tmp/safeguard-pg.XXXXXX)
  port=55432
  chown postgres "$dir" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  echo "as_pg() { if [ \"\$(id -u)\" = 0 ]; then runuser -u postgres -- \"\$@\"; else \"\$@\"; fi; }; as_pg '$bindir/pg_ctl' -D '$dir/data' -m fast stop >/dev/null; rm -rf '$dir'" >> "$STOP_FILE"
  db_url=postgres://postgres@127.0.0.1:$port/postgres
  log "started a throwaway PostgreSQL at 127.0.0.1:$port"
fi
echo "export DATABASE_URL=${db_url%/postgres}/${TEST_DB_NAME:-safeguard}"

# Redis
redis_url=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
if answers_redis "$redis_url"; then
  log "using the Redis already answering at ${redis_url%/*}"
else
  if ! command -v redis-server >/dev/null 2>&1; then log "installing Redis"; apt_install redis-server; fi
  dir=$(mktemp -d /tmp/safeguard-redis.XXXXXX)
  port=56379
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  for _ in $(seq 50); do answers_redis "redis://127.0.0.1:$port/15" && break; sleep 0.1; done
  echo "kill \$(cat '$dir/redis.pid') 2>/dev/null; rm -rf '$dir'" >> "$STOP_FILE"
  redis_url=redis://127.0.0.1:$port/15
  log "started a throwaway Redis at 127.0.0.1:$port"
fi
echo "export CELERY_BROKER_URL=$redis_url"

# S3-compatible object storage: moto's server (from PyPI, requirements/dev.in), for the tests of shared
# file storage (safeguard/core/tests/objectstore.py).
s3_url=${TEST_S3_ENDPOINT_URL:-}
if [ -z "$s3_url" ]; then
  port=${TEST_S3_PORT:-$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  dir=$(mktemp -d /tmp/safeguard-s3.XXXXXX)
  .venv/bin/moto_server -H 127.0.0.1 -p "$port" >"$dir/log" 2>&1 &
  echo "kill $! 2>/dev/null; rm -rf '$dir'" >> "$STOP_FILE"
  s3_url=http://127.0.0.1:$port
  for _ in $(seq 100); do $PY -c "import requests,sys; requests.get(sys.argv[1], timeout=1)" "$s3_url" >/dev/null 2>&1 && break; sleep 0.2; done
  log "started an S3-compatible object store (moto) at 127.0.0.1:$port"
fi
echo "export TEST_S3_ENDPOINT_URL=$s3_url"
