from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguard.core.secrets import EncryptedSecretField, SecretUnreadable, secret_rotate


class Command(BaseCommand):
    help = (
        "Encrypt every stored secret (single sign-on client secrets, mailbox passwords) again under the "
        "first key of SAFEGUARD_SECRETS_KEY, after a new key was put first. Run it before dropping the "
        "old key (README, Configuration)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        unreadable = []
        for model in apps.get_models():
            fields = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedSecretField)]
            if not fields:
                continue
            for row in model._default_manager.select_for_update():
                for name in fields:
                    try:
                        setattr(row, name, secret_rotate(getattr(row, name)))
                    except SecretUnreadable:
                        unreadable.append(f"{model._meta.label} {row.pk} {name}")
                row.save(update_fields=fields)
                count += 1
        if unreadable:
            raise CommandError(
                "No key in SAFEGUARD_SECRETS_KEY opens: " + ", ".join(unreadable) + ". Nothing was changed; "
                "put the old key back in the list, or type those secrets again on their settings pages."
            )
        self.stdout.write(f"{count} record(s) with secrets encrypted under the first key.")
