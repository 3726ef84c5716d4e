"""The outbox's models, taken over from the `mile` app with their tables and rows.

On an existing database the tables were made by mile's migrations 0001-0006, and on a new one
too: this migration changes no table, it only records the models in this app's state. The
content types are renamed to this app, so that the permissions given to groups and users, the
admin's log entries and generic references to e-mails stay theirs.
"""

from functools import partial

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import outbox.kinds

MODELS = ["email", "emailtemplate"]


def rename_content_types(apps, schema_editor, *, old, new):
    """Rename the content types (their ids, and so every reference to them, stay)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("mile", "0006_move_outbox_to_its_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailTemplate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=outbox.kinds.choices, max_length=40, unique=True
                            ),
                        ),
                        ("subject", models.CharField(max_length=300)),
                        (
                            "body",
                            models.TextField(
                                help_text="Markdown with {{ placeholders }}; see the list below."
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "e-mail wording",
                        "verbose_name_plural": "e-mail wording",
                        "db_table": "mile_emailtemplate",
                        "ordering": ["kind"],
                    },
                ),
                migrations.CreateModel(
                    name="Email",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(choices=outbox.kinds.choices, max_length=40)),
                        ("to", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("subject", models.CharField(max_length=300)),
                        ("body_text", models.TextField()),
                        ("body_html", models.TextField(blank=True)),
                        ("attachments", models.JSONField(blank=True, default=list)),
                        ("dedupe_key", models.CharField(max_length=200, unique=True)),
                        ("object_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("about_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        (
                            "next_attempt_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        ("locked_until", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "about_type",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "e-mail",
                        "verbose_name_plural": "outbox",
                        "db_table": "mile_email",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["status", "next_attempt_at"],
                                name="mile_email_status_6b14f3_idx",
                            ),
                            models.Index(
                                fields=["about_type", "about_id", "status"],
                                name="mile_email_about_t_53f8f5_idx",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            partial(rename_content_types, old="mile", new="outbox"),
            partial(rename_content_types, old="outbox", new="mile"),
        ),
    ]
