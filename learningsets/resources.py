"""Members imported from the lists partners send by e-mail (CSV, XLSX), all or nothing."""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from learningsets.models import LearningSet, Member, SubTheme
from learningsets.services import member_link_account
from partners.models import Partner

COLUMNS = {
    "partner": "Partner",
    "sub_theme": "Sub-theme",
    "name": "Name",
    "email": "E-mail",
    "organisation": "Organisation",
    "position": "Position",
    "actor_type": "Type of actor",
}
# Headers as people write them, to the column they mean.
HEADER_ALIASES = {
    **{column.lower(): column for column in COLUMNS.values()},
    "email": "E-mail",
    "e-mail address": "E-mail",
    "subtheme": "Sub-theme",
    "sub theme": "Sub-theme",
    "actor type": "Type of actor",
}


class TextWidget(widgets.CharWidget):
    """Text from a spreadsheet cell, without the spaces around it."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip()


class ActorTypeWidget(widgets.Widget):
    """A type of actor by its label ("Practitioner") or its code ("practitioner")."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        for code, label in Member.ActorType.choices:
            if text in (code, label.lower()):
                return code
        known = ", ".join(label for _, label in Member.ActorType.choices)
        raise ValueError(f"Unknown type of actor “{value or ''}”: use one of {known}.")

    def render(self, value, obj=None, **kwargs):
        return Member.ActorType(value).label if value else ""


def _number(value) -> str:
    """A cell as text; spreadsheets store the whole number 2 as 2.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


class MemberResource(resources.ModelResource):
    """Every row adds a member to a partner's learning set on a sub-theme."""

    partner = fields.Field(
        attribute="learning_set__partner__name", column_name=COLUMNS["partner"], readonly=True
    )
    sub_theme = fields.Field(
        attribute="learning_set__sub_theme__name",
        column_name=COLUMNS["sub_theme"],
        readonly=True,
    )
    name = fields.Field(attribute="name", column_name=COLUMNS["name"], widget=TextWidget())
    email = fields.Field(attribute="email", column_name=COLUMNS["email"], widget=TextWidget())
    organisation = fields.Field(
        attribute="organisation", column_name=COLUMNS["organisation"], widget=TextWidget()
    )
    position = fields.Field(
        attribute="position", column_name=COLUMNS["position"], widget=TextWidget()
    )
    actor_type = fields.Field(
        attribute="actor_type", column_name=COLUMNS["actor_type"], widget=ActorTypeWidget()
    )

    class Meta:
        model = Member
        name = "Members"
        fields = tuple(COLUMNS)
        import_order = fields
        export_order = fields
        force_init_instance = True  # every row is a new member; nobody is overwritten
        use_transactions = True

    def import_data(self, dataset, **kwargs):
        """All or nothing: one bad row rolls every row back."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        dataset.headers = [
            HEADER_ALIASES.get(str(header or "").strip().lower(), header)
            for header in dataset.headers
        ]
        self._missing_columns = [c for c in COLUMNS.values() if c not in dataset.headers]
        self._partners = {}
        for partner in Partner.objects.all():
            self._partners[partner.name.lower()] = self._partners[partner.slug] = partner
        self._sub_themes = {}
        for sub_theme in SubTheme.objects.all():
            for key in (str(sub_theme.number), sub_theme.name.lower(), sub_theme.slug):
                self._sub_themes[key] = sub_theme
        self._learning_sets = {
            (ls.partner_id, ls.sub_theme_id): ls
            for ls in LearningSet.objects.select_related("partner", "sub_theme")
        }
        self._rows_by_email = {}

    def import_instance(self, instance, row, **kwargs):
        if self._missing_columns:
            return  # validate_instance says which
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        partner = self._partners.get(_number(row[COLUMNS["partner"]]).lower())
        sub_theme = self._sub_themes.get(_number(row[COLUMNS["sub_theme"]]).lower())
        if partner is None:
            errors["partner"] = [f"No partner is called “{row[COLUMNS['partner']] or ''}”."]
        if sub_theme is None:
            errors["sub_theme"] = [
                f"No sub-theme has the number or name “{row[COLUMNS['sub_theme']] or ''}”."
            ]
        if partner and sub_theme:
            learning_set = self._learning_sets.get((partner.pk, sub_theme.pk))
            if learning_set is None:
                errors["sub_theme"] = [f"{partner} has no learning set on {sub_theme}."]
            else:
                instance.learning_set = learning_set
                if instance.email and "email" not in errors:
                    self._check_email(instance, kwargs["row_number"], errors)
        if errors:
            raise ValidationError(errors)

    def _check_email(self, member: Member, row_number: int, errors: dict) -> None:
        """Each e-mail address once per learning set, in the file and in the database."""
        key = (member.learning_set.pk, member.email.lower())
        earlier = self._rows_by_email.setdefault(key, row_number)
        if earlier != row_number:
            errors["email"] = [
                f"{member.email} is on row {earlier} too, for the same learning set."
            ]
        elif Member.objects.filter(
            learning_set=member.learning_set, email__iexact=member.email
        ).exists():
            errors["email"] = [f"{member.email} is already a member of {member.learning_set.name}."]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Every error of the row at once, each under the column it is about."""
        if self._missing_columns:
            raise ValidationError(f"The file has no column {', '.join(self._missing_columns)}.")
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if {"partner", "sub_theme"} & exclude:
            exclude.add("learning_set")
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(
                {COLUMNS.get(name, name): messages for name, messages in errors.items()}
            )

    def before_save_instance(self, instance, row, **kwargs):
        member_link_account(instance)
