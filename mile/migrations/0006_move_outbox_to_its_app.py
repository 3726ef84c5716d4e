"""The outbox's models move to the `outbox` app, keeping their tables and rows: they leave this
app's state only (outbox/migrations/0001_initial.py takes them up)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mile", "0005_email_about_the_workshop"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="email", name="mile_email_worksho_720a95_idx"),
        migrations.RemoveField(model_name="email", name="workshop"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Email"),
                migrations.DeleteModel(name="EmailTemplate"),
            ],
            database_operations=[],
        ),
    ]
