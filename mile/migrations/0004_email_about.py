"""An e-mail's workshop becomes a generic "about" reference, so that the outbox names no domain
app. The workshop's id is copied into it; the foreign key goes in the next migration (on
PostgreSQL a table with pending foreign-key checks cannot be altered in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def workshop_to_about(apps, schema_editor):
    Email = apps.get_model("mile", "Email")
    ContentType = apps.get_model("contenttypes", "ContentType")
    about_workshops = Email.objects.filter(workshop__isnull=False)
    if not about_workshops.exists():
        return  # a fresh database: the content types are made after the migrations
    workshop_type, _ = ContentType.objects.get_or_create(app_label="workshops", model="workshop")
    about_workshops.update(about_type=workshop_type, about_id=F("workshop_id"))


def about_to_workshop(apps, schema_editor):
    Email = apps.get_model("mile", "Email")
    Workshop = apps.get_model("workshops", "Workshop")
    Email.objects.filter(
        about_type__app_label="workshops",
        about_type__model="workshop",
        about_id__in=Workshop.objects.values("pk"),
    ).update(workshop_id=F("about_id"))


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
        migrations.RunPython(workshop_to_about, about_to_workshop),
    ]
