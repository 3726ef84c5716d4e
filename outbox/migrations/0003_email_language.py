from django.db import migrations, models

import outbox.models


class Migration(migrations.Migration):
    """Every e-mail records the language it is written in; the ones before were all English."""

    dependencies = [
        ("outbox", "0002_translatable_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="language",
            field=models.CharField(
                choices=outbox.models.languages,
                default="en-gb",
                max_length=15,
                verbose_name="language",
            ),
            preserve_default=False,
        ),
    ]
