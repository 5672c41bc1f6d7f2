from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from . import services
from .models import HostCouncil, Organisation, Team, User


class RoleFitMixin:
    """The admin's user forms refuse a role that does not fit the organisation, as every other way in does."""

    def clean(self):
        cleaned = super().clean()
        errors = services.role_fit_errors(
            role=cleaned.get("role") or "", organisation=cleaned.get("organisation"), team=cleaned.get("team")
        )
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned


class UserCreationAdminForm(RoleFitMixin, AdminUserCreationForm):
    pass


class UserChangeAdminForm(RoleFitMixin, UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "phone", "organisation", "role", "team"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "full_name",
                    "organisation",
                    "role",
                    "team",
                    "usable_password",
                    "password1",
                    "password2",
                ]
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        """Through the service, so that creating an account or changing its role is audited."""
        before = None
        if change:
            original = User.objects.get(pk=obj.pk)
            before = {name: getattr(original, name) for name in services.people.ADMIN_AUDITED_FIELDS}
        services.user_admin_save(actor=request.user, user=obj, before=before)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "dfe_code", "ons_code", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "dfe_code", "ons_code"]


@admin.register(HostCouncil)
class HostCouncilAdmin(admin.ModelAdmin):
    list_display = ["organisation", "slug", "police_force"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "host_council", "email"]
    list_filter = ["kind", "host_council"]
