from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The site's shared pieces that know no domain: the Markdown sanitiser, the middleware,
    the audit trail's admin and the admin's safe autocomplete and import."""

    name = "common"
