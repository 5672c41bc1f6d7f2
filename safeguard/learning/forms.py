"""The public forms (booking, evaluation): every field says what to do when it is wrong."""

from django import forms

from .models import Agency

SCORES = [
    (str(n), label)
    for n, label in [(5, "5 – Very good"), (4, "4 – Good"), (3, "3 – Fair"), (2, "2 – Poor"), (1, "1 – Very poor")]
]


class BookingForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name", "max_length": "Full name must be 200 characters or fewer"},
    )
    email = forms.EmailField(
        label="Work e-mail address",
        max_length=254,
        help_text="We send your booking, and the link to change it, here",
        error_messages={
            "required": "Enter your work e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": "Work e-mail address must be 254 characters or fewer",
        },
    )
    agency = forms.ChoiceField(
        label="Where you work",
        choices=Agency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where you work", "invalid_choice": "Select where you work"},
    )
    role = forms.CharField(
        label="Job title or role",
        max_length=200,
        error_messages={
            "required": "Enter your job title or role",
            "max_length": "Job title or role must be 200 characters or fewer",
        },
    )
    # The honeypot: a field no person sees (hidden from sight and from screen readers); a bot fills it.
    website = forms.CharField(required=False, max_length=500)

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def clean_role(self) -> str:
        role = " ".join(self.cleaned_data["role"].split())
        if not role:
            raise forms.ValidationError("Enter your job title or role")
        return role


def _score(label: str, what: str) -> forms.ChoiceField:
    message = f"Select how {what}"
    return forms.ChoiceField(
        label=label,
        choices=SCORES,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class EvaluationForm(forms.Form):
    objectives_met = _score("How well did the event meet its aims?", "well the event met its aims")
    confidence = _score(
        "How confident are you to use what you learnt in your work?", "confident you are to use what you learnt"
    )
    overall = _score("Overall, how good was the event?", "good the event was overall")
    comments = forms.CharField(
        label="Anything else you would like to tell us (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Comments must be 2000 characters or fewer"},
    )
