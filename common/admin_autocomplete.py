"""Autocomplete fields that survive a hostile post.

Django's autocomplete widgets look the posted value up in the database when a form with errors
is shown again; a value that is not an id at all ("abc") makes that lookup raise, a 500
instead of the form's own "Select a valid choice" (so does a number beyond the database's
integers). These widgets skip such values: the field's
validation has already said what is wrong with them.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


class _ValidValuesOnly:
    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field
        opts = target.model._meta
        key = opts.get_field(getattr(target, "field_name", None) or opts.pk.name)

        def is_key(item) -> bool:
            try:
                key.run_validators(key.to_python(item))  # the validators hold the id's range
            except (ValidationError, TypeError, ValueError):
                return False
            return True

        return super().optgroups(name, [item for item in value if is_key(item)], attr)


class AutocompleteSelect(_ValidValuesOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ValidValuesOnly, widgets.AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdmin:
    """A ModelAdmin mixin: its autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
