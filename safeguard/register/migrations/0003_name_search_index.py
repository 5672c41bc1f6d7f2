"""Trigram index for fuzzy name search on the register (PostgreSQL only)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS child_full_name_trgm ON register_child "
        "USING gin ((first_name || ' ' || last_name) gin_trgm_ops)",
        params=None,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS child_full_name_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("register", "0002_child_facts_and_history")]
    operations = [migrations.RunPython(forwards, backwards)]
