from django.apps import AppConfig


class MileConfig(AppConfig):
    name = "mile"
    verbose_name = "E-mail"
