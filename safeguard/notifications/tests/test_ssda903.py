"""The streaming SSDA903 reader, on the shared synthetic sample and on small hand-made returns."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from safeguard.notifications.ssda903 import (
    detect_and_read,
    in_area,
    postcode_district,
    read_csv_return,
    read_xml_return,
)
from safeguard.reference.tests.samples import SSDA903_SAMPLE

# In the repository (safeguard/reference/tests/data/ssda903-sample): a missing file fails, never skips.
SAMPLE = SSDA903_SAMPLE

DISTRICTS = {"WD10", "E7", "B15", "WZ2", "WA7"}

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def _csv_items(header: str | bytes, episodes: str | bytes, districts=("LU1",), **kwargs):
    def wrap(data):
        return io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)

    return list(read_csv_return(wrap(header), wrap(episodes), districts=districts, placing_authority="919", **kwargs))


def _sample_csv_items(districts=DISTRICTS):
    with open(SAMPLE / "header.csv", "rb") as header, open(SAMPLE / "episodes.csv", "rb") as episodes:
        return list(read_csv_return(header, episodes, districts=districts, placing_authority="919"))


def _sample_episode_rows():
    with open(SAMPLE / "episodes.csv", newline="") as f:
        return list(csv.DictReader(f))


# --- postcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("LU1 2BQ", "LU1"),
        ("lu1 2bq", "LU1"),
        ("LU12BQ", "LU1"),
        ("  lu1   2bq ", "LU1"),
        ("EC1A 1BB", "EC1A"),
        ("W1A 0AX", "W1A"),
        ("M1 1AE", "M1"),
        ("B15 8PZ", "B15"),
        ("LU1 2", "LU1"),  # partial (sector) postcode
        ("LU1", "LU1"),  # outward code only
        ("GIR 0AA", None),
        ("", None),
        ("not a postcode", None),
        ("LU1 2BQ X", None),
        ("12345", None),
        ("LU1-2BQ", None),
    ],
)
def test_postcode_district(postcode, district):
    assert postcode_district(postcode) == district


def test_in_area_takes_districts_and_whole_areas():
    assert in_area("lu1 2bq", {"LU1", "LU2"})
    assert not in_area("LU3 1AA", {"LU1", "LU2"})
    assert in_area("LU7 1AA", {"LU"})
    assert not in_area("L1 8JQ", {"LU"})  # L is not LU
    assert not in_area("LU1 2BQ", {"L"})
    assert in_area("LU1 2BQ", {" lu1 "})
    assert not in_area("GIR 0AA", {"LU"})
    assert not in_area("", {"LU1"})
    with pytest.raises(ValueError, match="not a postcode district"):
        in_area("LU1 2BQ", {"LU1 2BQ"})


# --- the shared sample: CSV ---------------------------------------------------------------------


def test_csv_sample_takes_the_episodes_placed_in_the_area():
    rows = _sample_episode_rows()
    expected = [
        n for n, row in enumerate(rows, start=2) if row["PL_POST"].strip() and row["PL_POST"].split()[0] in DISTRICTS
    ]
    assert len(expected) == 8 + 17 + 16  # WD10, WZ2 and WA7 (none in E7 or B15)

    items = _sample_csv_items()

    assert len(items) == len(rows)  # one item per row, taken or not
    taken = [item for item in items if item.payload is not None]
    assert [item.line for item in taken] == expected
    assert not any(item.errors for item in items)
    skipped = [item for item in items if item.payload is None]
    assert len(skipped) == len(rows) - len(expected)
    assert all(item.skipped for item in skipped)
    assert skipped[0].source == "episodes.csv line 2"
    assert skipped[0].skipped == "no placement postcode"
    assert skipped[1].skipped == "placement postcode WV27 9FW is outside the host area"
    assert {item.payload["placement"]["address"]["postcode"].split()[0] for item in taken} == {"WD10", "WZ2", "WA7"}


def test_csv_sample_known_child_payload():
    items = {item.line: item for item in _sample_csv_items()}

    first = items[4]
    assert first.source == "episodes.csv line 4"
    assert first.payload == {
        "kind": "placement_start",
        "placing_authority": "919",
        "child": {"local_id": "384923", "upn": "L034811502612", "date_of_birth": "2011-09-09", "sex": "F"},
        "legal_status": "L1",
        "placement": {
            "type": "A5",
            "start_date": "2016-04-26",
            "emergency": False,
            "end_date": "2017-05-09",
            "end_reason": "X1",  # episode ceased, child still looked after: kept as given
            "address": {"postcode": "WD10 6ZQ"},
        },
        "ssda903": {
            "child": "384923",
            "urn": "1157828",
            "place_provider": "PR2",
            "rne": "T",
            "reason_place_change": None,
            "home_post": "EH14 8EC",
        },
    }
    assert "first_name" not in first.payload["child"]  # SSDA903 carries no names

    second = items[5]  # the open episode that followed it
    assert second.payload["legal_status"] == "C2"
    assert second.payload["placement"]["start_date"] == "2017-05-09"
    assert second.payload["placement"]["end_date"] is None
    assert second.payload["placement"]["end_reason"] is None  # REC is X1 but DEC is blank
    assert second.payload["ssda903"]["reason_place_change"] == "CARPL"

    boy = items[144]  # 601515, placed in WZ2; SEX 1 in header.csv
    with open(SAMPLE / "header.csv", newline="") as f:
        header = next(row for row in csv.DictReader(f) if row["CHILD"] == "601515")
    day, month, year = header["DOB"].split("/")
    assert boy.payload["child"] == {
        "local_id": "601515",
        "upn": header["UPN"],
        "date_of_birth": f"{year}-{month}-{day}",
        "sex": {"1": "M", "2": "F"}[header["SEX"]],
    }
    assert items[145].payload["placement"]["end_reason"] is None  # REC E5 without DEC


def test_csv_sample_whole_area_prefix():
    def area(postcode):
        return re.match(r"[A-Z]+", postcode.split()[0]).group(0) if postcode.strip() else ""

    expected = sum(1 for row in _sample_episode_rows() if area(row["PL_POST"]) == "WD")
    assert expected > 8  # more than WD10 alone

    items = _sample_csv_items(districts={"WD"})

    assert sum(item.payload is not None for item in items) == expected


def test_sample_bom_file_is_read_by_its_column_names():
    # sw_episodes.csv starts with a UTF-8 BOM: its first column must still be recognised as CHILD,
    # so the only complaint is about the episode columns it lacks.
    with (
        open(SAMPLE / "header.csv", "rb") as header,
        open(SAMPLE / "sw_episodes.csv", "rb") as episodes,
        pytest.raises(ValueError) as error,
    ):
        list(read_csv_return(header, episodes, districts={"LU1"}, placing_authority="919"))
    assert str(error.value) == "sw_episodes.csv has no DECOM, LS, PLACE, DEC, REC or PL_POST columns"


# --- the shared sample: XML ---------------------------------------------------------------------


def test_xml_sample_takes_the_episodes_placed_in_the_area():
    districts = {"T27", "E7", "Q2"}
    tree = ET.parse(SAMPLE / "fake_903.xml")  # noqa: S314 - our own test data
    episodes = list(tree.iter("EPISODE"))
    expected = sum(1 for e in episodes if (e.findtext("PL_POST") or " ").split()[0] in districts)
    assert expected >= 10

    with open(SAMPLE / "fake_903.xml", "rb") as f:
        items = list(read_xml_return(f, districts=districts, placing_authority="919"))

    assert len(items) == len(episodes)
    assert sum(item.payload is not None for item in items) == expected
    assert all(item.line is None for item in items)
    assert items[1].source == "fake_903.xml child 907440 episode 2"
    assert items[1].skipped == "placement postcode Q6 7TT is outside the host area"

    first = items[0]
    assert first.source == "fake_903.xml child 907440 episode 1"
    assert first.payload["child"] == {
        "local_id": "907440",
        "upn": "O013219285333",
        "date_of_birth": "2010-07-28",
        "sex": "F",
    }
    assert first.payload["legal_status"] == "J3"
    assert first.payload["placement"] == {
        "type": "R5",
        "start_date": "2017-01-06",
        "emergency": False,
        "end_date": "2017-10-06",
        "end_reason": "X1",
        "address": {"postcode": "E7 5YR"},
    }
    assert first.payload["ssda903"] == {
        "child": "907440",
        "urn": "1465167",
        "place_provider": "PR2",
        "rne": "T",
        "reason_place_change": "CUSTOD",
        "home_post": "B15 8PZ",
    }

    open_episode = next(i for i in items if i.source == "fake_903.xml child 228005 episode 4")
    assert open_episode.payload["child"]["sex"] == "M"
    assert open_episode.payload["placement"]["end_date"] is None
    assert open_episode.payload["placement"]["end_reason"] is None


def test_detect_and_read_picks_the_reader():
    with (
        open(SAMPLE / "header.csv", "rb") as header,
        open(SAMPLE / "episodes.csv", "rb") as episodes,
        open(SAMPLE / "sw_episodes.csv", "rb") as sw_episodes,
        open(SAMPLE / "missing.csv", "rb") as missing,
    ):
        files = {"Header.CSV": header, "EPISODES.csv": episodes, "sw_episodes.csv": sw_episodes, "missing.csv": missing}
        items = list(detect_and_read(files, districts=DISTRICTS, placing_authority="919"))
    assert sum(item.payload is not None for item in items) == 41
    assert items[0].source == "EPISODES.csv line 2"

    with open(SAMPLE / "fake_903.xml", "rb") as xml:
        items = list(detect_and_read({"uploads/FAKE_903.XML": xml}, districts={"E7"}, placing_authority="919"))
    assert items[0].source == "FAKE_903.XML child 907440 episode 1"
    assert items[0].payload is not None


# --- hand-made returns ----------------------------------------------------------------------------


def test_malformed_dates_give_errors_with_the_line_number():
    header = HEADER + "1,1,30/02/2010,,,,\n2,2,01/02/2010,,,,\n"
    episodes = (
        EPISODES
        + "2,31/02/2017,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n"  # line 2: no 31 February
        + "2,2017-13-01,S,C2,N1,U4,PR1,,,,,LU9 9ZZ,\n"  # line 3: bad, but outside the area
        + "2,01/03/2017,S,C2,N1,U4,PR1,1/2/17,E11,,,LU1 2BQ,\n"  # line 4: DEC not DD/MM/YYYY
        + "2,01/03/2017,S,C2,N1,U4,PR1,01/02/2017,E11,,,LU1 2BQ,\n"  # line 5: ends before it starts
        + "1,01/03/2017,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n"  # line 6: child's DOB is not a real date
        + "2,,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n"  # line 7: no DECOM
    )
    items = _csv_items(header, episodes)
    by_line = {item.line: item for item in items}

    assert by_line[2].payload is None
    assert by_line[2].source == "episodes.csv line 2"
    assert by_line[2].errors == [("placement.start_date", "DECOM must be a real date in the format DD/MM/YYYY")]
    assert by_line[3].skipped and not by_line[3].errors
    assert by_line[4].errors == [("placement.end_date", "DEC must be a real date in the format DD/MM/YYYY")]
    assert by_line[5].errors == [("placement.end_date", "DEC must be the same as or after DECOM")]
    assert by_line[6].errors == [("child.date_of_birth", "DOB must be a real date in the format DD/MM/YYYY")]
    assert by_line[7].errors == [("placement.start_date", "Enter the date the episode started (DECOM)")]
    assert all(item.payload is None for item in items)


@pytest.mark.parametrize(
    ("header", "episodes", "message"),
    [
        (HEADER, EPISODES.replace(",PL_POST", ""), "episodes.csv has no PL_POST column"),
        (
            HEADER,
            EPISODES.replace(",DECOM", "").replace(",PL_POST", ""),
            "episodes.csv has no DECOM or PL_POST columns",
        ),
        (HEADER.replace(",DOB", ""), EPISODES, "header.csv has no DOB column"),
        (HEADER, "", "episodes.csv is empty"),
    ],
)
def test_missing_columns_raise(header, episodes, message):
    with pytest.raises(ValueError) as error:
        _csv_items(header, episodes + "1,01/01/2020,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n" if episodes else episodes)
    assert str(error.value) == message


def test_bom_whitespace_blank_lines_and_column_case_bytes_and_text():
    header = "\ufeff child , sex , dob , upn \r\n\r\n 7 , 2 , 05/06/2012 , A123456789012 \r\n"
    episodes = (
        "\ufeff"
        + EPISODES.lower().replace("\n", "\r\n")
        + "\r\n"  # line 2: blank
        + " 7 , 01/03/2024 , S , C2 , N1 , U4 , PR1 ,  ,  ,  ,  , lu12bq , 123 \r\n"  # line 3
        + ",,,,,,,,,,,,\r\n"  # line 4: empty cells only
        + "8,01/03/2024,S,V2,N1,U4,PR1,,,,,LU5 1AA,\r\n"  # line 5
    )
    for header_input, episodes_input in [
        (header, episodes),
        (header.encode("utf-8"), episodes.encode("utf-8")),
        (header.encode("utf-8"), episodes),
    ]:
        items = _csv_items(header_input, episodes_input, districts={"LU1"})
        assert [(item.line, bool(item.payload), item.skipped) for item in items] == [
            (3, True, ""),
            (5, False, "placement postcode LU5 1AA is outside the host area"),
        ]
        payload = items[0].payload
        assert payload["child"] == {"local_id": "7", "upn": "A123456789012", "date_of_birth": "2012-06-05", "sex": "F"}
        assert payload["placement"]["address"] == {"postcode": "LU1 2BQ"}
        assert payload["placement"]["end_date"] is None
        assert payload["ssda903"]["urn"] == "123"
        assert payload["ssda903"]["home_post"] is None


class _Unseekable(io.RawIOBase):
    """A pipe-like stream: readable once, cannot seek."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_unseekable_episodes_are_spooled():
    header = HEADER + "3,1,01/01/2015,,,,\n"
    episodes = EPISODES + "3,01/03/2024,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n4,01/03/2024,S,C2,N1,U4,PR1,,,,,SG1 1AA,\n"
    items = list(
        read_csv_return(
            io.BytesIO(header.encode()),
            _Unseekable(episodes.encode()),
            districts={"LU"},
            placing_authority="919",
        )
    )
    assert [item.line for item in items] == [2, 3]
    assert items[0].payload["child"]["sex"] == "M"
    assert items[1].skipped


def test_child_missing_from_header_and_unknown_sex():
    header = HEADER + "5,9,01/01/2015,,,,\n"
    episodes = EPISODES + "5,01/03/2024,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n6,01/03/2024,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n"
    items = _csv_items(header, episodes)
    assert items[0].payload["child"] == {"local_id": "5", "date_of_birth": "2015-01-01"}
    assert items[1].payload["child"] == {"local_id": "6"}


def test_no_districts_is_an_error():
    with pytest.raises(ValueError, match="No postcode districts"):
        _csv_items(HEADER, EPISODES, districts=set())


def test_xml_refuses_doctype_and_non_xml():
    xml = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903><CHILD/></EXPSSDA903>"""
    with pytest.raises(ValueError, match="DOCTYPE"):
        list(read_xml_return(io.BytesIO(xml), districts={"LU1"}, placing_authority="919"))
    with pytest.raises(ValueError, match="not a well-formed XML file"):
        list(read_xml_return(io.BytesIO(b"CHILD,DOB\n1,2\n"), districts={"LU1"}, placing_authority="919"))
    with pytest.raises(ValueError, match="no CHILD elements"):
        list(read_xml_return(io.BytesIO(b"<Other/>"), districts={"LU1"}, placing_authority="919"))


def test_xml_bad_date_and_namespaced_children():
    xml = b"""<?xml version="1.0" encoding="utf-8"?>
    <EXPSSDA903 xmlns="urn:example"><CHILDREN>
      <CHILD><HEADER><CHILDID>11</CHILDID><SEX>1</SEX><DOB>2013-04-05</DOB></HEADER>
        <EPISODE><DECOM>32/01/2024</DECOM><LS>C2</LS><PL>U4</PL><PL_POST>LU2 7AA</PL_POST></EPISODE>
        <EPISODE><DECOM>01/02/2024</DECOM><LS>C2</LS><PL>U4</PL><PL_POST>LU2 7AA</PL_POST><DEC/><REC/></EPISODE>
      </CHILD>
    </CHILDREN></EXPSSDA903>"""
    items = list(read_xml_return(io.BytesIO(xml), districts={"LU2"}, placing_authority="821", name="r.xml"))
    assert items[0].source == "r.xml child 11 episode 1"
    assert items[0].errors == [("placement.start_date", "DECOM must be a real date in the format DD/MM/YYYY")]
    assert items[1].payload["child"] == {"local_id": "11", "date_of_birth": "2013-04-05", "sex": "M"}
    assert items[1].payload["placement"]["type"] == "U4"
    assert items[1].payload["placing_authority"] == "821"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["header.csv"], "episodes table is missing"),
        (["episodes.csv", "missing.csv"], "header table is missing"),
        (["sw_episodes.csv", "header.csv"], "episodes table is missing"),
        (["reviews.csv"], "No SSDA903 return found"),
        (["a.xml", "b.xml"], "one XML return at a time"),
        (["a.xml", "episodes.csv", "header.csv"], "not both"),
        (["la_header.csv", "old_header.csv", "episodes.csv"], "More than one file could be the header.csv table"),
    ],
)
def test_detect_and_read_says_what_is_missing(names, message):
    with pytest.raises(ValueError, match=message):
        detect_and_read({name: io.BytesIO(b"") for name in names}, districts={"LU1"}, placing_authority="919")


def test_detect_and_read_accepts_a_file_containing_header():
    files = {
        "LA919_Header_2024.csv": io.BytesIO((HEADER + "1,2,01/01/2015,,,,\n").encode()),
        "Episodes.CSV": io.BytesIO((EPISODES + "1,01/03/2024,S,C2,N1,U4,PR1,,,,,LU1 2BQ,\n").encode()),
    }
    items = list(detect_and_read(files, districts={"LU1"}, placing_authority="919"))
    assert items[0].source == "Episodes.CSV line 2"
    assert items[0].payload["child"]["sex"] == "F"
