"""The one way a service says no.

Every service refuses with `ServiceRefusal` (or a subclass an app names for itself): a message per
field, and nothing saved. A view puts the messages on its form with `core.forms.form_save`; the API
turns them into its problem document's `errors` list. `TransitionRefused` is the refusal of a
workflow step that the record's state does not allow (`core.workflows`).
"""


class ServiceRefusal(ValueError):
    """A service's field-by-field refusal: {field name: message}. Nothing was saved.

    The key "__all__" (or any name that is not a field of the form) is a refusal of the whole
    request, shown at the top of the page.
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(str(message) for message in errors.values()))
        self.errors = {name: str(message) for name, message in errors.items()}


class TransitionRefused(ServiceRefusal):
    """The record's state does not allow this step (a closed case cannot be reopened by recording
    an outcome, an ended episode cannot end again)."""

    def __init__(self, message: str, *, state: str = "", to: str = "", field: str = "__all__"):
        super().__init__({field: message})
        self.state = state
        self.to = to
