"""Signing in with e-mail and password (Django's ModelBackend), and loading the signed-in person.

Every page asks whose host council the person works for (`User.host_council`): the person is loaded
with their organisation and its host council in one query instead of three (docs/adr/0031).
"""

from django.contrib.auth.backends import ModelBackend

from .models import User

SIGN_IN_BACKEND = "safeguard.accounts.backends.SignInBackend"


class SignInBackend(ModelBackend):
    def get_user(self, user_id):
        user = User._default_manager.select_related("organisation__host").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
