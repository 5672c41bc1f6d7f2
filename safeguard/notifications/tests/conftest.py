import pytest

from safeguard.notifications.tests.imap_server import dovecot_server


@pytest.fixture(scope="session")
def imap_server():
    """A real IMAP server (Dovecot, IMAPS with a certificate made at start) on loopback for the session."""
    with dovecot_server() as server:
        yield server
