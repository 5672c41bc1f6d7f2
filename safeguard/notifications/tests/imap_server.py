"""A real IMAP server on loopback for the mailbox tests: Dovecot (Debian's dovecot-imapd, which
`make test` installs when missing), started with a configuration of its own under a temporary folder,
IMAPS only, with a self-signed certificate made at start (openssl) that the test trusts as its CA."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER = "notifications@luton.gov.uk"
PASSWORD = "mailbox-password-1"  # noqa: S105
# A second council's mailbox on the same server (a shared deployment: each host its own mailbox).
SECOND_USER = "notifications@keynes.gov.uk"
SECOND_PASSWORD = "mailbox-password-2"  # noqa: S105

CONFIG = """
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{dir}/cert.pem
ssl_key = <{dir}/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
disable_plaintext_auth = yes
default_login_user = {login_user}
default_internal_user = {internal_user}
{first_valid_uid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
"""


@dataclass
class RunningImap:
    host: str
    port: int
    ca_file: str
    user: str = USER
    password: str = PASSWORD
    second_user: str = SECOND_USER
    second_password: str = SECOND_PASSWORD


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot",) if Path(p).exists()), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dovecot_server():
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("Dovecot is not installed: run `make test`, which installs dovecot-imapd.")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="safeguard-imap-", ignore_cleanup_errors=True) as folder:
        root = Path(folder)
        os.chmod(root, 0o755)
        subprocess.run(  # noqa: S603
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                str(root / "key.pem"),
                "-out",
                str(root / "cert.pem"),
            ],  # fmt: skip
            check=True,
            capture_output=True,
        )
        if os.geteuid() == 0:
            mail_user = pwd.getpwnam("dovecot")
            uid, gid = mail_user.pw_uid, mail_user.pw_gid
            login_user, internal_user, first_valid_uid = "dovenull", "dovecot", f"first_valid_uid = {uid}"
        else:
            uid, gid = os.getuid(), os.getgid()
            name = pwd.getpwuid(uid).pw_name
            login_user = internal_user = name
            first_valid_uid = f"first_valid_uid = {uid}"
        for sub in ("run", "state", "home"):
            (root / sub).mkdir()
        os.chown(root / "home", uid, gid)
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n{SECOND_USER}:{{PLAIN}}{SECOND_PASSWORD}\n")
        config = root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                dir=folder,
                port=port,
                uid=uid,
                gid=gid,
                login_user=login_user,
                internal_user=internal_user,
                first_valid_uid=first_valid_uid,
            )
        )
        # Dovecot goes into the background: its output to a file, not a pipe it would hold open.
        with open(root / "start.log", "wb") as start_log:
            started = subprocess.run([binary, "-c", str(config)], stdout=start_log, stderr=start_log)  # noqa: S603
        if started.returncode != 0:
            raise RuntimeError(f"Dovecot did not start: {(root / 'start.log').read_text()}")
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                        raise RuntimeError(f"Dovecot did not answer on {port}: {log}") from None
                    time.sleep(0.2)
            yield RunningImap(host="127.0.0.1", port=port, ca_file=str(root / "cert.pem"))
        finally:
            subprocess.run([binary, "-c", str(config), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
            time.sleep(0.5)
