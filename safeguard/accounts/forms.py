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
