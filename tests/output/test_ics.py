"""`ledger export --format ics` (SPEC 3.9): the deadlines as a calendar, read back by two parsers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import CONFIG, ITEMS, write_ledger

icalendar = pytest.importorskip("icalendar")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    items = dict(ITEMS)
    items["02.yaml"] += "owner: 李某\nleader: 张某\n"
    return write_ledger(tmp_path / "ledger", items, CONFIG + "lights:\n  yellow_days: 10\n")


def export(cli, root: Path, target: Path, *args: str) -> bytes:
    result = cli("export", "-o", str(target), "--force", "--as-of", "2025-06-20", *args, root=root)
    assert result.exit_code == 0
    return target.read_bytes()


def events(data: bytes, cancelled: bool = False) -> dict[str, object]:
    """The events by summary: those of deadlines, or (cancelled=True) those cancelled."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT") if (str(e["status"]) == "CANCELLED") == cancelled}


def test_one_all_day_event_per_item_not_done_with_a_deadline(root: Path, cli, tmp_path: Path) -> None:
    found = events(export(cli, root, tmp_path / "时限.ics"))
    # 05 is done; 06 has no deadline; 04 (ongoing) is not done: it keeps its date.
    assert list(found) == ["01 未启动的任务", "02 正在推进的任务", "03 阶段性完成的任务", "04 长期坚持的任务"]
    event = found["02 正在推进的任务"]
    assert event.decoded("dtstart") == date(2025, 6, 30) and event.decoded("dtend") == date(2025, 7, 1)
    assert event["dtstart"].params["VALUE"] == "DATE"  # all day, in no time zone
    assert str(event["description"]) == (
        "责任部门：办公室、秘书科\n责任人：李某\n责任领导：张某\n状态：正在推进\n整改措施：\n1.第一条措施"
    )
    assert str(event["categories"].cats[0]) == "关于落实主体责任方面"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-10)  # lights.yellow_days before
    assert str(alarm["action"]) == "DISPLAY"


def test_uids_are_stable_and_an_update_is_an_update(root: Path, cli, tmp_path: Path) -> None:
    first = events(export(cli, root, tmp_path / "a.ics"))
    moved = cli("set", "2", "--deadline", "2025-08-31", "--reason", "待批复", "--date", "2025-06-15", root=root)
    assert moved.exit_code == 0
    (root / "items" / "03-财务.yaml").rename(root / "items" / "03-财务管理.yaml")  # a slug renamed
    second = events(export(cli, root, tmp_path / "b.ics"))
    uids = {str(e["uid"]) for e in first.values()}
    assert uids == {str(e["uid"]) for e in second.values()} and len(uids) == 4
    before, after = first["02 正在推进的任务"], second["02 正在推进的任务"]
    assert after.decoded("dtstart") == date(2025, 8, 31) and after["sequence"] > before["sequence"]
    assert str(before["uid"]).startswith("item-2-")


def test_the_same_ledger_gives_the_same_bytes_and_filters_apply(root: Path, cli, tmp_path: Path) -> None:
    assert export(cli, root, tmp_path / "a.ics") == export(cli, root, tmp_path / "b.ics")
    late = events(export(cli, root, tmp_path / "c.ics", "--light", "red"))
    assert list(late) == ["01 未启动的任务"]


def test_a_second_parser_reads_it_alike(root: Path, cli, tmp_path: Path) -> None:
    vobject = pytest.importorskip("vobject")
    data = export(cli, root, tmp_path / "时限.ics").decode("utf-8")
    parsed = vobject.readOne(data)
    read = {e.summary.value: e for e in parsed.vevent_list if e.status.value != "CANCELLED"}
    assert list(read) == ["01 未启动的任务", "02 正在推进的任务", "03 阶段性完成的任务", "04 长期坚持的任务"]
    event = read["03 阶段性完成的任务"]
    assert event.dtstart.value == date(2025, 7, 15)
    assert event.valarm.trigger.value == timedelta(days=-10)
    assert event.description.value.startswith("责任部门：财务科\n状态：阶段性完成")
    assert "\r\n" in data and all(len(line.encode("utf-8")) <= 75 for line in data.split("\r\n"))  # RFC 5545 folding


def test_ics_to_stdout_and_a_disagreeing_suffix(root: Path, cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "ics", "--as-of", "2025-06-20", root=root)
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    refused = cli("export", "--format", "ics", "-o", str(tmp_path / "x.csv"), root=root)
    assert refused.exit_code == 2 and not (tmp_path / "x.csv").exists()


# --- What the second tester found: the count said, and events cancelled ---------------------------------------


def test_the_count_said_is_the_events_written(root: Path, cli, tmp_path: Path) -> None:
    result = cli("export", "-o", str(tmp_path / "a.ics"), "--as-of", "2025-06-20", root=root)
    data = icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    assert len(data.walk("VEVENT")) == 5  # 01-04, and 05 (done) cancelled; 06 has no deadline
    assert result.stderr == f"Wrote {tmp_path / 'a.ics'} (5 events: 4 deadlines, 1 cancelled)\n"


def test_an_item_closed_since_is_a_cancelled_event_that_updates_the_old_one(root: Path, cli, tmp_path: Path) -> None:
    before = events(export(cli, root, tmp_path / "a.ics"))["02 正在推进的任务"]
    closed = cli("close", "2", "--date", "2025-06-18", "--evidence", "报告", root=root)
    assert closed.exit_code == 0
    after = events(export(cli, root, tmp_path / "b.ics"), cancelled=True)["02 正在推进的任务（已销号 2025-06-18）"]
    assert str(after["uid"]) == str(before["uid"]) and after["sequence"] > before["sequence"]
    assert not after.walk("VALARM") and after.decoded("dtstart") == date(2025, 6, 30)
    vobject = pytest.importorskip("vobject")
    read = {e.uid.value: e for e in vobject.readOne((tmp_path / "b.ics").read_text("utf-8")).vevent_list}
    assert read[str(before["uid"])].status.value == "CANCELLED"
    assert int(read[str(before["uid"])].sequence.value) == int(after["sequence"])


def test_an_item_removed_from_the_ledger_is_a_cancelled_event(root: Path, cli, tmp_path: Path) -> None:
    from helpers import git

    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "台账")
    before = events(export(cli, root, tmp_path / "a.ics"))["03 阶段性完成的任务"]
    (root / "items" / "03-财务.yaml").unlink()
    gone = events(export(cli, root, tmp_path / "b.ics"), cancelled=True)
    assert "03 阶段性完成的任务（已从台账中删除）" in gone  # removed in the working tree
    git(root, "commit", "-qam", "删去03")
    gone = events(export(cli, root, tmp_path / "c.ics"), cancelled=True)["03 阶段性完成的任务（已从台账中删除）"]
    assert str(gone["uid"]) == str(before["uid"]) and gone["sequence"] > before["sequence"]
    filtered = events(export(cli, root, tmp_path / "d.ics", "--department", "办公室"), cancelled=True)
    assert not any("03" in summary for summary in filtered)  # a department's calendar cancels only its own
