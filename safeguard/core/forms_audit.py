from django import forms

from .forms import GovukDateField


class AuditFilterForm(forms.Form):
    person = forms.CharField(label="Person (email address)", required=False, max_length=254)
    action = forms.CharField(
        label="Action", required=False, max_length=100, help_text="For example, child.view or user.sign_in"
    )
    object_type = forms.CharField(
        label="Record type", required=False, max_length=100, help_text="For example, register.child"
    )
    object_id = forms.CharField(label="Record number", required=False, max_length=64)
    date_from = GovukDateField(label="From date", required=False)
    date_to = GovukDateField(label="To date", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned
