"""Who to call now (public), and a host council's configuration pages (its administrator's alone)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.accounts.models import CouncilSignIn, HostCouncil
from safeguard.core.forms import form_save

from . import selectors, services
from .access import host_admin_required
from .forms import AreaForm, ContactForm, OutOfHoursForm, TeamForm
from .host_sections import host_sections
from .models import Contact
from .selectors import childrens_services_now, contacts_for, who_to_call_now


@require_GET
def who_to_call(request: HttpRequest) -> HttpResponse:
    """Who to call now about a missing child, exploitation or an allegation: public, for any host."""
    host = selectors.host_council_of(request.user)
    if host is None:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "reference/who_to_call.html",
        {
            "host": host,
            "now": now,
            "missing": who_to_call_now(host, Contact.Purpose.REPORT_MISSING, now),
            "childrens_services": childrens_services_now(host, now),
            "exploitation": contacts_for(host, Contact.Purpose.EXPLOITATION),
            "police_new_matter": contacts_for(host, Contact.Purpose.POLICE_NEW_MATTER),
            "not_for_referrals": contacts_for(host, Contact.Purpose.NOT_FOR_REFERRALS),
            "lado": contacts_for(host, Contact.Purpose.LADO),
            "notifications": contacts_for(host, Contact.Purpose.NOTIFICATIONS),
        },
    )


# A host council's configuration ---------------------------------------------------------------


@require_GET
@host_admin_required
def settings_overview(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    sections = [{"title": s.title, "href": s.url_name, "summary": s.summary(host)} for s in host_sections()]
    return render(
        request,
        "reference/settings_overview.html",
        {
            "host": host,
            "teams": host.teams.all(),
            "contacts": contacts_for(host),
            "sections": sections,
            "sign_in": CouncilSignIn.objects.filter(host_council=host).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@host_admin_required
def host_area_edit(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    police = host.police_force
    initial = {
        "police_force_name": police.name if police else "",
        "police_force_phone": police.phone if police else "",
        "postcode_districts": host.postcode_districts,
    }
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form, lambda: services.host_council_area_update(actor=request.user, host_council=host, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, "Police force and postcode districts saved")
            return redirect("reference:settings_overview")
    return render(request, "reference/host_area_edit.html", {"host": host, "form": form})


@require_GET
@host_admin_required
def team_list(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    return render(request, "reference/team_list.html", {"host": host, "teams": host.teams.all()})


@require_http_methods(["GET", "POST"])
@host_admin_required
def team_add(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = form_save(form, lambda: services.team_add(actor=request.user, host_council=host, details=form.details()))
        if team is not None:
            messages.success(request, f"Team added: {team.name}")
            return redirect("reference:team_list")
    return render(request, "reference/team_edit.html", {"host": host, "form": form, "team": None})


@require_http_methods(["GET", "POST"])
@host_admin_required
def team_edit(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    team = selectors.team_get_for(host, pk)
    initial = {name: getattr(team, name) for name in services.TeamDetails.__dataclass_fields__}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form_save(form, lambda: services.team_update(actor=request.user, team=team, details=form.details()))
        if saved is not None:
            messages.success(request, f"Team saved: {saved.name}")
            return redirect("reference:team_list")
    return render(request, "reference/team_edit.html", {"host": host, "form": form, "team": team})


@require_GET
@host_admin_required
def contact_list(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    contacts = list(contacts_for(host))
    by_purpose = [(label, [c for c in contacts if c.purpose == value]) for value, label in Contact.Purpose.choices]
    return render(request, "reference/contact_list.html", {"host": host, "by_purpose": by_purpose})


@require_http_methods(["GET", "POST"])
@host_admin_required
def contact_add(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"priority": 10, "hours_apply": Contact.Hours.DURING})
    if request.method == "POST" and form.is_valid():
        contact = form_save(
            form,
            lambda: services.contact_add(
                actor=request.user, host_council=host, details=form.details(), hours=form.hours()
            ),
        )
        if contact is not None:
            messages.success(request, f"Contact added: {contact.name}")
            return redirect("reference:contact_list")
    return render(request, "reference/contact_edit.html", {"host": host, "form": form, "contact": None})


@require_http_methods(["GET", "POST"])
@host_admin_required
def contact_edit(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(host, pk)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.contact_update(
                actor=request.user, contact=contact, details=form.details(), hours=form.hours()
            ),
        )
        if saved is not None:
            messages.success(request, f"Contact saved: {saved.name}")
            return redirect("reference:contact_list")
    return render(request, "reference/contact_edit.html", {"host": host, "form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
@host_admin_required
def contact_remove(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for(host, pk)
    if request.method == "POST":
        services.contact_remove(actor=request.user, contact=contact)
        messages.success(request, f"Contact removed: {contact.name}")
        return redirect("reference:contact_list")
    return render(request, "reference/contact_remove.html", {"host": host, "contact": contact})


@require_GET
@host_admin_required
def placing_council_list(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    """The councils placing children here, with the out-of-hours number the grab pack prints for each."""
    councils = selectors.placing_councils_for(host)
    return render(request, "reference/placing_council_list.html", {"host": host, "councils": councils})


@require_http_methods(["GET", "POST"])
@host_admin_required
def placing_council_edit(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    council = selectors.placing_council_get_for(host, pk)
    form = OutOfHoursForm(request.POST or None, initial={"out_of_hours_phone": council.out_of_hours_phone})
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.council_out_of_hours_update(
                actor=request.user,
                host_council=host,
                council=council,
                out_of_hours_phone=form.cleaned_data["out_of_hours_phone"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Out-of-hours number saved for {saved.name}")
            return redirect("reference:placing_council_list")
    return render(request, "reference/placing_council_edit.html", {"host": host, "form": form, "council": council})
