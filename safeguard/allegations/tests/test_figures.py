"""Annual figures for the partnership: by financial year, aggregates only, with a CSV export."""

import csv as csv_module
import html
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.allegations import selectors, services
from safeguard.allegations.tests.factories import LadoCaseFactory
from safeguard.core.models import AuditEvent

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def year_of_cases(host, lado):
    """Financial year April 2026 to March 2027: two referrals and a consultation; one closed."""
    with time_machine.travel(datetime(2026, 10, 1, 12, tzinfo=LONDON), tick=False):
        on_time = LadoCaseFactory(
            host_council=host, received_at=datetime(2026, 6, 1, 9, tzinfo=LONDON), sector="education"
        )
        services.lado_case_triage(
            actor=lado, case=on_time, decision="referral", reason="r", at=datetime(2026, 6, 1, 15, tzinfo=LONDON)
        )
        services.lado_case_close(
            actor=lado, case=on_time, outcome="unsubstantiated", dbs_referral_made=False, closed_on=date(2026, 7, 1)
        )
        late = LadoCaseFactory(
            host_council=host,
            received_at=datetime(2026, 9, 4, 9, tzinfo=LONDON),  # a Friday: due Monday 7 September
            sector="health",
            category="sexual",
        )
        services.lado_case_triage(
            actor=lado, case=late, decision="referral", reason="r", at=datetime(2026, 9, 9, 9, tzinfo=LONDON)
        )
        services.lado_consultation_record(
            actor=lado,
            caller_name="Jo",
            caller_organisation="Nursery",
            sector="early_years",
            category="conduct",
            summary="s",
            advice_given="a",
            received_at=datetime(2026, 8, 3, 10, tzinfo=LONDON),
        )
        # The year before: not counted.
        LadoCaseFactory(host_council=host, received_at=datetime(2026, 3, 31, 12, tzinfo=LONDON), status="referral")


def test_the_year_counts_by_sector_category_outcome_and_time(host, year_of_cases):
    figures = selectors.annual_figures(host, 2026)
    assert (figures.received, figures.referrals, figures.consultations) == (3, 2, 1)
    sectors = {row.key: (row.referrals, row.consultations) for row in figures.by_sector}
    assert sectors["education"] == (1, 0) and sectors["health"] == (1, 0) and sectors["early_years"] == (0, 1)
    categories = {row.key: row.total for row in figures.by_category}
    assert (categories["physical"], categories["sexual"], categories["conduct"], categories["neglect"]) == (1, 1, 1, 0)
    assert {key: n for key, _label, n in figures.outcomes}["unsubstantiated"] == 1
    assert figures.closed == 1 and figures.median_days_to_closure == 30
    assert (figures.considered, figures.considered_on_time, figures.on_time_percent) == (3, 2, 67)
    # 0 (same day), 0 (phone), 3 working days (Friday to Wednesday).
    assert figures.median_working_days_to_consideration == 0
    assert selectors.annual_figures(host, 2025).received == 1


@pytest.mark.parametrize("role", ["lado", "partnership_editor"])
def test_the_page_and_csv_for_the_lado_and_the_partnership(client, sign_in, year_of_cases, role, request):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=LONDON), tick=False):
        sign_in(request.getfixturevalue(role))
        page = html.unescape(client.get("/lado/figures/", {"year": "2026"}).content.decode())
        assert "LADO annual figures, April 2026 to March 2027" in page
        assert "1 April to 31 March" in page
        assert "<svg" in page and 'role="img"' in page and "Referrals and consultations by sector" in page
        assert "LADO-T-" not in page  # aggregates only
        csv = client.get("/lado/figures.csv", {"year": "2026"})
    assert csv["Content-Type"].startswith("text/csv")
    body = b"".join([csv.content]).decode("utf-8-sig")
    if role == "lado":
        assert "Sector,Education (schools and colleges),1,0,1" in body
        assert "Outcome,Unsubstantiated,1" in body
        assert "fewer than 5" not in page
    else:
        # Small numbers could point to a person: the partnership sees "fewer than 5", never 1 to 4.
        assert "Sector,Education (schools and colleges),fewer than 5,0,fewer than 5" in body
        assert "Outcome,Unsubstantiated,fewer than 5" in body
        assert "Counts from 1 to 4 are shown as “fewer than 5”" in page
        assert ">1<" not in page and ">2<" not in page
    assert AuditEvent.objects.filter(action="lado_figures.export").count() == 1


def test_a_total_that_would_give_away_a_small_count_is_rounded():
    wording = selectors.FigureWording(suppress=True)
    row = selectors.FigureRow("education", "Education", referrals=12, consultations=2)
    assert (wording.count(row.referrals), wording.count(row.consultations)) == ("12", "fewer than 5")
    assert wording.total(row) == "about 15"
    assert wording.bar(row.consultations) == 0
    exact = selectors.FigureWording(suppress=False)
    assert (exact.count(2), exact.total(row)) == ("2", "14")


def test_an_unknown_year_falls_back_to_the_current_one(client, sign_in, lado):
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=LONDON), tick=False):
        sign_in(lado)
        assert "April 2026 to March 2027" in client.get("/lado/figures/", {"year": "nonsense"}).content.decode()


def test_the_figures_csv_quotes_text_a_spreadsheet_would_run(client, sign_in, year_of_cases, lado, host):
    host.organisation.name = '=HYPERLINK("http://evil.example","Luton")'
    host.organisation.save()
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=LONDON), tick=False):
        sign_in(lado)
        body = client.get("/lado/figures.csv", {"year": "2026"}).content.decode("utf-8-sig")
    first = next(csv_module.reader(io.StringIO(body)))
    assert first[:2] == ["LADO annual figures", "'" + host.name]
