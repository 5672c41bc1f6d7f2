from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/security-code/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-authenticator/", views.second_factor_set_up, name="second_factor_set_up"),
    path("sign-in/council/", views.council_sign_in_choose, name="council_sign_in_choose"),
    path("sign-in/council/callback/", views.council_sign_in_callback, name="council_sign_in_callback"),
    path("sign-in/council/<slug:slug>/", views.council_sign_in_start, name="council_sign_in_start"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-out/done/", views.signed_out, name="signed_out"),
    path("forgotten-password/", views.password_forgotten, name="password_forgotten"),
    path("forgotten-password/sent/", views.password_forgotten_sent, name="password_forgotten_sent"),
    path("reset-password/<uidb64>/<token>/", views.password_reset, name="password_reset"),
    path("set-password/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("audit/", views.audit_event_list, name="audit_event_list"),
    # Part of the host council's configuration (reference: /settings/), kept by its administrator.
    path("settings/sign-in/", views.council_sign_in_settings, name="council_sign_in_settings"),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("people/", views.person_list, name="person_list"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/role/", views.person_role_change, name="person_role_change"),
    path("people/<int:pk>/reset-authenticator/", views.person_authenticator_reset, name="person_authenticator_reset"),
    path("people/<int:pk>/disable/", views.person_disable, name="person_disable"),
    path("people/<int:pk>/enable/", views.person_enable, name="person_enable"),
    path("people/<int:pk>/resend-invitation/", views.person_invitation_resend, name="person_invitation_resend"),
]
