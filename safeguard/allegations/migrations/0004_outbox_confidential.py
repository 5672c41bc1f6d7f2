"""LADO messages written before the outbox's `confidential` flag carry it too (until then core knew them
by their purpose's prefix). Audit events are not changed: the flag is part of an event's hash, and no
council's trail predates the flag (docs/adr/0015-layers.md)."""

from django.db import migrations


def mark_confidential(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    OutboxMessage.objects.filter(purpose__startswith="lado.").update(confidential=True)


class Migration(migrations.Migration):
    dependencies = [
        ("allegations", "0003_suspected_automated"),
        ("core", "0003_confidential"),
    ]

    operations = [migrations.RunPython(mark_confidential, migrations.RunPython.noop)]
