from django.apps import AppConfig


class LearningSetsConfig(AppConfig):
    name = "learningsets"
    verbose_name = "Action Learning Sets"

    def ready(self):
        # Registers how the outbox makes account invitation links, in every sending process.
        from learningsets import invitations  # noqa: F401
