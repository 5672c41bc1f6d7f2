"""The Jinja2 environment: GOV.UK Frontend macros, Django's url and static, date formats."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from . import forms as govuk_forms


def _app_template_dirs() -> list[str]:
    from django.apps import apps

    dirs = []
    for config in apps.get_app_configs():
        if config.name.startswith("safeguard."):
            path = f"{config.path}/templates"
            dirs.append(path)
    return dirs


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def link(href: str, text: str) -> Markup:
    """A GOV.UK link, for a macro's `html` parameter: the text (often a person's name) is escaped.

    Joining a plain string of markup to an escaped value with `~` escapes the markup too, which is how
    links came to be shown as text; a Markup value joins without that.
    """
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def format_date(value: date | datetime | str | None, fmt: str = "%-d %B %Y") -> str:
    """GOV.UK style: 22 November 2026. Also reads an ISO date string, as a notification's answers hold."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value  # not a date: shown as given (a person's own words are never lost)
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime(fmt)


def format_datetime(value: datetime | None) -> str:
    """GOV.UK style: 22 November 2026 at 11:05pm."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%-d %B %Y at %-I:%M") + local.strftime("%p").lower()


def format_time(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%-I:%M") + local.strftime("%p").lower()


def readable(value) -> str:
    """A recorded value as a person reads it (the audit trail's changes): an ISO date or date and time
    in words, anything else as it is."""
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return (
                format_date(date.fromisoformat(value))
                if len(value) == 10
                else format_datetime(datetime.fromisoformat(value))
            )
        except ValueError:
            pass
    return "" if value is None else str(value)


def environment(**options) -> Environment:
    django_loader = options.pop("loader", None)
    loaders = [FileSystemLoader(_app_template_dirs())]
    if django_loader is not None:
        loaders.append(django_loader)
    loaders.append(PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}))
    options.pop("autoescape", None)
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, **options)
    env.globals.update(
        url=url,
        static=static,
        # Pages take the service's name from the context processor (read per request); this is for
        # anything rendered without a request.
        service_name=settings.SAFEGUARD_SERVICE_NAME,
        demo=settings.SAFEGUARD_DEMO,
        get_messages=get_messages,
        feedback_email=settings.SAFEGUARD_FEEDBACK_EMAIL,
        session_minutes=settings.SESSION_COOKIE_AGE // 60,
        field=govuk_forms.field_params,
        date_field=govuk_forms.date_field_params,
        choice_field=govuk_forms.choice_field_params,
        error_summary=govuk_forms.error_summary_params,
        link=link,
    )
    # What the apps above core offer every template (settings.SAFEGUARD_TEMPLATE_GLOBALS: name -> dotted
    # path), so core draws pages without importing them.
    env.globals.update({name: import_string(path) for name, path in settings.SAFEGUARD_TEMPLATE_GLOBALS.items()})
    env.filters.update(date=format_date, datetime=format_datetime, time=format_time, readable=readable)
    return env
