from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        max_length=256,
        strip=False,
        error_messages={"required": "Enter your password"},
    )


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=10,
        help_text="The 6-digit code shown in your authenticator app",
        error_messages={"required": "Enter the security code"},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the security code as 6 digits")
        return code


EMAIL_ERRORS = {
    "required": "Enter their email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}


class TeamChoiceField(forms.ModelChoiceField):
    """A host council's teams, by name (the council goes without saying)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or email address", required=False, max_length=200)
    role = forms.ChoiceField(label="Role", required=False)
    team = TeamChoiceField(label="Team", required=False, queryset=None, empty_label="Any team")
    status = forms.ChoiceField(label="Account", required=False)

    def __init__(self, *args, roles, teams, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Any role"), *[(r.value, r.label) for r in roles]]
        self.fields["team"].queryset = teams
        self.fields["status"].choices = [("", "Any"), *statuses]


class PersonRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", error_messages={"required": "Select a role"})
    team = TeamChoiceField(
        label="Team",
        required=False,
        queryset=None,
        empty_label="No team",
        help_text="Host council staff only: the team whose work they see",
        error_messages={"invalid_choice": "Select a team from the list"},
    )

    def __init__(self, *args, roles, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Select a role"), *[(r.value, r.label) for r in roles]]
        self.fields["role"].error_messages["invalid_choice"] = "Select a role from the list"
        self.fields["team"].queryset = teams


class PersonInviteForm(PersonRoleForm):
    full_name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(label="Email address", max_length=254, error_messages=EMAIL_ERRORS)
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label=None,
        help_text="Your council, or a carer or provider, or a school, in your area",
        error_messages={
            "required": "Select the organisation they work for",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    field_order = ["full_name", "email", "organisation", "role", "team"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PasswordForgottenForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class PasswordSetForm(forms.Form):
    password = forms.CharField(
        label="New password",
        max_length=256,
        strip=False,
        help_text="At least 12 characters. A few words you will remember, that others would not guess, work well.",
        error_messages={"required": "Enter a new password"},
    )
    confirmation = forms.CharField(
        label="Confirm new password",
        max_length=256,
        strip=False,
        error_messages={"required": "Enter the new password again"},
    )


class CouncilSignInForm(forms.Form):
    """The council's single sign-on settings (docs/adr/0034). The client secret is write-only: never
    shown back, and left blank to keep the one stored."""

    enabled = forms.ChoiceField(
        label="Sign your staff in with your council's accounts?",
        choices=[("yes", "Yes, switched on"), ("no", "No, switched off (staff use Safeguard passwords)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether single sign-on is switched on"},
    )
    issuer = forms.CharField(
        label="Issuer",
        max_length=500,
        help_text="For Microsoft Entra ID: https://login.microsoftonline.com/<your tenant ID>/v2.0",
        error_messages={"required": "Enter the issuer's address, like https://login.microsoftonline.com/<tenant>/v2.0"},
    )
    client_id = forms.CharField(
        label="Client ID",
        max_length=200,
        help_text="The application (client) ID your provider gave Safeguard",
        error_messages={"required": "Enter the client ID the provider gave Safeguard"},
    )
    client_secret = forms.CharField(
        label="Client secret",
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )
    scopes = forms.CharField(
        label="Scopes",
        max_length=300,
        help_text="Separated by spaces; must include openid",
        error_messages={"required": "Enter the scopes, like openid email profile"},
    )
    email_domains = forms.CharField(
        label="Your council's email domains",
        max_length=500,
        help_text="Separated by spaces, like luton.gov.uk. Only staff with addresses in these domains use it.",
        error_messages={"required": "Enter the council's email domains, like luton.gov.uk"},
    )
    group_claim = forms.CharField(
        label="Group claim (optional)",
        max_length=100,
        required=False,
        help_text="The claim that lists a person's groups (groups in Entra ID). Leave empty to keep roles in Safeguard.",
    )
    group_roles = forms.CharField(
        label="Groups and the role each gives (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: the group's ID, then =, then the role, like 3f2c…e91 = SQA officer",
    )

    def __init__(self, *args, roles, secret_stored: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles
        self.secret_stored = secret_stored
        self.fields["client_secret"].help_text = (
            "Leave blank to keep the secret Safeguard has. It is never shown again: type it in full to change it."
            if secret_stored
            else "The client secret your provider gave Safeguard. It is never shown again."
        )

    def clean_group_roles(self) -> dict:
        by_name = {}
        for role in self.roles:
            by_name[role.value.lower()] = role.value
            by_name[str(role.label).lower()] = role.value
        group_roles = {}
        for number, line in enumerate(self.cleaned_data["group_roles"].splitlines(), start=1):
            if not line.strip():
                continue
            group, equals, role = line.rpartition("=")
            if not equals or not group.strip() or not role.strip():
                raise forms.ValidationError(
                    f"Line {number}: write the group's ID, then =, then the role, like 3f2c…e91 = SQA officer"
                )
            value = by_name.get(role.strip().lower())
            if value is None:
                names = ", ".join(str(r.label) for r in self.roles)
                raise forms.ValidationError(
                    f"Line {number}: {role.strip()} is not a role of your council's staff: choose one of {names}"
                )
            group_roles[group.strip()] = value
        return group_roles

    def clean(self):
        """Every field's problem at once, by the service's own rules (it checks them again on save)."""
        from .services.council_sign_in import council_sign_in_errors

        data = super().clean()
        errors = council_sign_in_errors(
            issuer=data.get("issuer", ""),
            client_id=data.get("client_id", "") or "-",
            client_secret_needed=not self.secret_stored and not data.get("client_secret"),
            scopes=data.get("scopes", "") or "openid",
            email_domains=data.get("email_domains", "") or "example.gov.uk",
            group_claim=data.get("group_claim", ""),
            group_roles=data.get("group_roles", {}) if "group_roles" not in self.errors else {"-": "sqa_officer"},
        )
        for name, message in errors.items():
            if name not in self.errors and name in self.fields:
                self.add_error(name, message)
        return data


def group_roles_text(group_roles: dict, roles) -> str:
    labels = {role.value: str(role.label) for role in roles}
    return "\n".join(f"{group} = {labels.get(role, role)}" for group, role in group_roles.items())
