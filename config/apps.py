from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ConfigConfig(AppConfig):
    """The project wiring, installed so that it can own cross-app management commands."""

    name = "config"
    verbose_name = "Project"

    def ready(self):
        from config.translations import remember_translations

        remember_translations()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, its site the programme office's (Django's documented way to replace
    `admin.site`: every `admin.register` then registers on it)."""

    default_site = "config.admin_site.ProgrammeOfficeSite"
    # Django's is the default of django.contrib.admin; "config" itself stays ConfigConfig.
    default = False
