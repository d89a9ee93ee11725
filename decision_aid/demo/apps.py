from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo-data commands only: no models, no URLs, no templates."""

    name = "decision_aid.demo"
    label = "demo"
    verbose_name = "Demo data (development machines only)"
