"""Two people edit the same record: the second save is refused, never a silent overwrite.

Each edit form pins the record's version when its user opens it (``ui.pinned_version``).
Session A opens the record, session B opens it and saves, then A saves: A must be told
that B changed it (the conflict message names B), and the database keeps B's value.
Without the pin, A's rerun would read the fresh version and quietly overwrite B.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from models.carrier import Carrier
from models.conversion import ConversionProject
from models.db import get_engine
from models.enums import ConversionStatus
from models.i18n import t
from models.tenant import Tenant
from tests.app.conftest import page

CARRIERS = page("Carriers")
TENANTS = page("Tenants.py")
REGISTER = page("ProjectRegister")
CONVERSIONS = page("Conversions")


def _first_id(url: str, model: Any, *where: Any) -> int:
    with Session(get_engine(url)) as session:
        row = session.exec(select(model).where(*where).order_by(model.id)).first()
    assert row is not None, f"no {model.__name__} in the sample data"
    return int(row.id)


def _stored(url: str, model: Any, obj_id: int, field: str) -> Any:
    with Session(get_engine(url)) as session:
        return getattr(session.get(model, obj_id), field)


def _assert_conflict(at: AppTest, by: str) -> None:
    errors = [e.value for e in at.error]
    assert any("已被" in e and by in e for e in errors), errors
    assert not at.exception, [e.value for e in at.exception]


def _labelled(widgets: Any, key: str) -> Any:
    """The widget whose label is catalogue entry ``key`` in Chinese (forms without keys)."""
    return next(w for w in widgets if w.label == t(key, "zh"))


# ------------------------------------------------------------------------- carriers


def _open_carrier(make_app: Callable[..., AppTest], user: str, carrier_id: int) -> AppTest:
    at = make_app(CARRIERS, user=user).run()
    return at.selectbox(key="c_pick").set_value(carrier_id).run()


def _save_carrier(at: AppTest, carrier_id: int, name: str) -> AppTest:
    at.text_input(key=f"c_name_zh_{carrier_id}").input(name)
    return at.button(key=f"c_save_{carrier_id}").click().run()


def test_carrier_form_refuses_a_save_over_someone_elses(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    cid = _first_id(app_db, Carrier, Carrier.park_code == "shibei")
    a = _open_carrier(make_app, "shibei", cid)
    b = _save_carrier(_open_carrier(make_app, "admin", cid), cid, "乙改的名称")
    assert not b.error, [e.value for e in b.error]
    assert _stored(app_db, Carrier, cid, "name_zh") == "乙改的名称"

    a = _save_carrier(a, cid, "甲改的名称")
    _assert_conflict(a, "admin")
    assert _stored(app_db, Carrier, cid, "name_zh") == "乙改的名称"


# -------------------------------------------------------------------------- tenants


def _open_tenant(make_app: Callable[..., AppTest], user: str, tenant_id: int) -> AppTest:
    at = make_app(TENANTS, user=user).run()
    return at.selectbox(key="t_pick").set_value(tenant_id).run()


def _save_tenant(at: AppTest, tenant_id: int, name: str) -> AppTest:
    at.text_input(key=f"t_name_{tenant_id}").input(name)
    return at.button(key=f"t_save_{tenant_id}").click().run()


def test_tenant_form_refuses_a_save_over_someone_elses(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    tid = _first_id(app_db, Tenant, col(Tenant.deleted_at).is_(None))
    a = _open_tenant(make_app, "admin", tid)
    b = _save_tenant(_open_tenant(make_app, "admin", tid), tid, "乙科技有限公司")
    assert not b.error, [e.value for e in b.error]
    assert _stored(app_db, Tenant, tid, "name") == "乙科技有限公司"

    a = _save_tenant(a, tid, "甲科技有限公司")
    _assert_conflict(a, "admin")
    assert _stored(app_db, Tenant, tid, "name") == "乙科技有限公司"


# ------------------------------------------------------- conversion projects (register)


def _open_project(make_app: Callable[..., AppTest], user: str, project_id: int) -> AppTest:
    at = make_app(REGISTER, user=user).run()
    return at.selectbox(key="pr_pick").set_value(project_id).run()


def _save_project(at: AppTest, name: str) -> AppTest:
    _labelled(at.text_input, "f_name_zh").input(name)
    return _labelled(at.button, "save").click().run()


def test_project_register_refuses_a_save_over_someone_elses(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    pid = _first_id(app_db, ConversionProject, col(ConversionProject.deleted_at).is_(None))
    a = _open_project(make_app, "admin", pid)
    b = _save_project(_open_project(make_app, "admin", pid), "乙登记的项目")
    assert not b.error, [e.value for e in b.error]
    assert _stored(app_db, ConversionProject, pid, "name_zh") == "乙登记的项目"

    a = _save_project(a, "甲登记的项目")
    _assert_conflict(a, "admin")
    assert _stored(app_db, ConversionProject, pid, "name_zh") == "乙登记的项目"


# ------------------------------------------------------- conversion projects (status)


def _open_status(make_app: Callable[..., AppTest], project_id: int) -> AppTest:
    at = make_app(CONVERSIONS, user="admin").run()
    return at.selectbox(key="p_pick").set_value(project_id).run()


def _change_status(at: AppTest, status: str) -> AppTest:
    at.selectbox(key="p_new_status").set_value(status)
    return _labelled(at.button, "change_status").click().run()


def test_status_form_refuses_a_change_over_someone_elses(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    pid = _first_id(
        app_db, ConversionProject, ConversionProject.status == ConversionStatus.IDENTIFIED
    )
    a = _open_status(make_app, pid)
    b = _change_status(_open_status(make_app, pid), ConversionStatus.PLANNING.value)
    assert not b.error, [e.value for e in b.error]
    assert _stored(app_db, ConversionProject, pid, "status") == ConversionStatus.PLANNING

    a = _change_status(a, ConversionStatus.CANCELLED.value)
    _assert_conflict(a, "admin")
    assert _stored(app_db, ConversionProject, pid, "status") == ConversionStatus.PLANNING


def _other_person_changes_carrier(url: str, carrier_id: int, **changes: Any) -> None:
    """Someone else's save, through the service layer, as from another session."""
    from models.db import session_scope
    from models.services.carriers import update_carrier
    from models.services.core import SYSTEM

    with session_scope(get_engine(url), write=True) as session:
        version = session.get(Carrier, carrier_id).version  # type: ignore[union-attr]
        update_carrier(
            session, actor=SYSTEM, carrier_id=carrier_id, expected_version=version, changes=changes
        )


def test_a_save_after_a_conflict_keeps_the_other_persons_fields(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """QA: after the conflict a second save put the old area back over the admin's."""
    cid = _first_id(app_db, Carrier, Carrier.park_code == "shibei")
    a = _open_carrier(make_app, "shibei", cid)
    area = float(_stored(app_db, Carrier, cid, "total_area_m2")) + 1111.0
    ws = int(_stored(app_db, Carrier, cid, "workstations_total")) + 33
    _other_person_changes_carrier(app_db, cid, total_area_m2=area, workstations_total=ws)

    _labelled(a.text_input, "name_en_label").input("Edited by A")
    a = a.button(key=f"c_save_{cid}").click().run()
    assert not a.exception, [e.value for e in a.exception]
    notes = [w.value for w in a.warning]
    assert any("英文名称" in n and "总面积" not in n for n in notes), notes  # A's one edit
    assert any("已被" in e.value and "system" in e.value for e in a.error)
    # The form is drawn afresh (new widget keys: the browser would otherwise keep the
    # old values) with the other person's figures, and A's edit on top.
    assert a.number_input(key=f"c_area_{cid}_g1").value == area
    assert a.number_input(key=f"c_ws_{cid}_g1").value == ws
    assert _labelled(a.text_input, "name_en_label").value == "Edited by A"

    a = a.button(key=f"c_save_{cid}_g1").click().run()
    assert not a.error, [e.value for e in a.error]
    assert _stored(app_db, Carrier, cid, "total_area_m2") == area
    assert _stored(app_db, Carrier, cid, "workstations_total") == ws
    assert _stored(app_db, Carrier, cid, "name_en") == "Edited by A"


def test_an_unchanged_form_saves_nothing(make_app: Callable[..., AppTest], app_db: str) -> None:
    cid = _first_id(app_db, Carrier, Carrier.park_code == "shibei")
    version = _stored(app_db, Carrier, cid, "version")
    a = _open_carrier(make_app, "shibei", cid)
    a = a.button(key=f"c_save_{cid}").click().run()
    assert t("edit_nothing", "zh") in [i.value for i in a.info]
    assert _stored(app_db, Carrier, cid, "version") == version


def test_a_rename_elsewhere_keeps_the_carrier_open(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """QA: a rename by someone else flipped the picker to "new carrier" and the save was
    lost; the picker now keeps the carrier, and the save meets the conflict instead."""
    cid = _first_id(app_db, Carrier, Carrier.park_code == "shibei")
    a = _open_carrier(make_app, "shibei", cid)
    _other_person_changes_carrier(app_db, cid, name_zh="别人改的名称")
    _labelled(a.text_input, "address").input("甲填的地址")
    a = a.button(key=f"c_save_{cid}").click().run()
    assert a.selectbox(key="c_pick").value == cid
    a = a.button(key=f"c_save_{cid}_g1").click().run()
    assert not a.error, [e.value for e in a.error]
    assert _stored(app_db, Carrier, cid, "name_zh") == "别人改的名称"
    assert _stored(app_db, Carrier, cid, "address") == "甲填的地址"


def test_a_carrier_moved_out_of_scope_says_so(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """QA: the form silently became a blank "new carrier" form and a save created one."""
    cid = _first_id(app_db, Carrier, Carrier.park_code == "shibei")
    a = _open_carrier(make_app, "shibei", cid)
    with Session(get_engine(app_db)) as session:
        other = session.exec(
            select(Carrier).where(Carrier.park_code.is_(None)).order_by(Carrier.id)  # type: ignore[union-attr]
        ).first()
        assert other is not None
        far = (other.lon, other.lat)
    _other_person_changes_carrier(app_db, cid, lon=far[0], lat=far[1])
    a = a.run()
    assert not a.exception, [e.value for e in a.exception]
    assert t("edit_gone", "zh", id=cid) in [w.value for w in a.warning]
    assert a.selectbox(key="c_pick").value == -1


def test_a_tenant_saved_after_a_conflict_keeps_the_other_persons_name(
    make_app: Callable[..., AppTest], app_db: str
) -> None:
    """QA: the second save after a conflict put the old English name back."""
    from models.db import session_scope
    from models.services.core import SYSTEM
    from models.services.tenants import update_tenant

    tid = _first_id(app_db, Tenant, col(Tenant.deleted_at).is_(None))
    a = _open_tenant(make_app, "admin", tid)
    with session_scope(get_engine(app_db), write=True) as session:
        version = session.get(Tenant, tid).version  # type: ignore[union-attr]
        update_tenant(
            session,
            actor=SYSTEM,
            tenant_id=tid,
            expected_version=version,
            changes={"name_en": "Corrected Name Ltd"},
        )
    _labelled(a.number_input, "employees").set_value(77)
    a = a.button(key=f"t_save_{tid}").click().run()
    assert any("员工人数" in w.value for w in a.warning), [w.value for w in a.warning]
    assert a.text_input(key=f"t_name_en_{tid}_g1").value == "Corrected Name Ltd"
    a = a.button(key=f"t_save_{tid}_g1").click().run()
    assert not a.error, [e.value for e in a.error]
    assert _stored(app_db, Tenant, tid, "name_en") == "Corrected Name Ltd"
    assert _stored(app_db, Tenant, tid, "employees") == 77
