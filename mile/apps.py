from django.apps import AppConfig


class MileConfig(AppConfig):
    name = "mile"
    verbose_name = "E-mail"

    def ready(self):
        from mile import checks  # noqa: F401 (registers itself)
