"""Forms for the retention schedule and legal holds. The services check the answers; forms read and type."""

from django import forms

from safeguard.core.forms import GovukDateField

from .schedule import Disposal, RecordClass, RunsFrom
from .services import HoldDetails, RuleDetails


def _number(label: str, message: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={"invalid": message, "min_value": message},
        **kwargs,
    )


class RuleForm(forms.Form):
    period_years = _number("Years", "Years must be a whole number, like 25")
    period_extra_months = _number("And months", "Months must be a whole number, like 6")
    runs_from = forms.ChoiceField(
        label="The period runs from",
        choices=[(value, label[0].upper() + label[1:]) for value, label in RunsFrom.choices],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the date the period runs from"},
    )
    or_pension_age = forms.TypedChoiceField(
        label="Or until the person's State Pension age, if that is later?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        help_text="Keeping Children Safe in Education: normal pension age or 10 years, whichever is longer",
    )
    disposal = forms.ChoiceField(
        label="When a record's period has run out",
        choices=Disposal.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select how records of this class are disposed of"},
    )
    grace_days = _number(
        "Grace period, in days",
        "Grace period must be a whole number of days, like 30",
        help_text="For automatic disposal: the days the owner team has to extend or hold a record",
    )
    source = forms.CharField(
        label="Source",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="Where the period comes from: the law, guidance, or the council's decision and its date",
        error_messages={"max_length": "Source must be 2,000 characters or fewer"},
    )

    @classmethod
    def initial_for(cls, line) -> dict:
        years, months = divmod(line.period_months, 12)
        return {
            "period_years": years,
            "period_extra_months": months,
            "runs_from": line.runs_from,
            "or_pension_age": "yes" if line.or_pension_age else "no",
            "disposal": line.disposal,
            "grace_days": line.grace_days,
            "source": line.source,
        }

    def details(self) -> RuleDetails:
        data = self.cleaned_data
        return RuleDetails(
            period_months=(data["period_years"] or 0) * 12 + (data["period_extra_months"] or 0),
            runs_from=data["runs_from"] or "",
            or_pension_age=bool(data["or_pension_age"]),
            disposal=data["disposal"] or "",
            grace_days=data["grace_days"] if data["grace_days"] is not None else 30,
            source=data["source"] or "",
        )


class HoldForm(forms.Form):
    name = forms.CharField(
        label="Name of the hold",
        max_length=200,
        required=False,
        help_text="For example, the inquiry's or the case's name",
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    requested_by = forms.CharField(
        label="Who asked for it",
        max_length=200,
        required=False,
        help_text="The inquiry, court, solicitor or review",
        error_messages={"max_length": "Who asked must be 200 characters or fewer"},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000)
    record_classes = forms.MultipleChoiceField(
        label="Classes of record held",
        choices=RecordClass.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose classes of record from the list"},
    )
    child_references = forms.CharField(
        label="Children held",
        required=False,
        max_length=2000,
        help_text="Register references, like SG123, separated by spaces or commas. Leave empty to hold whole classes.",
    )

    def details(self) -> HoldDetails:
        data = self.cleaned_data
        return HoldDetails(
            name=data["name"] or "",
            reason=data["reason"] or "",
            requested_by=data["requested_by"] or "",
            record_classes=list(data["record_classes"] or []),
            child_references=data["child_references"] or "",
        )


class LiftForm(forms.Form):
    lift_reason = forms.CharField(
        label="Why is the hold lifted?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class DisposeForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I confirm the record will be disposed of and cannot be restored", required=False
    )


class ExtendForm(forms.Form):
    until = GovukDateField(label="Keep the record until", required=False, help_text="For example, 31 3 2027")
    reason = forms.CharField(
        label="Why is it kept longer?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="For example, a complaint or a review under way, or a request from the police",
    )
