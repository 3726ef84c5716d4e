"""A form field that chooses several rows by their ids, and refuses an id no row can have.

SQLite fails on an id beyond 64 bits in an `IN (...)` lookup instead of finding nothing (an
OverflowError, a 500); such an id is refused with the field's own message before it reaches
the database, as any other id that is not among the choices.
"""

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1  # no row has a larger id


def beyond_any_id(value) -> bool:
    try:
        return abs(int(str(value))) > LARGEST_ID
    except ValueError:
        return False


class RowsChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if beyond_any_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)
