from django.core.wsgi import get_wsgi_application

from config.environment import settings_module_choose

settings_module_choose("config.settings.production")
application = get_wsgi_application()
