"""What the instructor's CSV files add to intake: the roster (who should have submitted, and who each
submission is) and submission times the download does not carry."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lms_fixtures import MoodleFile, moodle_download, notebook

from autograder.intake.discover import discover
from autograder.intake.model import Identity, Submission
from autograder.intake.roster import RosterError, apply_roster, read_roster
from autograder.intake.times import (
    TimesError,
    apply_times,
    read_moodle_worksheet_times,
    read_times_csv,
)

ROSTER = """\ufeffid,name,email,sis_id,section
s1,José Müller,Jose.Muller@Uni.edu,SIS-1,A
s2,李雷,li@uni.edu,SIS-2,B
s3,Ann Lee,ann@uni.edu,,A
s4,Alex Kim,kim1@uni.edu,,B
s5,Alex Kim,kim2@uni.edu,,B
s6,Nobody Here,nobody@uni.edu,,C
"""


def csv_file(tmp_path: Path, text: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def submission(id: str, name: str = "", email: str = "", layout: str = "canvas") -> Submission:
    return Submission(
        Identity(id=id, name=name, email=email, layout=layout), notebook=None, source_files=[f"{id}.ipynb"]
    )


# --- reading the roster -----------------------------------------------------------------------


def test_read_roster_with_bom_and_optional_columns(tmp_path):
    students = read_roster(csv_file(tmp_path, ROSTER))
    assert [s.id for s in students] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    jose = students[0]
    assert (jose.name, jose.sis_id, jose.section, jose.layout, jose.roster_id) == (
        "José Müller",
        "SIS-1",
        "A",
        "roster",
        "s1",
    )
    minimal = read_roster(csv_file(tmp_path, "email,id,name\na@x.org,7,A B\n", "min.csv"))
    assert minimal == [Identity(id="7", name="A B", email="a@x.org", layout="roster", roster_id="7")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("id,name\n1,A\n", "no email column"),
        ("id,name,email\n1,A,a@x\n2,B,b@x\n1,C,c@x\n", "gives the id '1' twice, on lines 2 and 4"),
        ("id,name,email,sis_id\n1,A,a@x,9\n2,B,b@x,9\n", "sis_id '9' twice"),
        ("id,name,email\n,A,a@x\n", "no id on line 2"),
    ],
)
def test_read_roster_errors_say_what_is_wrong(tmp_path, text, message):
    with pytest.raises(RosterError, match=message):
        read_roster(csv_file(tmp_path, text))


def test_read_roster_refuses_non_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name,email\n1,José,j@x\n".encode("latin-1"))
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(path)


# --- matching ---------------------------------------------------------------------------------


def test_apply_roster_matches_by_id_sis_id_email_and_unique_name(tmp_path):
    roster = read_roster(csv_file(tmp_path, ROSTER))
    by_sis = submission("SIS-1", "", layout="gradescope")
    by_id = submission("s2", "李雷")
    by_email = submission("99", "A. Lee", email="ANN@uni.edu")
    decomposed = unicodedata.normalize("NFD", "josé  MÜLLER")
    by_name = submission("77", decomposed, layout="moodle")  # same person as by_sis: a conflict
    subs = [by_sis, by_id, by_email, by_name]
    missing = apply_roster(subs, roster)
    assert [s.roster_status for s in subs] == ["matched", "matched", "matched", "unmatched"]
    assert by_sis.identity.id == "s1" and by_sis.identity.lms_id == "SIS-1"
    assert by_sis.identity.layout == "gradescope" and by_sis.identity.section == "A"
    assert by_sis.identity.email == "Jose.Muller@Uni.edu"  # filled from the roster
    assert by_sis.identity.name == "José Müller"
    assert by_sis.key == roster[0].key  # one folder per roster student, whatever the LMS
    assert by_email.identity.id == "s3" and by_email.identity.name == "Ann Lee"  # the roster's name wins
    assert "already matched" in by_name.notes[-1] and by_name.identity.id == "77"
    assert [s.id for s in missing] == ["s4", "s5", "s6"]


def test_a_name_matches_only_when_unique_on_both_sides(tmp_path):
    roster = read_roster(csv_file(tmp_path, ROSTER))
    alex_roster_twice = submission("1", "Alex Kim")  # two roster students are called Alex Kim
    ann_once = submission("2", "ann   lee", layout="moodle")
    subs = [alex_roster_twice, ann_once]
    apply_roster(subs, roster)
    assert alex_roster_twice.roster_status == "unmatched" and alex_roster_twice.identity.id == "1"
    assert ann_once.roster_status == "matched" and ann_once.identity.id == "s3"
    twins = [submission("3", "Ann Lee"), submission("4", "Ann Lee")]  # two submissions share it
    apply_roster(twins, roster)
    assert [t.roster_status for t in twins] == ["unmatched", "unmatched"]


def test_a_strong_match_is_not_lost_to_an_earlier_weak_one(tmp_path):
    roster = read_roster(csv_file(tmp_path, ROSTER))
    weak = submission("500", "Ann Lee", layout="moodle")  # only the name
    strong = submission("s3", "", email="other@x.org")  # the roster id itself
    subs = [weak, strong]
    apply_roster(subs, roster)
    assert strong.roster_status == "matched" and strong.identity.id == "s3"
    assert weak.roster_status == "unmatched" and "already matched" in weak.notes[-1]
    assert "differs from the roster" in strong.notes[0]


def test_roster_after_discover_keeps_every_submission(tmp_path):
    roster = read_roster(csv_file(tmp_path, "id,name,email\n1001,José Müller,\n2,Ghost,\n"))
    root = moodle_download(
        tmp_path,
        [MoodleFile("José Müller", 1001, "backprop.ipynb"), MoodleFile("Stranger", 3003, "backprop.ipynb")],
    )
    subs = discover([root], "backprop")
    missing = apply_roster(subs, roster)
    assert [(s.identity.id, s.roster_status) for s in subs] == [("1001", "matched"), ("3003", "unmatched")]
    assert subs[0].identity.lms_id == "1001" and subs[0].identity.as_json()["lms_id"] == "1001"
    assert [s.name for s in missing] == ["Ghost"]


# --- submission times -------------------------------------------------------------------------


def test_read_times_csv(tmp_path):
    path = csv_file(tmp_path, "id,submitted_at\n1,2024-02-12T15:45:00+01:00\n2,2024-02-12T14:45:00Z\n3,\n")
    times = read_times_csv(path)
    assert times == {
        "1": datetime(2024, 2, 12, 14, 45, tzinfo=timezone.utc),
        "2": datetime(2024, 2, 12, 14, 45, tzinfo=timezone.utc),
    }
    assert times["1"].utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("id,submitted_at\n1,2024-02-12T15:45:00\n", "no time zone"),
        ("id,submitted_at\n1,yesterday\n", "not an ISO 8601 time"),
        ("id,when\n1,2024-02-12T15:45:00Z\n", "columns id,submitted_at"),
        ("id,submitted_at\n1,2024-02-12T15:45:00Z\n1,2024-02-13T15:45:00Z\n", "twice"),
    ],
)
def test_read_times_csv_errors(tmp_path, text, message):
    with pytest.raises(TimesError, match=message):
        read_times_csv(csv_file(tmp_path, text))


WORKSHEET = """\ufeffIdentifier,"Full name","Email address",Status,Grade,"Maximum grade","Grade can be changed","Last modified (submission)","Last modified (grade)","Feedback comments"
"Participant 1001","José Müller",jose@uni.edu,"Submitted for grading",,100.00,Yes,"Monday, 12 February 2024, 3:45 PM",-,
"Participant 1002",李雷,li@uni.edu,"Submitted for grading",,100.00,Yes,"Sunday, 14 July 2024, 12:05 AM",-,
"Participant 1003","Ann Lee",ann@uni.edu,"No submission",,100.00,Yes,-,-,
"""


def test_moodle_worksheet_times_in_the_given_zone(tmp_path):
    times = read_moodle_worksheet_times(csv_file(tmp_path, WORKSHEET), "Europe/Paris")
    paris = ZoneInfo("Europe/Paris")
    assert times == {
        "1001": datetime(2024, 2, 12, 15, 45, tzinfo=paris),
        "1002": datetime(2024, 7, 14, 0, 5, tzinfo=paris),
    }
    assert times["1001"].utcoffset() == timedelta(hours=1)  # winter
    assert times["1002"].utcoffset() == timedelta(hours=2)  # summer time


def test_moodle_worksheet_errors(tmp_path):
    with pytest.raises(TimesError, match="not a Moodle grading worksheet in English"):
        read_moodle_worksheet_times(csv_file(tmp_path, "Identifiant,Nom\n"), "UTC")
    bad = WORKSHEET.replace("Monday, 12 February 2024, 3:45 PM", "12/02/2024 15:45")
    with pytest.raises(TimesError, match="line 2"):
        read_moodle_worksheet_times(csv_file(tmp_path, bad, "bad.csv"), "UTC")
    with pytest.raises(TimesError, match="not a time zone"):
        read_moodle_worksheet_times(csv_file(tmp_path, WORKSHEET, "w.csv"), "Mars/Olympus")


def test_apply_times_by_id_then_lms_id_after_a_moodle_download(tmp_path):
    root = moodle_download(
        tmp_path,
        [
            MoodleFile("José Müller", 1001, "backprop.ipynb", notebook()),
            MoodleFile("李雷", 1002, "backprop.ipynb", notebook()),
        ],
    )
    subs = discover([root], "backprop")
    apply_roster(subs, read_roster(csv_file(tmp_path, "id,name,email\ns1,José Müller,\n", "r.csv")))
    assert subs[0].identity.id == "s1" and subs[0].identity.lms_id == "1001"
    unused = apply_times(subs, read_moodle_worksheet_times(csv_file(tmp_path, WORKSHEET), "UTC"))
    assert subs[0].submitted_at == datetime(2024, 2, 12, 15, 45, tzinfo=ZoneInfo("UTC"))  # by LMS id
    assert subs[1].submitted_at == datetime(2024, 7, 14, 0, 5, tzinfo=ZoneInfo("UTC"))  # by id
    assert unused == []
    later = {
        "s1": datetime(2024, 2, 13, tzinfo=timezone.utc),
        "zz": datetime(2024, 1, 1, tzinfo=timezone.utc),
    }
    assert apply_times(subs, later) == ["zz"]
    assert subs[0].submitted_at == later["s1"] and "replaces" in subs[0].notes[-1]
