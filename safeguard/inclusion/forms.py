"""The inclusion pages' forms. The services check every answer again (one rule for every way in)."""

from django import forms

from safeguard.core.forms import GovukDateField
from safeguard.reference.selectors import councils

from .models import CmeCase, CmeEnquiry, DeletionGround, EheContact, EheRecord


def _text(label: str, max_length: int = 200, *, required: bool = False, help_text: str = "", **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "max_length": f"{label} must be {max_length} characters or fewer",
            "required": f"Enter the {label[0].lower() + label[1:]}",
        },
        **kwargs,
    )


def _area(label: str, *, required: bool = False, help_text: str = "", max_length: int = 2000):
    return _text(label, max_length, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3}))


def _choice(label: str, choices, *, radios: bool = True, required: bool = False, message: str = ""):
    # Not required here: the service names a missing answer along with every other problem at once.
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={
            "required": message or f"Choose the {label[0].lower() + label[1:]}",
            "invalid_choice": message or "Choose from the list",
        },
    )


class PupilFields(forms.Form):
    kind = ""

    def clean(self):
        """The service's own check of a return, so every problem shows at once (a field the form already
        found wrong keeps its message)."""
        from django.utils import timezone

        from .services import return_problems

        data = super().clean()
        if self.kind:
            for name, message in return_problems(self.kind, data, today=timezone.localdate()).items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
        return data

    first_name = _text("First name", 100, required=False)
    last_name = _text("Last name", 100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    upn = _text("Unique pupil number (UPN)", 13, help_text="If you know it")
    address = _area("Home address")
    postcode = _text("Postcode", 10)
    parents = _area("Parents or carers", help_text="Names, and addresses where they differ from the child's")
    parent_phone = _text("Parent's phone", 40)


class DeletionReturnForm(PupilFields):
    """A pupil deleted from the admission register (reg 13 of the 2024 Regulations)."""

    kind = "deletion"

    ground = _choice("Ground for deletion", DeletionGround.choices, message="Choose the ground for deletion")
    deleted_on = GovukDateField(
        label="Date of deletion",
        required=False,
        help_text="For absence of 20 school days, the date the pupil is to be deleted",
    )
    absent_since = GovukDateField(
        label="First day of continuous absence",
        required=False,
        help_text="Only for absence: the first school day missed without leave",
    )
    new_school = _text("New school, where known")
    new_address = _area("New address, where known")


class AdmissionReturnForm(PupilFields):
    """A new pupil added to the admission register (within 5 school days of admission)."""

    kind = "admission"

    admitted_on = GovukDateField(label="Date of admission", required=False, help_text="For example, 3 9 2026")
    previous_school = _text("Previous school, where known")


class ReturnsUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file of returns",
        help_text="One line a pupil, under a heading line. Up to 2,000 lines.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty: choose a CSV file with returns"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (ending .csv)")
        return upload


class ReferralForm(PupilFields):
    """Anyone may tell the council about a child who may be missing education."""

    way_in = _choice(
        "Who is referring?",
        [(CmeCase.WayIn.AGENCY, "I work for another agency"), (CmeCase.WayIn.PUBLIC, "I am a member of the public")],
        message="Choose who is referring",
    )
    what_is_known = _area(
        "Why do you think the child is missing education?",
        help_text="What you know: when they were last at school, where they might be, who they live with",
    )
    referrer_name = _text("Your name")
    referrer_organisation = _text("Your organisation", help_text="If you work for another agency")
    referrer_contact = _text("Your email address or phone number", help_text="So we can ask you more")
    # A field people never see; software that fills every field does.
    website = forms.CharField(required=False, label="Leave this empty")


class CmeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("open", "Open (not closed)"), ("", "Any state"), *CmeCase.Status.choices],
        error_messages={"invalid_choice": "Choose a state from the list"},
    )
    risk = forms.ChoiceField(
        label="Risk grade",
        required=False,
        choices=[("", "Any risk grade"), *CmeCase.Risk.choices],
        error_messages={"invalid_choice": "Choose a risk grade from the list"},
    )
    name = _text("Child's name", 100)


class EnquiryForm(forms.Form):
    kind = _choice("Enquiry of", CmeEnquiry.Kind.choices, message="Choose who the enquiry was made of")
    made_on = GovukDateField(label="Date of the enquiry", required=False)
    made_by = _text("Who made it", help_text="The officer, or the school's member of staff")
    result = _area("What was learnt")


class RiskForm(forms.Form):
    risk = _choice("Risk grade", CmeCase.Risk.choices, message="Choose a risk grade")
    reason = _area("Why this risk grade")


class EscalateForm(forms.Form):
    note = _area(
        "What is known, for the police and children's social care",
        help_text="They are sent this with the child's name, date of birth and last address",
    )


class ReopenForm(forms.Form):
    note = _area("What new information is there?")


class CloseForm(forms.Form):
    outcome = _choice("Outcome", CmeCase.Outcome.choices, message="Choose the outcome")
    destination_council = forms.TypedChoiceField(
        label="Council the child has moved to",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    destination_email = forms.EmailField(
        label="The other council's children missing education email",
        required=False,
        help_text="They are told of the child through this address",
        error_messages={"invalid": "Enter the email address in the right form, like cme@council.gov.uk"},
    )
    note = _area("Closure note", help_text="Needed for another reason or not missing education")

    def clean(self):
        data = super().clean()
        moved = data.get("outcome") == CmeCase.Outcome.MOVED_COUNCIL
        if moved and not data.get("destination_council") and "destination_council" not in self.errors:
            self.add_error("destination_council", "Choose the council the child has moved to")
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_council"].choices = [("", "Choose a council")] + [(c.pk, c.name) for c in councils()]


class EheRecordForm(forms.Form):
    first_name = _text("First name", 100)
    last_name = _text("Last name", 100)
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    address = _area("Home address")
    postcode = _text("Postcode", 10)
    parents = _area("Parents or carers")
    parent_phone = _text("Parent's phone", 40)
    learnt_from = _choice(
        "How did the council learn of it?", EheRecord.LearntFrom.choices, message="Choose how the council learnt of it"
    )
    learnt_on = GovukDateField(label="Date the council learnt of it", required=False)


class EheContactForm(forms.Form):
    contacted_on = GovukDateField(label="Date of the contact", required=False)
    how = _text("How", 100, help_text="For example, home visit, meeting, written report with samples of work")
    suitability = _choice(
        "What did the contact find?", EheContact.Suitability.choices, message="Choose what the contact found"
    )
    notes = _area("Notes")


class NoticeForm(forms.Form):
    served_on = GovukDateField(label="Date the notice was served", required=False)
    period_days = forms.IntegerField(
        label="Days given to the parents",
        required=False,
        min_value=1,
        max_value=365,
        help_text="At least 15, counting the day it is served (Education Act 1996 s437(1))",
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 15",
            "min_value": "The notice must give at least 15 days",
            "max_value": "Enter a number of days up to 365",
        },
    )


class OrderForm(forms.Form):
    served_on = GovukDateField(label="Date the school attendance order was served", required=False)


class EheCloseForm(forms.Form):
    closure = _choice("Why is the record closed?", EheRecord.Closure.choices, message="Choose why the record is closed")
    closed_on = GovukDateField(label="Date", required=False)


def cnis_form(fields, data=None) -> forms.Form:
    """The register of children not in school's form, from the field list in configuration."""
    from .selectors import cnis_missing_message

    form = forms.Form(data)
    for name, label, required in fields:
        form.fields[name] = _area(label, required=required, max_length=1000)
        form.fields[name].error_messages["required"] = cnis_missing_message(label)
    return form
