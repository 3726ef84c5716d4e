from django.db import migrations, models
from django.db.models import F

HELP = "Markdown with {{ placeholders }}; see the list below."


def english_kept(apps, schema_editor):
    """The team's wording so far is English: it becomes the English of each wording."""
    EmailTemplate = apps.get_model("outbox", "EmailTemplate")
    EmailTemplate.objects.update(subject_en_gb=F("subject"), body_en_gb=F("body"))


def english_back(apps, schema_editor):
    EmailTemplate = apps.get_model("outbox", "EmailTemplate")
    EmailTemplate.objects.filter(subject_en_gb__isnull=False).update(subject=F("subject_en_gb"))
    EmailTemplate.objects.filter(body_en_gb__isnull=False).update(body=F("body_en_gb"))


class Migration(migrations.Migration):
    """The team's wording of an e-mail in each language (outbox/translation.py)."""

    dependencies = [
        ("outbox", "0003_email_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="emailtemplate",
            name="subject_en_gb",
            field=models.CharField(max_length=300, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="body_en_gb",
            field=models.TextField(help_text=HELP, null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="subject_pt_pt",
            field=models.CharField(max_length=300, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="body_pt_pt",
            field=models.TextField(help_text=HELP, null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="subject_el",
            field=models.CharField(max_length=300, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="body_el",
            field=models.TextField(help_text=HELP, null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="subject_es",
            field=models.CharField(max_length=300, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="body_es",
            field=models.TextField(help_text=HELP, null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="subject_it",
            field=models.CharField(max_length=300, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailtemplate",
            name="body_it",
            field=models.TextField(help_text=HELP, null=True, verbose_name="body"),
        ),
        migrations.RunPython(english_kept, english_back),
    ]
