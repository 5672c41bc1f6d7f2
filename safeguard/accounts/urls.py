from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/security-code/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-authenticator/", views.second_factor_set_up, name="second_factor_set_up"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
