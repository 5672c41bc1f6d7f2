from django.core.asgi import get_asgi_application

from config.environment import settings_module_choose

settings_module_choose("config.settings.production")
application = get_asgi_application()
