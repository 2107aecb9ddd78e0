from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project wiring, installed so that it can own cross-app management commands."""

    name = "config"
    verbose_name = "Project"
