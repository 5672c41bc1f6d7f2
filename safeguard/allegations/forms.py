"""Forms for the public referral and the LADO's pages. Rules live in services; forms read and type."""

import datetime
import re

from django import forms

from safeguard.core.forms import GovukDateField, HoneypotForm

from .models import THRESHOLD_CRITERIA, Category, EmploymentBasis, LadoAction, LadoMeeting, Outcome, Sector
from .services import MAX_CHILDREN

# Control characters other than tab, newline and carriage return: a sign of a binary file pasted or posted.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextAnswer(forms.CharField):
    """A text answer with a named length limit, refusing binary content with a clear message."""

    def __init__(self, *, label: str, max_length: int, name: str | None = None, textarea: bool = False, **kwargs):
        self.what = name or label
        kwargs.setdefault("required", False)
        widget = forms.Textarea(attrs={"rows": 5}) if textarea else None
        super().__init__(label=label, max_length=max_length, widget=widget, **kwargs)
        self.validators = [v for v in self.validators if v.__class__.__name__ != "ProhibitNullCharactersValidator"]
        self.error_messages["max_length"] = f"{self.what} must be {max_length:,} characters or fewer"

    def to_python(self, value):
        if isinstance(value, str) and _BINARY.search(value):
            raise forms.ValidationError(
                f"{self.what} contains characters that are not text (perhaps a file was pasted): "
                "type or paste plain text only",
                code="binary",
            )
        return super().to_python(value)


def _radio(label: str, choices, message: str, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": message, "required": message},
        **kwargs,
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class ReferralForm(HoneypotForm):
    """The public referral form: one page in sections. Required answers are checked by the service."""

    referrer_name = TextAnswer(label="Your name", max_length=200)
    referrer_role = TextAnswer(label="Your role", max_length=200, help_text="For example, designated safeguarding lead")
    referrer_organisation = TextAnswer(label="Your organisation", max_length=200)
    referrer_email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        max_length=254,
        help_text="We send a copy of your referral here",
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": "Your e-mail address must be 254 characters or fewer",
        },
    )
    referrer_phone = TextAnswer(label="Your phone number", max_length=40)

    person_name = TextAnswer(label="Name of the person the allegation is about", max_length=200, name="The name")
    person_role = TextAnswer(label="Their role", max_length=200, help_text="For example, teaching assistant")
    person_employer = TextAnswer(label="Their employer or organisation", max_length=200, name="The employer")
    employment_basis = _radio("How do they work there?", EmploymentBasis.choices, "Select how the person works there")
    sector = forms.ChoiceField(
        label="Which sector do they work in?",
        choices=[("", "Select a sector")] + Sector.choices,
        required=False,
        error_messages={"invalid_choice": "Select the sector the person works in"},
    )
    person_registration_body = TextAnswer(
        label="Their registration body, if any",
        max_length=200,
        help_text="For example, Teaching Regulation Agency, Social Work England, NMC, GMC",
        name="The registration body",
    )

    what_happened = TextAnswer(
        label="What happened?",
        max_length=10000,
        textarea=True,
        name="What happened",
        help_text="What was seen, heard or said, by whom, and what has been done since",
    )
    where_it_happened = TextAnswer(label="Where did it happen?", max_length=500, name="Where it happened")
    happened_on = GovukDateField(
        label="Date it happened",
        required=False,
        help_text="Your best estimate if you are not sure, for example 14 3 2026",
    )
    who_knows = TextAnswer(
        label="Who else knows about it?", max_length=2000, textarea=True, name="Who else knows", help_text=""
    )
    category = _radio("What kind of allegation is it?", Category.choices, "Select the kind of allegation")
    threshold = forms.MultipleChoiceField(
        label="Which of these may apply? The person has:",
        choices=THRESHOLD_CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that may apply. If you are not sure, leave them and tell us what happened.",
    )
    restraint_involved = _radio("Was restraint involved?", YES_NO, "Select whether restraint was involved")
    already_told = forms.MultipleChoiceField(
        label="Who already knows? Select all that apply",
        choices=[
            ("police_informed", "The police"),
            ("employer_informed", "The employer's designated officer"),
            ("ofsted_informed", "Ofsted or another regulator"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_CHILDREN + 1):
            self.fields[f"child_{i}_name"] = TextAnswer(
                label=f"Child {i}: name", max_length=200, name=f"Child {i}'s name"
            )
            self.fields[f"child_{i}_date_of_birth"] = GovukDateField(label=f"Child {i}: date of birth", required=False)

    def child_fields(self):
        return [(self[f"child_{i}_name"], self[f"child_{i}_date_of_birth"]) for i in range(1, MAX_CHILDREN + 1)]

    def answers(self) -> dict:
        data = self.cleaned_data
        answers = {
            name: data.get(name)
            for name in (
                "referrer_name",
                "referrer_role",
                "referrer_organisation",
                "referrer_email",
                "referrer_phone",
                "person_name",
                "person_role",
                "person_employer",
                "employment_basis",
                "sector",
                "person_registration_body",
                "what_happened",
                "where_it_happened",
                "happened_on",
                "who_knows",
                "category",
            )
        }
        answers["restraint_involved"] = _yes_no(data.get("restraint_involved"))
        for name, _label in THRESHOLD_CRITERIA:
            answers[name] = name in (data.get("threshold") or [])
        for name in ("police_informed", "employer_informed", "ofsted_informed"):
            answers[name] = name in (data.get("already_told") or [])
        return answers

    def children(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"name": data.get(f"child_{i}_name") or "", "date_of_birth": data.get(f"child_{i}_date_of_birth")}
            for i in range(1, MAX_CHILDREN + 1)
        ]


class CaseDetailsForm(ReferralForm):
    """The LADO completes or corrects a case's facts (children are linked separately)."""

    person_date_of_birth = GovukDateField(
        label="The person's date of birth",
        required=False,
        help_text="Used for the retention date: the person's State Pension age or 10 years, whichever is later",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_CHILDREN + 1):
            del self.fields[f"child_{i}_name"], self.fields[f"child_{i}_date_of_birth"]
        del self.fields["website"]

    def answers(self) -> dict:
        answers = super().answers()
        answers["person_date_of_birth"] = self.cleaned_data.get("person_date_of_birth")
        return answers

    @staticmethod
    def initial_from(case) -> dict:
        initial = {name: getattr(case, name) for name in ReferralForm.base_fields if hasattr(case, name)}
        initial["restraint_involved"] = {True: "yes", False: "no"}.get(case.restraint_involved, "")
        initial["threshold"] = [name for name, _ in THRESHOLD_CRITERIA if getattr(case, name)]
        initial["already_told"] = [
            name for name in ("police_informed", "employer_informed", "ofsted_informed") if getattr(case, name)
        ]
        initial["person_date_of_birth"] = case.person_date_of_birth
        return initial


class EmailReferralForm(ReferralForm):
    """The LADO checks an e-mailed referral's pre-filled answers beside the message, and corrects them."""

    person_date_of_birth = GovukDateField(label="The person's date of birth", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["referrer_name"].label = "Referrer's name"
        self.fields["referrer_role"].label = "Referrer's role"
        self.fields["referrer_organisation"].label = "Referrer's organisation"
        self.fields["referrer_email"].label = "Referrer's e-mail address"
        self.fields["referrer_email"].help_text = ""
        self.fields["referrer_phone"].label = "Referrer's phone number"

    @staticmethod
    def data_from(answers: dict, children: list[dict]) -> dict:
        """The draft's answers as the form's own data, so that the page opens checked, problems shown."""
        data = {}
        for name, value in answers.items():
            if isinstance(value, datetime.date):
                data.update({f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)})
            elif value not in (None, ""):
                data[name] = str(value)
        for i, child in enumerate(children[:MAX_CHILDREN], start=1):
            data[f"child_{i}_name"] = child.get("name") or ""
            dob = child.get("date_of_birth")
            if dob:
                data.update({f"child_{i}_date_of_birth_0": str(dob.day), f"child_{i}_date_of_birth_1": str(dob.month)})
                data[f"child_{i}_date_of_birth_2"] = str(dob.year)
        return data

    def answers(self) -> dict:
        answers = super().answers()
        answers["person_date_of_birth"] = self.cleaned_data.get("person_date_of_birth")
        return answers


class EmailRejectForm(forms.Form):
    reason = TextAnswer(
        label="Why is this e-mail not a referral?",
        max_length=2000,
        textarea=True,
        name="The reason",
        help_text="For example, an out-of-office reply, or a question answered by phone",
    )


class EmailUploadForm(forms.Form):
    message = forms.FileField(
        label="E-mail message (.eml)",
        help_text="Save the message from your e-mail program as a file (.eml), smaller than 10 MB, and upload it here",
        error_messages={"required": "Select the e-mail message to upload", "empty": "The selected file is empty"},
    )

    def clean_message(self):
        upload = self.cleaned_data["message"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The e-mail message must be smaller than 10 MB")
        return upload


class ConsultationForm(forms.Form):
    received_at = GovukDateField(label="Date of the call", required=False, help_text="Leave blank for today")
    caller_name = TextAnswer(label="Caller's name", max_length=200)
    caller_organisation = TextAnswer(label="Caller's organisation", max_length=200)
    caller_phone = TextAnswer(label="Caller's phone number", max_length=40)
    sector = forms.ChoiceField(
        label="Sector the person works in",
        choices=[("", "Select a sector")] + Sector.choices,
        required=False,
    )
    category = forms.ChoiceField(
        label="Kind of concern", choices=[("", "Not stated")] + Category.choices, required=False
    )
    person_role = TextAnswer(label="Role of the person the concern is about", max_length=200)
    summary = TextAnswer(label="What the caller told you", max_length=10000, textarea=True, name="The summary")
    advice_given = TextAnswer(label="Advice given", max_length=10000, textarea=True, name="The advice")

    def service_kwargs(self) -> dict:
        """The call's date as a moment: now when it is today, else midday of that day."""
        from datetime import datetime, time

        from django.utils import timezone

        data = dict(self.cleaned_data)
        day = data.pop("received_at")
        if day and day != timezone.localdate():
            data["received_at"] = timezone.make_aware(datetime.combine(day, time(12)))
        return data


class TriageForm(forms.Form):
    decision = _radio(
        "Is the harm threshold met?",
        [
            ("referral", "Yes: a referral, the LADO will manage the allegation"),
            ("consultation", "No: a consultation, advice given"),
        ],
        "Select whether the harm threshold is met",
    )
    reason = TextAnswer(label="Why is the threshold met?", max_length=5000, textarea=True, name="The reason")
    advice_given = TextAnswer(
        label="Advice given (when the threshold is not met)", max_length=10000, textarea=True, name="The advice"
    )


class MeetingForm(forms.Form):
    kind = _radio("Kind of meeting", LadoMeeting.Kind.choices, "Select the kind of meeting")
    held_on = GovukDateField(label="Date of the meeting", required=False)
    attendees = TextAnswer(label="Who attended", max_length=5000, textarea=True, name="Who attended")
    decisions = TextAnswer(label="Decisions", max_length=10000, textarea=True, name="The decisions")


class ActionForm(forms.Form):
    kind = _radio("Action", LadoAction.Kind.choices, "Select the kind of action")
    description = TextAnswer(label="Details", max_length=500, help_text="Required for other actions")
    owner = TextAnswer(label="Owner", max_length=200, help_text="Who is responsible, for example the head teacher")
    due_on = GovukDateField(label="Due date", required=False)


class UpdateForm(forms.Form):
    text = TextAnswer(label="Update", max_length=10000, textarea=True, name="The update")


class CloseForm(forms.Form):
    outcome = _radio("Outcome", Outcome.choices, "Select the outcome")
    dbs_referral_made = _radio(
        "Was a referral made to the DBS?", YES_NO, "Select whether a referral to the DBS was made"
    )
    closed_on = GovukDateField(label="Date of closure", required=False, help_text="Leave blank for today")
    person_date_of_birth = GovukDateField(
        label="The person's date of birth, if known",
        required=False,
        help_text="Without it, the case is kept for 10 years from the allegation",
    )
    personnel_record_consent = forms.BooleanField(
        label="The person consents to a false or malicious allegation staying on their personnel record",
        required=False,
    )
    notes = TextAnswer(label="Closure notes", max_length=10000, textarea=True, name="The closure notes")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data.get("outcome") or "",
            "dbs_referral_made": _yes_no(data.get("dbs_referral_made")),
            "closed_on": data.get("closed_on"),
            "person_date_of_birth": data.get("person_date_of_birth"),
            "personnel_record_consent": data.get("personnel_record_consent") or False,
            "notes": data.get("notes") or "",
        }


class ChildSearchForm(forms.Form):
    name = TextAnswer(label="Name", max_length=200)
    date_of_birth = GovukDateField(label="Date of birth", required=False)


class EraseForm(forms.Form):
    """The confirmation page's one answer; the service decides whether the case may be erased."""

    confirmed = forms.BooleanField(
        label="I understand that the case's personal details, documents and messages will be erased and cannot be restored",
        required=False,
    )
