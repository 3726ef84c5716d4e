from django.apps import AppConfig


class MileConfig(AppConfig):
    """The project itself. It has no models any more; it stays installed for its migrations,
    which an existing database has applied (the outbox's tables were made by them)."""

    name = "mile"
    verbose_name = "MILE"

    def ready(self):
        from mile import checks, errors  # noqa: F401 (checks registers itself)

        errors.register()
