from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentConfig(AppConfig):
    name = "decision_aid.content"
    label = "content"
    verbose_name = "Treatment catalogue"

    def ready(self) -> None:
        from decision_aid.content.permissions import ensure_content_editors_group

        post_migrate.connect(ensure_content_editors_group, sender=self)
