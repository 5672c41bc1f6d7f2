"""Trigram index on the generated search_name (PostgreSQL), replacing the expression index of 0003."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS child_full_name_trgm", params=None)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS child_search_name_trgm ON register_child USING gin (search_name gin_trgm_ops)",
        params=None,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS child_search_name_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("register", "0005_local_id_index")]
    operations = [migrations.RunPython(forwards, backwards)]
