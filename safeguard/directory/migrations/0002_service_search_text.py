"""What a service is found by (name, description, organisation, lower case), with a trigram index on
PostgreSQL that serves `search_text LIKE '%word%'` (pg_trgm, as the register's name search)."""

from django.db import migrations, models


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_search_trgm ON directory_service "
        "USING gin (search_text gin_trgm_ops)",
        params=None,
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_services_directory")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(trigram_index, trigram_index_drop),
    ]
