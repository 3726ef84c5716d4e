"""Each workshop invitation records the address it was sent to (issue 14).

Links sent before this migration are taken to have gone to the delegate's current address;
so are their historical records.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_sent_to(apps, schema_editor):
    Registration = apps.get_model("workshops", "Registration")
    delegate = Registration.objects.filter(pk=OuterRef("registration_id"))
    for name in ("Invitation", "HistoricalInvitation"):
        apps.get_model("workshops", name).objects.update(
            email=Subquery(delegate.values("member__email")[:1])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learningsets", "0004_accountinvitation_email"),
        ("workshops", "0004_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinvitation",
            name="email",
            field=models.EmailField(
                default="", editable=False, max_length=254, verbose_name="sent to"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invitation",
            name="email",
            field=models.EmailField(
                default="", editable=False, max_length=254, verbose_name="sent to"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sent_to, migrations.RunPython.noop, elidable=True),
    ]
