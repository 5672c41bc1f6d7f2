from django import forms
from django.utils import timezone

from safeguard.core.forms import GovukDateField, GovukDateTimeField

from . import figures
from .models import ChildPhotograph
from .photos import MAX_BYTES_DEFAULT, message_file_size


class PhotographUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which photograph is this?",
        widget=forms.RadioSelect,
        choices=ChildPhotograph.Kind.choices,
        error_messages={"required": "Select whether this is a face or a full-length photograph"},
    )
    photograph = forms.FileField(
        label="Photograph",
        help_text="A JPG, PNG, HEIC or WEBP photograph, smaller than 20 MB",
        error_messages={"required": "Select a photograph to upload", "empty": "The selected file is empty"},
    )
    taken_on = GovukDateField(
        label="Date the photograph was taken",
        required=False,
        help_text="If you leave this blank, we use the date the camera recorded, or today",
    )

    def clean_photograph(self):
        """Refuse an oversized file before it is read into memory (photos.photo_process checks again)."""
        upload = self.cleaned_data["photograph"]
        if upload.size > MAX_BYTES_DEFAULT:
            raise forms.ValidationError(message_file_size(MAX_BYTES_DEFAULT))
        return upload


def _datetime_field(label: str, **kwargs):
    """The GOV.UK date input and a time box, starting at now; the hint shows the format."""
    kwargs.setdefault("initial", timezone.now)
    return GovukDateTimeField(label=label, **kwargs)


class EpisodeReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is the child missing, or away from placement without authorisation?",
        widget=forms.RadioSelect,
        choices=[
            ("M", "Missing: we do not know where they are"),
            ("A", "Away without authorisation: we know where they are, but they should not be there"),
        ],
        error_messages={"required": "Select whether the child is missing or away without authorisation"},
    )
    last_seen_at = _datetime_field("Date and time last seen")
    last_seen_where = forms.CharField(label="Where were they last seen?", max_length=300, required=False)
    clothing = forms.CharField(label="What were they wearing?", max_length=2000, required=False, widget=forms.Textarea)
    with_whom = forms.CharField(
        label="Who were they with, or who might they be with?", max_length=2000, required=False, widget=forms.Textarea
    )
    circumstances = forms.CharField(label="What happened?", max_length=5000, required=False, widget=forms.Textarea)
    police_reference = forms.CharField(label="Police reference (if you have one)", max_length=50, required=False)
    risk_grade = forms.ChoiceField(
        label="Police risk grade (if known)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the risk grades in the list"},
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["risk_grade"].choices = [("", "Not known yet")] + [(g, g) for g in settings.MISSING_RISK_GRADES]


class EpisodeReturnForm(forms.Form):
    returned_at = _datetime_field("Date and time of the return")
    found_where = forms.CharField(label="Where were they found?", max_length=300, required=False)
    found_by = forms.CharField(label="Who found them or brought them back?", max_length=200, required=False)
    found_with = forms.CharField(label="Who were they with?", max_length=2000, required=False, widget=forms.Textarea)
    harm_indicators = forms.CharField(
        label="Any signs of harm or exploitation?",
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text="Injuries, new phones, money or clothes, drugs, older people collecting them, travel",
    )
    police_told = forms.TypedChoiceField(
        label="Have the police been told that the child is back?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No, not yet")],
        coerce=lambda answer: answer == "yes",
        error_messages={"required": "Select whether the police have been told that the child is back"},
    )


class AfterReturnForm(forms.Form):
    """Afterwards: signs of harm noticed since the return or finding, and the police now told."""

    harm_indicators = forms.CharField(
        label="Signs of harm or exploitation noticed since",
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text="They are added to what was recorded before, with today's date",
    )
    police_told = forms.TypedChoiceField(
        label="Have the police now been told that the child is back?",
        widget=forms.RadioSelect,
        required=False,
        choices=[("yes", "Yes"), ("no", "No, not yet")],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
    )


class PoliceUpdateForm(forms.Form):
    """The police's risk grade and reference for an open episode (services.missing_episode_police_update)."""

    risk_grade = forms.ChoiceField(
        label="Police risk grade",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the police risk grade", "invalid_choice": "Select the police risk grade"},
    )
    police_reference = forms.CharField(
        label="Police reference", max_length=50, required=False, help_text="The force's reference for this report"
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["risk_grade"].choices = [(g, g) for g in settings.MISSING_RISK_GRADES]


class SightingForm(forms.Form):
    seen_at = _datetime_field("Date and time of the sighting")
    seen_where = forms.CharField(
        label="Where was the child seen?",
        max_length=300,
        required=False,
        help_text="A place, street or landmark, and the town",
    )
    seen_by = forms.CharField(label="Who saw the child?", max_length=200, required=False)
    what = forms.CharField(
        label="What was seen?",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who they were with, what they were wearing, which way they went",
    )


class FoundForm(forms.Form):
    found_at = _datetime_field("Date and time the child was found")
    found_where = forms.CharField(label="Where was the child found?", max_length=300, required=False)
    found_by = forms.CharField(label="Who found the child?", max_length=200, required=False)
    found_with = forms.CharField(
        label="Who was the child with?", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MissingProfileForm(forms.Form):
    """Philomena Protocol part 1, field by field (models.PROFILE_FIELDS)."""

    def __init__(self, *args, **kwargs):
        from .models import PROFILE_FIELDS, PROFILE_SHORT_FIELDS, MissingProfile

        super().__init__(*args, **kwargs)
        for name, label, hint in PROFILE_FIELDS:
            short = name in PROFILE_SHORT_FIELDS
            limit = MissingProfile._meta.get_field(name).max_length if short else 5000
            self.fields[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=limit,
                widget=forms.TextInput() if short else forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": f"{label} must be {limit:,} characters or fewer"},
            )


class ReturnInterviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        choices=[("done", "The interview was held"), ("declined", "It was offered, and the child declined")],
        error_messages={"required": "Select whether the interview was held or offered and declined"},
    )
    held_at = _datetime_field("Date and time of the interview or offer")
    interviewer = forms.CharField(label="Who held or offered it?", max_length=200, required=False)
    interviewer_organisation = forms.CharField(label="Their organisation", max_length=200, required=False)
    independent = forms.BooleanField(
        label="They are independent of the child's placement",
        required=False,
        help_text="Statutory guidance: the interview is by someone not involved in the child's care",
    )
    learned = forms.CharField(label="What was learned?", max_length=10000, required=False, widget=forms.Textarea)
    shared_with_placing_council = forms.BooleanField(label="Tell the placing council's social worker", required=False)


class RiskAssessmentForm(forms.Form):
    """The placing social worker's risk assessment and action plan (models.RISK_ASSESSMENT_FIELDS)."""

    document = forms.FileField(
        label="Risk assessment document (optional)",
        required=False,
        help_text="A PDF, Word (.docx) or OpenDocument (.odt) file from your case system, smaller than 10 MB",
        error_messages={"empty": "The selected document is empty: choose the saved risk assessment"},
    )
    review_on = GovukDateField(
        label="Review date", help_text="For example, 22 2 2027. The register flags it once passed"
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from .models import RISK_ASSESSMENT_FIELDS

        super().__init__(*args, **kwargs)
        self.max_bytes = settings.RISK_ASSESSMENT_DOCUMENT_MAX_BYTES
        answers = {}
        for name, label, hint in RISK_ASSESSMENT_FIELDS:
            answers[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": f"{label} must be 10,000 characters or fewer"},
            )
        # The written answers first, then the document, then the review date.
        self.fields = {**answers, **self.fields}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and upload.size > self.max_bytes:
            raise forms.ValidationError(f"The document must be smaller than {self.max_bytes // (1024 * 1024)} MB")
        return upload


# The dashboard offers this many SSDA903 years, the newest first.
YEARS_SHOWN = 6


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year (1 April to 31 March)",
        coerce=int,
        error_messages={"invalid_choice": "Choose one of the years in the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = figures.collection_year_of(timezone.localdate())
        self.fields["year"].choices = [
            (year, f"{year} to {year + 1}") for year in range(latest, latest - YEARS_SHOWN, -1)
        ]
        self.latest = latest

    def chosen_year(self) -> int:
        return self.cleaned_data["year"] if self.is_bound and self.is_valid() else self.latest
