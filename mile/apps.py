from django.apps import AppConfig


class MileConfig(AppConfig):
    name = "mile"
    verbose_name = "E-mail"

    def ready(self):
        from mile import checks, public_cache  # noqa: F401 (checks registers itself)

        public_cache.connect()
