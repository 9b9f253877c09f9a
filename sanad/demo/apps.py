from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every capability. Like reports, it sits at the top: it imports the
    other apps and nothing imports it."""

    name = "sanad.demo"
    label = "demo"
