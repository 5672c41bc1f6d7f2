"""The web form's question pages. Each field is named after its payload path ("child.first_name" is
`child__first_name`): the form only shapes the answers; `validation.notification_validate` judges them.
"""

from datetime import date

from django import forms

from safeguard.core.forms import GovukDateField
from safeguard.reference.codes import code_choices
from safeguard.reference.selectors import councils
from safeguard.register.models import SUPERVISION_ORDER

from .destinations import DESTINATIONS, destination_for, end_reason_for
from .models import RoutingRule

YES_NO = [("yes", "Yes"), ("no", "No")]
SEX = [("F", "Female"), ("M", "Male"), ("U", "Not known")]
KINDS = [
    ("placement_start", "A child has been placed in the area"),
    ("change_of_address", "A child placed here has moved address"),
    ("placement_end", "A child's placement here has ended"),
]


def _path(name: str) -> str:
    return name.replace("__", ".")


def _get(payload: dict, path: str):
    node = payload
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _set(payload: dict, path: str, value) -> None:
    parts = path.split(".")
    node = payload
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


class PayloadForm(forms.Form):
    """A question page whose answers go into the notification payload.

    `reveals` ({radio field: {answer: field}}) shows a field under the answer it belongs to (GOV.UK
    conditional radios: without JavaScript every revealed field shows); `item_hints` ({radio field:
    {answer: hint}}) gives an answer its own hint."""

    reveals: dict[str, dict[str, str]] = {}
    item_hints: dict[str, dict[str, str]] = {}

    def __init__(self, *args, payload: dict | None = None, **kwargs):
        initial = {}
        for name, field in self.base_fields.items():
            value = _get(payload or {}, _path(name))
            if value is None:
                continue
            if isinstance(field, GovukDateField) and isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    continue
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            initial[name] = value
        super().__init__(*args, initial=initial, **kwargs)

    def to_payload(self) -> dict:
        """The answers as payload; an answer that did not clean is kept as typed (nothing is lost)."""
        payload: dict = {}
        cleaned = dict(getattr(self, "cleaned_data", {}))
        for name in self.errors:
            if name in self.fields:
                raw = self[name].value()
                if isinstance(raw, list | tuple):  # a date typed as day, month and year
                    day, month, year = (str(part or "").strip() for part in (list(raw) + ["", "", ""])[:3])
                    raw = f"{year}-{month.zfill(2)}-{day.zfill(2)}" if any((day, month, year)) else None
                _set(payload, _path(name), raw)
        for name, value in cleaned.items():
            if isinstance(value, date):
                value = value.isoformat()
            elif name.endswith(("has_plan", "emergency", "_changed")) and value in ("yes", "no"):
                value = value == "yes"
            elif value == "":
                value = None
            _set(payload, _path(name), value)
        return payload

    def paths(self) -> set[str]:
        return {_path(name) for name in self.fields}


def _radios(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False, **kwargs)


class KindForm(PayloadForm):
    kind = _radios("What are you telling us about?", KINDS)


class SenderForm(PayloadForm):
    """For SQA officers entering a notification received another way."""

    placing_authority = forms.ChoiceField(label="Placing council", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placing_authority"].choices = [("", "Select the placing council")] + [
            (c.dfe_code, c.name) for c in councils()
        ]


class ChildForm(PayloadForm):
    child__first_name = forms.CharField(label="First name", required=False, max_length=200)
    child__last_name = forms.CharField(label="Last name", required=False, max_length=200)
    child__date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2012")
    child__sex = _radios("Sex", SEX)
    child__nhs_number = forms.CharField(
        label="NHS number (if known)", required=False, max_length=20, help_text="A 10-digit number, like 943 476 5919"
    )
    child__upn = forms.CharField(label="Unique pupil number (UPN), if known", required=False, max_length=20)
    child__local_id = forms.CharField(
        label="Your council's ID for the child (if you have one)", required=False, max_length=50
    )


class LegalStatusForm(PayloadForm):
    legal_status = forms.ChoiceField(
        label="Legal status", required=False, help_text="The order or agreement under which the child is looked after"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_status"].choices = (
            [("", "Select the legal status")]
            + code_choices("legal_status")
            + [(SUPERVISION_ORDER, "Supervision order (the child is not looked after)")]
        )


class PlacementForm(PayloadForm):
    placement__start_date = GovukDateField(label="Placement start date", required=False)
    placement__emergency = _radios("Was it an emergency placement?", YES_NO)
    placement__type = forms.ChoiceField(label="Placement type", required=False)
    placement__carer = forms.CharField(
        label="Carer or provider",
        required=False,
        max_length=200,
        help_text="The foster carer's name, or the children's home or provider",
    )
    placement__address__line1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    placement__address__line2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    placement__address__town = forms.CharField(label="Town or city", required=False, max_length=100)
    placement__address__postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement__type"].choices = [("", "Select the placement type")] + code_choices("placement_type")


class MoveForm(PayloadForm):
    """A move asks what moves with the child: the address, and whether the carer or provider and the
    placement type changed (the old carer never carries over unasked)."""

    move__date = GovukDateField(label="Date of the move", required=False)
    move__address__line1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    move__address__line2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    move__address__town = forms.CharField(label="Town or city", required=False, max_length=100)
    move__address__postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    move__carer_changed = _radios(
        "Has the carer or provider changed?",
        [
            ("yes", "Yes, the child lives with a new carer or provider"),
            ("no", "No, the same carer moved with the child"),
        ],
    )
    move__carer = forms.CharField(
        label="New carer or provider (if it changed)",
        required=False,
        max_length=200,
        help_text="The foster carer's name, or the children's home or provider",
    )
    move__type_changed = _radios(
        "Has the placement type changed?",
        [("yes", "Yes"), ("no", "No, the same type of placement")],
    )
    move__type = forms.ChoiceField(label="New placement type (if it changed)", required=False)
    # Each follows its question, shown plainly: GOV.UK's conditional reveal puts aria-expanded on a radio,
    # which axe-core refuses (the reading form in the manual does the same).

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move__type"].choices = [("", "Select the placement type")] + code_choices("placement_type")


class EndForm(PayloadForm):
    """An end asks where the child went, in plain words; each answer is an SSDA903 reason (destinations.py)."""

    placement__end_date = GovukDateField(label="Date the placement ended (or will end)", required=False)
    placement__destination = forms.ChoiceField(
        label="Where did the child go?",
        required=False,
        widget=forms.RadioSelect,
        choices=[(d.key, d.words) for d in DESTINATIONS],
    )
    item_hints = {"placement__destination": {d.key: d.hint for d in DESTINATIONS if d.hint}}

    def __init__(self, *args, payload: dict | None = None, **kwargs):
        super().__init__(*args, payload=payload, **kwargs)
        code = _get(payload or {}, "placement.end_reason")
        if "placement__destination" not in self.initial and code:
            # A notice that came with an SSDA903 code (e-mail, SSDA903 file) shows it as its words.
            destination = destination_for(str(code))
            if destination is not None:
                self.initial["placement__destination"] = destination.key

    def to_payload(self) -> dict:
        payload = super().to_payload()
        key = _get(payload, "placement.destination")
        if key:
            _set(payload, "placement.end_reason", end_reason_for(key))
        return payload


class ContactsForm(PayloadForm):
    social_worker__name = forms.CharField(label="Social worker's name", required=False, max_length=200)
    social_worker__email = forms.CharField(label="Social worker's email address", required=False, max_length=254)
    social_worker__phone = forms.CharField(label="Social worker's phone number", required=False, max_length=40)
    social_worker__team = forms.CharField(label="Team (optional)", required=False, max_length=200)
    iro__name = forms.CharField(label="IRO's name", required=False, max_length=200)
    iro__email = forms.CharField(label="IRO's email address", required=False, max_length=254)
    iro__phone = forms.CharField(label="IRO's phone number", required=False, max_length=40)


class EducationForm(PayloadForm):
    ehc_plan__has_plan = _radios(
        "Does the child have an education, health and care (EHC) plan?",
        YES_NO,
        help_text="EHC plans replaced statements of special educational needs",
    )
    ehc_plan__maintaining_authority = forms.ChoiceField(label="Council that maintains the EHC plan", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ehc_plan__maintaining_authority"].choices = [("", "Select the council")] + [
            (c.dfe_code, c.name) for c in councils()
        ]


class AcknowledgeForm(forms.Form):
    case_reference = forms.CharField(
        label="Case-system reference",
        required=False,
        max_length=50,
        help_text="The child's number on the children's case system",
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, team_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if team_kind == "virtual_school":
            # The Virtual School keeps its own record of the child; the reference helps find it again.
            self.fields["case_reference"].label = "Virtual School reference (optional)"
            self.fields["case_reference"].help_text = (
                "The child's number on the Virtual School's own system (for example its PEP or education "
                "record), so colleagues can find it. Leave it blank if the child has none yet."
            )


class WorkFilterForm(forms.Form):
    """The work queue's filters (GET): state, owner and due date."""

    show = forms.ChoiceField(label="State", required=False)
    owner = forms.ChoiceField(label="Who is doing it", required=False)
    due = forms.ChoiceField(label="Due", required=False)

    def __init__(self, *args, states, due_choices, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = list(states.items())
        self.fields["due"].choices = list(due_choices.items())
        self.fields["owner"].choices = [("", "Anyone"), ("me", "Me"), ("nobody", "Nobody yet")] + [
            (str(person.pk), person.full_name) for person in owners
        ]

    def value(self, name: str, default: str = "") -> str:
        return self.cleaned_data.get(name) or default if self.is_valid() else default


class AssignForm(forms.Form):
    owner = forms.ChoiceField(
        label="Who will do this work?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person who will do this work",
            "invalid_choice": "Select a person in the team",
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(person.pk): person for person in workers}
        self.fields["owner"].choices = [(pk, person.full_name) for pk, person in self.workers.items()]


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Is this the same child?",
        widget=forms.RadioSelect,
        choices=[
            ("same", "Yes, the same child: add this notification to their record"),
            ("different", "No, a different child: keep them apart"),
        ],
        error_messages={"required": "Select whether this is the same child"},
    )


MAX_UPLOAD_BYTES = 200 * 1024 * 1024
_FILE_ERRORS = {
    "empty": "The selected file is empty",
    "invalid": "Select a file",
    "missing": "Select a file",
    "max_length": "The file name must be 100 characters or fewer",
}


class Ssda903UploadForm(forms.Form):
    """A placing council's return; an SQA officer uploading it on a council's behalf chooses the council."""

    placing_authority = forms.ChoiceField(
        label="Which council's return is it?",
        required=False,
        help_text="The placing council that sent you the return",
    )
    xml_file = forms.FileField(
        label="DfE XML file",
        required=False,
        error_messages=_FILE_ERRORS,
        help_text="The whole return as one XML file (EXPSSDA903)",
    )
    header_file = forms.FileField(label="Header table (header.csv)", required=False, error_messages=_FILE_ERRORS)
    episodes_file = forms.FileField(label="Episodes table (episodes.csv)", required=False, error_messages=_FILE_ERRORS)

    def __init__(self, *args, choose_council: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_council:
            self.councils = {c.dfe_code: c for c in councils()}
            self.fields["placing_authority"].choices = [("", "Select the placing council")] + [
                (code, council.name) for code, council in self.councils.items()
            ]
        else:
            del self.fields["placing_authority"]

    def council(self):
        return self.councils.get(self.cleaned_data.get("placing_authority") or "")

    def clean(self):
        cleaned = super().clean()
        if "placing_authority" in self.fields and not self.council():
            self.add_error("placing_authority", "Select the placing council whose return it is")
        xml, header, episodes = cleaned.get("xml_file"), cleaned.get("header_file"), cleaned.get("episodes_file")
        for name in ("xml_file", "header_file", "episodes_file"):
            upload = cleaned.get(name)
            if upload is not None and upload.size > MAX_UPLOAD_BYTES:
                self.add_error(name, "The file must be smaller than 200 MB")
            elif upload is not None and upload.size == 0:
                self.add_error(name, "The selected file is empty")
        if not xml and not (header and episodes):
            if header and not episodes:
                self.add_error("episodes_file", "Select the episodes table as well as the header table")
            elif episodes and not header:
                self.add_error("header_file", "Select the header table as well as the episodes table")
            else:
                self.add_error("xml_file", "Select the XML file, or the header and episodes tables")
        return cleaned

    def files_by_name(self) -> dict:
        cleaned = self.cleaned_data
        if cleaned.get("xml_file"):
            return {"return.xml": cleaned["xml_file"]}
        return {"header.csv": cleaned["header_file"], "episodes.csv": cleaned["episodes_file"]}


class EmailUploadForm(forms.Form):
    message = forms.FileField(
        label="E-mail message (.eml)",
        error_messages=_FILE_ERRORS | {"required": "Select the e-mail message to upload"},
        help_text="Save the message from your e-mail program as a file (.eml) and upload it here",
    )

    def clean_message(self):
        upload = self.cleaned_data["message"]
        if upload.size > 25 * 1024 * 1024:
            raise forms.ValidationError("The message must be smaller than 25 MB")
        return upload


def _escalate_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Escalate to the team's manager after (working hours)",
        help_text="Work nobody has acknowledged by then goes to the manager. A working day is 8 hours, 9am to 5pm.",
        required=False,
        error_messages={"invalid": "Enter the working hours as a whole number, like 16"},
    )


class RoutingRuleAddForm(forms.Form):
    """A host's team that gets work for new placements. The service checks the answers."""

    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Select the team that gets the work"},
    )
    condition = forms.ChoiceField(
        label="When does the team get the work?",
        choices=RoutingRule.Condition.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select when the team gets the work"},
    )
    escalate_after_working_hours = _escalate_field()

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {str(team.pk): team for team in teams}
        self.fields["team"].choices = [("", "Select a team")] + [(pk, team.name) for pk, team in self.teams.items()]

    def chosen_team(self):
        return self.teams.get(self.cleaned_data["team"])


class RoutingRuleEditForm(forms.Form):
    escalate_after_working_hours = _escalate_field()
    active = forms.ChoiceField(
        label="Does the rule apply?",
        choices=[("yes", "Yes, the team gets work for new placements"), ("no", "No, the rule is stopped")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select whether the rule applies"},
    )


class CouncilMailboxForm(forms.Form):
    """The host council's notifications mailbox (docs/adr/0035). The password is write-only: never shown
    back, and left blank to keep the one stored."""

    enabled = forms.ChoiceField(
        label="Read this mailbox?",
        choices=[("yes", "Yes, read it on a timer"), ("no", "No, switched off")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether Safeguard reads the mailbox"},
    )
    server = forms.CharField(
        label="IMAP server",
        max_length=253,
        help_text="For Exchange Online: outlook.office365.com",
        error_messages={"required": "Enter the mailbox's IMAP server, like outlook.office365.com"},
    )
    port = forms.IntegerField(
        label="Port",
        min_value=1,
        max_value=65535,
        help_text="993 for IMAP over TLS",
        error_messages={
            "required": "Enter the port, like 993",
            "invalid": "Enter the port as a number, like 993",
            "min_value": "Enter the port as a number from 1 to 65535",
            "max_value": "Enter the port as a number from 1 to 65535",
        },
    )
    username = forms.CharField(
        label="User name",
        max_length=254,
        help_text="The mailbox's sign-in, like notifications@luton.gov.uk",
        error_messages={"required": "Enter the mailbox's user name, like notifications@luton.gov.uk"},
    )
    password = forms.CharField(
        label="Password", max_length=500, required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )
    folder = forms.CharField(
        label="Folder to read",
        max_length=200,
        help_text="Where placing councils' e-mails arrive, usually INBOX",
        error_messages={"required": "Enter the folder where the messages arrive, like INBOX"},
    )
    done_folder = forms.CharField(
        label="Folder for messages taken in (optional)",
        max_length=200,
        required=False,
        help_text="Each message taken in is moved here (made when missing). Leave empty to flag messages instead.",
    )
    ca_file = forms.CharField(
        label="CA certificate file (optional)",
        max_length=500,
        required=False,
        help_text="Only when the mail server's certificate is from your council's own authority: the file's path on Safeguard's server",
    )
    interval_minutes = forms.IntegerField(
        label="Read it every (minutes)",
        min_value=1,
        max_value=1440,
        error_messages={
            "required": "Enter how often to read the mailbox, in minutes, like 5",
            "invalid": "Enter how often to read the mailbox as a number of minutes, like 5",
            "min_value": "Enter how often to read the mailbox, from 1 to 1440 minutes",
            "max_value": "Enter how often to read the mailbox, from 1 to 1440 minutes",
        },
    )

    def __init__(self, *args, password_stored: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = (
            "Leave blank to keep the password Safeguard has. It is never shown again: type it in full to change it."
            if password_stored
            else "The mailbox's password, or an app password. It is never shown again."
        )


REGISTER_FILE_MAX_BYTES = 20 * 1024 * 1024


class RegisterFileForm(forms.Form):
    """The host's current register, as a spreadsheet (docs/adr/0036)."""

    file = forms.FileField(
        label="Your register (CSV or Excel)",
        error_messages={"required": "Select your register's CSV or Excel file", **_FILE_ERRORS},
        help_text="A .csv or .xlsx file, with the column headings in its first row",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or an Excel (.xlsx) file")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > REGISTER_FILE_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB")
        return upload


def fact_field_name(path: str) -> str:
    return path.replace(".", "__")


class RegisterColumnsForm(forms.Form):
    """For each of Safeguard's facts, which column of the file holds it (or none)."""

    def __init__(self, *args, headers: list[str], facts, initial_columns: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in the file")] + [(h, h) for h in headers if h]
        self.facts = facts
        for fact in facts:
            self.fields[fact_field_name(fact.path)] = forms.ChoiceField(
                label=fact.label,
                choices=choices,
                required=False,
                initial=initial_columns.get(fact.path, ""),
                help_text="Needed" if fact.required else "",
                error_messages={
                    "invalid_choice": f"The file has no such column: choose the column for {fact.label.lower()}"
                },
            )

    def columns(self) -> dict[str, str]:
        return {fact.path: self.cleaned_data.get(fact_field_name(fact.path)) or "" for fact in self.facts}
