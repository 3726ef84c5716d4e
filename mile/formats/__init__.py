"""The platform's date, time and number formats per language (FORMAT_MODULE_PATH).

Django looks a named format up here first (`mile.formats.pt_PT`, then `mile.formats.pt`),
then in its own `django.conf.locale`: each module sets only what a reader of its language
expects and Django's does not give. Besides Django's names (DATE_FORMAT, SHORT_DATE_FORMAT,
DATETIME_FORMAT, SHORT_DATETIME_FORMAT, TIME_FORMAT, MONTH_DAY_FORMAT, YEAR_MONTH_FORMAT...),
the platform names one more, read through `common.l10n.date_format`:

- WEEKDAY_DATE_FORMAT: a day with its weekday, as a heading of an agenda's day.

Every language here writes the day before the month, which `common.l10n.date_range` relies on.
The month and weekday names come from Django's catalogues; `mile/formats/locale` writes them
in lower case where Django's catalogue capitalises them (European Portuguese, Italian).
"""
