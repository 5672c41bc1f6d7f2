"""Attendance: a term's marks for 200 children imported with bad rows named by line, importing again
changing nothing, the figures, the alerts below the threshold and for an unexplained absence while
missing, the upload page and the API."""

import io
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safeguard.core.audit import SystemActor
from safeguard.core.models import OutboxMessage
from safeguard.education import attendance, selectors, services
from safeguard.education.demo import TERMS
from safeguard.education.models import AttendanceImport, AttendanceMark, AttendanceSetting, EducationRecord
from safeguard.missing.tests.factories import MissingEpisodeFactory
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

LONDON = ZoneInfo("Europe/London")
ACTOR = SystemActor("Safeguard test suite")
TODAY = date(2026, 11, 20)
VIRTUAL_SCHOOL = "virtual-school@luton.example"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def terms(host):
    for name, starts, ends, half_starts, half_ends in TERMS:
        services.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    return host


def placed(host, council, n: int, **kwargs):
    child = ChildFactory(
        host_council=host,
        placing_authority=council,
        date_of_birth=date(2014, 5, 1),
        upn=kwargs.pop("upn", f"A{n:012d}"),
        social_worker_email=kwargs.pop("social_worker_email", f"sw{n}@herts.example"),
        **kwargs,
    )
    PlacementFactory(child=child, start_date=date(2026, 8, 1))
    return child


def term_days(until: date = TODAY - timedelta(days=1)) -> list[date]:
    """The autumn term's school days up to `until` (half term and weekends out)."""
    days, day = [], date(2026, 9, 3)
    while day <= until:
        if day.weekday() < 5 and not date(2026, 10, 26) <= day <= date(2026, 10, 30):
            days.append(day)
        day += timedelta(days=1)
    return days


def csv_of(rows: list[str]) -> io.StringIO:
    return io.StringIO("upn,date,am,pm\n" + "".join(row + "\n" for row in rows))


def import_lines(host, lines):
    return services.attendance_import(actor=ACTOR, lines=lines, source="upload", host_council=host, file_name="t.csv")


def test_a_term_for_200_children_with_bad_rows_named_by_line_and_importing_again_doubles_nothing(
    terms, placing_council
):
    with time_machine.travel(at(TODAY), tick=False):
        children = [placed(terms, placing_council, n) for n in range(200)]
        days = term_days()
        rows = []
        for n, child in enumerate(children):
            for i, day in enumerate(days):
                # Child 0 misses every fourth day without a reason; the others are present throughout.
                absent = n == 0 and i % 4 == 0
                rows.append(f"{child.upn},{day.isoformat()},{'O' if absent else '/'},{'N' if absent else chr(92)}")
        good = len(rows)
        # Bad rows at known lines (the header is line 1, the first data row line 2).
        rows.insert(10, f"{children[1].upn},2026-09-31,/,\\")  # line 12: no such date
        rows.insert(20, f"{children[1].upn},2026-09-04,Q9,\\")  # line 22: no such code
        rows.insert(30, "A999999999999,2026-09-04,/,\\")  # line 32: no such child
        rows.insert(40, f"{children[1].upn},2026-12-01,/,\\")  # line 42: in the future
        result = import_lines(terms, csv_of(rows))
        assert (result.rows_read, result.rows_refused, result.children) == (good + 4, 4, 200)
        assert result.marks_kept == good * 2
        assert [(p["line"], p["field"]) for p in result.problems] == [
            (12, "date"),
            (22, "am"),
            (32, "upn"),
            (42, "date"),
        ]
        assert "Give the date like 2026-09-03" in result.problems[0]["message"]
        assert "is not an attendance code: use one of /, \\, L" in result.problems[1]["message"]
        assert "No child placed here has this number" in result.problems[2]["message"]
        assert "is in the future" in result.problems[3]["message"]
        assert AttendanceMark.objects.count() == good * 2

        first = EducationRecord.objects.get(child=children[0])
        possible = len(days) * 2
        missed = len(range(0, len(days), 4)) * 2
        expected = (Decimal((possible - missed) * 100) / possible).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert first.attendance_year_percent == first.attendance_term_percent == expected
        assert first.unexplained_absences == missed and first.exclusion_sessions == 0
        assert EducationRecord.objects.get(child=children[5]).attendance_year_percent == Decimal("100.0")

        before_alerts = OutboxMessage.objects.count()
        again = import_lines(terms, csv_of(rows))
        assert again.marks_kept == good * 2
        assert AttendanceMark.objects.count() == good * 2  # replaced, not doubled
        assert OutboxMessage.objects.count() == before_alerts  # and nobody is told twice
        # A corrected mark replaces the one before.
        import_lines(terms, csv_of([f"{children[5].upn},{days[0].isoformat()},E,E"]))
        assert AttendanceMark.objects.filter(child=children[5], date=days[0]).values_list("code", flat=True).distinct()[
            0
        ] == ("E")
        assert EducationRecord.objects.get(child=children[5]).exclusion_sessions == 2


def test_falling_below_the_threshold_tells_the_virtual_school_and_the_social_worker_once(terms, placing_council):
    with time_machine.travel(at(TODAY), tick=False):
        child = placed(terms, placing_council, 1, social_worker_email="amy.worker@herts.example")
        days = term_days()
        # 88% this year: 6 of 50 days absent with illness (authorised, but absent).
        rows = [
            f"{child.upn},{d.isoformat()},{'I' if i < 6 else '/'},{'I' if i < 6 else chr(92)}"
            for i, d in enumerate(days[:50])
        ]
        import_lines(terms, csv_of(rows))
        record = EducationRecord.objects.get(child=child)
        assert record.attendance_year_percent == Decimal("88.0")
        told = OutboxMessage.objects.filter(purpose="education.attendance_below_threshold")
        assert sorted(told.values_list("to", flat=True)) == ["amy.worker@herts.example", VIRTUAL_SCHOOL]
        message = told.first()
        assert "88.0%" in message.body and "below the threshold of 90" in message.body
        assert child.first_name not in message.body and child.first_name not in message.subject
        # Another import while still below: nobody is told again.
        import_lines(terms, csv_of([f"{child.upn},{days[50].isoformat()},/,\\"]))
        assert told.count() == 2
        assert selectors.attendance_below(EducationRecord.objects.get(child=child))


def test_a_host_sets_its_own_threshold(terms, placing_council):
    AttendanceSetting.objects.create(host_council=terms, threshold_percent=Decimal("85"))
    with time_machine.travel(at(TODAY), tick=False):
        child = placed(terms, placing_council, 1)
        rows = [
            f"{child.upn},{d.isoformat()},{'I' if i < 6 else '/'},{'I' if i < 6 else '/'}"
            for i, d in enumerate(term_days()[:50])
        ]
        import_lines(terms, csv_of(rows))
        assert EducationRecord.objects.get(child=child).attendance_year_percent == Decimal("88.0")
        assert not OutboxMessage.objects.filter(purpose="education.attendance_below_threshold").exists()
    assert services.attendance_threshold_check(101, {}) == {
        "attendance_threshold_percent": "Must be a number from 1 to 100, like 90"
    }
    assert services.attendance_threshold_check(85, {}) == {}


def test_an_unexplained_absence_while_missing_is_told_at_once(terms, placing_council):
    with time_machine.travel(at(TODAY, 15), tick=False):
        child = placed(terms, placing_council, 1, social_worker_email="amy.worker@herts.example")
        steady = placed(terms, placing_council, 2)
        MissingEpisodeFactory(child=child, last_seen_at=at(TODAY - timedelta(days=1), 20))
        MissingEpisodeFactory(child=steady, last_seen_at=at(TODAY, 8))
        # Absent without a reason the day before going missing: not this episode's.
        import_lines(terms, csv_of([f"{child.upn},2026-11-18,N,N", f"{steady.upn},2026-11-19,/,N"]))
        alerts = OutboxMessage.objects.filter(purpose="education.attendance_missing_absence")
        assert not alerts.exists()  # steady's N was the day before they went missing too
        # Unexplained absence today, while missing: told at once, with the dates.
        import_lines(terms, csv_of([f"{child.upn},{TODAY.isoformat()},O,"]))
        assert sorted(alerts.values_list("to", flat=True)) == ["amy.worker@herts.example", VIRTUAL_SCHOOL]
        assert "missing or away since 19 November 2026" in alerts.first().body
        assert "unexplained absence from school on 20 November 2026" in alerts.first().body
        # The same episode: once.
        import_lines(terms, csv_of([f"{child.upn},{TODAY.isoformat()},O,N"]))
        assert alerts.count() == 2


def test_a_file_without_the_columns_keeps_nothing(terms, placing_council):
    with pytest.raises(attendance.FileUnreadable) as refused:
        import_lines(terms, io.StringIO("pupil,day\nx,y\n"))
    assert "upn or child_id, date, am, pm missing" in refused.value.message
    assert not AttendanceImport.objects.exists()


def test_the_codes_count_as_the_dfe_counts_them():
    assert {"/", "\\", "L", "B", "K", "P", "V", "W", "J"} == attendance.ATTENDED_CODES
    for not_possible in ("X", "Y", "Z", "#", "D", "Q", "Y1"):
        assert not_possible not in attendance.POSSIBLE_CODES
    for absent in ("C", "E", "H", "I", "M", "R", "S", "T", "G", "N", "O", "U"):
        assert absent in attendance.POSSIBLE_CODES and absent not in attendance.ATTENDED_CODES
    assert attendance.percent(45, 50) == Decimal("90.0") and attendance.percent(0, 0) is None


# --- the pages and the API -----------------------------------------------------------------------------


def test_the_upload_page_names_bad_rows_and_the_list_and_page_show_the_figures(
    client, sign_in, terms, placing_council, virtual_school_officer, sqa_officer, placing_social_worker
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with time_machine.travel(at(TODAY), tick=False):
        child = placed(terms, placing_council, 1, first_name="Orla", last_name="Attend")
        sign_in(virtual_school_officer)
        url = reverse("education:attendance_import")
        assert client.get(url).status_code == 200
        response = client.post(url, {})
        assert "Select the attendance file (CSV) to upload" in response.content.decode()
        rows = [f"{child.upn},{d.isoformat()},{'O' if i < 10 else '/'},/" for i, d in enumerate(term_days()[:40])]
        rows.insert(3, f"{child.upn},2026-09-07,ZZ,/")
        upload = SimpleUploadedFile("autumn.csv", csv_of(rows).getvalue().encode(), content_type="text/csv")
        response = client.post(url, {"attendance_file": upload}, follow=True)
        page = response.content.decode()
        assert "1 row was not imported" in page and "80 session marks kept, for 1 child" in page
        assert "“ZZ” is not an attendance code" in page and '<td class="govuk-table__cell">5</td>' in page
        listing = client.get(reverse("education:child_list")).content.decode()
        assert "87.5%, 87.5%" in listing and "Below threshold" in listing and "10 unexplained" in listing
        detail = client.get(reverse("education:record_detail", args=[child.pk])).content.decode()
        assert "87.5% of 80 possible sessions" in detail and "is below the threshold of 90" in detail
        # The placing social worker sees the figures of their own child; nobody else imports.
        sign_in(placing_social_worker)
        assert "87.5%" in client.get(reverse("education:record_detail", args=[child.pk])).content.decode()
        assert client.get(url).status_code == 404
        detail_url = reverse("education:attendance_import_detail", args=[AttendanceImport.objects.get().pk])
        assert client.get(detail_url).status_code == 404
        sign_in(sqa_officer)
        assert client.get(url).status_code == 404


def test_the_api_takes_a_councils_children_only(client, terms, placing_council, other_council):
    from safeguard.notifications.services import api_token_create

    with time_machine.travel(at(TODAY), tick=False):
        ours = placed(terms, placing_council, 1)
        theirs = placed(terms, other_council, 2)
        _, token = api_token_create(actor=ACTOR, placing_authority=placing_council)
        body = f"child_id,date,am,pm\n{ours.pk},2026-11-19,/,\\\n{theirs.pk},2026-11-19,/,\\\n{ours.pk},2026-11-18,?,\n"
        response = client.post(
            "/api/v1/attendance", data=body, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 200, response.content
        answer = response.json()
        assert (answer["marks_kept"], answer["rows_refused"], answer["children"]) == (2, 2, 1)
        assert [(p["line"], p["field"]) for p in answer["problems"]] == [(3, "child_id"), (4, "am")]
        assert not AttendanceMark.objects.filter(child=theirs).exists()
        unauthorised = client.post("/api/v1/attendance", data=body, content_type="text/csv")
        assert unauthorised.status_code == 401
        unreadable = client.post(
            "/api/v1/attendance", data="x\n1\n", content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert unreadable.status_code == 400 and "upn (or child_id)" in unreadable.json()["errors"][0]["message"]
