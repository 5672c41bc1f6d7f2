"""One audit chain per host council (docs/adr/0004-audit-trail.md).

The single chain head becomes the head of the chain for events of no host (key ""): the events recorded
before the split are all in that chain, linked as they were made, so their hashes and links stay valid.
On SQLite, adding a column rebuilds the table and drops its triggers: they are made again here.
"""

from django.conf import settings
from django.db import migrations, models

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;""",
]


def head_carry(apps, schema_editor):
    old, new = apps.get_model("core", "AuditChainHead"), apps.get_model("core", "AuditChain")
    for head in old.objects.all():
        new.objects.create(key="", last_hash=head.last_hash, length=head.length)


def head_carry_back(apps, schema_editor):
    old, new = apps.get_model("core", "AuditChainHead"), apps.get_model("core", "AuditChain")
    for head in new.objects.filter(key=""):
        old.objects.create(pk=1, last_hash=head.last_hash, length=head.length)


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_manual_editor_role'),
        ('core', '0004_outbox_html_and_unsubscribe'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChain',
            fields=[
                ('key', models.CharField(blank=True, max_length=40, primary_key=True, serialize=False)),
                ('last_hash', models.CharField(max_length=64)),
                ('length', models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(head_carry, head_carry_back),
        migrations.DeleteModel(
            name='AuditChainHead',
        ),
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.CharField(blank=True, default='', max_length=40),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['chain', 'id'], name='audit_chain_idx'),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
    ]
