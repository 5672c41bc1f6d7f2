from django.contrib import admin

from .models import AuditEvent, OutboxMessage


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit events are never changed or removed."""

    list_display = ["occurred_at", "kind", "action", "actor_label", "object_type", "object_id", "ip_address"]
    list_filter = ["kind", "action"]
    search_fields = ["actor_label", "object_id", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Confidential events (the LADO's records) are their team's alone, administrators included.
        return super().get_queryset(request).exclude(confidential=True)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "purpose", "to", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "purpose"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in OutboxMessage._meta.fields]
        if obj is not None and obj.confidential:
            fields.remove("body")  # e.g. a LADO referral's text is for the LADO team and the referrer alone
            fields.remove("html_body")
        return fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
