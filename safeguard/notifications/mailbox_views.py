"""The host council's notifications mailbox settings (docs/adr/0035): its administrator's or SQA
manager's to set up, check and switch on or off. Anyone else gets a 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.accounts.models import HostCouncil, Role
from safeguard.core.forms import form_save
from safeguard.core.secrets import SecretUnreadable

from . import selectors, services
from .email_intake import ImapMailbox
from .forms import CouncilMailboxForm

MAILBOX_KEEPERS = {Role.HOST_ADMIN, Role.SQA_MANAGER}


def mailbox_keeper_required(view):
    """Signed in as a host council's administrator or SQA manager: the view is given their host council."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.role in MAILBOX_KEEPERS and user.host_council is not None):
            raise Http404
        return view(request, user.host_council, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@mailbox_keeper_required
def mailbox_settings(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    mailbox = selectors.council_mailbox_of(host)
    initial = {
        "enabled": "no",
        "port": 993,
        "folder": "INBOX",
        "done_folder": "Taken into Safeguard",
        "interval_minutes": 5,
    }
    if mailbox is not None:
        initial = {
            "enabled": "yes" if mailbox.enabled else "no",
            "server": mailbox.server,
            "port": mailbox.port,
            "username": mailbox.username,
            "folder": mailbox.folder,
            "done_folder": mailbox.done_folder,
            "ca_file": mailbox.ca_file,
            "interval_minutes": mailbox.interval_minutes,
        }
    form = CouncilMailboxForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        password_stored=bool(mailbox and mailbox.password),
    )
    check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "check":
            check = _check(request, host, form, mailbox)
        else:
            saved = form_save(
                form,
                lambda: services.council_mailbox_configure(
                    actor=request.user,
                    host_council=host,
                    server=data["server"],
                    port=data["port"],
                    username=data["username"],
                    password=data["password"],
                    folder=data["folder"],
                    done_folder=data["done_folder"],
                    ca_file=data["ca_file"],
                    enabled=data["enabled"] == "yes",
                    interval_minutes=data["interval_minutes"],
                ),
            )
            if saved is not None:
                state = "switched on" if saved.enabled else "saved, and switched off"
                messages.success(request, f"The notifications mailbox of {host.display_name_or_name} is {state}")
                return redirect("notifications:mailbox_settings")
    context = {
        "form": form,
        "host": host,
        "mailbox": mailbox,
        "check": check,
        "password_typed_again": request.method == "POST" and bool(request.POST.get("password")),
        "fallback": mailbox is None and services.mailboxes_to_read(host_council=host),
    }
    return render(request, "notifications/mailbox_settings.html", context, status=400 if form.errors else 200)


def _check(request: HttpRequest, host: HostCouncil, form: CouncilMailboxForm, mailbox) -> dict | None:
    """Connect with what is typed (the stored password when none is typed), taking nothing."""
    data = form.cleaned_data
    password = data["password"]
    if not password and mailbox is not None and mailbox.password:
        try:
            password = services.council_mailbox_imap(mailbox).password
        except SecretUnreadable:
            form.add_error("password", "Safeguard cannot read the password it has (its key changed): type it again")
            return None
    if not password:
        form.add_error("password", "Enter the mailbox's password (or app password) to check the connection")
        return None
    config = ImapMailbox(
        host=data["server"],
        port=data["port"],
        username=data["username"],
        password=password,
        folder=data["folder"],
        done_folder=data["done_folder"],
        ca_file=data["ca_file"],
        timeout=20.0,
    )
    result = services.council_mailbox_check(actor=request.user, host_council=host, config=config)
    if not result["ok"]:
        form.add_error(_field_at_fault(result["problem"]), f"The connection check failed: {result['problem']}")
    return result


def _field_at_fault(problem: str) -> str | None:
    """The field a failed check points to, so its error sits by what to change."""
    for words, name in (
        ("refused the sign-in", "password"),
        ("CA certificate", "ca_file"),
        ("certificate", "server"),
        ("has no folder", "folder"),
        ("Could not reach", "server"),
    ):
        if words in problem:
            return name
    return None
