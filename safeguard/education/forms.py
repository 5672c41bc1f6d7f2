"""The education pages' forms. The services check every answer again (services.EducationInvalid)."""

from django import forms
from django.conf import settings

from safeguard.core.forms import GovukDateField
from safeguard.reference.selectors import councils

from .school_days import YEAR_GROUP_CHOICES, year_group_label


def _text(label: str, max_length: int = 200, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
        **kwargs,
    )


class EducationListFilterForm(forms.Form):
    show = forms.MultipleChoiceField(
        label="Show only",
        choices=[("no_place", "Without a school place"), ("pep_overdue", "PEP overdue")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list: %(value)s is not one of the filters"},
    )
    placing_authority = forms.TypedChoiceField(
        label="Placing council",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a placing council from the list"},
    )

    def __init__(self, *args, placing_councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placing_authority"].choices = [("", "Any placing council")] + [
            (c.pk, c.name) for c in placing_councils
        ]


class EducationRecordForm(forms.Form):
    """The facts of a child's education the Virtual School and the placing council keep."""

    entered_care_on = GovukDateField(
        label="Date the child entered care",
        required=False,
        help_text="The first PEP is due within 10 working days of it. For example, 14 3 2025",
    )
    year_group = forms.TypedChoiceField(
        label="Year group",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year group from the list"},
    )
    designated_teacher_name = _text("Designated teacher")
    designated_teacher_email = forms.EmailField(
        label="Designated teacher's email",
        required=False,
        error_messages={
            "invalid": "Enter the designated teacher's email address in the right form, like name@school.sch.uk"
        },
    )
    designated_teacher_phone = _text("Designated teacher's phone", max_length=40)
    has_ehc_plan = forms.TypedChoiceField(
        label="Does the child have an EHC plan?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    ehc_maintaining_authority = forms.TypedChoiceField(
        label="Council that maintains the EHC plan",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose the maintaining council from the list"},
    )
    virtual_school_contact_name = _text("Placing council's Virtual School contact")
    virtual_school_contact_email = forms.EmailField(
        label="Virtual School contact's email",
        required=False,
        error_messages={
            "invalid": "Enter the Virtual School contact's email address in the right form, like name@council.gov.uk"
        },
    )
    virtual_school_contact_phone = _text("Virtual School contact's phone", max_length=40)
    pep_held_by = _text(
        "Who holds the PEP",
        help_text="The person or team who keeps the plan, like the placing council's Virtual School",
    )
    next_pep_on = GovukDateField(label="Date of the next PEP meeting", required=False, help_text="If one is arranged")

    def __init__(self, *args, computed_year: int, ehc_from_notification: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_group"].choices = [("", f"From the date of birth: {year_group_label(computed_year)}")] + [
            (value, label) for value, label in YEAR_GROUP_CHOICES
        ]
        if ehc_from_notification:
            del self.fields["has_ehc_plan"]
            del self.fields["ehc_maintaining_authority"]
        else:
            self.fields["ehc_maintaining_authority"].choices = [("", "Not known or no plan")] + [
                (c.pk, c.name) for c in councils()
            ]

    def service_arguments(self) -> dict:
        values = dict(self.cleaned_data)
        if "ehc_maintaining_authority" in values:
            pk = values.pop("ehc_maintaining_authority")
            values["ehc_maintaining_authority"] = councils().filter(pk=pk).first() if pk else None
        return values


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label="School's name, postcode or URN",
        max_length=200,
        required=False,
        error_messages={"max_length": "The search must be 200 characters or fewer"},
    )


class SchoolPlaceForm(forms.Form):
    school = forms.TypedChoiceField(
        label="School",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's school", "invalid_choice": "Choose a school from the list"},
    )
    started_on = GovukDateField(label="Date the child started at the school")

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [
            (s.urn, f"{s.name}, {s.postcode or 'no postcode'} ({s.phase or s.establishment_type}, URN {s.urn})")
            for s in schools
        ]


class SchoolLeaveForm(forms.Form):
    ended_on = GovukDateField(label="The child's last day at the school")


class PepForm(forms.Form):
    held_on = GovukDateField(label="Date of the PEP meeting")
    held_by = _text("Who holds the PEP", help_text="Leave empty if it has not changed")
    notes = forms.CharField(
        label="What was agreed (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What was agreed must be 5,000 characters or fewer"},
    )


class SchoolTermForm(forms.Form):
    name = forms.CharField(
        label="Name of the term",
        max_length=100,
        help_text="For example, Autumn term 2026",
        error_messages={
            "required": "Enter the term's name, like Autumn term 2026",
            "max_length": "The term's name must be 100 characters or fewer",
        },
    )
    starts_on = GovukDateField(label="First day of term")
    ends_on = GovukDateField(label="Last day of term")
    half_term_starts_on = GovukDateField(label="First day of the half-term holiday", required=False)
    half_term_ends_on = GovukDateField(label="Last day of the half-term holiday", required=False)


class AttendanceUploadForm(forms.Form):
    attendance_file = forms.FileField(
        label="Attendance file",
        help_text=(
            "A CSV file with the columns upn (or child_id), date, am and pm: a row per child and date, each "
            "session's attendance code as the school's register records it"
        ),
        error_messages={
            "required": "Select the attendance file (CSV) to upload",
            "empty": "The selected file is empty",
        },
    )

    def clean_attendance_file(self):
        upload = self.cleaned_data["attendance_file"]
        limit = settings.EDUCATION_ATTENDANCE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB: split it")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file: save it as CSV and upload it again")
        return upload


class AttendanceThresholdForm(forms.Form):
    threshold_percent = forms.DecimalField(
        label="Attendance threshold (%)",
        help_text=(
            "Below this attendance over the school year, the Virtual School and the placing social worker are "
            "told. For example, 90"
        ),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the attendance threshold, like 90",
            "invalid": "Enter the attendance threshold as a number, like 90 or 92.5",
            "max_digits": "Enter the attendance threshold as a number from 1 to 100, like 90",
            "max_decimal_places": "Enter the attendance threshold to one decimal place at most, like 92.5",
            "max_whole_digits": "Enter the attendance threshold as a number from 1 to 100, like 90",
        },
    )
