"""An e-mail's workshop becomes a generic "about" reference, so that the outbox names no domain
app: the reference's columns and index. The next migration copies each workshop into it, the
one after drops the foreign key; each in a transaction of its own, since PostgreSQL cannot
alter a table with foreign-key checks pending from an UPDATE in the same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("mile", "0003_account_email_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="about_type",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="email",
            index=models.Index(
                fields=["about_type", "about_id", "status"], name="mile_email_about_t_53f8f5_idx"
            ),
        ),
    ]
