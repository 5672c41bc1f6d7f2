"""The manual's read acknowledgements (docs/adr/0021): the manager's assignments and reports, and a person's
confirmation that they have read and understood a chapter. Staff pages: signed in, and only a manager of
the assignment's own council sees it (anyone else: not found)."""

import itertools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.exports import csv_lines
from safeguard.core.forms import form_save

from . import reading_selectors as selectors
from .models import ReadingAssignment
from .reading_forms import ReadConfirmForm, ReadingAssignForm, TeamFilterForm
from .reading_services import reading_assign, reading_confirm
from .selectors import chapter_version_in_force
from .views import _chapter, chapter_href


def _manager_manual(request: HttpRequest):
    if not selectors.may_manage_reading(request.user):
        raise Http404
    manual = selectors.manual_of_host(request.user.host_council)
    if manual is None:
        raise Http404
    return manual


def _assignment(request: HttpRequest, pk: int) -> ReadingAssignment:
    assignment = selectors.assignment_get_for(request.user, pk)
    if assignment is None:
        raise Http404
    return assignment


@require_GET
@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The manager's list: what their council's people were asked to read, by when, and how many have."""
    manual = _manager_manual(request)
    today = timezone.localdate()
    rows = []
    for assignment in selectors.assignments_visible_to(request.user).prefetch_related("audience__team"):
        report = selectors.assignment_report(assignment, today=today)
        rows.append((assignment, selectors.assignment_title(assignment, report.items), report))
    return render(
        request,
        "manual/reading_list.html",
        {"manual": manual, "rows": rows, "audience_words": selectors.audience_words},
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    """Ask teams or roles of the manager's council to read a chapter, or a release's new and updated
    chapters, by a date. ?chapter=<id> chooses the chapter (the link on a chapter's page)."""
    manual = _manager_manual(request)
    host = request.user.host_council
    bound = request.method == "POST"
    initial = {}
    if not bound and request.GET.get("chapter", "").isdigit():
        initial = {"what": "chapter", "chapter": int(request.GET["chapter"])}
    form = ReadingAssignForm(request.POST if bound else None, manual=manual, host=host, initial=initial)
    if bound and form.is_valid():
        assignment = form_save(form, lambda: reading_assign(actor=request.user, **form.service_arguments()))
        if assignment is not None:
            return redirect("manual:reading_assigned", pk=assignment.pk)
    return render(request, "manual/reading_new.html", {"manual": manual, "form": form})


@require_GET
@login_required
def assignment_assigned(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after asking: what, whom, by when."""
    assignment = _assignment(request, pk)
    items = selectors.assignment_items(assignment)
    return render(
        request,
        "manual/reading_assigned.html",
        {
            "manual": assignment.manual,
            "assignment": assignment,
            "title": selectors.assignment_title(assignment, items),
            "items": items,
            "people": selectors.assignment_people(assignment).count(),
            "audience": selectors.audience_words(assignment),
            "chapter_href": chapter_href,
        },
    )


def _report(request: HttpRequest, pk: int):
    assignment = _assignment(request, pk)
    teams = sorted({p.team for p in selectors.assignment_people(assignment) if p.team_id}, key=lambda t: (t.name, t.pk))
    form = TeamFilterForm(request.GET or None, teams=teams)
    team = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("team"):
        team = next(t for t in teams if t.pk == form.cleaned_data["team"])
    return assignment, form, team, selectors.assignment_report(assignment, team=team)


@require_GET
@login_required
def assignment_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Per team: who has and has not confirmed, who is overdue, with the counts."""
    assignment, form, team, report = _report(request, pk)
    return render(
        request,
        "manual/reading_report.html",
        {
            "manual": assignment.manual,
            "assignment": assignment,
            "title": selectors.assignment_title(assignment, report.items),
            "audience": selectors.audience_words(assignment),
            "report": report,
            "form": form,
            "team": team,
            "chapter_href": chapter_href,
        },
    )


REPORT_COLUMNS = [
    "Team", "Name", "Email", "Role", "Chapter", "Version to read", "Due date", "Confirmed on",
    "Version confirmed", "Status",
]  # fmt: skip


def _report_rows(report):
    today = timezone.localdate()
    for team in report.teams:
        for person in team.people:
            for item, confirmation in person.chapters:
                if confirmation is not None:
                    status = "Confirmed"
                else:
                    status = "Overdue" if item.due_on < today else "Not yet confirmed"
                yield [
                    team.name,
                    person.person.full_name,
                    person.person.email,
                    person.person.get_role_display(),
                    item.chapter.title,
                    item.version.number,
                    item.due_on,
                    timezone.localtime(confirmation.confirmed_at).date() if confirmation else None,
                    confirmation.version.number if confirmation else None,
                    status,
                ]


@require_GET
@login_required
def assignment_report_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The report as CSV: a line per person and chapter (cells that look like formulas neutralised)."""
    assignment, _, team, report = _report(request, pk)
    rows = itertools.chain([REPORT_COLUMNS], _report_rows(report))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    suffix = f"-team-{team.pk}" if team else ""
    response["Content-Disposition"] = f'attachment; filename="manual-reading-{assignment.pk}{suffix}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def chapter_read(request: HttpRequest, section: str, chapter: str) -> HttpResponse:
    """A person asked to read the chapter confirms they have read and understood it (POST, from the
    chapter's page); the page then shows the confirmation. Not asked to read it: not found."""
    manual, page = _chapter(request, section, chapter)
    if not selectors.reading_item_open_for(request.user, page):
        raise Http404
    version = chapter_version_in_force(page)
    if version is None:
        raise Http404
    form = ReadConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        confirmation = form_save(
            form,
            lambda: reading_confirm(actor=request.user, chapter=page, version_number=form.cleaned_data["version"]),
        )
        if confirmation is not None:
            return redirect(reverse("manual:chapter_read", kwargs={"section": section, "chapter": chapter}))
    return render(
        request,
        "manual/reading_confirm.html",
        {
            "manual": manual,
            "chapter": page,
            "version": version,
            "reading": selectors.chapter_reading_for(request.user, page),
            "form": form,
            "chapter_href": chapter_href,
        },
    )
