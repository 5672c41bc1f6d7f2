"""Forms for a host council's configuration pages. The services check the answers; forms read and type."""

from django import forms

from safeguard.accounts.models import Team

from .models import Contact
from .services import ContactDetails, TeamDetails
from .validation import DAY_NAMES


def _text(label: str, max_length: int = 200, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
        **kwargs,
    )


def _choice(label: str, choices, message: str, widget=forms.RadioSelect, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        required=False,
        error_messages={"invalid_choice": message, "required": message},
        **kwargs,
    )


class AreaForm(forms.Form):
    police_force_name = _text("Police force", help_text="The force whose officers open grab packs for your area")
    police_force_phone = _text(
        "Police force's phone number", max_length=40, help_text="The force's own number, like 101"
    )
    postcode_districts = _text(
        "Postcode districts of your area",
        max_length=2000,
        help_text="Separated by spaces, like LU1 LU2 LU3. Notifications of placements here come to you.",
    )


class TeamForm(forms.Form):
    name = _text("Team name")
    kind = _choice("What the team does", Team.Kind.choices, "Select what the team does")
    email = _text("Team e-mail address", max_length=254, help_text="Work and notices for the team go here")
    phone = _text("Team phone number", max_length=40)
    manager_email = _text(
        "Manager's e-mail address", max_length=254, help_text="Work nobody has acknowledged in time escalates here"
    )

    def details(self) -> TeamDetails:
        return TeamDetails(**{name: self.cleaned_data[name] or "" for name in TeamDetails.__dataclass_fields__})


class ContactForm(forms.Form):
    """A contact, and its opening hours: one opening and one closing time a day."""

    purpose = _choice(
        "What the contact is for",
        [("", "Select what the contact is for"), *Contact.Purpose.choices],
        "Select what the contact is for",
        widget=forms.Select,
    )
    name = _text("Name", help_text="For example, Bedfordshire Police missing persons unit")
    phone = _text("Phone number", max_length=40)
    email = _text("E-mail address", max_length=254)
    url = _text("Web address", max_length=200)
    description = _text(
        "What people are told",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, Call 101 and ask for the missing persons unit.",
    )
    priority = forms.IntegerField(
        label="Order",
        required=False,
        help_text="Among the contacts for the same purpose that answer at the time, 1 is offered first",
        error_messages={"invalid": "Order must be a whole number from 1 to 99"},
    )
    not_for_referrals = forms.BooleanField(label="These numbers are not for referrals", required=False)
    no_number_reason = _text(
        "Why there is no number",
        max_length=300,
        help_text="When people are given no number to ring, for example: new matters go through the PPU Support Team",
    )
    hours_apply = _choice(
        "When the opening hours apply",
        Contact.Hours.choices,
        "Select when the opening hours apply",
        help_text="An out-of-hours emergency duty team answers outside the office's hours: enter the office's hours",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in DAY_NAMES:
            self.fields[f"{day}_opens"] = _text("Opens", max_length=5)
            self.fields[f"{day}_closes"] = _text("Closes", max_length=5)

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        initial = {name: getattr(contact, name) for name in ContactDetails.__dataclass_fields__}
        for hours in contact.opening_hours.all():
            initial[f"{DAY_NAMES[hours.weekday]}_opens"] = f"{hours.opens:%H:%M}"
            initial[f"{DAY_NAMES[hours.weekday]}_closes"] = f"{hours.closes:%H:%M}"
        return initial

    def days(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(day.capitalize(), self[f"{day}_opens"], self[f"{day}_closes"]) for day in DAY_NAMES]

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            purpose=data["purpose"],
            name=data["name"],
            description=data["description"],
            phone=data["phone"],
            email=data["email"],
            url=data["url"],
            priority=10 if data["priority"] is None else data["priority"],
            not_for_referrals=bool(data["not_for_referrals"]),
            hours_apply=data["hours_apply"] or Contact.Hours.DURING,
            no_number_reason=data["no_number_reason"],
        )

    def hours(self) -> dict[int, tuple[str, str]]:
        return {
            i: (self.cleaned_data[f"{day}_opens"], self.cleaned_data[f"{day}_closes"])
            for i, day in enumerate(DAY_NAMES)
        }


class OutOfHoursForm(forms.Form):
    out_of_hours_phone = _text(
        "Out-of-hours phone number",
        max_length=40,
        help_text="The council's emergency duty team, printed in the police grab pack. Leave empty if not known.",
    )
