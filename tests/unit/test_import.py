"""Import of tables (issue 10 §1): every bad input refused with a message naming the file,
row and column, the database unchanged (checksum over every table); good files preview
and apply in one transaction, audited as one import event."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from geo.crs import wgs84_to_gcj02
from models.audit import AuditEvent
from models.carrier import Carrier
from models.db import get_engine, session_scope
from models.errors import PermissionDenied, ServiceError
from models.importing import ImportRefused, ImportRejected, apply_import, preview_import
from models.importing.templates import export_bytes, template_bytes
from models.occupancy import OccupancyReport
from models.services.core import SYSTEM
from models.tenant import Tenancy, Tenant
from tests.unit.import_files import copy_sqlite, csv_file, db_checksum, xlsx_bytes
from tests.unit.model_factories import MANAGER_IN, VIEWER, new_credit_code

TODAY = date(2026, 11, 15)
HEAD = ["载体编码", "中文名称", "阶段", "总面积（㎡）", "总工位", "经度", "纬度"]
NEW_ROW = ["JA-9001", "新载体", "孵化器", 5000, 300, 121.451, 31.300]


@pytest.fixture
def engine(seeded_url: str, tmp_path: Path) -> Iterator[Engine]:
    url = copy_sqlite(seeded_url, tmp_path / "import.db")
    yield get_engine(url)
    get_engine(url).dispose()


def _run(engine: Engine, data: bytes, name: str = "载体.xlsx", **kw: Any) -> Any:
    kw.setdefault("actor", SYSTEM)
    kw.setdefault("kind", "carriers")
    return apply_import(engine, filename=name, data=data, today=TODAY, **kw)


def _refused(engine: Engine, data: bytes, name: str, **kw: Any) -> list[str]:
    """The messages of a refused import (zh), after checking nothing changed."""
    before = db_checksum(engine)
    with pytest.raises(ServiceError) as err:
        _run(engine, data, name, **kw)
    assert db_checksum(engine) == before
    return err.value.messages("zh")


def _rejected(engine: Engine, rows: list[list[Any]], **kw: Any) -> list[tuple[int, str, str]]:
    """(row, column, message) of every problem, after checking nothing changed."""
    before = db_checksum(engine)
    with pytest.raises(ImportRejected) as err:
        _run(engine, xlsx_bytes(rows), **kw)
    assert db_checksum(engine) == before
    frame = err.value.result.problem_frame("zh")
    return [(int(r.row), str(r.column), str(r.message)) for r in frame.itertuples()]


def _code_of(session: Session, **where: Any) -> Carrier:
    query = select(Carrier).where(col(Carrier.code).is_not(None))
    for name, value in where.items():
        query = query.where(getattr(Carrier, name) == value)
    return session.exec(query.order_by(col(Carrier.id))).first()  # type: ignore[return-value]


# ------------------------------------------------------------------ whole-file refusals


def test_empty_files_are_refused_by_name(engine: Engine) -> None:
    assert _refused(engine, b"", "空.csv") == ["文件“空.csv”是空的"]
    assert _refused(engine, b"\xef\xbb\xbf\r\n\r\n", "空白.csv") == ["文件“空白.csv”是空的"]
    assert _refused(engine, b"", "空.xlsx") == ["文件“空.xlsx”是空的"]


def test_a_wrong_type_behind_the_right_extension(engine: Engine) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "不是 Excel 工作簿" in _refused(engine, png, "照片.xlsx")[0]
    workbook = xlsx_bytes([HEAD, NEW_ROW])
    assert "不是 CSV 文本文件" in _refused(engine, workbook, "载体.csv")[0]
    assert "旧版 .xls" in _refused(engine, b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "旧.xlsx")[0]
    assert "只能导入 .xlsx、.csv" in _refused(engine, b"a,b", "载体.txt")[0]


def test_a_truncated_workbook(engine: Engine) -> None:
    whole = xlsx_bytes([HEAD, NEW_ROW])
    message = _refused(engine, whole[: len(whole) // 2], "半截.xlsx")[0]
    assert message.startswith("文件“半截.xlsx”已损坏或不完整")


def test_an_oversized_file(engine: Engine) -> None:
    data = xlsx_bytes([HEAD, NEW_ROW])
    message = _refused(engine, data, "大.xlsx", max_bytes=1000)[0]
    assert message == f"文件“大.xlsx”过大（{len(data) / 1e6:.1f} MB），上限为 0.0 MB"


def test_the_size_limit_is_a_setting(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.settings import get_settings

    monkeypatch.setenv("IMPORT_MAX_MB", "0.001")
    get_settings.cache_clear()
    try:
        assert "过大" in _refused(engine, xlsx_bytes([HEAD, NEW_ROW]), "大.xlsx")[0]
    finally:
        get_settings.cache_clear()


def test_a_missing_required_column_is_named(engine: Engine) -> None:
    rows = [
        [h for h in HEAD if h != "总面积（㎡）"],
        ["JA-9001", "新载体", "孵化器", 300, 121.451, 31.3],
    ]
    message = _refused(engine, xlsx_bytes(rows), "缺列.xlsx")[0]
    assert message == "文件“缺列.xlsx”缺少必填列：总面积（㎡） (Total area (m²))"


# ------------------------------------------------------------------ row refusals


def test_unknown_stage_and_industry(engine: Engine) -> None:
    rows = [[*HEAD, "重点行业"], ["JA-9001", "新载体", "孵化园", 5000, 300, 121.451, 31.3, "炼钢"]]
    assert _rejected(engine, rows) == [
        (2, "阶段", "“阶段”的取值“孵化园”无效，可选：众创空间、创业苗圃、孵化器、加速器"),
        (
            2,
            "重点行业",
            "“重点行业”的取值“炼钢”无效，可选：物联网、云计算、大数据、人工智能、文化创意、"
            "3D打印、机器人、新能源、新材料、节能环保、影视后期制作、动漫游戏、信息安全、"
            "虚拟现实、多媒体软件、建筑信息模型",
        ),
    ]


def test_text_in_a_number_column(engine: Engine) -> None:
    rows = [HEAD, ["JA-9001", "新载体", "孵化器", "五千", 300, 121.451, 31.3]]
    assert _rejected(engine, rows) == [(2, "总面积（㎡）", "“总面积”须为数字（输入：“五千”）")]


def test_a_formula_without_a_stored_result_is_named_not_called_empty(engine: Engine) -> None:
    # openpyxl (like many scripts) writes the formula alone; the cell read as empty and
    # the row was told its name was missing (attack QA).
    rows = [HEAD, ["JA-9001", "=1+1", "孵化器", "=2500*2", 300, 121.451, 31.3]]
    found = _rejected(engine, rows)
    assert [(r, c) for r, c, _ in found] == [(2, "中文名称"), (2, "总面积（㎡）")]
    assert "公式（=1+1）" in found[0][2] and "粘贴为数值" in found[0][2]
    assert "不能为空" not in " ".join(m for _, _, m in found)


def test_a_formula_with_its_stored_result_imports_the_result(engine: Engine) -> None:
    """What Excel saves: the formula and its cached value; the value is imported."""
    data = xlsx_bytes([HEAD, ["JA-9001", "新载体", "孵化器", 1, 300, 121.451, 31.3]])
    data = _with_cell_xml(
        data, '<c r="D2" t="n"><v>1</v></c>', '<c r="D2"><f>2500*2</f><v>5000</v></c>'
    )
    result = _run(engine, data)
    assert result.counts["create"] == 1
    with Session(engine) as session:
        assert _code_of(session, code="JA-9001").total_area_m2 == 5000


def _with_cell_xml(data: bytes, old: str, new: str) -> bytes:
    """``data`` with one cell's XML in the first sheet replaced (a cached formula)."""
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in body, body[:2000]
                body = body.replace(old.encode(), new.encode())
            dst.writestr(info, body)
    return out.getvalue()


def test_negative_and_impossible_areas(engine: Engine) -> None:
    rows = [
        HEAD,
        ["JA-9001", "甲", "孵化器", -5, 300, 121.451, 31.3],
        ["JA-9002", "乙", "孵化器", 50_000_000, 300, 121.451, 31.3],
    ]
    assert _rejected(engine, rows) == [
        (2, "总面积（㎡）", "“总面积”不能为负数"),
        (3, "总面积（㎡）", "“总面积”不能大于 40,000,000"),
    ]


def test_occupied_area_above_the_carrier_total(engine: Engine) -> None:
    with Session(engine) as s:
        carrier = _code_of(s)
    rows = [
        ["载体编码", "月份", "已出租面积（㎡）"],
        [carrier.code, "2026-10", carrier.total_area_m2 + 1],
    ]
    ((row, column, message),) = _rejected(engine, rows, kind="occupancy")
    assert (row, column) == (2, "已出租面积（㎡）")
    assert message.startswith("已出租面积") and "超过载体总面积" in message


def test_mixed_date_formats_are_read_and_a_bad_one_named(engine: Engine) -> None:
    head = [*HEAD, "开业日期"]
    forms = ["2024-03-01", "2024/3/1", "2024年3月1日", 45352, date(2024, 3, 1)]
    rows = [head] + [
        [f"JA-90{n:02d}", f"载体{n}", "孵化器", 100, 10, 121.451, 31.3, value]
        for n, value in enumerate(forms)
    ]
    result = _run(engine, xlsx_bytes(rows))
    assert result.counts["create"] == 5
    with Session(engine) as s:
        opened = s.exec(select(Carrier.opened_on).where(col(Carrier.code).like("JA-90%"))).all()
    assert opened == [date(2024, 3, 1)] * 5
    bad = [head, ["JA-9101", "坏日期", "孵化器", 100, 10, 121.451, 31.3, "2024-13-45"]]
    assert _rejected(engine, bad) == [
        (
            2,
            "开业日期",
            "“开业日期”不是可识别的日期：“2024-13-45”（可写 2024-03-01、2024/3/1、2024年3月1日）",
        )
    ]


def test_duplicated_keys_inside_the_file(engine: Engine) -> None:
    rows = [HEAD, NEW_ROW, ["ja-9001", "又一个", "孵化器", 10, 1, 121.451, 31.3]]
    assert _rejected(engine, rows) == [
        (3, "载体编码", "与第 2 行重复（JA-9001），同一记录在文件中只能出现一次")
    ]


def test_coordinates_outside_shanghai(engine: Engine) -> None:
    rows = [
        HEAD,
        ["JA-9001", "反了", "孵化器", 100, 10, 31.300, 121.451],
        ["JA-9002", "米", "孵化器", 100, 10, 350000, 3463000],
    ]
    problems = _rejected(engine, rows)
    assert [(r, c) for r, c, _ in problems] == [(2, "经度"), (3, "经度")]
    assert "经度和纬度两列可能填反了" in problems[0][2]
    assert "坐标系选错" in problems[1][2]


def test_a_point_in_shanghai_but_outside_jingan_is_refused_by_the_service(engine: Engine) -> None:
    rows = [HEAD, ["JA-9001", "闵行", "孵化器", 100, 10, 121.50, 31.10]]
    assert _rejected(engine, rows) == [(2, "", "位置（121.50000, 31.10000）不在静安区范围内")]


# ------------------------------------------------------------------ good files


def test_gbk_and_bom_csvs_with_chinese_headers(engine: Engine) -> None:
    rows = [HEAD, NEW_ROW]
    gbk = preview_import(
        engine, actor=SYSTEM, kind="carriers", filename="g.csv", data=csv_file(rows, "gbk")
    )
    bom = preview_import(
        engine, actor=SYSTEM, kind="carriers", filename="b.csv", data=csv_file(rows, "utf-8-sig")
    )
    for result in (gbk, bom):
        assert result.counts == {"create": 1, "update": 0, "unchanged": 0, "rejected": 0}
        assert result.headers["stage"] == "阶段"
    assert csv_file(rows, "gbk").decode("gb18030").startswith("载体编码")


@pytest.mark.parametrize("kind", ["carriers", "tenants", "tenancies", "occupancy", "projects"])
@pytest.mark.parametrize(("lang", "fmt"), [("zh", "xlsx"), ("en", "csv")])
def test_export_then_import_changes_nothing(engine: Engine, kind: str, lang: str, fmt: Any) -> None:
    with Session(engine) as s:
        data = export_bytes(s, kind, lang, fmt)
    before = db_checksum(engine)
    result = _run(engine, data, f"export.{fmt}", kind=kind)
    assert result.counts["unchanged"] > 0
    assert result.counts == {
        "create": 0,
        "update": 0,
        "unchanged": result.counts["unchanged"],
        "rejected": 0,
    }
    assert db_checksum(engine) == before  # no write, not even an audit event


def test_a_template_has_headers_a_sample_row_and_notes() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_bytes("occupancy", "zh")))
    assert book.sheetnames == ["数据", "填写说明"]
    rows = list(book["数据"].iter_rows(values_only=True))
    assert rows == [
        ("载体编码*", "月份*", "已出租面积（㎡）*", "已用工位", "在孵企业数"),
        ("JA-0001", "2024-03", 3200, 180, 24),
    ]
    notes = list(book["填写说明"].iter_rows(values_only=True))
    assert notes[0] == ("列名", "列名（英文）", "必填", "格式")
    assert notes[2] == ("月份*", "Month*", "是", "年月，如 2024-03 或 2024年3月")
    # Counts are whole numbers, not "Text" (admin QA).
    assert notes[4][3] == "整数，不能为负" and notes[5][3] == "整数，不能为负"
    english = load_workbook(io.BytesIO(template_bytes("carriers", "en")))["Data"]
    header, sample = list(english.iter_rows(values_only=True))
    assert header[4] == "Stage*" and sample[4] == "Incubator"
    # An English template has no Chinese date in it (admin QA: "2024年3月1日").
    stays = load_workbook(io.BytesIO(template_bytes("tenancies", "en")))["Data"]
    header, sample = list(stays.iter_rows(values_only=True))
    assert sample[header.index("Start date*")] == "2024-03-01"


def test_templates_preview_cleanly(engine: Engine) -> None:
    for kind in ("carriers", "tenants", "occupancy", "projects"):
        for lang in ("zh", "en"):
            result = preview_import(
                engine,
                actor=SYSTEM,
                kind=kind,
                filename="t.xlsx",
                data=template_bytes(kind, lang),
                today=TODAY,
            )
            assert result.counts["rejected"] == 0, (kind, lang, result.problem_frame("en"))


def test_create_update_unchanged_in_one_file_one_import_event(engine: Engine) -> None:
    with Session(engine) as s:
        first, second = s.exec(select(Carrier).order_by(col(Carrier.id)).limit(2)).all()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
    rows = [
        HEAD,
        NEW_ROW,
        [
            first.code,
            first.name_zh + "（新）",
            "孵化器"
            if first.stage == "incubator"
            else {"public_space": "众创空间", "nursery": "创业苗圃", "accelerator": "加速器"}[
                first.stage
            ],
            first.total_area_m2,
            first.workstations_total,
            first.lon,
            first.lat,
        ],
    ]
    result = _run(engine, xlsx_bytes(rows))
    assert result.counts == {"create": 1, "update": 1, "unchanged": 0, "rejected": 0}
    assert result.rows[1].changes == {"name_zh": (first.name_zh, first.name_zh + "（新）")}
    with Session(engine) as s:
        new = s.exec(select(Carrier).where(Carrier.code == "JA-9001")).one()
        assert new.park_code == "shibei" and new.updated_by == "system"
        assert s.get(Carrier, first.id).name_zh == first.name_zh + "（新）"  # type: ignore[union-attr]
        assert s.get(Carrier, second.id).version == second.version  # type: ignore[union-attr]
        trail = s.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(3)).all()
        total = s.exec(select(func.count()).select_from(AuditEvent)).one()
    # One event per record (as every service writes) plus the one import event.
    assert total == events + 3
    assert trail[0].action == "import" and trail[0].reason == "载体.xlsx"
    assert json.loads(trail[0].after or "{}") == {
        "file": "载体.xlsx",
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 0,
        "checksum": result.sha256,
    }
    assert {e.action for e in trail[1:]} == {"create", "update"}
    assert {e.reason for e in trail[1:]} == {"载体.xlsx"}


def test_only_valid_rows_writes_the_rest(engine: Engine) -> None:
    rows = [HEAD, NEW_ROW, ["JA-9002", "坏", "孵化园", 100, 10, 121.451, 31.3]]
    with pytest.raises(ImportRejected):
        _run(engine, xlsx_bytes(rows))
    result = _run(engine, xlsx_bytes(rows), only_valid=True)
    assert result.counts == {"create": 1, "update": 0, "unchanged": 0, "rejected": 1}
    with Session(engine) as s:
        codes = s.exec(select(Carrier.code).where(col(Carrier.code).like("JA-900%"))).all()
    assert codes == ["JA-9001"]


def test_a_database_error_half_way_leaves_the_database_as_it_was(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.importing.kinds as kinds

    real = kinds.create_carrier
    calls = {"n": 0}

    def failing(session: Session, **kw: Any) -> Carrier:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(session, **kw)

    monkeypatch.setattr(kinds, "create_carrier", failing)
    rows = [HEAD] + [
        [f"JA-91{n:02d}", f"载体{n}", "孵化器", 100, 10, 121.451, 31.3] for n in range(5)
    ]
    before = db_checksum(engine)
    with pytest.raises(OperationalError):
        _run(engine, xlsx_bytes(rows))
    assert calls["n"] == 3
    assert db_checksum(engine) == before


def test_preview_writes_nothing_and_reports_progress(engine: Engine) -> None:
    rows = [HEAD] + [
        [f"JA-92{n:02d}", f"载体{n}", "孵化器", 100, 10, 121.451, 31.3] for n in range(4)
    ]
    seen: list[tuple[int, int]] = []
    before = db_checksum(engine)
    result = preview_import(
        engine,
        actor=SYSTEM,
        kind="carriers",
        filename="p.xlsx",
        data=xlsx_bytes(rows),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert result.counts["create"] == 4 and not result.applied
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert db_checksum(engine) == before


def test_viewers_are_refused_and_managers_stay_in_their_scope(engine: Engine) -> None:
    before = db_checksum(engine)
    with pytest.raises(PermissionDenied):
        _run(engine, xlsx_bytes([HEAD, NEW_ROW]), actor=VIEWER)
    assert db_checksum(engine) == before
    with Session(engine) as s:
        outside = s.exec(
            select(Carrier).where(col(Carrier.park_code).is_(None), col(Carrier.code).is_not(None))
        ).first()
    assert outside is not None
    rows = [
        [*HEAD, "英文名称"],
        [*NEW_ROW, "New"],
        [
            outside.code,
            outside.name_zh,
            "孵化器",
            outside.total_area_m2,
            outside.workstations_total,
            outside.lon,
            outside.lat,
            "Renamed",
        ],
    ]
    assert _rejected(engine, rows, actor=MANAGER_IN) == [(3, "", "用户“shibei_mgr”无权修改该载体")]
    result = _run(engine, xlsx_bytes(rows), actor=MANAGER_IN, only_valid=True)
    assert result.counts["create"] == 1 and result.counts["rejected"] == 1


def test_tenants_tenancies_and_occupancy(engine: Engine) -> None:
    code = new_credit_code()
    tenants = [
        ["统一社会信用代码", "企业名称", "行业", "注册在本区", "成立日期"],
        [code.lower(), "导入科技", "人工智能", "是", "2023年5月8日"],
    ]
    assert _run(engine, xlsx_bytes(tenants), "企业.xlsx", kind="tenants").counts["create"] == 1
    with Session(engine) as s:
        carrier = _code_of(s, park_code="shibei")
        tenant = s.exec(select(Tenant).where(Tenant.credit_code == code)).one()
    assert tenant.registered_in_district and tenant.founded_on == date(2023, 5, 8)
    tenancy = [
        ["统一社会信用代码", "载体编码", "入驻日期", "面积（㎡）"],
        [code, carrier.code, "2024/3/1", 80],
    ]
    assert _run(engine, xlsx_bytes(tenancy), kind="tenancies").counts["create"] == 1
    out = [
        ["Credit code", "Carrier code", "Start date", "End date", "Exit reason"],
        [code, carrier.code, "2024-03-01", "2026-06-30", "Graduated"],
    ]
    assert _run(engine, csv_file(out), "t.csv", kind="tenancies").counts["update"] == 1
    with Session(engine) as s:
        row = s.exec(select(Tenancy).where(Tenancy.tenant_id == tenant.id)).one()
    assert (row.end_on, row.exit_reason) == (date(2026, 6, 30), "graduated")
    occ = [
        ["载体编码", "月份", "已出租面积（㎡）", "已用工位", "在孵企业数"],
        [carrier.code, "2026年11月", 1, 1, 1],
    ]
    assert _run(engine, xlsx_bytes(occ), kind="occupancy").counts["create"] == 1
    with Session(engine) as s:
        report = s.exec(
            select(OccupancyReport).where(
                OccupancyReport.carrier_id == carrier.id, OccupancyReport.month == date(2026, 11, 1)
            )
        ).one()
    assert report.occupied_area_m2 == 1 and report.reported_by == "system"


def test_an_occupancy_jump_is_imported_as_given_and_listed_to_check(engine: Engine) -> None:
    with Session(engine) as s:
        carrier = _code_of(s, park_code="shibei")
        # The carrier's three newest reports: rows go in for the two newest months.
        older, m1, m2 = sorted(
            s.exec(select(OccupancyReport).where(OccupancyReport.carrier_id == carrier.id)),
            key=lambda r: r.month,
        )[-3:]
    before = older.occupied_area_m2 / carrier.total_area_m2
    # By hand: a rate 40+ points away from the month before.
    after = 0.05 if before >= 0.5 else 0.95
    area = round(after * carrier.total_area_m2)
    ws = older.occupied_workstations
    rows = [
        ["载体编码", "月份", "已出租面积（㎡）", "已用工位", "在孵企业数"],
        [carrier.code, m1.month.strftime("%Y-%m"), area, ws, 1],
        # The next month repeats it: compared with the file's own row 2, nothing to check.
        [carrier.code, m2.month.strftime("%Y-%m"), area, ws, 1],
    ]
    seen = preview_import(
        engine, actor=SYSTEM, kind="occupancy", filename="月报.xlsx", data=xlsx_bytes(rows)
    )
    warnings = seen.warning_frame("zh")
    assert list(warnings["row"]) == [2]
    pct = f"{round(before * 100, 1)}% → {round(area / carrier.total_area_m2 * 100, 1)}%"
    assert pct in warnings["message"][0] and "30 个百分点" in warnings["message"][0]
    result = _run(engine, xlsx_bytes(rows), "月报.xlsx", kind="occupancy")
    assert result.counts["update"] == 2
    with Session(engine) as s:
        stored = s.exec(
            select(OccupancyReport.occupied_area_m2).where(
                OccupancyReport.carrier_id == carrier.id, OccupancyReport.month == m1.month
            )
        ).one()
    assert stored == area


def test_unknown_references_are_named(engine: Engine) -> None:
    rows = [["载体编码", "月份", "已出租面积（㎡）"], ["NOPE-1", "2026-10", 10]]
    assert _rejected(engine, rows, kind="occupancy") == [
        (2, "载体编码", "没有载体编码为“NOPE-1”的载体（请先导入或在载体页填写编码）")
    ]


def test_gcj02_columns_are_converted(engine: Engine) -> None:
    truth = (121.451, 31.300)
    lon, lat = wgs84_to_gcj02(*truth)
    _run(engine, xlsx_bytes([HEAD, ["JA-9001", "火星", "孵化器", 10, 1, lon, lat]]), crs="gcj02")
    with Session(engine) as s:
        carrier = s.exec(select(Carrier).where(Carrier.code == "JA-9001")).one()
    # Within 5 m (1e-5 degrees is about 1 m here).
    assert abs(carrier.lon - truth[0]) < 5e-5 and abs(carrier.lat - truth[1]) < 5e-5


def test_sample_carriers_have_deterministic_codes(engine: Engine) -> None:
    with session_scope(engine) as s:
        codes = s.exec(select(Carrier.code).order_by(col(Carrier.id))).all()
    assert codes[:3] == ["JA-0001", "JA-0002", "JA-0003"]
    assert len(set(codes)) == len(codes)


def test_refused_file_and_kind_messages(engine: Engine) -> None:
    with pytest.raises(ImportRefused) as err:
        _run(engine, xlsx_bytes([HEAD, NEW_ROW]), crs="mars")
    assert err.value.messages("en") == [
        "File “载体.xlsx”: coordinate system “mars” is not valid (wgs84, gcj02, bd09 or EPSG:code)"
    ]


def test_a_carrier_without_a_code_is_matched_once_by_its_name(engine: Engine) -> None:
    with session_scope(engine) as s:
        carrier = s.exec(select(Carrier).order_by(col(Carrier.id))).first()
        assert carrier is not None
        carrier.code = None
        s.add(carrier)
    with Session(engine) as s:
        carrier = s.get(Carrier, carrier.id)  # type: ignore[assignment]
    stage = {
        "public_space": "众创空间",
        "nursery": "创业苗圃",
        "incubator": "孵化器",
        "accelerator": "加速器",
    }[carrier.stage]
    row = [
        "ZZ-1",
        carrier.name_zh,
        stage,
        carrier.total_area_m2,
        carrier.workstations_total,
        carrier.lon,
        carrier.lat,
    ]
    result = _run(engine, xlsx_bytes([HEAD, row]))
    assert result.counts["update"] == 1
    assert result.rows[0].changes == {"code": (None, "ZZ-1")}
    assert _run(engine, xlsx_bytes([HEAD, row])).counts["unchanged"] == 1


def test_points_placed_ahead_match_one_by_one(engine: Engine) -> None:
    from models.services.location import locate, placed_ahead
    from tests.unit.model_factories import OUTSIDE_POINT, SHIBEI_POINT, SZR_POINT

    points = [SHIBEI_POINT, SZR_POINT, OUTSIDE_POINT]
    with Session(engine) as s:
        one_by_one = [locate(s, lon=lon, lat=lat) for lon, lat in points]
        with placed_ahead(s, points):
            ahead = [locate(s, lon=lon, lat=lat) for lon, lat in points]
        assert "placed_points" not in s.info  # forgotten on leaving
    assert ahead == one_by_one
    assert [(p.in_district, p.park_code, p.belt_codes) for p in ahead] == [
        (True, "shibei", ()),
        (True, None, ("belt_szr",)),
        (False, None, ()),
    ]
