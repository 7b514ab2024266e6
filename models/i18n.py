"""Bilingual message catalogue (Chinese default, English).

Pure data plus :func:`t`; pages, geo and the service layer all read labels from here so a
term is translated once. Keys of enum labels are the enum values themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- app shell ---
    "app_title": ("静安区科技创新空间地图", "Jing'an Innovation Space Map"),
    "app_subtitle": (
        "市北高新园区 · 三大众创空间集聚带 · 创新载体",
        "Shibei High-Tech Park · three mass-innovation belts · innovation carriers",
    ),
    "language": ("语言 / Language", "语言 / Language"),
    "sample_badge": ("示例数据 / sample data", "示例数据 / sample data"),
    "sample_badge_help": (
        "当前数据库为自动生成的示例数据，数字不代表真实情况。",
        "The database holds generated sample data; figures are not real.",
    ),
    "kpi_carriers": ("创新载体", "Carriers"),
    "kpi_total_area": ("总面积（万㎡）", "Total area (10k m²)"),
    "kpi_avg_occupancy": ("平均出租率", "Average occupancy"),
    "kpi_tenants": ("在孵企业", "Tenants"),
    "kpi_conversions": ("改造项目", "Conversion projects"),
    "kpi_month": ("统计月份：{month}", "Month: {month}"),
    "carriers_by_stage": ("各阶段载体", "Carriers by stage"),
    "stage_chain": (
        "众创空间 → 创业苗圃 → 孵化器 → 加速器",
        "Public space → nursery → incubator → accelerator",
    ),
    "conversions_by_status": ("改造项目进度", "Conversion projects by status"),
    "occupancy_trend_all": (
        "全区出租率走势（36 个月）",
        "District occupancy (36 months)",
    ),
    "no_data": ("暂无数据", "No data yet"),
    "zone_comparison": ("园区与集聚带对比", "Park and belts compared"),
    "mom_help": ("与上月相比（百分点）", "Change from the previous month (percentage points)"),
    "choose": ("请选择", "Choose"),
    "count": ("数量", "Count"),
    "area_m2": ("面积（㎡）", "Area (m²)"),
    "occupancy": ("出租率", "Occupancy"),
    "month": ("月份", "Month"),
    "login": ("登录", "Log in"),
    "logout": ("退出登录", "Log out"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "logged_in_as": ("已登录：{user}（{role}）", "Logged in: {user} ({role})"),
    "login_required": (
        "请先以园区管理员或系统管理员身份登录（侧边栏）。",
        "Please log in as a park manager or administrator (sidebar).",
    ),
    "home": ("总览", "Overview"),
    "updated_days_ago": ("{days} 天前更新", "updated {days} days ago"),
    "stale": ("本月未更新", "not updated this month"),
    # --- editing pages ---
    "occupancy_page": ("出租率填报", "Occupancy update"),
    "carriers_page": ("载体管理", "Carriers"),
    "tenants_page": ("在孵企业", "Tenants"),
    "tenancies_page": ("入驻与毕业", "Move-ins & graduations"),
    "choose_tenant": ("选择企业", "Choose a tenant"),
    "conversions_page": ("改造项目", "Conversion projects"),
    "project_register": ("改造项目登记", "Project register"),
    "audit_page": ("审计记录", "Audit trail"),
    "users_page": ("用户管理", "Users"),
    "report_month": ("填报月份", "Report month"),
    "reload": ("重新载入", "Reload"),
    "save": ("保存", "Save"),
    "save_all": ("全部保存", "Save all"),
    "saved": ("已保存", "Saved"),
    "reason_optional": ("修改原因（可选）", "Reason for the change (optional)"),
    "no_carriers_in_scope": ("您的权限范围内没有载体。", "No carriers in your scope."),
    "freshness": ("更新情况", "Freshness"),
    "stale_count": (
        "{n} 个载体尚未填报 {month} 数据",
        "{n} carriers have not reported {month} yet",
    ),
    "sheet_help": (
        "已按上月数据预填。修改已出租面积、工位和企业数后点击“全部保存”；任何一行有误则全部不保存。",
        "Pre-filled with last month's figures. Edit occupied area, workstations and tenant counts, then Save all; if any row is wrong nothing is saved.",
    ),
    "name": ("名称", "Name"),
    "new_carrier": ("新建载体", "New carrier"),
    "edit_carrier": ("编辑载体", "Edit carrier"),
    "choose_carrier": ("选择载体", "Choose a carrier"),
    "lon": ("经度（WGS-84）", "Longitude (WGS-84)"),
    "lat": ("纬度（WGS-84）", "Latitude (WGS-84)"),
    "place_hint": (
        "点击地图放置位置，或直接输入坐标。",
        "Click the map to place it, or type coordinates.",
    ),
    "name_en_label": ("英文名称", "English name"),
    "opened_on": ("开业日期", "Opened on"),
    "delete": ("删除", "Delete"),
    "new_tenant": ("登记企业", "Register a tenant"),
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "founded_on": ("成立日期", "Founded on"),
    "registered_in_district": ("注册在本区", "Registered in the district"),
    "tax_in_district": ("纳税在本区", "Taxed in the district"),
    "high_tech_certified": ("高新技术企业", "High-tech certified"),
    "five_year_commitment": ("承诺在本区持续经营满 5 年", "Committed to ≥ 5 years in the district"),
    "fiscal_support_note": (
        "已享受的财政扶持（防重复）",
        "Fiscal support already granted (no double support)",
    ),
    "employees": ("员工人数", "Employees"),
    "move_in": ("入驻", "Move in"),
    "move_out": ("迁出", "Move out"),
    "graduate": ("毕业升级", "Graduate"),
    "tenant": ("企业", "Tenant"),
    "start_on": ("开始日期", "Start date"),
    "end_on": ("结束日期", "End date"),
    "exit_reason": ("迁出原因", "Exit reason"),
    "target_carrier": ("升级到的载体（更高阶段）", "Graduate to (later-stage carrier)"),
    "tenancy": ("租约", "Tenancy"),
    "new_project": ("新建改造项目", "New conversion project"),
    "edit_project": ("编辑项目", "Edit project"),
    "choose_project": ("选择项目", "Choose a project"),
    "original_use": ("原用途", "Original use"),
    "floor_area": ("建筑面积（㎡）", "Floor area (m²)"),
    "target_stage": ("目标阶段", "Target stage"),
    "investment": ("投资额（百万元）", "Investment (million CNY)"),
    "planned_open": ("计划开业", "Planned opening"),
    "status": ("状态", "Status"),
    "change_status": ("变更状态", "Change status"),
    "new_status": ("新状态", "New status"),
    "status_date": ("变更日期", "Date of change"),
    "resulting_carrier": ("形成的载体", "Resulting carrier"),
    "note": ("备注", "Note"),
    "history": ("状态历史", "Status history"),
    "no_next_status": ("该项目已是终态。", "This project is in a final status."),
    "when": ("时间", "When"),
    "who": ("用户", "User"),
    "action": ("操作", "Action"),
    "entity": ("对象", "Entity"),
    "changes": ("字段变化", "Changes"),
    "reason": ("原因", "Reason"),
    "date_from": ("起始日期", "From"),
    "date_to": ("截止日期", "To"),
    "all": ("全部", "All"),
    "new_user": ("新建用户", "New user"),
    "display_name": ("显示名称", "Display name"),
    "role": ("角色", "Role"),
    "scope_zones": ("可编辑的园区/集聚带", "Editable park/belts"),
    "scope_carriers": ("可编辑的载体", "Editable carriers"),
    "admin_only": ("仅系统管理员可用。", "Administrators only."),
    "sso_login": ("单点登录", "Single sign-on"),
    "sso_unknown": (
        "单点登录账号“{user}”未在本系统登记，请联系管理员。",
        "SSO account “{user}” is not registered here; ask an administrator.",
    ),
    # --- zones ---
    "district": ("静安区", "Jing'an District"),
    "shibei": ("市北高新技术服务业园区", "Shibei High-Tech Park"),
    "belt_njw": (
        "南京西路商务创新集聚带",
        "Nanjing West Road Business Innovation Belt",
    ),
    "belt_szr": ("苏州河两岸文化创意集聚带", "Suzhou River Cultural & Creative Belt"),
    "belt_mrr": ("中环两侧科技创新集聚带", "Middle Ring Technical Innovation Belt"),
    "legend_title": ("图例", "Legend"),
    "layer_carriers": ("创新载体", "Innovation carriers"),
    "layer_conversions": ("改造项目", "Conversion projects"),
    "layer_context": ("河流与道路", "River and roads"),
    "fullscreen": ("全屏", "Full screen"),
    "map": ("地图", "Map"),
    "filters": ("筛选", "Filters"),
    "f_stages": ("阶段", "Stages"),
    "f_zones": ("园区 / 集聚带", "Park / belts"),
    "f_industries": ("重点行业", "Focus industry"),
    "f_occupancy": ("出租率区间（%）", "Occupancy range (%)"),
    "f_search": ("搜索名称或地址", "Search name or address"),
    "basemap": ("底图", "Basemap"),
    "basemap_none": ("无底图（离线矢量）", "None (offline vectors)"),
    "basemap_osm": ("OpenStreetMap", "OpenStreetMap"),
    "basemap_amap": ("高德地图（GCJ-02）", "AMap / Gaode (GCJ-02)"),
    "basemap_custom": ("内网瓦片", "Intranet tiles"),
    "shown_count": ("显示 {shown} / {total} 个载体", "Showing {shown} of {total} carriers"),
    "click_hint": ("点击地图上的载体查看详情。", "Click a carrier on the map to see its details."),
    "operator": ("运营方", "Operator"),
    "details": ("基本信息", "Details"),
    "address": ("地址", "Address"),
    "stage": ("阶段", "Stage"),
    "total_area": ("总面积", "Total area"),
    "workstations": ("工位", "Workstations"),
    "occupancy_now": ("当前出租率", "Occupancy now"),
    "trend_36": ("36 个月出租率", "Occupancy, 36 months"),
    "current_tenants": ("在驻企业", "Current tenants"),
    "park_belt": ("所属园区 / 集聚带", "Park / belts"),
    "accreditation": ("认定级别", "Accreditation"),
    "origin": ("来源", "Origin"),
    "report_of": ("{month} 填报 · {who}", "reported {month} · {who}"),
    "share_hint": (
        "链接已包含当前筛选与选中载体，可直接分享。",
        "The page URL carries these filters and the selected carrier: share it.",
    ),
    # --- enum labels: stage ---
    "public_space": ("众创空间", "Public space"),
    "nursery": ("创业苗圃", "Entrepreneurial nursery"),
    "incubator": ("孵化器", "Incubator"),
    "accelerator": ("加速器", "Accelerator"),
    # accreditation
    "national": ("国家级", "National"),
    "municipal": ("市级", "Municipal"),
    "none": ("未认定", "Not accredited"),
    # origin
    "new": ("新建", "New build"),
    "converted_commercial": ("闲置商业改造", "Converted commercial"),
    "converted_factory": ("老厂房改造", "Converted factory"),
    # industries
    "iot": ("物联网", "IoT"),
    "cloud_computing": ("云计算", "Cloud computing"),
    "big_data": ("大数据", "Big data"),
    "ai": ("人工智能", "AI"),
    "cultural_creative": ("文化创意", "Cultural & creative"),
    "3d_printing": ("3D打印", "3D printing"),
    "robotics": ("机器人", "Robotics"),
    "new_energy": ("新能源", "New energy"),
    "new_materials": ("新材料", "New materials"),
    "energy_saving": ("节能环保", "Energy saving & environment"),
    "film_post_production": ("影视后期制作", "Film & TV post-production"),
    "animation_games": ("动漫游戏", "Animation & games"),
    "information_security": ("信息安全", "Information security"),
    "vr": ("虚拟现实", "Virtual reality"),
    "multimedia_software": ("多媒体软件", "Multimedia software"),
    "bim": ("建筑信息模型", "BIM"),
    # exit reasons
    "graduated": ("毕业", "Graduated"),
    "moved_within_district": ("区内迁移", "Moved within district"),
    "left_district": ("迁出本区", "Left the district"),
    "closed": ("注销/关闭", "Closed"),
    # original use
    "idle_commercial": ("闲置商业楼宇", "Idle commercial building"),
    "old_factory": ("老厂房", "Old factory"),
    "warehouse": ("仓库", "Warehouse"),
    "other": ("其他", "Other"),
    # conversion status
    "identified": ("已摸排", "Identified"),
    "planning": ("规划中", "Planning"),
    "approved": ("已批准", "Approved"),
    "under_construction": ("改造中", "Under construction"),
    "operating": ("已运营", "Operating"),
    "cancelled": ("已取消", "Cancelled"),
    # roles
    "viewer": ("浏览者", "Viewer"),
    "manager": ("园区管理员", "Park manager"),
    "admin": ("系统管理员", "Administrator"),
    # --- validation and service errors ---
    "err_required": ("“{field}”不能为空", "“{field}” is required"),
    "err_negative": ("“{field}”不能为负数", "“{field}” cannot be negative"),
    "err_occupied_gt_total": (
        "已出租面积 {occupied:,.0f} ㎡ 超过载体总面积 {total:,.0f} ㎡",
        "Occupied area {occupied:,.0f} m² exceeds the carrier's total area {total:,.0f} m²",
    ),
    "err_ws_gt_total": (
        "已用工位 {occupied} 超过总工位 {total}",
        "Occupied workstations {occupied} exceed the total of {total}",
    ),
    "err_future_month": (
        "不能填报未来月份（{month}）",
        "Cannot report a future month ({month})",
    ),
    "err_unknown_value": (
        "“{field}”的取值“{value}”无效",
        "“{value}” is not a valid “{field}”",
    ),
    "err_credit_code": (
        "统一社会信用代码“{value}”无效（应为18位且校验位正确）",
        "Unified social credit code “{value}” is invalid (18 characters, correct check digit)",
    ),
    "err_credit_code_dup": (
        "统一社会信用代码“{value}”已登记（{name}）",
        "Credit code “{value}” is already registered ({name})",
    ),
    "err_end_before_start": (
        "结束日期 {end} 早于开始日期 {start}",
        "End date {end} is before start date {start}",
    ),
    "err_outside_district": (
        "位置（{lon:.5f}, {lat:.5f}）不在静安区范围内",
        "Location ({lon:.5f}, {lat:.5f}) is outside Jing'an District",
    ),
    "err_not_found": (
        "{entity} #{id} 不存在或已删除",
        "{entity} #{id} does not exist or was deleted",
    ),
    "err_permission": (
        "用户“{user}”无权{action}该{entity}",
        "User “{user}” may not {action} this {entity}",
    ),
    "err_conflict": (
        "该记录已被 {by} 于 {at} 修改，请刷新后重试",
        "This record was changed by {by} at {at}; reload and try again",
    ),
    "err_status_transition": (
        "项目状态不能从“{old}”改为“{new}”",
        "Project status cannot change from “{old}” to “{new}”",
    ),
    "err_tenancy_open": (
        "该企业已在此载体入驻",
        "This tenant already has an open tenancy here",
    ),
    "err_tenancy_closed": ("该租约已结束", "This tenancy has already ended"),
    "err_graduation_stage": (
        "毕业须迁入更高阶段的载体（当前：{old}，目标：{new}）",
        "Graduation must move to a later-stage carrier (now: {old}, target: {new})",
    ),
    "err_login": ("用户名或密码错误", "Wrong username or password"),
    "err_locked": (
        "登录失败次数过多，账户锁定至 {until}",
        "Too many failed logins; locked until {until}",
    ),
    "err_password_short": ("密码至少 10 位", "Password must be at least 10 characters"),
    "err_username_taken": (
        "用户名“{value}”已存在",
        "Username “{value}” already exists",
    ),
    "row_prefix": ("第 {row} 行：", "Row {row}: "),
    # field names used in messages
    "f_name_zh": ("中文名称", "Chinese name"),
    "f_name": ("企业名称", "Company name"),
    "f_total_area_m2": ("总面积", "Total area"),
    "f_workstations_total": ("总工位", "Total workstations"),
    "f_occupied_area_m2": ("已出租面积", "Occupied area"),
    "f_occupied_workstations": ("已用工位", "Occupied workstations"),
    "f_tenant_count": ("在孵企业数", "Tenant count"),
    "f_stage": ("阶段", "Stage"),
    "f_industry": ("行业", "Industry"),
    "f_employees": ("员工人数", "Employees"),
    "f_area_m2": ("面积", "Area"),
    "f_workstations": ("工位", "Workstations"),
    "f_floor_area_m2": ("建筑面积", "Floor area"),
    "f_investment_mcny": ("投资额", "Investment"),
    "f_username": ("用户名", "Username"),
    "e_carrier": ("载体", "carrier"),
    "e_tenant": ("企业", "tenant"),
    "e_tenancy": ("租约", "tenancy"),
    "e_occupancy": ("出租率填报", "occupancy report"),
    "e_conversion": ("改造项目", "conversion project"),
    "e_user": ("用户", "user"),
    "a_create": ("新建", "create"),
    "a_update": ("修改", "update"),
    "a_delete": ("删除", "delete"),
    "a_seed": ("载入示例数据", "load sample data"),
    "a_clear_sample": ("清除示例数据", "clear sample data"),
    "e_dataset": ("数据集", "dataset"),
    # --- occupancy definition (issue 7 §2) ---
    "occ_definition": (
        "出租率口径：截至统计月份 M，每个在营载体（未删除、M 月底前已开业）取 M-{back} 至 M 月"
        "（不超过 {months} 个月）内最新的一次填报，更早的填报不计。"
        "出租率 = 计入载体的已出租面积之和 ÷ 其总面积之和（按面积加权）；"
        "覆盖 = 计入的载体数 ÷ 在营载体数。已出租面积等于总面积即为 100%。"
        "M 月本身未填报的载体单独列出。",
        "Occupancy definition: as of month M, each live carrier (not deleted, opened by "
        "the end of M) contributes its newest report from months M-{back} to M (no older "
        "than {months} months); older reports are not used. Rate = sum of occupied area ÷ "
        "sum of total area over the carriers used (area-weighted); coverage = carriers "
        "used ÷ live carriers. Occupied area equal to total area is 100%. Carriers with "
        "no report for M itself are listed separately.",
    ),
    "coverage_short": ("覆盖 {used}/{total}", "coverage {used}/{total}"),
    "f_coverage": ("覆盖（计入/载体）", "Coverage (used/carriers)"),
    "district_total": ("全区合计", "District total"),
    "zone_overlap_note": (
        "同时位于市北园区和某一集聚带的载体在两行中都计入；“全区合计”中每个载体只计一次。",
        "A carrier inside both Shibei park and a belt counts in both rows; the district "
        "total counts each carrier once.",
    ),
    "not_reported_title": (
        "{month} 未填报的载体（{n} 个）",
        "Carriers not reported for {month} ({n})",
    ),
    "not_reported_none": ("所有载体均已填报 {month} 数据。", "Every carrier reported {month}."),
    "not_reported_note": (
        "最近一次填报在 {oldest} 或之后的载体，仍按该次填报计入出租率；更早的不计入。",
        "A carrier whose newest report is from {oldest} or later still counts with that "
        "report; older ones are left out of the rate.",
    ),
    "newest_report": ("最近填报月份", "Newest report"),
    "carrier_name": ("载体", "Carrier"),
    "in_rate": ("计入出租率", "In the rate"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "trend_last_point": ("{month}：{rate} · {coverage}", "{month}: {rate} · {coverage}"),
    "report_too_old": (
        "最近一次填报已超过 {months} 个月，不计入出租率。",
        "The newest report is more than {months} months old: not in the rate.",
    ),
    # --- map (issue 8 §1) ---
    "shibei_map": ("市北高新园区", "Shibei High-Tech Park"),
    "belt_njw_map": ("南京西路商务创新集聚带", "Nanjing West Rd business belt"),
    "belt_szr_map": ("苏州河两岸文化创意集聚带", "Suzhou River creative belt"),
    "belt_mrr_map": ("中环两侧科技创新集聚带", "Middle Ring tech belt"),
    "shibei_short": ("市北园区", "Shibei"),
    "belt_njw_short": ("南京西路", "Nanjing W Rd"),
    "belt_szr_short": ("苏州河", "Suzhou River"),
    "belt_mrr_short": ("中环", "Middle Ring"),
    "converted_from": ("由改造项目建成：", "Converted by project: "),
    "converted_carrier": ("由闲置载体改造建成", "Made from an idle building"),
    "occupancy_scale": ("片区出租率", "Zone occupancy"),
    "shade_by_occupancy": ("按出租率为片区着色", "Shade zones by occupancy"),
    "map_filter_projects_note": (
        "筛选同样作用于改造项目（按目标阶段、所在片区和名称）；按行业或出租率筛选时不显示尚未建成载体的项目。",
        "Filters apply to conversion projects too (by target stage, zone and name); "
        "filtering by industry or occupancy hides projects that are not yet carriers.",
    ),
}


def t(key: str | StrEnum, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``params``; unknown keys echo back."""
    key = str(key)
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    """True when the catalogue knows ``key``."""
    return key in _CATALOGUE
