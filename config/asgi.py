import os

from django.core.asgi import get_asgi_application

from config.startup import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

require_production_settings()
