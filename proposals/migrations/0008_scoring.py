"""Scoring: each funding source's rubric in versions, and the rounds of a proposal's review in
which each reviewer fills in a score sheet.

Each funding source gets a first version of its rubric with five criteria, named in the five
languages (the glossary's words: locale/GLOSSARY.md), weighted 25/20/20/15/20 and scored 0-5.
A proposal in review now is in its first round, opened when its review was last started.
"""

from decimal import Decimal

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# (weight, {language column: name}) for every criterion, in order.
CRITERIA = [
    (
        "25",
        {
            "en_gb": "Relevance to the sub-theme",
            "pt_pt": "Relevância para o subtema",
            "el": "Συνάφεια με το υποθέμα",
            "es": "Pertinencia para el subtema",
            "it": "Pertinenza rispetto al sottotema",
        },
    ),
    (
        "20",
        {
            "en_gb": "Partnership and local ownership",
            "pt_pt": "Parceria e apropriação local",
            "el": "Εταιρική σχέση και τοπική ιδιοκτησία",
            "es": "Asociación y apropiación local",
            "it": "Partenariato e titolarità locale",
        },
    ),
    (
        "20",
        {
            "en_gb": "Feasibility",
            "pt_pt": "Exequibilidade",
            "el": "Εφικτότητα",
            "es": "Viabilidad",
            "it": "Fattibilità",
        },
    ),
    (
        "15",
        {
            "en_gb": "Budget",
            "pt_pt": "Orçamento",
            "el": "Προϋπολογισμός",
            "es": "Presupuesto",
            "it": "Budget",
        },
    ),
    (
        "20",
        {
            "en_gb": "Sustainability",
            "pt_pt": "Sustentabilidade",
            "el": "Βιωσιμότητα",
            "es": "Sostenibilidad",
            "it": "Sostenibilità",
        },
    ),
]
FUNDING_SOURCES = ["erdf", "esf", "other_eu", "national", "other"]


def seed_rubrics(apps, schema_editor):
    RubricVersion = apps.get_model("proposals", "RubricVersion")
    Criterion = apps.get_model("proposals", "Criterion")
    for source in FUNDING_SOURCES:
        version = RubricVersion.objects.create(funding_source=source, number=1)
        Criterion.objects.bulk_create(
            Criterion(
                version=version,
                position=position,
                name=names["en_gb"],
                **{f"name_{column}": name for column, name in names.items()},
                weight=Decimal(weight),
                scale_min=0,
                scale_max=5,
            )
            for position, (weight, names) in enumerate(CRITERIA, start=1)
        )


def open_the_rounds_under_way(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    RubricVersion = apps.get_model("proposals", "RubricVersion")
    ReviewRound = apps.get_model("proposals", "ReviewRound")
    Transition = apps.get_model("proposals", "Transition")
    rubrics = {version.funding_source: version for version in RubricVersion.objects.all()}
    for proposal in Proposal.objects.filter(status="in_review"):
        started = (
            Transition.objects.filter(proposal=proposal, to_status="in_review")
            .order_by("-at", "-pk")
            .values_list("at", flat=True)
            .first()
        )
        ReviewRound.objects.create(
            proposal=proposal,
            number=1,
            rubric_version=rubrics.get(proposal.funding_source),
            opened_at=started or proposal.updated_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0007_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RubricVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "funding_source",
                    models.CharField(
                        choices=[
                            ("erdf", "ERDF (European Regional Development Fund)"),
                            ("esf", "ESF (European Social Fund)"),
                            ("other_eu", "Other EU programme"),
                            ("national", "National funding"),
                            ("other", "Other funding"),
                        ],
                        max_length=10,
                        verbose_name="funding source",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "rubric",
                "verbose_name_plural": "rubrics",
                "ordering": ["funding_source", "-number"],
            },
        ),
        migrations.CreateModel(
            name="ReviewRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="round")),
                (
                    "opened_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="opened at"
                    ),
                ),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="ended at")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("in_review", "In review"),
                            ("changes_requested", "Changes requested"),
                            ("approved", "Approved"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=20,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_rounds",
                        to="proposals.proposal",
                        verbose_name="proposal",
                    ),
                ),
                (
                    "rubric_version",
                    models.ForeignKey(
                        blank=True,
                        help_text="The rubric current when the round opened; none if its fund had none.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rounds",
                        to="proposals.rubricversion",
                        verbose_name="rubric version",
                    ),
                ),
            ],
            options={
                "verbose_name": "review round",
                "verbose_name_plural": "review rounds",
                "ordering": ["proposal", "number"],
            },
        ),
        migrations.CreateModel(
            name="Criterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("name_en_gb", models.CharField(max_length=200, null=True, verbose_name="name")),
                ("name_pt_pt", models.CharField(max_length=200, null=True, verbose_name="name")),
                ("name_el", models.CharField(max_length=200, null=True, verbose_name="name")),
                ("name_es", models.CharField(max_length=200, null=True, verbose_name="name")),
                ("name_it", models.CharField(max_length=200, null=True, verbose_name="name")),
                (
                    "weight",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="How much the criterion counts in the total, against the others.",
                        max_digits=5,
                        verbose_name="weight",
                    ),
                ),
                ("scale_min", models.SmallIntegerField(default=0, verbose_name="lowest score")),
                ("scale_max", models.SmallIntegerField(default=5, verbose_name="highest score")),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="criteria",
                        to="proposals.rubricversion",
                        verbose_name="rubric version",
                    ),
                ),
            ],
            options={
                "verbose_name": "criterion",
                "verbose_name_plural": "criteria",
                "ordering": ["version", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ScoreSheet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="updated at"
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewer",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sheets",
                        to="proposals.reviewround",
                        verbose_name="round",
                    ),
                ),
            ],
            options={
                "verbose_name": "score sheet",
                "verbose_name_plural": "score sheets",
                "ordering": ["round", "created_at", "pk"],
                "permissions": [("score_proposal", "Can score proposals in review")],
            },
        ),
        migrations.CreateModel(
            name="Score",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.SmallIntegerField(verbose_name="score")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="proposals.criterion",
                        verbose_name="criterion",
                    ),
                ),
                (
                    "sheet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="proposals.scoresheet",
                        verbose_name="score sheet",
                    ),
                ),
            ],
            options={
                "verbose_name": "score",
                "verbose_name_plural": "scores",
                "ordering": ["sheet", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="rubricversion",
            constraint=models.UniqueConstraint(
                fields=("funding_source", "number"), name="rubric_version_per_funding_source"
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewround",
            constraint=models.UniqueConstraint(
                fields=("proposal", "number"), name="review_round_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewround",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)),
                fields=("proposal",),
                name="review_round_one_open_per_proposal",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.CheckConstraint(
                condition=models.Q(("weight__gt", 0)),
                name="criterion_weight_positive",
                violation_error_message="A weight must be greater than 0.",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.CheckConstraint(
                condition=models.Q(("scale_max__gt", models.F("scale_min"))),
                name="criterion_scale_max_above_min",
                violation_error_message="The highest score must be above the lowest.",
            ),
        ),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.UniqueConstraint(
                fields=("round", "reviewer"), name="score_sheet_per_reviewer"
            ),
        ),
        migrations.AddConstraint(
            model_name="score",
            constraint=models.UniqueConstraint(
                fields=("sheet", "criterion"), name="score_per_criterion"
            ),
        ),
        migrations.RunPython(seed_rubrics, migrations.RunPython.noop),
        migrations.RunPython(open_the_rounds_under_way, migrations.RunPython.noop),
    ]
