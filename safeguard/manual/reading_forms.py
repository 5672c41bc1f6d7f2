"""Forms of the manual's read acknowledgements: what to read, who reads it, by when."""

from django import forms
from django.utils import timezone

from safeguard.core.forms import GovukDateField

from .models import ManualIndexPage
from .reading_selectors import ASSIGNABLE_ROLES, assignable_teams, chapters_to_assign, releases_to_assign


class ReadingAssignForm(forms.Form):
    """Ask teams or roles of the manager's own council to read a chapter, or a release's new and updated
    chapters. The choices are the council's own, so another council's team or chapter is not valid."""

    what = forms.ChoiceField(
        label="What should people read?",
        choices=[("chapter", "A chapter"), ("release", "A release's new and updated chapters")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a chapter, or a release's new and updated chapters"},
    )
    chapter = forms.TypedChoiceField(label="Chapter", required=False, coerce=int, empty_value=None)
    release = forms.TypedChoiceField(label="Release", required=False, coerce=int, empty_value=None)
    teams = forms.TypedMultipleChoiceField(
        label="Teams", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text="Everyone in each team you choose",
    )  # fmt: skip
    roles = forms.MultipleChoiceField(
        label="Roles", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Everyone in your council with each role you choose, whatever their team",
    )  # fmt: skip
    due_on = GovukDateField(label="Due date", help_text="For example, 27 3 2027")

    def __init__(self, *args, manual: ManualIndexPage, host, **kwargs):
        super().__init__(*args, **kwargs)
        self.chapter_pages = {chapter.pk: chapter for chapter, _ in chapters_to_assign(manual)}
        self.fields["chapter"].choices = [("", "Choose a chapter")] + [
            (chapter.pk, label) for chapter, label in chapters_to_assign(manual)
        ]
        self.release_objects = {release.pk: release for release in releases_to_assign(manual)}
        self.fields["release"].choices = [("", "Choose a release")] + [
            (release.pk, release.name) for release in self.release_objects.values()
        ]
        self.team_objects = {team.pk: team for team in assignable_teams(host)}
        self.fields["teams"].choices = [(team.pk, team.name) for team in self.team_objects.values()]
        self.fields["roles"].choices = [(role.value, role.label) for role in ASSIGNABLE_ROLES]

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due_on

    def clean(self):
        cleaned = super().clean()
        what = cleaned.get("what")
        if what == "chapter" and not cleaned.get("chapter"):
            self.add_error("chapter", "Choose a chapter")
        if what == "release" and not cleaned.get("release"):
            self.add_error("release", "Choose a release")
        if not cleaned.get("teams") and not cleaned.get("roles") and "teams" not in self.errors:
            self.add_error("teams", "Choose at least one team or role")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        chapter = self.chapter_pages.get(data.get("chapter")) if data["what"] == "chapter" else None
        release = self.release_objects.get(data.get("release")) if data["what"] == "release" else None
        return {
            "chapter": chapter,
            "release": release,
            "teams": [self.team_objects[pk] for pk in data.get("teams") or []],
            "roles": list(data.get("roles") or []),
            "due_on": data.get("due_on"),
        }


class ReadConfirmForm(forms.Form):
    """The version the person was shown when they pressed "I have read and understood this chapter"."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class TeamFilterForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams")] + [(team.pk, team.name) for team in teams]
