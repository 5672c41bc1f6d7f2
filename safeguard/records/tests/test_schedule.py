"""The retention schedule: shipped defaults with their sources, the administrator's changes (audited),
the page every member of the council's staff reads, and its exports; a LADO outcome's period follows
the rule the council sets."""

import csv
import io
from datetime import date

import pytest

from safeguard.core.audit import audit_chain_verify
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.records import selectors, services
from safeguard.records.models import RetentionRule
from safeguard.records.schedule import DEFAULTS, RecordClass, RunsFrom

pytestmark = pytest.mark.django_db


def details(**changes) -> services.RuleDetails:
    values = {
        "period_months": 100 * 12,
        "runs_from": RunsFrom.DATE_OF_BIRTH,
        "or_pension_age": False,
        "disposal": "review",
        "grace_days": 30,
        "source": "Luton's published retention schedule, 2025",
    }
    return services.RuleDetails(**{**values, **changes})


def test_every_class_ships_with_a_default_that_cites_its_source(host):
    lines = selectors.schedule_for(host)
    assert [line.record_class for line in lines] == list(RecordClass.values)
    assert all(line.is_default and len(line.source) > 30 for line in lines)
    lado = {line.record_class: line for line in lines}[RecordClass.LADO_SUBSTANTIATED]
    assert lado.rule_words == "10 years from creation, or to the person's State Pension age if that is later"
    assert "Keeping Children Safe in Education" in lado.source


def test_the_administrator_sets_a_period_and_it_is_audited(host, host_admin):
    services.retention_rule_set(
        actor=host_admin, host_council=host, record_class=RecordClass.LADO_SUBSTANTIATED, details=details()
    )
    line = selectors.schedule_line_for(host, RecordClass.LADO_SUBSTANTIATED)
    assert (line.period_words, line.runs_from, line.is_default) == ("100 years", "date_of_birth", False)
    event = AuditEvent.objects.get(action="records.rule_set")
    assert event.changes["period_months"] == [120, 1200]
    assert event.changes["runs_from"] == ["creation", "date_of_birth"]
    assert event.changes["or_pension_age"] == [True, False]
    assert audit_chain_verify().intact


def test_saving_the_same_rule_again_records_nothing(host, host_admin):
    d = DEFAULTS[RecordClass.PHOTOGRAPH]
    same = details(period_months=d.months, runs_from=d.runs_from, source=d.source)
    services.retention_rule_set(actor=host_admin, host_council=host, record_class=RecordClass.PHOTOGRAPH, details=same)
    assert not RetentionRule.objects.exists()
    assert not AuditEvent.objects.filter(action="records.rule_set").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"period_months": 0}, "period_months", "Period must be between 1 month and 150 years"),
        ({"runs_from": ""}, "runs_from", "Select the date the period runs from"),
        ({"source": "  "}, "source", "Enter where the period comes from"),
        ({"grace_days": 400}, "grace_days", "Grace period must be between 0 and 365 days"),
    ],
)
def test_a_bad_answer_is_refused_by_name(host, host_admin, changes, field, message):
    with pytest.raises(ServiceRefusal) as refusal:
        services.retention_rule_set(
            actor=host_admin, host_council=host, record_class=RecordClass.RISK_PLAN, details=details(**changes)
        )
    assert refusal.value.errors[field].startswith(message)


def test_only_the_administrator_may_change_the_schedule(host, sqa_officer):
    with pytest.raises(ServiceRefusal):
        services.retention_rule_set(
            actor=sqa_officer, host_council=host, record_class=RecordClass.RISK_PLAN, details=details()
        )


def test_a_lado_outcomes_period_follows_the_configured_rule(host, host_admin):
    """Substantiated: by default, KCSIE's later of State Pension age and 10 years from the allegation;
    once the council sets 100 years from the date of birth, that. Unfounded: 10 years from closure."""
    dates = {"creation": date(2020, 3, 2), "closure": date(2020, 9, 30), "date_of_birth": date(1980, 5, 17)}
    substantiated = selectors.schedule_line_for(host, RecordClass.LADO_SUBSTANTIATED)
    # Born 1980: State Pension age 68, on 17 May 2048, later than March 2030.
    assert selectors.review_due_on(substantiated, runs_from_dates=dates, date_of_birth=date(1980, 5, 17)) == date(
        2048, 5, 17
    )
    unfounded = selectors.schedule_line_for(host, RecordClass.LADO_UNFOUNDED)
    assert selectors.review_due_on(unfounded, runs_from_dates=dates) == date(2030, 9, 30)
    services.retention_rule_set(
        actor=host_admin, host_council=host, record_class=RecordClass.LADO_SUBSTANTIATED, details=details()
    )
    substantiated = selectors.schedule_line_for(host, RecordClass.LADO_SUBSTANTIATED)
    assert selectors.review_due_on(substantiated, runs_from_dates=dates, date_of_birth=date(1980, 5, 17)) == date(
        2080, 5, 17
    )


def test_a_period_running_from_a_date_not_yet_come_is_not_due(host):
    photo = selectors.schedule_line_for(host, RecordClass.PHOTOGRAPH)
    assert selectors.review_due_on(photo, runs_from_dates={"placement_end": None}) is None
    assert selectors.review_due_on(photo, runs_from_dates={"placement_end": date(2025, 1, 31)}) == date(2026, 1, 31)


# Through the pages ---------------------------------------------------------------------------------


def test_any_of_the_councils_staff_reads_the_schedule_and_only_the_administrator_may_change_it(
    client, sign_in, host, sqa_officer
):
    sign_in(sqa_officer)
    page = client.get("/records/schedule/").content.decode()
    assert "Retention schedule" in page and "LADO consultations" in page and "6 years from creation" in page
    assert "/change/" not in page
    assert client.get("/records/schedule/lado_consultation/change/").status_code == 404


def test_the_administrator_changes_a_period_on_its_page(client, sign_in, host, host_admin):
    sign_in(host_admin)
    url = "/records/schedule/register_entry/change/"
    form = {
        "period_years": "75",
        "period_extra_months": "0",
        "runs_from": "date_of_birth",
        "or_pension_age": "no",
        "disposal": "automatic",
        "grace_days": "60",
        "source": "Our decision: as the responsible authority keeps a case record (reg 50)",
    }
    response = client.post(url, {**form, "period_years": "x", "source": "Kept: what I typed"})
    body = response.content.decode()
    assert "Years must be a whole number, like 25" in body and "Kept: what I typed" in body
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get("/records/schedule/").content.decode()
    assert "75 years from the date of birth" in page
    assert "Automatically, 60 days after review falls due" in page
    assert "Set by the council" in page


def test_the_schedule_exports_as_csv_and_as_a_printable_page(client, sign_in, host, lado, host_admin):
    services.retention_rule_set(
        actor=host_admin,
        host_council=host,
        record_class=RecordClass.LADO_CONSULTATION,
        details=details(period_months=72, runs_from="creation", source="=HYPERLINK(evil)"),
    )
    sign_in(lado)
    response = client.get("/records/schedule/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="retention-schedule-luton.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    consultation = next(row for row in rows if row and row[0] == "LADO consultations")
    assert consultation[1:4] == ["6 years", "creation", "no"]
    assert consultation[6] == "'=HYPERLINK(evil)"  # a formula from a form does not run in a spreadsheet
    printable = client.get("/records/schedule/print/").content.decode()
    assert "Retention schedule for children" in printable and "Source:" in printable
    assert "/change/" not in printable


def test_people_outside_the_council_do_not_see_its_schedule(client, sign_in, carer):
    sign_in(carer)
    assert client.get("/records/schedule/").status_code == 404
