"""Reading a maildir folder that the mail server delivers notifications into. The
read_notification_mailbox command calls `read_maildir` for the bytes of each message in new/ and hands
them to `parse_message` (through the e-mail drafts service). Nothing here moves or deletes a message:
moving each one to cur/ once it has been taken in is the caller's job, so that it is read once.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator

from .message import EmailIntakeError


def read_maildir(path: str) -> Iterator[tuple[str, bytes]]:
    """Yield (key, raw bytes) for each message in the maildir's new/ folder, oldest name first.

    The messages are left where they are: moving a message to cur/ once it has been taken in is
    the caller's job (mailbox.Maildir(path).get_message(key) ... set_subdir("cur")).
    """
    if not os.path.isdir(os.path.join(path, "new")):
        raise EmailIntakeError(f"{path} is not a maildir: it has no new/ folder.")
    box = mailbox.Maildir(path, factory=None, create=False)
    for name in sorted(os.listdir(os.path.join(path, "new"))):
        if name.startswith(".") or not os.path.isfile(os.path.join(path, "new", name)):
            continue
        key = name.split(box.colon, 1)[0]
        try:
            raw = box.get_bytes(key)
        except KeyError:  # delivered or moved while we were reading
            continue
        yield key, raw
