from django.apps import AppConfig


class MileConfig(AppConfig):
    name = "mile"
    verbose_name = "E-mail"

    def ready(self):
        from mile import checks, page_cache, public_cache  # noqa: F401 (checks registers itself)

        public_cache.connect()
        page_cache.connect()
