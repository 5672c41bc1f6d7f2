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


def _open(config: ImapMailbox) -> MailBox:
    """Connected and signed in, with the folder chosen; EmailIntakeError says what went wrong."""
    try:
        context = _tls(config)
    except (OSError, ssl.SSLError):
        raise EmailIntakeError(f"{config.ca_file} is not a CA certificate (PEM) Safeguard can read") from None
    try:
        box = MailBox(config.host, config.port, timeout=config.timeout, ssl_context=context)
    except ssl.SSLCertVerificationError as problem:
        raise EmailIntakeError(
            f"The mailbox at {config.host}:{config.port} answered, but its certificate is not one Safeguard "
            f"trusts ({problem.verify_message}): check the server's name, or give its CA file"
        ) from None
    except (OSError, ssl.SSLError) as problem:
        raise EmailIntakeError(f"Could not reach the mailbox at {config.host}:{config.port}: {problem}") from None
    try:
        box.login(config.username, config.password, initial_folder=None)
    except MailboxLoginError:
        raise EmailIntakeError(f"The mailbox refused the sign-in for {config.username}") from None
    if not box.folder.exists(config.folder):
        box.logout()
        raise EmailIntakeError(f"The mailbox of {config.username} has no folder {config.folder!r}")
    box.folder.set(config.folder)
    return box


def check_imap(config: ImapMailbox) -> int:
    """Connect, sign in and open the folder, as a reading would, without taking anything: how many
    messages are waiting. EmailIntakeError says what is wrong."""
    box = _open(config)
    with box:
        return len(box.uids(AND(all=True) if config.done_folder else AND(flagged=False)))


def read_imap(config: ImapMailbox, take: Callable[[str, bytes], None]) -> int:
    """Call `take(uid_key, raw)` for each message waiting in the folder, oldest first, and mark it once
    `take` returns (an exception from `take` leaves that message unmarked, to be read again). The key is
    "UIDVALIDITY:UID". Returns how many messages were marked."""
    box = _open(config)
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
