from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.edits import edit_version_for_page, edit_version_opened
from safeguard.core.forms import form_save
from safeguard.manual.selectors import Act, procedures_for
from safeguard.reference.models import Contact
from safeguard.reference.selectors import childrens_services_now, who_to_call_now
from safeguard.register.selectors import child_get_for

from . import figures, selectors, services
from .forms import (
    AfterReturnForm,
    EpisodeReportForm,
    EpisodeReturnForm,
    FoundForm,
    MissingProfileForm,
    PhotographUploadForm,
    PoliceUpdateForm,
    ReturnInterviewForm,
    RiskAssessmentForm,
    SightingForm,
)
from .grab_pack import grab_pack_pdf
from .models import PROFILE_FIELDS, RISK_ASSESSMENT_FIELDS, ReturnHomeInterview


@require_http_methods(["GET", "POST"])
@login_required
def photograph_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The carer uploads the child's face and full-length photographs."""
    child = child_get_for(request.user, pk)
    if not selectors.may_upload_photographs(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = PhotographUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        photo = form_save(
            form,
            lambda: services.photograph_upload(
                actor=request.user,
                child=child,
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["photograph"].read(),
                taken_on=form.cleaned_data["taken_on"],
            ),
        )
        if photo is not None:
            messages.success(request, "Photograph saved. Its location and camera details were removed.")
            return redirect("missing:photograph_upload", pk=child.pk)
    return render(
        request,
        "missing/photograph_upload.html",
        {
            "child": child,
            "form": form,
            "current": selectors.current_photographs(child),
            "max_age": selectors.photograph_age_limit_months(),
        },
    )


def _image(request: HttpRequest, pk: int, field: str) -> FileResponse:
    photo = selectors.photograph_get_for(request.user, pk)
    response = FileResponse(getattr(photo, field).open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@login_required
def photograph_image(request: HttpRequest, pk: int) -> FileResponse:
    return _image(request, pk, "image")


@require_GET
@login_required
def photograph_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _image(request, pk, "thumbnail")


@require_http_methods(["GET", "POST"])
@login_required
def episode_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report the child missing or away; the page starts with who to call now."""
    child = child_get_for(request.user, pk)
    if not selectors.may_report_missing(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = EpisodeReportForm(request.POST if bound else None)
    if bound and form.is_valid():
        episode = form_save(
            form, lambda: services.missing_episode_report(actor=request.user, child=child, **form.cleaned_data)
        )
        if episode is not None:
            return redirect("missing:episode_reported", pk=episode.pk)
    return render(
        request,
        "missing/episode_report.html",
        {
            "child": child,
            "form": form,
            # Someone else reported the child first (perhaps a moment ago): their report, not a second.
            "open_episode": selectors.open_episodes_for_children([child]).select_related("reported_by").first()
            if bound
            else None,
            "call_advice": who_to_call_now(child.host_council, Contact.Purpose.REPORT_MISSING, timezone.now()),
            "procedures": procedures_for(child.host_council, Act.REPORT_MISSING),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def episode_return(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.open_episode_get_for(request.user, pk)
    child = episode.child
    if not selectors.may_report_missing(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = EpisodeReturnForm(request.POST if bound else None)
    if (
        bound
        and form.is_valid()
        and form_save(
            form, lambda: services.missing_episode_return(actor=request.user, episode=episode, **form.cleaned_data)
        )
    ):
        messages.success(
            request, f"{child.first_name}'s return is recorded. A return-home interview is due within 72 hours."
        )
        return redirect("missing:episode_returned", pk=episode.pk)
    return render(request, "missing/episode_return.html", {"child": child, "episode": episode, "form": form})


@require_GET
@login_required
def episode_reported(request: HttpRequest, pk: int) -> HttpResponse:
    """After the report: call the police now if not yet, and who answers for children's services now
    (the front door in office hours, the emergency duty team outside them)."""
    episode = selectors.open_episode_get_for(request.user, pk)
    child = episode.child
    if not selectors.may_report_missing(request.user, child):
        raise Http404
    now = timezone.now()
    return render(
        request,
        "missing/episode_reported.html",
        {
            "child": child,
            "episode": episode,
            "call_advice": who_to_call_now(child.host_council, Contact.Purpose.REPORT_MISSING, now),
            "childrens_services": childrens_services_now(child.host_council, now),
        },
    )


@require_GET
@login_required
def episode_returned(request: HttpRequest, pk: int) -> HttpResponse:
    """After the return: tell the police if they do not know yet, and raise an exploitation concern when
    the carer saw signs of harm (a link to exploitation's form: a URL name, not an import)."""
    episode = selectors.returned_episode_get_for(request.user, pk)
    if not selectors.may_report_missing(request.user, episode.child):
        raise Http404
    return render(
        request,
        "missing/episode_returned.html",
        {
            "child": episode.child,
            "episode": episode,
            "call_advice": who_to_call_now(episode.child.host_council, Contact.Purpose.REPORT_MISSING, timezone.now()),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def episode_after_return(request: HttpRequest, pk: int) -> HttpResponse:
    """After a return or a finding by the police: signs of harm noticed later, and the police now told."""
    episode = selectors.returned_episode_get_for(request.user, pk)
    child = episode.child
    if not selectors.may_report_missing(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = AfterReturnForm(request.POST if bound else None)
    if (
        bound
        and form.is_valid()
        and form_save(
            form,
            lambda: services.missing_episode_after_return(actor=request.user, episode=episode, **form.cleaned_data),
        )
    ):
        messages.success(request, f"Added to {child.first_name}'s episode")
        return redirect("missing:episode_returned", pk=episode.pk)
    return render(request, "missing/episode_after_return.html", {"child": child, "episode": episode, "form": form})


def _police_form(
    request: HttpRequest, pk: int, *, form_class, save, done: str, page, initial=None, then: str = ""
) -> HttpResponse:
    """A police update of an open episode: only the force whose area the child is in (else 404)."""
    episode = selectors.open_episode_get_for(request.user, pk)
    child = episode.child
    if not selectors.may_update_as_police(request.user, child):
        raise Http404
    bound = request.method == "POST"
    form = form_class(request.POST if bound else None, initial=initial(episode) if initial else None)
    if bound and form.is_valid() and form_save(form, lambda: save(episode, form.cleaned_data)) is not None:
        messages.success(request, done.format(name=child.first_name))
        return redirect(then) if then else redirect("home:child_detail", pk=child.pk)
    return render(
        request,
        "missing/episode_police_form.html",
        {"child": child, "episode": episode, "form": form, **page(child)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def episode_police_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The police grade the risk and give their reference; their grade is the one shown."""
    return _police_form(
        request,
        pk,
        form_class=PoliceUpdateForm,
        initial=lambda e: {"risk_grade": e.police_risk_grade or e.risk_grade, "police_reference": e.police_reference},
        save=lambda episode, data: services.missing_episode_police_update(actor=request.user, episode=episode, **data),
        done="Police risk grade and reference saved for {name}.",
        page=lambda child: {"heading": "Police risk grade and reference", "button": "Save the grade and reference"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def sighting_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The police record a sighting: when, where, by whom, what."""
    return _police_form(
        request,
        pk,
        form_class=SightingForm,
        save=lambda episode, data: services.missing_sighting_record(actor=request.user, episode=episode, **data),
        done="Sighting of {name} recorded.",
        page=lambda child: {"heading": "Record a sighting", "button": "Record the sighting"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def episode_found(request: HttpRequest, pk: int) -> HttpResponse:
    """The police record the child found: the episode closes, and with it the police's sight of the
    child, so the page returns to their list."""
    return _police_form(
        request,
        pk,
        form_class=FoundForm,
        save=lambda episode, data: services.missing_episode_found(actor=request.user, episode=episode, **data),
        done="{name} is recorded as found. The placing council and the carer's teams can see it; "
        "a return-home interview is due within 72 hours.",
        then="home:home",
        page=lambda child: {
            "heading": "Record the child found",
            "button": f"Record {child.first_name} found",
            "warning": f"This ends the missing episode. You will no longer see {child.first_name}'s record "
            "or the grab pack.",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The carer keeps the child's missing profile (Philomena Protocol part 1)."""
    child = child_get_for(request.user, pk)
    if not selectors.may_upload_photographs(request.user, child):
        raise Http404
    profile = selectors.missing_profile_of(child)
    bound = request.method == "POST"
    form = MissingProfileForm(request.POST if bound else None, initial=profile.as_dict() if profile else None)
    if bound and form.is_valid():
        saved = form_save(
            form,
            lambda: services.missing_profile_save(
                actor=request.user, child=child, answers=form.cleaned_data, opened=edit_version_opened(request)
            ),
        )
        if saved is not None:
            messages.success(request, "Missing profile saved. The previous version is kept.")
            return redirect("home:child_detail", pk=child.pk)
        profile = selectors.missing_profile_of(child)
    return render(
        request,
        "missing/profile_edit.html",
        {
            "child": child,
            "form": form,
            "profile": profile,
            "edit_version": edit_version_for_page(request, form, profile),
        },
    )


@require_GET
@login_required
def grab_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: the printable PDF for the police. The police can open it while the child is missing."""
    child = child_get_for(request.user, pk)
    pdf = grab_pack_pdf(actor=request.user, child=child)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="grab-pack-{child.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


QUEUE_FIELDS = (
    "episode_id",
    "due_at",
    "outcome",
    "held_at",
    "interviewer",
    "recorded_at",
    "episode__child_id",
    "episode__returned_at",
    "episode__child__first_name",
    "episode__child__last_name",
)


@require_GET
@login_required
def return_interview_list(request: HttpRequest) -> HttpResponse:
    """Return-home interviews due and overdue, with the 72-hour clock; then those recorded."""
    if request.user.role not in selectors.RETURN_INTERVIEW_ROLES:
        raise Http404
    interviews = selectors.return_interview_list_for(request.user)
    # The hundred rows shown read only what the page shows (a whole child and episode each cost more
    # to build than the queries that fetch them).
    shown = interviews.select_related(None).select_related("episode__child").only(*QUEUE_FIELDS)
    now = timezone.now()
    scope = selectors.figures_scope(request.user)
    # The queue's length from the kept figures (docs/adr/0031), not a count of the interviews.
    paginator = Paginator(shown.filter(outcome=ReturnHomeInterview.Outcome.DUE).order_by("due_at"), 50)
    paginator.count = figures.interviews_due_count(scope=scope)
    due = paginator.get_page(request.GET.get("page"))
    recorded = shown.exclude(outcome=ReturnHomeInterview.Outcome.DUE).order_by("-recorded_at")[:50]
    return render(
        request,
        "missing/return_interview_list.html",
        {
            "due": due,
            "recorded": recorded,
            "now": now,
            "timeliness": figures.interview_timeliness_last_year(interviews, scope=scope, now=now),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def return_interview_record(request: HttpRequest, pk: int) -> HttpResponse:
    interview = selectors.return_interviews_visible_to(request.user).filter(pk=pk).first()
    if interview is None or request.user.role not in selectors.REGISTER_ROLES_FOR_RHI:
        raise Http404
    child = child_get_for(request.user, interview.episode.child_id)
    bound = request.method == "POST"
    form = ReturnInterviewForm(request.POST if bound else None)
    if (
        bound
        and interview.outcome == ReturnHomeInterview.Outcome.DUE
        and form.is_valid()
        and form_save(
            form, lambda: services.return_interview_record(actor=request.user, interview=interview, **form.cleaned_data)
        )
    ):
        messages.success(request, f"Return-home interview recorded for {child.full_name}")
        return redirect("missing:return_interview_list")
    return render(
        request, "missing/return_interview_record.html", {"interview": interview, "child": child, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The placing social worker's risk assessment and action plan: answers, a document or both."""
    child = child_get_for(request.user, pk)
    if not selectors.may_write_risk_assessment(request.user, child):
        raise Http404
    current = selectors.risk_assessments_of(child).first()
    bound = request.method == "POST"
    initial = {name: getattr(current, name) for name, _label, _hint in RISK_ASSESSMENT_FIELDS} if current else None
    form = RiskAssessmentForm(request.POST if bound else None, request.FILES if bound else None, initial=initial)
    if bound and form.is_valid():
        answers = {name: form.cleaned_data[name] for name, _label, _hint in RISK_ASSESSMENT_FIELDS}
        upload = form.cleaned_data["document"]
        if form_save(
            form,
            lambda: services.missing_risk_assessment_save(
                actor=request.user,
                child=child,
                answers=answers,
                review_on=form.cleaned_data["review_on"],
                document=upload.read() if upload else None,
                document_name=upload.name if upload else "",
                opened=edit_version_opened(request),
            ),
        ):
            messages.success(request, "Risk assessment and action plan saved. The carer and host teams can read it.")
            return redirect("home:child_detail", pk=child.pk)
        current = selectors.risk_assessments_of(child).first()
    return render(
        request,
        "missing/risk_assessment_edit.html",
        {
            "child": child,
            "form": form,
            "current": current,
            "edit_version": edit_version_for_page(request, form, *selectors.risk_assessments_of(child)),
        },
    )


@require_GET
@login_required
def risk_assessment_document(request: HttpRequest, pk: int) -> FileResponse:
    assessment = selectors.risk_assessment_get_for(request.user, pk)
    if not assessment.document:
        raise Http404
    response = FileResponse(
        assessment.document.open("rb"),
        content_type=assessment.document_type or "application/octet-stream",
        as_attachment=True,
        filename=assessment.document_name or assessment.document.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def profile_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every earlier wording of the missing profile, newest first, with what changed."""
    child = child_get_for(request.user, pk)
    versions = selectors.missing_profile_versions_for(request.user, child)
    return render(
        request,
        "missing/profile_history.html",
        {"child": child, "versions": versions, "profile_fields": PROFILE_FIELDS},
    )
