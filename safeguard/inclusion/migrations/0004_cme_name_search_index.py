"""Trigram indexes for the CME register's name search (PostgreSQL only): `icontains` is
UPPER(name::text) LIKE UPPER('%word%'), which these serve instead of reading every case."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    for column in ("first_name", "last_name"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS cme_{column}_trgm ON inclusion_cmecase "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ("first_name", "last_name"):
            schema_editor.execute(f"DROP INDEX IF EXISTS cme_{column}_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("inclusion", "0003_deletion_grounds_of_reg_9")]
    operations = [migrations.RunPython(forwards, backwards)]
