from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "decision_aid.journey"
    label = "journey"
    verbose_name = "Patient journey"
