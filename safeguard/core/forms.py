"""Glue between Django forms and the GOV.UK Frontend macros.

Each helper turns a bound field into the parameters of the matching GOV.UK component, so a
template reads `{{ govukInput(field(form.email, type="email")) }}` and errors show in the GOV.UK
error message and error summary patterns.
"""

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import throttle
from .errors import ServiceRefusal


def _error_message(bound: forms.BoundField) -> dict | None:
    if bound.errors:
        return {"text": " ".join(str(e) for e in bound.errors)}
    return None


def _hint(bound: forms.BoundField) -> dict | None:
    return {"text": str(bound.help_text)} if bound.help_text else None


def field_params(bound: forms.BoundField, label_classes: str = "", is_page_heading: bool = False, **extra) -> dict:
    """Parameters for govukInput, govukTextarea or govukPasswordInput."""
    value = bound.value()
    label: dict[str, Any] = {"text": str(bound.label)}
    if label_classes:
        label["classes"] = label_classes
    if is_page_heading:
        label["isPageHeading"] = True
    params = {
        "id": bound.id_for_label or bound.auto_id,
        "name": bound.html_name,
        "label": label,
        "hint": _hint(bound),
        "errorMessage": _error_message(bound),
        "value": "" if value is None else str(value),
    }
    params.update(extra)
    return params


def choice_field_params(bound: forms.BoundField, legend_classes: str = "govuk-fieldset__legend--s", **extra) -> dict:
    """Parameters for govukRadios, govukCheckboxes or govukSelect."""
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {"" if value is None else str(value)}
    items = [
        {
            "value": str(choice_value),
            "text": str(choice_label),
            "checked": str(choice_value) in selected,
            "selected": str(choice_value) in selected,
        }
        for choice_value, choice_label in bound.field.choices
    ]
    params = {
        "idPrefix": bound.auto_id,
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": {"text": str(bound.label)},
        "fieldset": {"legend": {"text": str(bound.label), "classes": legend_classes}},
        "hint": _hint(bound),
        "errorMessage": _error_message(bound),
        "items": items,
    }
    params.update(extra)
    return params


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as in the GOV.UK date input pattern."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, **kwargs):
        self.label_lower = label[0].lower() + label[1:]
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(f"Enter the {self.label_lower}", code="required")
            return None
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, data_list, strict=False) if not part]
        if missing:
            raise ValidationError(f"The {self.label_lower} must include a {' and '.join(missing)}", code="incomplete")
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"The {self.label_lower} must be a real date", code="invalid") from None

    def clean(self, value):
        # Report missing parts with our own message rather than one per sub-field.
        if isinstance(value, list | tuple):
            return self.compress([str(v).strip() if v else "" for v in value])
        return super().clean(value)


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


class GovukDateTimeWidget(forms.MultiWidget):
    """Day, month and year boxes and a time box (hours and minutes), read as one moment."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput, forms.TextInput], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.day, local.month, local.year, f"{local:%H:%M}"]
        return [None, None, None, None]


class GovukDateTimeField(forms.MultiValueField):
    """A moment typed as the GOV.UK date input (day, month, year) and a time (21:05, 9:05pm), read in
    the service's time zone. The hint shows the format before any error does; an unbound form may
    start at now (`initial=timezone.now`)."""

    widget = GovukDateTimeWidget
    default_hint = "For example, 21 11 2026, and the time on the 24-hour clock, like 22:30"

    def __init__(self, *, label: str, **kwargs):
        self.label_lower = label[0].lower() + label[1:]
        kwargs.setdefault("help_text", self.default_hint)
        fields = (forms.CharField(), forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(f"Enter the {self.label_lower}", code="required")
            return None
        names = ("day", "month", "year", "time")
        missing = [name for name, part in zip(names, data_list, strict=False) if not part]
        if missing:
            raise ValidationError(f"The {self.label_lower} must include a {' and '.join(missing)}", code="incomplete")
        try:
            day, month, year = (int(str(part).strip()) for part in data_list[:3])
            if year < 1000:
                raise ValueError
            day_of = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"The {self.label_lower} must be a real date", code="invalid") from None
        at = _TIME.match(str(data_list[3]).strip())
        hour, minute, half = (int(at.group(1)), int(at.group(2) or 0), at.group(3)) if at else (-1, -1, None)
        if half:  # 9:05pm; 12am is midnight
            hour = hour % 12 + (12 if half.lower() == "pm" else 0) if 1 <= hour <= 12 else -1
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValidationError(
                "Enter the time as hours and minutes on the 24-hour clock, like 22:30", code="invalid_time"
            )
        return timezone.make_aware(datetime.datetime.combine(day_of, datetime.time(hour, minute)))

    def clean(self, value):
        if isinstance(value, list | tuple):
            return self.compress([str(v).strip() if v else "" for v in value])
        return super().clean(value)


def date_field_params(bound: forms.BoundField, **extra) -> dict:
    """Parameters for govukDateInput; a GovukDateTimeField adds its time box after the year."""
    with_time = isinstance(bound.field, GovukDateTimeField)
    values = bound.value() or [None] * (4 if with_time else 3)
    if isinstance(values, datetime.datetime) and with_time:
        values = bound.field.widget.decompress(values)
    elif isinstance(values, datetime.date):
        values = [values.day, values.month, values.year]
    error_class = " govuk-input--error" if bound.errors else ""
    params = {
        "id": bound.auto_id,
        # Full names, not namePrefix: the macro would join with "-", Django's MultiWidget reads "_0".
        "fieldset": {"legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}},
        "hint": _hint(bound),
        "errorMessage": _error_message(bound),
        "items": [
            {
                "name": f"{bound.html_name}_0",
                "label": "Day",
                "classes": "govuk-input--width-2" + error_class,
                "value": "" if values[0] is None else values[0],
                "id": f"{bound.auto_id}_0",
            },
            {
                "name": f"{bound.html_name}_1",
                "label": "Month",
                "classes": "govuk-input--width-2" + error_class,
                "value": "" if values[1] is None else values[1],
                "id": f"{bound.auto_id}_1",
            },
            {
                "name": f"{bound.html_name}_2",
                "label": "Year",
                "classes": "govuk-input--width-4" + error_class,
                "value": "" if values[2] is None else values[2],
                "id": f"{bound.auto_id}_2",
            },
        ],
    }
    if with_time:
        params["items"].append(
            {
                "name": f"{bound.html_name}_3",
                "label": "Time",
                "classes": "govuk-input--width-5" + error_class,
                "value": "" if values[3] is None else values[3],
                "id": f"{bound.auto_id}_3",
                "inputmode": "text",
                "attributes": {"spellcheck": "false"},
            }
        )
    params.update(extra)
    return params


def error_summary_params(form: forms.Form) -> dict | None:
    """Parameters for govukErrorSummary: each error links to its field."""
    if not form.errors:
        return None
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend({"text": str(e)} for e in errors)
            continue
        bound = form[name]
        anchor = bound.auto_id
        if isinstance(bound.field, GovukDateField | GovukDateTimeField):
            anchor = f"{bound.auto_id}_0"
        elif isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor = bound.auto_id
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return {"titleText": "There is a problem", "errorList": items}


def form_save(form: forms.Form, call):
    """Run a service with the form's answers and return what it returns; when it refuses, its
    messages go onto the form (by field, or for the whole form when no field has that name) and
    the result is None."""
    try:
        return call()
    except ServiceRefusal as refusal:
        refusal_to_form(form, refusal)
        return None


def refusal_to_form(form: forms.Form, refusal: ServiceRefusal) -> None:
    """Put a refusal's messages on the form: by field, or for the whole form when no field has that name.
    The refusal itself is kept as `form.refusal`, for a page that shows more of it (an edit conflict's
    changes, `core.edits`)."""
    form.refusal = refusal
    for name, message in refusal.errors.items():
        form.add_error(name if name in form.fields else None, message)


class HoneypotForm(forms.Form):
    """A public form with the shared honeypot (core.throttle): draw it with core/_honeypot.html."""

    website = forms.CharField(required=False, max_length=500)

    @property
    def honeypot_filled(self) -> bool:
        return throttle.honeypot_filled(self.data)
