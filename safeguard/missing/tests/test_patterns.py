"""Repeat episodes, photograph flags, the figures page and the SSDA903 Missing table."""

import csv
import html
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from safeguard.missing.models import ChildPhotograph, MissingEpisode

LONDON = ZoneInfo("Europe/London")


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _past_episode(child, days_ago: int, kind="M", hours=5):
    start = timezone.now() - timedelta(days=days_ago)
    return MissingEpisode.objects.create(
        child=child, kind=kind, last_seen_at=start, returned_at=start + timedelta(hours=hours)
    )


def test_three_episodes_in_90_days_flag_the_child_for_a_multi_agency_review(client, sign_in, sqa_officer, world):
    # The world's Ava has one episode (yesterday). Two more within 90 days make three.
    _past_episode(world.child, 30)
    _past_episode(world.child, 200)  # too long ago to count
    sign_in(sqa_officer)
    assert "Repeat missing" not in _page(client.get("/children/"))
    _past_episode(world.child, 80)
    register = _page(client.get("/children/"))
    row = register[register.index("Ava Placed") :].split("</tr>")[0]
    assert "Repeat missing" in row
    child_page = _page(client.get(f"/children/{world.child.pk}/"))
    assert "3 times in the last 90 days: consider a multi-agency review" in child_page
    dashboard = _page(client.get("/missing/"))
    repeat_section = dashboard.split("Repeat episodes")[1].split("Episodes per month")[0]
    assert "Ava Placed" in repeat_section


def test_the_repeat_rule_is_configuration(client, sign_in, sqa_officer, world, settings):
    settings.MISSING_REPEAT_EPISODES, settings.MISSING_REPEAT_DAYS = 2, 30
    _past_episode(world.child, 20)
    sign_in(sqa_officer)
    assert "2 times in the last 30 days" in _page(client.get(f"/children/{world.child.pk}/"))


def test_out_of_date_and_missing_photographs_show_on_the_register_and_the_carers_home(
    client, sign_in, sqa_officer, carer, world
):
    ChildPhotograph.objects.filter(pk=world.photograph.pk).update(taken_on=timezone.localdate() - timedelta(days=250))
    sign_in(sqa_officer)
    register = _page(client.get("/children/"))
    assert "Photo out of date" in register[register.index("Ava Placed") :].split("</tr>")[0]
    sign_in(carer)
    home = _page(client.get("/"))
    ava = home[home.index("Ava Placed") :].split("</li>")[0]
    milo = home[home.index("Milo Missing") :].split("</li>")[0]
    assert "Photograph out of date" in ava and "Add a photograph" in ava
    assert "Photograph needed" in milo and "Photograph out of date" not in milo


def test_a_recent_photograph_is_not_flagged(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    register = _page(client.get("/children/"))
    assert "Photo out of date" not in register


def test_the_figures_count_episodes_per_month_and_per_placing_council(
    client, sign_in, sqa_officer, carer, placing_social_worker, world
):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        # Two in May 2026 for Ava (placing council), one in June for Olly (another council).
        for child, day in (
            (world.child, date(2026, 5, 3)),
            (world.child, date(2026, 5, 20)),
            (world.other_child, date(2026, 6, 1)),
        ):
            start = datetime.combine(day, datetime.min.time(), tzinfo=LONDON).replace(hour=21)
            MissingEpisode.objects.create(
                child=child, kind="A", last_seen_at=start, returned_at=start + timedelta(hours=4)
            )
        # One in March 2026 belongs to the year before.
        MissingEpisode.objects.create(
            child=world.child,
            kind="M",
            last_seen_at=datetime(2026, 3, 31, 22, 0, tzinfo=LONDON),
            returned_at=datetime(2026, 4, 1, 2, 0, tzinfo=LONDON),
        )
        sign_in(sqa_officer)
        page = _page(client.get("/missing/?year=2026"))
        may = page[page.index(">May 2026<") :].split("</tr>")[0]
        assert [cell.split(">")[-1] for cell in may.split("</td>")[:3]] == ["0", "2", "2"]  # missing, away, all
        assert "Central Bedfordshire" in page or world.child.placing_authority.name in page
        council = page[page.index(world.child.placing_authority.name, page.index("By placing council")) :].split(
            "</tr>"
        )[0]
        # Ava: 2 in May, the world's episode yesterday, Milo missing now: 4 episodes for the placing council.
        assert ">4<" in council
        earlier = _page(client.get("/missing/?year=2025"))
        march = earlier[earlier.index(">March 2026<") :].split("</tr>")[0]
        assert [cell.split(">")[-1] for cell in march.split("</td>")[:3]] == ["1", "0", "1"]
        # A placing council sees only its own children's figures.
        sign_in(placing_social_worker)
        own = _page(client.get("/missing/?year=2026"))
        assert world.other_child.placing_authority.name not in own


def test_a_year_that_is_not_offered_is_explained(client, sign_in, sqa_officer, world):
    sign_in(sqa_officer)
    page = _page(client.get("/missing/?year=1990"))
    assert "Choose one of the years in the list" in page


def test_the_ssda903_missing_table_for_one_placing_council(
    client, sign_in, sqa_officer, placing_social_worker, other_authority_user, world
):
    world.child.local_id = "CB-0042"
    world.child.save()
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=LONDON), tick=False):
        MissingEpisode.objects.create(
            child=world.child,
            kind="A",
            last_seen_at=datetime(2026, 5, 3, 21, 0, tzinfo=LONDON),
            returned_at=datetime(2026, 5, 4, 1, 30, tzinfo=LONDON),
        )
        MissingEpisode.objects.create(
            child=world.other_child, kind="M", last_seen_at=datetime(2026, 6, 1, 21, 0, tzinfo=LONDON)
        )
        sign_in(placing_social_worker)
        url = f"/missing/ssda903/{world.child.placing_authority_id}.csv?year=2026"
        response = client.get(url)
        assert response["Content-Disposition"].endswith('-2026-2027.csv"')
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
    ava = [row for row in rows[1:] if row[0] == "CB-0042"]
    assert ["CB-0042", f"{world.child.date_of_birth:%d/%m/%Y}", "A", "03/05/2026", "04/05/2026"] in ava
    # Ava's two and Milo's open episode; not Olly's, placed by another council.
    assert len(rows) - 1 == 3
    milo = [row for row in rows[1:] if row[0].startswith("SG") or row[0] == world.missing_child.local_id]
    assert any(row[4] == "" for row in milo)  # still missing: no end date
    # Another council may not download this council's table.
    sign_in(other_authority_user)
    assert client.get(url).status_code == 404


def test_the_ssda903_missing_table_quotes_a_child_id_a_spreadsheet_would_run(client, sign_in, sqa_officer, world):
    world.child.local_id = '=HYPERLINK("http://evil.example","x")'
    world.child.save()
    sign_in(sqa_officer)
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    response = client.get(f"/missing/ssda903/{world.child.placing_authority_id}.csv", {"year": year})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert ["'" + world.child.local_id, f"{world.child.date_of_birth:%d/%m/%Y}"] in [row[:2] for row in rows[1:]]
