from django.urls import path

from . import views

app_name = "allegations"
urlpatterns = [
    # Public: anyone may refer.
    path("lado/refer/", views.refer, name="refer"),
    path("lado/refer/sent/", views.refer_sent, name="refer_sent"),
    # The LADO team only.
    path("lado/cases/", views.case_list, name="case_list"),
    path("lado/cases/email/", views.email_upload, name="email_upload"),
    path("lado/emails/", views.email_list, name="email_list"),
    path("lado/emails/<int:pk>/", views.email_check, name="email_check"),
    path("lado/emails/<int:pk>/reject/", views.email_reject, name="email_reject"),
    path("lado/emails/<int:pk>/message.eml", views.email_message, name="email_message"),
    path("lado/cases/phone/", views.consultation_record, name="consultation_record"),
    path("lado/cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("lado/cases/<int:pk>/message.eml", views.original_message, name="original_message"),
    path("lado/cases/<int:pk>/details/", views.case_edit, name="case_edit"),
    path("lado/cases/<int:pk>/consider/", views.case_triage, name="case_triage"),
    path("lado/cases/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("lado/cases/<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("lado/cases/<int:pk>/updates/new/", views.update_add, name="update_add"),
    path("lado/cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("lado/cases/<int:pk>/erase/", views.case_erase, name="case_erase"),
    path("lado/actions/<int:pk>/done/", views.action_complete, name="action_complete"),
    path("lado/children/<int:pk>/link/", views.child_link, name="child_link"),
    path("lado/retention/", views.retention_report, name="retention_report"),
    # The LADO and the partnership editor: aggregates, no personal data.
    path("lado/figures/", views.figures, name="figures"),
    path("lado/figures.csv", views.figures_csv, name="figures_csv"),
]
