"""A proposal has the language it is written in. The proposals that exist are written in
English (the only language the site offered), so they get `en-gb` — not whatever the site's
default is when this runs; new ones get the site's default unless they say otherwise."""

from django.db import migrations, models

import accounts.models
import proposals.models

HELP = (
    "The language the proposal is written in: its sections' titles and help and its PDF are "
    "in this language, whatever the language of the person reading it."
)


def language(default):
    return models.CharField(
        choices=accounts.models.offered_languages,
        default=default,
        help_text=HELP,
        max_length=15,
        verbose_name="language",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_translatable_labels"),
    ]

    operations = [
        operation
        for model_name in ["historicalproposal", "proposal"]
        for operation in [
            migrations.AddField(
                model_name=model_name,
                name="language",
                field=language("en-gb"),
                preserve_default=False,
            ),
            migrations.AlterField(
                model_name=model_name,
                name="language",
                field=language(proposals.models.site_language),
            ),
        ]
    ]
