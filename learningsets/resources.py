"""Members imported from the lists partners send by e-mail (CSV, XLSX), all or nothing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from modeltranslation.utils import get_translation_fields

from common.admin_export import FormulaSafeExport
from learningsets.models import LearningSet, Member, SubTheme
from learningsets.services import member_link_account
from partners.models import Partner

# Each field's column, headed in the reader's language.
COLUMNS = {
    "partner": _("Partner"),
    "sub_theme": _("Sub-theme"),
    "name": _("Name"),
    "email": _("E-mail"),
    "organisation": _("Organisation"),
    "position": _("Position"),
    "actor_type": _("Type of actor"),
}
# Headers as people write them in English, whatever the reader's language, to their field.
HEADER_ALIASES = {
    "partner": "partner",
    "sub-theme": "sub_theme",
    "subtheme": "sub_theme",
    "sub theme": "sub_theme",
    "name": "name",
    "e-mail": "email",
    "email": "email",
    "e-mail address": "email",
    "organisation": "organisation",
    "position": "position",
    "type of actor": "actor_type",
    "actor type": "actor_type",
}


def column(name: str) -> str:
    """The header of a field's column, in the reader's language."""
    return str(COLUMNS[name])


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
        known = ", ".join(str(label) for label in Member.ActorType.labels)
        unknown = gettext("Unknown type of actor “{value}”: use one of {known}.")
        raise ValueError(unknown.format(value=value or "", known=known))

    def render(self, value, obj=None, **kwargs):
        return Member.ActorType(value).label if value else ""


def sub_theme_names(sub_theme: SubTheme) -> list[str]:
    """Its name in each language it is written in: a partner's list may use any of them."""
    return [
        name for column in get_translation_fields("name") if (name := getattr(sub_theme, column))
    ]


def _number(value) -> str:
    """A cell as text; spreadsheets store the whole number 2 as 2.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


class MemberResource(FormulaSafeExport, resources.ModelResource):
    """Every row adds a member to a partner's learning set on a sub-theme; exported, a row is
    a member as the import reads it."""

    partner = fields.Field(attribute="learning_set__partner__name", readonly=True)
    sub_theme = fields.Field(attribute="learning_set__sub_theme__name", readonly=True)
    name = fields.Field(attribute="name", widget=TextWidget())
    email = fields.Field(attribute="email", widget=TextWidget())
    organisation = fields.Field(attribute="organisation", widget=TextWidget())
    position = fields.Field(attribute="position", widget=TextWidget())
    actor_type = fields.Field(attribute="actor_type", widget=ActorTypeWidget())

    class Meta:
        model = Member
        name = _("Members")
        fields = tuple(COLUMNS)
        import_order = fields
        export_order = fields
        force_init_instance = True  # every row is a new member; nobody is overwritten
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Per resource, that is per request: the headers follow the reader's language.
        for name, field in self.fields.items():
            field.column_name = column(name)

    def import_data(self, dataset, **kwargs):
        """All or nothing: one bad row rolls every row back."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        aliases = {**HEADER_ALIASES, **{column(name).lower(): name for name in COLUMNS}}
        dataset.headers = [
            column(field) if (field := aliases.get(str(header or "").strip().lower())) else header
            for header in dataset.headers
        ]
        self._missing_columns = [column(n) for n in COLUMNS if column(n) not in dataset.headers]
        self._partners = {}
        for partner in Partner.objects.all():
            self._partners[partner.name.lower()] = self._partners[partner.slug] = partner
        self._sub_themes = {}
        for sub_theme in SubTheme.objects.all():
            names = [name.lower() for name in sub_theme_names(sub_theme)]
            for key in (str(sub_theme.number), *names, sub_theme.slug):
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
        partner_cell, sub_theme_cell = row[column("partner")], row[column("sub_theme")]
        partner = self._partners.get(_number(partner_cell).lower())
        sub_theme = self._sub_themes.get(_number(sub_theme_cell).lower())
        if partner is None:
            no_partner = gettext("No partner is called “{partner}”.")
            errors["partner"] = [no_partner.format(partner=partner_cell or "")]
        if sub_theme is None:
            no_sub_theme = gettext("No sub-theme has the number or name “{sub_theme}”.")
            errors["sub_theme"] = [no_sub_theme.format(sub_theme=sub_theme_cell or "")]
        if partner and sub_theme:
            learning_set = self._learning_sets.get((partner.pk, sub_theme.pk))
            if learning_set is None:
                no_set = gettext("{partner} has no learning set on {sub_theme}.")
                errors["sub_theme"] = [no_set.format(partner=partner, sub_theme=sub_theme)]
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
            twice = gettext("{email} is on row {row} too, for the same learning set.")
            errors["email"] = [twice.format(email=member.email, row=earlier)]
        elif Member.objects.filter(
            learning_set=member.learning_set, email__iexact=member.email
        ).exists():
            member_already = gettext("{email} is already a member of {learning_set}.")
            learning_set = member.learning_set.name
            errors["email"] = [member_already.format(email=member.email, learning_set=learning_set)]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Every error of the row at once, each under the column it is about."""
        if self._missing_columns:
            missing = gettext("The file has no column {columns}.")
            raise ValidationError(missing.format(columns=", ".join(self._missing_columns)))
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
                {
                    column(name) if name in COLUMNS else name: messages
                    for name, messages in errors.items()
                }
            )

    def before_save_instance(self, instance, row, **kwargs):
        member_link_account(instance)
