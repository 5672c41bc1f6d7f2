"""The web form's question pages, in order, for each kind of notification."""

from dataclasses import dataclass

from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[forms.PayloadForm]


KIND = Step("kind", "What are you telling us about?", forms.KindForm)
SENDER = Step("sender", "Which council placed the child?", forms.SenderForm)
CHILD = Step("child", "About the child", forms.ChildForm)
LEGAL = Step("legal-status", "The child's legal status", forms.LegalStatusForm)
PLACEMENT = Step("placement", "The placement", forms.PlacementForm)
MOVE = Step("move", "The new address", forms.MoveForm)
END = Step("end", "The end of the placement", forms.EndForm)
CONTACTS = Step("contacts", "Social worker and IRO", forms.ContactsForm)
EDUCATION = Step("education", "Education", forms.EducationForm)

ALL = {step.slug: step for step in (KIND, SENDER, CHILD, LEGAL, PLACEMENT, MOVE, END, CONTACTS, EDUCATION)}


def steps_for(kind: str | None, *, choose_sender: bool) -> list[Step]:
    first = [KIND] + ([SENDER] if choose_sender else []) + [CHILD]
    if kind == "change_of_address":
        return first + [MOVE]
    if kind == "placement_end":
        return first + [END]
    return first + [LEGAL, PLACEMENT, CONTACTS, EDUCATION]
