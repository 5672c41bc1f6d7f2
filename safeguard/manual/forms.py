from datetime import date

from django import forms
from django.utils import timezone

from safeguard.core.forms import GovukDateField


class ManualOnDateForm(forms.Form):
    """The manual as it stood on a date: day, month and year boxes (or ?on=YYYY-MM-DD in a link)."""

    on = GovukDateField(label="Date", required=False, help_text="For example, 27 3 2019")

    def clean_on(self) -> date | None:
        on = self.cleaned_data.get("on")
        if on is not None and on > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return on


def on_date_form(params) -> ManualOnDateForm:
    """The form bound to a request's query: ?on=YYYY-MM-DD is read as the three boxes."""
    data = params.copy()
    iso = params.get("on", "")
    if iso:
        try:
            day = date.fromisoformat(iso)
            data.update({"on_0": day.day, "on_1": day.month, "on_2": day.year})
        except ValueError:
            data.update({"on_0": "x", "on_1": "x", "on_2": "x"})
    bound = any(params.get(f"on_{i}") for i in range(3)) or bool(iso)
    return ManualOnDateForm(data if bound else None)


class CompareForm(forms.Form):
    """Any two versions of a chapter."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(v.number), f"Version {v.number}, in force from {timezone.localtime(v.in_force_from):%-d %B %Y}")
            for v in versions
        ]
        self.fields["from_version"] = forms.ChoiceField(label="Compare version", choices=choices)
        self.fields["to_version"] = forms.ChoiceField(label="with version", choices=choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_version") and cleaned.get("from_version") == cleaned.get("to_version"):
            self.add_error("to_version", "Choose a different version to compare with")
        return cleaned


class ManualSearchForm(forms.Form):
    """Search the manual: words (letters or numbers; punctuation is ignored) and, if wanted, a section."""

    q = forms.CharField(
        label="Search the manual",
        max_length=200,
        error_messages={
            "required": "Enter words to search for",
            "max_length": "Search words must be 200 characters or fewer (you entered %(show_value)d)",
        },
    )
    section = forms.ChoiceField(label="Section", required=False)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "All sections"), *((s.slug, s.title) for s in sections)]
        self.fields["section"].error_messages["invalid_choice"] = "Choose a section from the list"

    def clean_q(self) -> str:
        from .search import query_words

        text = self.cleaned_data["q"]
        if not query_words(text):
            raise forms.ValidationError("Enter words made of letters or numbers, for example “missing”")
        return text
