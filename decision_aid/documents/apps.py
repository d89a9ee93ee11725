from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "decision_aid.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from decision_aid.core import retention
        from decision_aid.documents.retention import MDT_PACKS

        retention.register(MDT_PACKS)  # purge_expired deletes packs with their records (F2)
