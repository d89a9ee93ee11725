from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "decision_aid.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from decision_aid.core import retention, signals  # noqa: F401  (audit receivers)

        retention.register(retention.SIGN_IN_LOGS)  # purge_expired deletes old ones (F7)
        retention.register(retention.EXPIRED_SESSIONS)  # issue 17 item 3
        retention.register(retention.TASK_RESULTS)
