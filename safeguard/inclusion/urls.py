from django.urls import path

from . import views

app_name = "inclusion"
urlpatterns = [
    path("education/cme/", views.cme_register, name="cme_register"),
    path("education/cme/figures/", views.cme_figures, name="cme_figures"),
    path("education/cme/cases/<int:pk>/", views.cme_case_detail, name="cme_case_detail"),
    path("education/cme/cases/<int:pk>/enquiry/", views.cme_enquiry_add, name="cme_enquiry_add"),
    path("education/cme/cases/<int:pk>/risk/", views.cme_risk, name="cme_risk"),
    path("education/cme/cases/<int:pk>/escalate/", views.cme_escalate, name="cme_escalate"),
    path("education/cme/cases/<int:pk>/reopen/", views.cme_reopen, name="cme_reopen"),
    path("education/cme/cases/<int:pk>/close/", views.cme_close, name="cme_close"),
    path("education/cme/refer/", views.cme_refer, name="cme_refer"),
    path("education/cme/refer/sent/", views.cme_refer_done, name="cme_refer_done"),
    path("education/cme/returns/", views.return_list, name="return_list"),
    path("education/cme/returns/deletion/", views.return_deletion_add, name="return_deletion_add"),
    path("education/cme/returns/new-pupil/", views.return_admission_add, name="return_admission_add"),
    path("education/cme/returns/upload/", views.return_upload, name="return_upload"),
    path("education/cme/returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("education/ehe/", views.ehe_register, name="ehe_register"),
    path("education/ehe/new/", views.ehe_add, name="ehe_add"),
    path("education/ehe/<int:pk>/", views.ehe_detail, name="ehe_detail"),
    path("education/ehe/<int:pk>/contact/", views.ehe_contact_add, name="ehe_contact_add"),
    path("education/ehe/<int:pk>/notice/", views.ehe_notice, name="ehe_notice"),
    path("education/ehe/<int:pk>/order/", views.ehe_order, name="ehe_order"),
    path("education/ehe/<int:pk>/resolved/", views.ehe_resolve, name="ehe_resolve"),
    path("education/ehe/<int:pk>/close/", views.ehe_close, name="ehe_close"),
    path("education/schools/accounts/", views.school_accounts, name="school_accounts"),
    path("education/schools/<int:pk>/accounts/", views.school_account_set_up, name="school_account_set_up"),
    path("education/cnis/", views.cnis_register, name="cnis_register"),
    path("education/cnis/new/", views.cnis_add, name="cnis_add"),
]
