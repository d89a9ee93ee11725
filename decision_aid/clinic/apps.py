from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "decision_aid.clinic"
    label = "clinic"
    verbose_name = "Clinic"
