from django.apps import AppConfig


class LearningSetsConfig(AppConfig):
    name = "learningsets"
    verbose_name = "Action Learning Sets"

    def ready(self):
        # The outbox learns the account invitation and its link, in every sending process.
        from learningsets import emails

        emails.register()
