"""Loading a host's existing register from its spreadsheet (docs/adr/0036): columns chosen and kept,
a dry run line by line, an import that registers nothing twice, CSV and Excel, and bad files."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safeguard.accounts.models import HostCouncil, Organisation, Role
from safeguard.accounts.tests.factories import TeamFactory, UserFactory
from safeguard.core.models import AuditEvent, ImportJob
from safeguard.missing.tests.factories import PoliceForceFactory
from safeguard.notifications.models import Notification, RegisterImportMapping
from safeguard.register.models import Child
from safeguard.register.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs_in_process")]

HEADINGS = [
    "Forename",
    "Surname",
    "DOB",
    "Gender",
    "Placing LA",
    "Start date",
    "Address",
    "Town",
    "Postcode",
    "Carer",
    "Legal status",
    "Social worker",
    "Social worker email",
    "Social worker phone",
    "IRO",
    "IRO email",
    "IRO phone",
    "EHCP",
]
SW = ["Sam Jones", "sam.jones@herts.example", "01632 960 001"]
IRO = ["Alex Reed", "alex.reed@herts.example", "01632 960 002"]
ROWS = [
    # line 2: a new child, every fact given
    [
        "Ava",
        "Smith",
        "01/05/2012",
        "F",
        "919",
        "01/09/2026",
        "1 High Street",
        "Luton",
        "LU1 2BQ",
        "The Browns",
        "C2",
        *SW,
        *IRO,
        "No",
    ],
    # line 3: a child already on the register (same name, date of birth and placing council)
    [
        "Ben",
        "Okafor",
        "14/03/2011",
        "M",
        "Hertfordshire",
        "01/10/2026",
        "2 Low Road",
        "Luton",
        "LU2 7AA",
        "The Greens",
        "C2",
        *SW,
        *IRO,
        "No",
    ],
    # line 4: a date of birth that is not a date
    [
        "Cara",
        "Lee",
        "31/02/2013",
        "F",
        "919",
        "01/10/2026",
        "3 Mill Lane",
        "Luton",
        "LU3 1AB",
        "The Blacks",
        "C2",
        *SW,
        *IRO,
        "No",
    ],
    # line 5: the IRO is not known yet: an incomplete notification
    [
        "Dan",
        "Price",
        "02/02/2014",
        "M",
        "919",
        "01/11/2026",
        "4 Park Way",
        "Luton",
        "LU4 9ZZ",
        '=HYPERLINK("http://x")',
        "C2",
        *SW,
        "",
        "",
        "",
        "No",
    ],
    # line 6: blank
    [""] * 18,
    # line 7: placed outside Luton
    [
        "Eve",
        "Hall",
        "03/03/2012",
        "F",
        "919",
        "01/10/2026",
        "5 Far Street",
        "Leeds",
        "LS1 4AP",
        "The Whites",
        "C2",
        *SW,
        *IRO,
        "No",
    ],
]


def csv_file(rows=ROWS, headings=HEADINGS, name="register.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows=ROWS, headings=HEADINGS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        cells = list(row)
        if cells[2]:
            try:
                day, month, year = (int(p) for p in cells[2].split("/"))
                cells[2] = date(year, month, day)  # Excel keeps a date, not text
            except ValueError:
                pass
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("register.xlsx", out.getvalue())


@pytest.fixture
def ben(host, placing_council):
    return ChildFactory(
        host_council=host,
        placing_authority=placing_council,
        first_name="Ben",
        last_name="Okafor",
        date_of_birth=date(2011, 3, 14),
    )


def upload(client, file):
    return client.post("/children/import/", {"file": file})


def columns_form(response) -> dict:
    """The columns page's choices as it offers them (what it guessed or kept)."""
    import re

    text = response.content.decode()
    chosen = {}
    for select in re.finditer(
        r'<select class="govuk-select[^"]*" id="([^"]+)" name="([^"]+)"[^>]*>(.*?)</select>', text, re.S
    ):
        selected = re.search(r'<option value="([^"]*)" selected', select.group(3))
        chosen[select.group(2)] = selected.group(1) if selected else ""
    return chosen


def dry_run(client, file):
    response = upload(client, file)
    assert response.status_code == 302, response.content.decode()[:2000]
    columns_url = response["Location"]
    choices = columns_form(client.get(columns_url))
    return client.post(columns_url, choices, follow=True)


def test_the_columns_are_guessed_from_the_headings_and_kept_for_next_time(client, sign_in, sqa_manager):
    sign_in(sqa_manager)
    response = upload(client, csv_file())
    choices = columns_form(client.get(response["Location"]))
    assert choices["child__first_name"] == "Forename" and choices["child__date_of_birth"] == "DOB"
    assert choices["placement__address__postcode"] == "Postcode" and choices["iro__email"] == "IRO email"
    # The manager says the carer is in "Town" (odd, but theirs to choose): kept for the host.
    choices["placement__carer"] = "Town"
    client.post(response["Location"], choices)
    kept = RegisterImportMapping.objects.get(host_council=sqa_manager.host_council)
    assert kept.columns["placement.carer"] == "Town" and kept.updated_by == sqa_manager
    assert AuditEvent.objects.filter(action="register.import_columns").exists()
    # Next time the kept choice is offered first.
    again = upload(client, csv_file())
    assert columns_form(client.get(again["Location"]))["placement__carer"] == "Town"


def test_the_dry_run_says_what_would_happen_to_each_line_and_why_and_writes_nothing(client, sign_in, sqa_manager, ben):
    sign_in(sqa_manager)
    text = dry_run(client, csv_file()).content.decode()
    assert "Dry run: what the import would do" in text
    assert "Would be registered as a new child: 2" in text  # Ava, and Dan (incomplete)
    assert "Would be matched to a child already on the register: 1" in text
    assert "Would be refused: 2" in text and "Blank row: 1" in text
    assert "Would become incomplete notifications (facts missing): 1" in text
    rows = {line["line"]: line for line in ImportJob.objects.get().report["lines"]}
    assert rows[2]["outcome"] == "new" and rows[2]["reasons"] == []
    assert rows[3]["outcome"] == "matched" and rows[3]["child"] == "Ben Okafor"
    assert rows[4]["outcome"] == "refused" and any("date of birth" in r.lower() for r in rows[4]["reasons"])
    assert rows[5]["outcome"] == "new" and rows[5]["incomplete"] and any("IRO" in r for r in rows[5]["reasons"])
    assert (
        rows[7]["outcome"] == "refused"
        and "LS1 4AP is not in an area served by a host council" in rows[7]["reasons"][0]
    )
    assert not Notification.objects.exists() and Child.objects.count() == 1
    assert "Import these rows" in text


def test_importing_the_same_register_twice_registers_nothing_twice(client, sign_in, sqa_manager, ben):
    sign_in(sqa_manager)
    dry = dry_run(client, csv_file())
    job = ImportJob.objects.get()
    text = client.post(f"/children/import/{job.pk}/import/", follow=True).content.decode()
    assert "Import of your register" in text and "Registered as a new child: 2" in text
    made = Notification.objects.filter(channel=Notification.Channel.REGISTER)
    assert made.count() == 3  # Ava, Ben (matched), Dan (incomplete)
    assert set(Child.objects.values_list("first_name", flat=True)) == {"Ava", "Ben", "Dan"}
    assert made.get(child__first_name="Ben").child == ben
    dan = made.get(payload__child__first_name="Dan")
    assert dan.status == Notification.Status.INCOMPLETE
    # Spreadsheet text is neutralised: the formula's start is gone.
    assert dan.payload["placement"]["carer"] == 'HYPERLINK("http://x")'
    assert dry.status_code == 200

    # The same file again: every row already imported, nothing new.
    dry_run(client, csv_file())
    again = ImportJob.objects.filter(kind="register_dry_run").latest("pk")
    assert again.report["counts"]["already"] == 3
    client.post(f"/children/import/{again.pk}/import/")
    assert Notification.objects.count() == 3 and Child.objects.count() == 3
    assert ImportJob.objects.filter(kind="register_import").latest("pk").already == 3


def test_an_excel_register_is_read_as_the_csv_is(client, sign_in, sqa_manager, ben):
    sign_in(sqa_manager)
    dry_run(client, xlsx_file())
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.problem
    counts = job.report["counts"]
    assert (counts["new"], counts["matched"], counts["refused"], counts["blank"]) == (2, 1, 2, 1)
    client.post(f"/children/import/{job.pk}/import/")
    ava = Child.objects.get(first_name="Ava")
    assert ava.date_of_birth == date(2012, 5, 1)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("register.txt", b"a,b\n1,2\n"), "The selected file must be a CSV or an Excel (.xlsx) file"),
        (SimpleUploadedFile("register.xlsx", b"not a workbook"), "could not be read as an Excel (.xlsx) file"),
        (SimpleUploadedFile("register.csv", b"Forename,Surname\r\n"), "has headings but no rows"),
        (SimpleUploadedFile("register.csv", b""), "The selected file is empty"),
    ],
)
def test_a_bad_file_is_refused_on_the_file_field(client, sign_in, sqa_manager, file, message):
    sign_in(sqa_manager)
    response = upload(client, file)
    text = response.content.decode().replace("&#39;", "'")
    assert response.status_code == 200 and message in text
    assert 'href="#id_file"' in text  # the error summary links to the file field
    assert not ImportJob.objects.exists()


def test_a_missing_or_unknown_column_is_named_by_its_fact(client, sign_in, sqa_manager):
    sign_in(sqa_manager)
    columns_url = upload(client, csv_file())["Location"]
    choices = columns_form(client.get(columns_url))
    choices["child__date_of_birth"] = ""
    choices["placement__address__postcode"] = "Post code"
    text = client.post(columns_url, choices).content.decode()
    assert "The file has no such column: choose the column for placement postcode" in text
    choices["placement__address__postcode"] = "Postcode"
    text = client.post(columns_url, choices).content.decode()
    assert "Choose the column that holds the date of birth" in text
    assert ImportJob.objects.get().status == ImportJob.Status.QUEUED and not RegisterImportMapping.objects.exists()


def test_only_the_hosts_sqa_manager_may_import_and_other_hosts_see_nothing(
    client, sign_in, sqa_manager, sqa_officer, placing_social_worker, host
):
    sign_in(sqa_manager)
    columns_url = upload(client, csv_file())["Location"]
    job = ImportJob.objects.get()
    urls = ["/children/import/", columns_url, f"/children/import/{job.pk}/"]
    for person in (sqa_officer, placing_social_worker):
        sign_in(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person.role, url)
        assert client.post(f"/children/import/{job.pk}/import/").status_code == 404
    far = HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="826"),
        slug="milton-keynes",
        police_force=PoliceForceFactory(name="Thames Valley Police"),
        postcode_districts="MK1 MK2",
    )
    far_manager = UserFactory(
        role=Role.SQA_MANAGER, organisation=far.organisation, team=TeamFactory(host_council=far, kind="sqa")
    )
    sign_in(far_manager)
    assert client.get("/children/import/").status_code == 200
    for url in urls[1:]:
        assert client.get(url).status_code == 404
    assert client.post(f"/children/import/{job.pk}/import/").status_code == 404


def test_a_refused_rows_reasons_speak_of_the_spreadsheet_not_the_api():
    from safeguard.notifications.register_file import spreadsheet_reason

    date = spreadsheet_reason("child.date_of_birth", 'Enter the date of birth as YYYY-MM-DD, like "2026-11-20"')
    assert date == "Date of birth must be a real date, like 14/03/2012"
    council = spreadsheet_reason("placing_authority", "Placing council must be a council's 3-digit DfE code, like 823")
    assert "council's name, like Central Bedfordshire, or its DfE code" in council
    assert spreadsheet_reason("child.first_name", "Enter the child's first name") == "Enter the child's first name"


def test_the_dry_run_gives_a_bad_date_in_the_spreadsheets_words(client, sign_in, sqa_manager, ben):
    sign_in(sqa_manager)
    dry_run(client, csv_file())
    rows = {line["line"]: line for line in ImportJob.objects.get().report["lines"]}
    assert "Date of birth must be a real date, like 14/03/2012" in rows[4]["reasons"]
    assert not any("YYYY" in reason for reason in rows[4]["reasons"])
