"""Each e-mail's workshop is copied into its "about" reference (see 0004)."""

from django.db import migrations
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
        ("mile", "0004_email_about"),
        ("workshops", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(workshop_to_about, about_to_workshop),
    ]
