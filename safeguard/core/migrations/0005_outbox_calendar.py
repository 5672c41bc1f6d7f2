from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_outbox_html_and_unsubscribe"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="calendar",
            field=models.TextField(blank=True),
        ),
    ]
