"""A host council administrator's people and roles (issue 17). Anyone else gets a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.forms import form_save

from .. import selectors, services
from ..forms import PeopleFilterForm, PersonInviteForm, PersonRoleForm
from ..models import Role, User


def _administrator(request: HttpRequest) -> None:
    if not selectors.may_manage_people(request.user):
        raise Http404


def _role_choices(person: User | None = None) -> list[Role]:
    """The roles the form offers: every managed role, or for an existing person those that fit them."""
    if person is None:
        return selectors.MANAGED_ROLES
    return [
        role
        for role in selectors.MANAGED_ROLES
        if not services.role_fit_errors(role=role, organisation=person.organisation)
    ]


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    form = PeopleFilterForm(
        request.GET or None,
        roles=selectors.MANAGED_ROLES,
        teams=selectors.teams_for(request.user),
        statuses=selectors.Status.CHOICES,
    )
    people = selectors.people_visible_to(request.user)
    if form.is_bound and form.is_valid():
        people = selectors.people_filter(people, **form.cleaned_data)
    elif form.is_bound:
        people = people.none()
    else:
        people = selectors.people_filter(people)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(person, selectors.person_status(person)) for person in page.object_list]
    return render(
        request, "accounts/person_list.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_invite(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    organisations = selectors.organisations_for(request.user)
    # Arriving from a school on the schools' staff accounts page: that school, as school staff.
    chosen = (
        organisations.filter(pk=request.GET.get("organisation", "")).first()
        if request.GET.get("organisation", "").isdigit()
        else None
    )
    initial = {"organisation": request.user.organisation_id}
    if chosen is not None:
        initial = {"organisation": chosen.pk, "role": Role.SCHOOL_STAFF if chosen.kind == "school" else ""}
    form = PersonInviteForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        roles=_role_choices(),
        teams=selectors.teams_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        person = form_save(form, lambda: services.user_invite(actor=request.user, **form.cleaned_data))
        if person is not None:
            messages.success(request, f"Invitation sent to {person.full_name} at {person.email}")
            return redirect("accounts:person_detail", pk=person.pk)
    return render(
        request, "accounts/person_invite.html", {"form": form, "invitation_days": settings.INVITATION_VALID_DAYS}
    )


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator(request)
    person = selectors.person_get_for(request.user, pk)
    context = {
        "person": person,
        "status": selectors.person_status(person),
        "has_authenticator": services.totp_device_for(person) is not None,
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_role_change(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator(request)
    person = selectors.person_get_for(request.user, pk)
    form = PersonRoleForm(
        request.POST if request.method == "POST" else None,
        roles=_role_choices(person),
        teams=selectors.teams_for(request.user),
        initial={"role": person.role, "team": person.team_id},
    )
    if request.method == "POST" and form.is_valid():
        changed = form_save(
            form, lambda: services.user_role_change(actor=request.user, person=person, **form.cleaned_data)
        )
        if changed is not None:
            messages.success(request, f"{person.full_name} is now {person.get_role_display()}")
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_role_change.html", {"form": form, "person": person})


def _confirmed_action(request: HttpRequest, pk: int, *, service, template: str, done: str) -> HttpResponse:
    """GET asks (with a button), POST does it and goes back to the person's page."""
    _administrator(request)
    person = selectors.person_get_for(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            service(actor=request.user, person=person)
        except services.PersonInvalid as refusal:
            error = " ".join(refusal.errors.values())
        else:
            messages.success(request, done.format(name=person.full_name))
            return redirect("accounts:person_detail", pk=person.pk)
    if template is None:
        if error:
            messages.error(request, error)
        return redirect("accounts:person_detail", pk=person.pk)
    return render(request, template, {"person": person, "error": error}, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
def person_authenticator_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        service=services.user_authenticator_reset,
        template="accounts/person_authenticator_reset.html",
        done="{name}'s authenticator is reset: they will set up a new one when they next sign in",
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        service=services.user_disable,
        template="accounts/person_disable.html",
        done="{name}'s account is disabled and they have been signed out",
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_enable(request: HttpRequest, pk: int) -> HttpResponse:
    """POST from the button on the person's page; GET (a typed address) goes back to that page."""
    return _confirmed_action(request, pk, service=services.user_enable, template=None, done="{name} can sign in again")


@require_http_methods(["GET", "POST"])
@login_required
def person_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """POST from the button on the person's page; GET (a typed address) goes back to that page."""
    return _confirmed_action(
        request,
        pk,
        service=services.invitation_resend,
        template=None,
        done="A new invitation is sent to {name}. The links in earlier invitations no longer work",
    )
