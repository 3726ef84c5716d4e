from django.apps import AppConfig


class LearningSetsConfig(AppConfig):
    name = "learningsets"
    verbose_name = "Action Learning Sets"
