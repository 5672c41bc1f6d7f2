from django.urls import path

from . import audit_views, child_page, views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", child_page.child_detail, name="child_detail"),
    path("audit/children/", audit_views.child_audit_search, name="child_audit_search"),
    path("audit/children/<int:pk>/", audit_views.child_audit_detail, name="child_audit_detail"),
    path("audit/children/<int:pk>/audit-trail.csv", audit_views.child_audit_csv, name="child_audit_csv"),
    path("audit/children/<int:pk>/audit-trail.pdf", audit_views.child_audit_pdf, name="child_audit_pdf"),
]
