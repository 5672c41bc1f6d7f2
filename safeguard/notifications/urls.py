from django.urls import path

from . import email_views, mailbox_views, register_import_views, routing_views, views

app_name = "notifications"
urlpatterns = [
    path("notify/", views.notify_start, name="notify_start"),
    path("notify/child/<int:pk>/<slug:what>/", views.notify_for_child, name="notify_for_child"),
    path("notify/new/<slug:slug>/", views.notify_step, name="notify_new"),
    path("notify/<int:pk>/check/", views.notify_check, name="notify_check"),
    path("notify/<int:pk>/sent/", views.notify_sent, name="notify_sent"),
    path("notify/<int:pk>/<slug:slug>/", views.notify_step, name="notify_step"),
    path("notify/ssda903/", views.ssda903_upload, name="ssda903_upload"),
    path("notify/ssda903/jobs/<int:pk>/", views.ssda903_job, name="ssda903_job"),
    # Loading the host's existing register from its spreadsheet (docs/adr/0036), under the register.
    path("children/import/", register_import_views.register_import_upload, name="register_import_upload"),
    path(
        "children/import/<int:pk>/columns/",
        register_import_views.register_import_columns,
        name="register_import_columns",
    ),
    path("children/import/<int:pk>/", register_import_views.register_import_job, name="register_import_job"),
    path(
        "children/import/<int:pk>/import/",
        register_import_views.register_import_confirm,
        name="register_import_confirm",
    ),
    path("notify/email/", views.email_upload, name="email_upload"),
    path("notify/email/correspondence/<int:pk>/", email_views.correspondence_detail, name="correspondence_detail"),
    path(
        "notify/email/correspondence/<int:pk>/draft/",
        email_views.correspondence_make_draft,
        name="correspondence_make_draft",
    ),
    path(
        "notify/email/correspondence/<int:pk>/message.eml",
        email_views.correspondence_message,
        name="correspondence_message",
    ),
    path("notifications/<int:pk>/message.eml", email_views.notification_message, name="notification_message"),
    path("notifications/attachments/<int:pk>/", email_views.attachment_download, name="attachment_download"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification_detail"),
    path("notifications/<int:pk>/complete/", views.notification_complete, name="notification_complete"),
    path("matches/<int:pk>/", views.match_review, name="match_review"),
    path("matches/<int:pk>/undo/", views.match_undo, name="match_undo"),
    path("work/", views.work_item_list, name="work_item_list"),
    path("work/<int:pk>/assign/", views.work_item_assign, name="work_item_assign"),
    path("work/<int:pk>/take/", views.work_item_take, name="work_item_take"),
    path("work/<int:pk>/acknowledge/", views.work_item_acknowledge, name="work_item_acknowledge"),
    # Part of the host council's configuration (reference: /settings/), kept by its administrator.
    path("settings/routing/", routing_views.routing_rule_list, name="routing_rule_list"),
    path("settings/routing/add/", routing_views.routing_rule_add, name="routing_rule_add"),
    path("settings/routing/<int:pk>/", routing_views.routing_rule_edit, name="routing_rule_edit"),
    # The host council's notifications mailbox: its administrator's or SQA manager's (docs/adr/0035).
    path("settings/mailbox/", mailbox_views.mailbox_settings, name="mailbox_settings"),
]
