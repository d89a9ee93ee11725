from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "decision_aid.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from decision_aid.core import signals  # noqa: F401  (connects the audit receivers)
