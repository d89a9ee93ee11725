from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "decision_aid.core"
    label = "core"
    verbose_name = "Core"
