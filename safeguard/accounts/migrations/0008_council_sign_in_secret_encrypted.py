"""The single sign-on client secret kept encrypted at rest (safeguard/core/secrets.py, docs/adr/0034):
the column becomes text, and a secret stored in plain text before is encrypted in place."""

from django.db import migrations

import safeguard.core.secrets


def encrypt_plaintext_secrets(apps, schema_editor):
    from safeguard.core.secrets import PREFIX, secret_encrypt

    CouncilSignIn = apps.get_model("accounts", "CouncilSignIn")
    for row in CouncilSignIn.objects.exclude(client_secret="").exclude(client_secret__startswith=PREFIX):
        row.client_secret = secret_encrypt(row.client_secret)
        row.save(update_fields=["client_secret"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_council_sign_in")]

    operations = [
        migrations.AlterField(
            model_name="councilsignin",
            name="client_secret",
            field=safeguard.core.secrets.EncryptedSecretField(blank=True),
        ),
        migrations.RunPython(encrypt_plaintext_secrets, migrations.RunPython.noop),
    ]
