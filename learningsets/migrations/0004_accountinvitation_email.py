"""Each account invitation records the address it was sent to (issue 14).

Links sent before this migration are taken to have gone to the member's current address.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_sent_to(apps, schema_editor):
    AccountInvitation = apps.get_model("learningsets", "AccountInvitation")
    Member = apps.get_model("learningsets", "Member")
    AccountInvitation.objects.update(
        email=Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("email")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learningsets", "0003_accountinvitation"),
    ]

    operations = [
        migrations.AddField(
            model_name="accountinvitation",
            name="email",
            field=models.EmailField(
                default="", editable=False, max_length=254, verbose_name="sent to"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sent_to, migrations.RunPython.noop, elidable=True),
    ]
