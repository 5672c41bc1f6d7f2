from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from safeguard.core.errors import ServiceRefusal
from safeguard.core.forms import refusal_to_form

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


class UserCreationAdminForm(AdminUserCreationForm):
    """The admin's add form makes the account through `services.user_create`, the one way an account
    is made, as the last step of its validation: once every field is valid, the service runs, and a
    refusal (a role that does not fit the organisation, an address already taken) is put on the form
    like any other error. UserAdmin has no inlines, so nothing after this step can refuse the page.
    """

    actor = None  # the administrator, set for each request by UserAdmin.get_form

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        data = self.cleaned_data
        try:
            self.instance = services.user_create(
                actor=self.actor,
                email=data["email"],
                full_name=data.get("full_name") or "",
                role=data.get("role") or "",
                organisation=data.get("organisation"),
                team=data.get("team"),
                password=data.get("password1") if data.get("set_usable_password") else None,
            )
        except ServiceRefusal as refusal:
            refusal_to_form(self, refusal)

    def save(self, commit=True):
        """The account was made by `user_create` when the form was validated: nothing more to save."""
        self.save_m2m = lambda: None
        return self.instance


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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a new class for each request
        if obj is None:
            form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        """Through the services, so that creating an account or changing its role is audited: a new
        account was made by `user_create` in the add form; a change goes through `user_admin_save`."""
        if not change:
            return
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


def admin_has_permission(request) -> bool:
    """The Django admin is for system administrators alone: an active superuser (and staff, as Django
    asks) who signed in with Safeguard's second factor. A staff flag without superuser, a session a
    council's single sign-on started, or a session not yet past the security code is refused (sent to
    the sign-in page). On the demo, where nobody has a second factor, a superuser suffices."""
    user = request.user
    if not (user.is_active and user.is_staff and user.is_superuser):
        return False
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified()) or not services.second_factor_required(user)


admin.site.has_permission = admin_has_permission
