import os

from django.core.wsgi import get_wsgi_application

from config.startup import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

require_production_settings()
