from django import forms

from safeguard.core.forms import GovukDateField
from safeguard.reference.codes import code_choices
from safeguard.reference.selectors import council_choices

from .search import SORTS, RegisterQuery


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Name or ID",
        required=False,
        max_length=100,
        help_text="A name (close spellings match), NHS number, UPN or the placing council's ID",
    )
    placing_authority = forms.ChoiceField(
        label="Placing council",
        required=False,
        error_messages={"invalid_choice": "Choose a placing council from the list"},
    )
    legal_status = forms.ChoiceField(
        label="Legal status", required=False, error_messages={"invalid_choice": "Choose a legal status from the list"}
    )
    placement_type = forms.ChoiceField(
        label="Placement type",
        required=False,
        error_messages={"invalid_choice": "Choose a placement type from the list"},
    )
    age_from = forms.IntegerField(
        label="Age from",
        required=False,
        min_value=0,
        max_value=25,
        error_messages={
            "invalid": "Age from must be a whole number, like 10",
            "min_value": "Age from must be 0 or more",
            "max_value": "Age from must be 25 or less",
        },
    )
    age_to = forms.IntegerField(
        label="Age to",
        required=False,
        min_value=0,
        max_value=25,
        error_messages={
            "invalid": "Age to must be a whole number, like 15",
            "min_value": "Age to must be 0 or more",
            "max_value": "Age to must be 25 or less",
        },
    )
    ehc_plan = forms.ChoiceField(
        label="EHC plan", required=False, choices=[("", "Any"), ("yes", "Has an EHC plan"), ("no", "No EHC plan")]
    )
    placed = forms.ChoiceField(
        label="Placed",
        required=False,
        choices=[
            ("now", "Placed here now or starting soon"),
            ("before", "Placed here before"),
            ("all", "Now and before"),
        ],
    )
    overdue = forms.BooleanField(label="Only children with overdue work", required=False)
    incomplete = forms.BooleanField(label="Only children with facts missing", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("name", "Name"),
            ("-name", "Name, Z to A"),
            ("dob", "Oldest first"),
            ("-dob", "Youngest first"),
            ("-start", "Newest placement first"),
            ("start", "Oldest placement first"),
            ("placing", "Placing council"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placing_authority"].choices = [("", "Any")] + council_choices()
        self.fields["legal_status"].choices = (
            [("", "Any")] + code_choices("legal_status") + [("supervision_order", "Supervision order")]
        )
        self.fields["placement_type"].choices = [("", "Any")] + code_choices("placement_type")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_from"), cleaned.get("age_to")
        if low is not None and high is not None and high < low:
            self.add_error("age_to", "Age to must be the same as or more than age from")
        return cleaned

    def query(self) -> RegisterQuery:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sort = data.get("sort") or "name"
        return RegisterQuery(
            q=data.get("q", ""),
            placing_authority=data.get("placing_authority", ""),
            legal_status=data.get("legal_status", ""),
            placement_type=data.get("placement_type", ""),
            age_from=data.get("age_from"),
            age_to=data.get("age_to"),
            ehc_plan=data.get("ehc_plan", ""),
            placed=data.get("placed") or "now",
            overdue=bool(data.get("overdue")),
            incomplete=bool(data.get("incomplete")),
            sort=sort if sort in SORTS else "name",
        )


class ChildCorrectForm(forms.Form):
    """Correct a child's details; the service checks them and keeps the reason in the audit."""

    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2012")
    sex = forms.ChoiceField(
        label="Sex",
        required=False,
        widget=forms.RadioSelect,
        choices=[("F", "Female"), ("M", "Male"), ("U", "Not known")],
    )
    nhs_number = forms.CharField(label="NHS number (if known)", required=False, max_length=20)
    upn = forms.CharField(label="Unique pupil number (UPN), if known", required=False, max_length=20)
    local_id = forms.CharField(label="Placing council's ID for the child (if known)", required=False, max_length=50)
    reason = forms.CharField(
        label="Why are you correcting these details?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the surname was misspelt on the first notification. The audit keeps this.",
    )

    def facts(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}
