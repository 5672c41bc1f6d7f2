"""The public's forms (a response, feedback: the shared honeypot of core) and the business unit's."""

from django import forms

from safeguard.core.forms import HoneypotForm

from .models import Consultation, Feedback, Question
from .services import MAX_ANSWER, MAX_MESSAGE, Respondent

RESPOND_AS = [("named", "With my name"), ("anonymous", "Anonymously")]


class ResponseForm(HoneypotForm):
    """A consultation's questions (one field each, `q<pk>`), then who is responding."""

    respond_as = forms.ChoiceField(
        label="How do you want to respond?",
        choices=RESPOND_AS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to respond with your name or anonymously"},
        help_text="Anonymous responses keep no name or e-mail address.",
    )
    name = forms.CharField(label="Your name (if you respond with your name)", max_length=200, required=False)
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        help_text="We will send you a copy of your answers.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
    )
    organisation = forms.CharField(label="Your organisation or agency (optional)", max_length=200, required=False)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(consultation.questions.all())
        for question in self.questions:
            label = question.text if question.required else f"{question.text} (optional)"
            if question.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(
                    label=label,
                    choices=[(c, c) for c in question.choice_list],
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=question.hint,
                )
            else:
                field = forms.CharField(
                    label=label,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    required=False,
                    max_length=MAX_ANSWER,
                    help_text=question.hint,
                    error_messages={"max_length": f"Your answer must be {MAX_ANSWER:,} characters or fewer"},
                )
            self.fields[f"q{question.pk}"] = field

    def question_fields(self):
        return [self[f"q{question.pk}"] for question in self.questions]

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") or "" for question in self.questions}

    def respondent(self) -> Respondent:
        data = self.cleaned_data
        return Respondent(
            anonymous=data["respond_as"] == "anonymous",
            name=data.get("name") or "",
            email=data.get("email") or "",
            organisation=data.get("organisation") or "",
        )

    def is_complete(self) -> bool:
        """Every required question answered (the honeypot's rule: only a complete response is kept)."""
        return bool(self.data.get("respond_as")) and all(
            (self.data.get(f"q{q.pk}") or "").strip() for q in self.questions if q.required
        )


class FeedbackForm(HoneypotForm):
    about = forms.ChoiceField(
        label="What is your feedback about?",
        choices=Feedback.About.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what your feedback is about"},
    )
    message = forms.CharField(
        label="Your feedback",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_MESSAGE,
        help_text="Do not use this form to report a concern about a child.",
        error_messages={
            "required": "Enter your feedback",
            "max_length": f"Your feedback must be {MAX_MESSAGE:,} characters or fewer",
        },
    )
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    email = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        help_text="If you want an answer. We will e-mail you to say we have your feedback.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
    )


class SummaryForm(forms.Form):
    you_said = forms.CharField(
        label="You said", widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=10_000
    )
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=10_000
    )


class FeedbackAnswerForm(forms.Form):
    note = forms.CharField(
        label="How did you answer?",
        help_text="For example “Replied by e-mail on 3 December”",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
