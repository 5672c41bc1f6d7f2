"""Secrets kept encrypted at rest (core/secrets.py): Fernet under SAFEGUARD_SECRETS_KEY, or keys derived
from SECRET_KEY; rotation keeps them readable, a lost key says so."""

import pytest
from cryptography.fernet import Fernet

from safeguard.core.secrets import SecretUnreadable, secret_decrypt, secret_encrypt, secret_rotate


def test_a_secret_is_stored_encrypted_and_read_back(settings):
    settings.SAFEGUARD_SECRETS_KEY = [Fernet.generate_key().decode()]
    stored = secret_encrypt("client-secret")
    assert stored.startswith("fernet:") and "client-secret" not in stored
    assert secret_decrypt(stored) == "client-secret"
    assert secret_decrypt("stored-before-encryption") == "stored-before-encryption"
    assert secret_encrypt("") == "" and secret_decrypt("") == ""


def test_rotation_reencrypts_under_the_new_key_and_a_lost_key_says_so(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SAFEGUARD_SECRETS_KEY = [old]
    stored = secret_encrypt("mailbox-password")
    settings.SAFEGUARD_SECRETS_KEY = [new, old]
    assert secret_decrypt(stored) == "mailbox-password"
    rotated = secret_rotate(stored)
    settings.SAFEGUARD_SECRETS_KEY = [new]
    assert secret_decrypt(rotated) == "mailbox-password"
    with pytest.raises(SecretUnreadable):
        secret_decrypt(stored)


def test_without_a_key_secret_key_and_its_fallbacks_stand_in(settings):
    settings.SAFEGUARD_SECRETS_KEY = []
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "first-secret-key-" * 4, []
    stored = secret_encrypt("client-secret")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "second-secret-key-" * 4, ["first-secret-key-" * 4]
    assert secret_decrypt(stored) == "client-secret"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(SecretUnreadable):
        secret_decrypt(stored)
