"""Reading the council's shared notifications mailbox over IMAP with TLS (imap-tools), as
`read_maildir` reads a maildir: this module yields each message's bytes and, once the caller has
taken it in, marks it on the server (moved to a folder, or flagged). Taking a message in exactly once
is the caller's job (services.mailbox_message_take keys it before it is marked here).
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass

from imap_tools import AND, MailBox
from imap_tools.errors import MailboxLoginError

from .message import EmailIntakeError


@dataclass(frozen=True)
class ImapMailbox:
    host: str
    port: int = 993
    username: str = ""
    password: str = ""
    folder: str = "INBOX"
    # Messages taken in are moved here (created when missing). Empty: they are flagged (\\Flagged) and
    # stay where they are, and the reader takes only unflagged messages.
    done_folder: str = "Taken into Safeguard"
    # A CA certificate (PEM) to trust besides the system's: a council's own certificate authority.
    ca_file: str = ""
    timeout: float = 60.0

    @property
    def label(self) -> str:
        return f"imap://{self.username}@{self.host}:{self.port}/{self.folder}"


def _tls(config: ImapMailbox) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=config.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def read_imap(config: ImapMailbox, take: Callable[[str, bytes], None]) -> int:
    """Call `take(uid_key, raw)` for each message waiting in the folder, oldest first, and mark it once
    `take` returns (an exception from `take` leaves that message unmarked, to be read again). The key is
    "UIDVALIDITY:UID". Returns how many messages were marked."""
    try:
        box = MailBox(config.host, config.port, timeout=config.timeout, ssl_context=_tls(config))
    except (OSError, ssl.SSLError) as problem:
        raise EmailIntakeError(f"Could not reach the mailbox at {config.host}:{config.port}: {problem}") from None
    try:
        box.login(config.username, config.password, initial_folder=config.folder)
    except MailboxLoginError:
        raise EmailIntakeError(f"The mailbox refused the sign-in for {config.username}") from None
    marked = 0
    with box:
        validity = box.folder.status(config.folder, ["UIDVALIDITY"])["UIDVALIDITY"]
        if config.done_folder and not box.folder.exists(config.done_folder):
            box.folder.create(config.done_folder)
        waiting = box.uids(AND(all=True) if config.done_folder else AND(flagged=False))
        for uid in sorted(waiting, key=int):
            status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), None) if status == "OK" else None
            if raw is None:  # gone since the search (another reader moved it)
                continue
            take(f"{validity}:{uid}", raw)
            if config.done_folder:
                box.move(uid, config.done_folder)
            else:
                box.flag(uid, "\\Flagged", True)
            marked += 1
    return marked
