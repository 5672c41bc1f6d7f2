from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_chain_per_host"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="calendar",
            field=models.TextField(blank=True),
        ),
    ]
