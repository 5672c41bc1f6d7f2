from django import forms

from safeguard.core.forms import GovukDateField

from .models import ChildPhotograph


class PhotographUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which photograph is this?",
        widget=forms.RadioSelect,
        choices=ChildPhotograph.Kind.choices,
        error_messages={"required": "Select whether this is a face or a full-length photograph"},
    )
    photograph = forms.FileField(
        label="Photograph",
        help_text="A JPG, PNG or WEBP photograph, smaller than 20 MB",
        error_messages={"required": "Select a photograph to upload", "empty": "The selected file is empty"},
    )
    taken_on = GovukDateField(
        label="Date the photograph was taken",
        required=False,
        help_text="If you leave this blank, we use the date the camera recorded, or today",
    )
