"""gunicorn for Safeguard: `.venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi`.

Settings from the environment (deploy/systemd/safeguard-web.service reads /etc/safeguard/safeguard.env):
GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 × cores + 1), GUNICORN_TIMEOUT (60 s),
LOG_FORMAT (json) and LOG_LEVEL (INFO). Access and error logs go to stdout and stderr, for journald.
See docs/runbook.md.
"""

import multiprocessing
import os

from config.environment import env_file_read
from config.gunicorn_logger import SafeguardLogger

# The same .env as manage.py and Celery (the environment wins), so GUNICORN_* may be set there too.
env_file_read()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A grab pack PDF or a large export takes a few seconds; a request past this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Workers are replaced now and then, so a slow leak never grows large.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The TLS proxy on this machine: trust its X-Forwarded-Proto (Django reads it too: SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
SafeguardLogger.log_format = os.environ.get("LOG_FORMAT", "json")
logger_class = SafeguardLogger

proc_name = "safeguard"
# systemd manages the service (docs/runbook.md): no control socket under the service user's home.
control_socket_disable = True
# Workers' heartbeat files in memory, not on a disk that may stall (gunicorn makes them with
# tempfile.mkstemp and unlinks them at once, so a shared folder is safe).
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None


def child_exit(server, worker):
    # Prometheus figures from many workers (PROMETHEUS_MULTIPROC_DIR): forget a worker that has gone.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
