import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from safeguard.core.models import AuditEvent
from safeguard.notifications import services
from safeguard.notifications.models import Notification
from safeguard.notifications.tests.payloads import CASE_SYSTEM, start_payload


@pytest.fixture
def register(host):
    """A few children notified through the service, as a placing council would."""

    def notify(**changes):
        return services.notification_receive(
            actor=CASE_SYSTEM, channel=Notification.Channel.API, payload=start_payload(**changes)
        )[0].child

    today = date.today()
    return {
        "ava": notify(
            child__first_name="Ava",
            child__last_name="Smith",
            child__date_of_birth="2012-05-01",
            start=today - timedelta(days=20),
        ),
        "bilal": notify(
            child__first_name="Bilal",
            child__last_name="Khan",
            child__date_of_birth="2009-01-15",
            child__nhs_number="4010232137",
            child__local_id="HERTS-2",
            legal_status="V2",
            placement__type="K2",
            ehc_plan={"has_plan": False},
            start=today - timedelta(days=5),
        ),
        "chloe": notify(
            child__first_name="Chloé",
            child__last_name="O'Brien",
            child__date_of_birth="2015-07-07",
            child__nhs_number=None,
            child__local_id="BCP-3",
            placing_authority="839",
            ehc_plan={"has_plan": True, "maintaining_authority": "839"},
            start=today - timedelta(days=60),
        ),
    }


def names(response):
    text = response.content.decode()
    return {n for n in ("Ava Smith", "Bilal Khan", "Chloé O&#39;Brien") if n in text}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Ava Smith", "Bilal Khan", "Chloé O&#39;Brien"}),
        ({"placing_authority": "839"}, {"Chloé O&#39;Brien"}),
        ({"legal_status": "V2"}, {"Bilal Khan"}),
        ({"placement_type": "K2"}, {"Bilal Khan"}),
        ({"ehc_plan": "no"}, {"Bilal Khan"}),
        ({"age_from": "13"}, {"Ava Smith", "Bilal Khan"}),
        ({"age_to": "12"}, {"Chloé O&#39;Brien"}),
        ({"q": "Bilall Kahn"}, {"Bilal Khan"}),  # close spelling
        ({"q": "chloe obrien"}, {"Chloé O&#39;Brien"}),
        ({"q": "401 023 2137"}, {"Bilal Khan"}),  # NHS number
        ({"q": "HERTS-2"}, {"Bilal Khan"}),
    ],
)
def test_filters_and_search(client, sign_in, sqa_officer, register, params, expected):
    sign_in(sqa_officer)
    assert names(client.get("/children/", params)) == expected


def test_sorting_by_age(client, sign_in, sqa_officer, register):
    sign_in(sqa_officer)
    text = client.get("/children/", {"sort": "dob"}).content.decode()
    assert text.index("Bilal Khan") < text.index("Ava Smith") < text.index("Chlo")


def test_bad_filters_are_explained(client, sign_in, sqa_officer, register):
    sign_in(sqa_officer)
    text = client.get("/children/", {"age_from": "ten", "age_to": "3", "legal_status": "ZZ"}).content.decode()
    assert "There is a problem" in text
    assert "Age from must be a whole number, like 10" in text
    # The legal status's own error, in the summary and linked to its field (the form always names
    # `legal_status`, so the field's name alone proves nothing).
    assert '<a href="#id_legal_status">Choose a legal status from the list</a>' in text
    assert 'id="id_legal_status-error"' in text


def test_ended_placements_show_when_asked(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    assert "Fern Former" not in client.get("/children/").content.decode()
    assert "Fern Former" in client.get("/children/", {"placed": "before"}).content.decode()
    assert "Fern Former" in client.get("/children/", {"placed": "all"}).content.decode()


def test_csv_export_follows_the_filters_and_is_recorded(client, sign_in, sqa_officer, register):
    sign_in(sqa_officer)
    response = client.get("/children/export.csv", {"placing_authority": "919"})
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {(r["First name"], r["Placing council"]) for r in rows} == {
        ("Ava", "Hertfordshire"),
        ("Bilal", "Hertfordshire"),
    }
    bilal = next(r for r in rows if r["First name"] == "Bilal")
    assert bilal["Legal status"].startswith("Single period of accommodation under section 20")
    assert bilal["IRO"] == "Alex Reed" and bilal["EHC plan"] == "No"
    assert AuditEvent.objects.filter(action="child.export_csv", actor=sqa_officer).exists()


def test_excel_export_opens_with_every_child(client, sign_in, sqa_officer, register):
    sign_in(sqa_officer)
    response = client.get("/children/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook["Register"].iter_rows(values_only=True))
    assert rows[0][1:3] == ("First name", "Last name")
    assert {row[1] for row in rows[1:]} == {"Ava", "Bilal", "Chloé"}
    assert AuditEvent.objects.filter(action="child.export_xlsx").exists()


HOSTILE_ID = '=HYPERLINK("http://evil.example","x")'
HOSTILE_EMAIL = "=1+1@herts.example"


@pytest.fixture
def hostile_child(host):
    """A placing council's free text that a spreadsheet would run as a formula."""
    return services.notification_receive(
        actor=CASE_SYSTEM,
        channel=Notification.Channel.API,
        payload=start_payload(child__local_id=HOSTILE_ID, iro__email=HOSTILE_EMAIL),
    )[0].child


def test_csv_export_quotes_text_that_a_spreadsheet_would_run(client, sign_in, sqa_officer, hostile_child):
    sign_in(sqa_officer)
    response = client.get("/children/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["Placing council's child ID"] == "'" + HOSTILE_ID
    assert rows[0]["IRO email"] == "'" + HOSTILE_EMAIL
    assert rows[0]["IRO phone"] == "01632 960 002" and rows[0]["Date of birth"] == "2012-05-01"


def test_excel_export_stores_formula_like_text_as_text(client, sign_in, sqa_officer, hostile_child):
    sign_in(sqa_officer)
    workbook = load_workbook(io.BytesIO(client.get("/children/export.xlsx").content))
    sheet = workbook["Register"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    for column, text in (("Placing council's child ID", HOSTILE_ID), ("IRO email", HOSTILE_EMAIL)):
        cell = row[header.index(column)]
        assert (cell.value, cell.data_type) == (text, "s")  # a string, never a formula ("f")
    assert row[header.index("Date of birth")].is_date
    assert row[header.index("Age")].data_type == "n"


def test_child_page_shows_history_contacts_and_referrals(client, sign_in, sqa_officer, register):
    sign_in(sqa_officer)
    text = client.get(f"/children/{register['bilal'].pk}/").content.decode()
    for expected in (
        "Alex Reed",
        "Sam Jones",
        "Children&#39;s home",
        "Single period of accommodation",
        "Referral and Assessment",
        "To acknowledge",
        "SG-",
    ):
        assert expected in text, expected


def test_pages_keep_the_filters(client, sign_in, sqa_officer, host, placing_council):
    from safeguard.register.tests.factories import ChildFactory, PlacementFactory

    for _ in range(51):
        PlacementFactory(child=ChildFactory(host_council=host, placing_authority=placing_council))
    sign_in(sqa_officer)
    text = client.get("/children/", {"placing_authority": placing_council.dfe_code}).content.decode()
    assert "51 children" in text
    assert f"?placing_authority={placing_council.dfe_code}&amp;page=2" in text
    second = client.get("/children/", {"placing_authority": placing_council.dfe_code, "page": "2"}).content.decode()
    assert len(re.findall(r'href="/children/\d+/"', second)) == 1  # the 51st child, alone on page 2
