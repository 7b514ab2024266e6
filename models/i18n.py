"""Bilingual message catalogue (Chinese default, English).

Pure data plus :func:`t`; pages, geo and the service layer all read labels from here so a
term is translated once. Keys of enum labels are the enum values themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    "sample_badge": ("示例数据", "Sample data"),
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
    "updated_days_ago#0": ("今天更新", "updated today"),
    "updated_days_ago#1": ("昨天更新", "updated yesterday"),
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
    "stale_count_named": (
        "{n} 个载体尚未填报 {month} 数据：",
        "{n} carriers have not reported {month} yet: ",
    ),
    "stale_count_named#1": (
        "1 个载体尚未填报 {month} 数据：",
        "1 carrier has not reported {month} yet: ",
    ),
    "and_more": (" 等（共 {n} 个）", " and others ({n} in all)"),
    "choose_tenant_first": ("请先选择企业", "Choose a firm first"),
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
    "edit_user": ("编辑用户", "Edit user"),
    "choose_user": ("选择用户", "Choose a user"),
    "user_active": (
        "账号启用（取消勾选即停用，该用户会立即退出登录）",
        "Account active (untick to deactivate: the user is logged out at once)",
    ),
    "reset_password": ("重置密码", "Reset password"),
    "reset_password_for": ("重置密码：{user}", "Reset password: {user}"),
    "new_password": ("新密码", "New password"),
    "reset_password_help": (
        "设置后旧密码立即失效，该用户的登录会话全部结束，登录暂停也一并解除。请当面或电话告知新密码。",
        "The old password stops working at once, every login of the user ends and any login pause is lifted. Tell the user the new password in person or by phone.",
    ),
    "password_reset_done": ("已重置 {user} 的密码", "Password of {user} reset"),
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
    "details_close": ("✕ 关闭详情，返回区域概况", "✕ Close details, back to the zones"),
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
    "current_tenants_on": ("{day}在驻企业（{n}）", "Tenants on {day} ({n})"),
    "moved_in_counts_from": (
        "已保存。月度数据统计到 {latest}，这家企业从 {month} 起计入在孵企业数。",
        "Saved. The monthly figures run to {latest}; this firm counts among the tenants from {month}.",
    ),
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
    "manager": ("园区/集聚带管理员", "Park or belt manager"),
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
    "err_tenancy_area_gt_total": (
        "入驻面积 {area:,.0f} ㎡ 超过载体总面积 {total:,.0f} ㎡",
        "The tenancy's area {area:,.0f} m² exceeds the carrier's total area {total:,.0f} m²",
    ),
    "err_tenancy_ws_gt_total": (
        "入驻工位 {ws} 超过载体总工位 {total}",
        "The tenancy's {ws} workstations exceed the carrier's total of {total}",
    ),
    "err_month_before_open": (
        "填报月份 {month} 早于载体开业月份 {opened}",
        "The month {month} is before the carrier opened ({opened})",
    ),
    "err_user_self": (
        "不能停用自己的账号或取消自己的管理员角色，请由另一位管理员操作",
        "You cannot deactivate your own account or drop your own admin role; ask another administrator",
    ),
    "err_unknown_carrier": (
        "载体 #{id} 不存在或已删除",
        "Carrier #{id} does not exist or was deleted",
    ),
    "login_ended": (
        "您的登录已结束（已在其他页面退出、账号已停用或密码已重置），请重新登录",
        "Your login has ended (logged out elsewhere, account deactivated or password reset); please log in again",
    ),
    "err_login_ended": (
        "您的登录已失效（已在其他页面退出、账号已停用或密码已重置），未保存。请重新登录",
        "Your login has ended (logged out elsewhere, account deactivated or password reset); nothing was saved. Please log in again",
    ),
    "err_manager_no_scope": (
        "园区管理员至少需要一个管理范围（园区 / 集聚带或载体）",
        "A park manager needs a scope: at least one zone or carrier",
    ),
    "err_area_zero": ("载体总面积必须大于 0", "A carrier's total area must be more than 0"),
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
    "err_zone_wkt": (
        "区域边界不是可读的 WKT 几何",
        "The zone outline is not readable WKT",
    ),
    "err_zone_not_polygon": (
        "区域边界必须是面（Polygon 或 MultiPolygon），收到的是 {kind}",
        "A zone outline must be a polygon (Polygon or MultiPolygon), not {kind}",
    ),
    "err_zone_vertices": (
        "区域边界有 {n} 个顶点，超过上限 {limit}；请先在 GIS 软件中简化",
        "The zone outline has {n} vertices, more than the limit of {limit}; "
        "simplify it in your GIS software first",
    ),
    "err_zone_outside_shanghai": (
        "区域边界（中心约 {lon:.4f}, {lat:.4f}）不在上海范围内：经纬度是否颠倒，或坐标系选错？",
        "The zone outline (centred near {lon:.4f}, {lat:.4f}) is not in Shanghai: "
        "are longitude and latitude swapped, or is the coordinate system wrong?",
    ),
    "err_zone_invalid": (
        "区域边界自相交或无效（{reason}）",
        "The zone outline intersects itself or is invalid ({reason})",
    ),
    "err_zone_strands": (
        "新的区界会把 {n} 个在用的载体或项目留在区外：{names}",
        "The new district outline would leave {n} live carriers or projects outside: {names}",
    ),
    "err_zone_unknown": (
        "区域代码“{value}”不是本系统的区域；可更新的区域：{codes}。新增区域需要同时增加它的指标和标签，不能通过导入完成",
        "“{value}” is not one of this system's zones; the zones that can be updated are "
        "{codes}. A new zone needs its own figures and labels and cannot be imported",
    ),
    "err_imp_no_partial": (
        "{file}：区域边界只能整份导入，不能只导入有效行；请修正被拒绝的要素后重新上传",
        "{file}: zone outlines are imported whole, not only the valid features; fix the "
        "rejected ones and upload again",
    ),
    "warn_zone_moves": (
        "{n} 个载体将改变所属园区或集聚带：{names}",
        "{n} carriers change park or belt: {names}",
    ),
    "warn_zone_outside": (
        "这一边界有 {pct}% 在静安区区界之外，请确认坐标系是否正确",
        "{pct}% of this outline lies outside Jing'an District; check the coordinate system",
    ),
    "reason_zone_outline": ("区域边界更新：{zone}", "zone outline updated: {zone}"),
    "err_zone_geometry_cell": (
        "边界必须是面要素或 WKT 文本",
        "The outline must be a polygon feature or WKT text",
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
        "该记录已被 {by} 于 {at} 修改",
        "This record was changed by {by} at {at}",
    ),
    "err_status_transition": (
        "项目状态不能从“{old}”改为“{new}”",
        "Project status cannot change from “{old}” to “{new}”",
    ),
    "err_tenancy_open": (
        "该企业已在此载体入驻",
        "This tenant already has an open tenancy here",
    ),
    "err_tenancy_overlap": (
        "该企业在本载体已有 {start} 至 {end} 的入驻记录，与新记录的日期重叠",
        "This firm already has a tenancy here from {start} to {end}, overlapping the new one",
    ),
    "err_tenancy_area_sum": (
        "{name_zh} {day} 已有在驻企业租用 {used:,.1f} ㎡，再入驻 {area:,.1f} ㎡ 将超过其总面积 "
        "{total:,.1f} ㎡",
        "On {day} the firms in {name_en} already rent {used:,.1f} m²; another {area:,.1f} m² "
        "would exceed its {total:,.1f} m²",
    ),
    "gr_area": (
        "在新载体的面积（㎡，留空沿用原面积）",
        "Area in the new carrier (m², empty: as before)",
    ),
    "choose_exit_reason": ("请选择迁出原因", "Choose an exit reason"),
    "backdate_confirm": (
        "确认补登（日期早于本月时须勾选）",
        "Confirm a back-dated entry (needed for a date before this month)",
    ),
    "backdate_warning": (
        "{day} 早于本月：{months} 的在孵企业数将随之改变。确认无误请勾选“确认补登”后再提交",
        "{day} is before this month: the tenant counts of {months} will change. If that is "
        "right, tick “Confirm a back-dated entry” and submit again",
    ),
    "months_range": ("{first}至{last}", "{first} to {last}"),
    "moved_out_saved": (
        "已登记 {name} 于 {end} 迁出（{reason}），该月起不再计入在孵企业数",
        "Recorded: {name} moved out on {end} ({reason}); no longer counted as a tenant "
        "from that month on",
    ),
    "err_tenancy_overlap_open": (
        "该企业自 {start} 起在本载体入驻至今，与新记录的日期重叠",
        "This firm has been a tenant here since {start}, overlapping the new tenancy",
    ),
    "err_end_without_reason": (
        "填写了迁出日期，请同时选择迁出原因",
        "A move-out date needs an exit reason",
    ),
    "err_reason_without_end": (
        "选择了迁出原因，请同时填写迁出日期",
        "An exit reason needs a move-out date",
    ),
    "err_start_before_open": (
        "入驻日期 {start} 早于载体开业日期 {opened}",
        "The move-in date {start} is before the carrier opened ({opened})",
    ),
    "err_start_in_future": (
        "入驻日期 {start} 晚于今天：请在企业实际入驻后再登记",
        "The move-in date {start} is in the future: record it once the firm has moved in",
    ),
    "err_end_in_future": (
        "迁出日期 {end} 晚于今天：请在企业实际迁出后再登记",
        "The move-out date {end} is in the future: record it once the firm has left",
    ),
    "err_tenancy_elsewhere": (
        "该企业仍在 {where_zh} 入驻。如已迁出，请先在原载体办理迁出；"
        "如确实同时在两个载体租用，请勾选“同时在其他载体入驻”后再保存",
        "This tenant is still in {where_en}. If it has left, move it out there first; "
        "if it really rents in both, tick “Also stays in its other carrier” and save again",
    ),
    "err_tenancy_elsewhere_past": (
        "该企业在 {where_zh} 的入驻与新记录的日期重叠。请核对入驻日期；"
        "如当时确实同时在两个载体租用，请勾选“同时在其他载体入驻”后再保存",
        "This tenant's stay in {where_en} overlaps the new one. Check the dates; if it "
        "really rented in both then, tick “Also stays in its other carrier” and save again",
    ),
    "err_tenancy_elsewhere_scope": (
        "该企业仍在 {where_zh} 入驻，该载体不在您的管理范围内。"
        "请由原载体的管理员先办理迁出；确需同时入驻两个载体，请联系系统管理员",
        "This tenant is still in {where_en}, which you do not manage. Its manager must "
        "move it out first; for a firm renting in both, ask an administrator",
    ),
    "err_opened_after_reports": (
        "开业日期 {opened} 晚于该载体已有的月度数据（最早为 {month}）；"
        "请填写实际开业日期，或先更正早期的月度数据",
        "Opening date {opened} is after this carrier's own monthly reports (the first is "
        "{month}); enter the real opening date or correct the early reports first",
    ),
    "err_stage_breaks_graduation": (
        "自 {on} 起的阶段变更会使 {names} 的毕业记录不再成立（毕业须迁入更高阶段的载体）；"
        "请核对生效日期",
        "A stage change from {on} would undo the recorded graduation of {names} (a "
        "graduation moves to a later-stage carrier); check the date",
    ),
    "err_opened_after_tenancies": (
        "开业日期 {opened} 晚于该载体最早的企业入驻日期 {start}；"
        "请填写实际开业日期，或先更正该入驻记录",
        "Opening date {opened} is after the earliest move-in into this carrier ({start}); "
        "enter the real opening date or correct that tenancy first",
    ),
    "occ_saved_n": (
        "已保存 {month} {n} 个载体的数据：",
        "Saved the {month} figures of {n} carriers: ",
    ),
    "sheet_rows_scroll": (
        "共 {n} 个载体：在表格内上下滚动可看到全部",
        "{n} carriers in all: scroll inside the grid to see every one",
    ),
    "tenant_count_off": (
        "在孵企业数与入驻登记不一致（可照常保存；如登记有误，请在“入驻与毕业”更正）：",
        "Tenant counts differ from the tenancy records (you may still save; correct the "
        "records on Tenancies if they are wrong): ",
    ),
    "area_off": (
        "已出租面积与入驻登记的租用面积不一致（可照常保存；如登记有误，请在“入驻与毕业”更正）：",
        "Leased areas differ from the area the recorded firms rent (you may still save;"
        " correct the records on Tenancies if they are wrong): ",
    ),
    "area_off_item": (
        "{name} 填 {typed} ㎡、登记企业合计租用 {recorded} ㎡",
        "{name}: {typed} m² typed, {recorded} m² rented by recorded firms",
    ),
    "tenant_count_item": (
        "{name} 填 {typed} 家、登记 {recorded} 家",
        "{name}: {typed} typed, {recorded} recorded",
    ),
    "scr_back": ("返回", "Back"),
    "tenant_here": ("本载体", "this carrier"),
    "tenant_now_in": ("现在：{where}", "now in: {where}"),
    "also_elsewhere": ("同时在其他载体入驻", "Also stays in its other carrier"),
    "also_elsewhere_help": (
        "企业确实同时租用两个载体时勾选；迁移请先在原载体办理迁出",
        "Tick only if the firm really rents in both; for a move, move it out there first",
    ),
    "err_tenancy_closed": ("该租约已结束", "This tenancy has already ended"),
    "err_graduation_stage": (
        "毕业须迁入更高阶段的载体（原载体入驻时为{old_stage}，目标载体届时为{new_stage}）",
        "Graduation must move to a later-stage carrier (the firm's carrier was "
        "{old_stage} when it moved in; the target is {new_stage} on that day)",
    ),
    "err_login": ("用户名或密码错误", "Wrong username or password"),
    "err_locked": (
        "登录失败次数过多，账户锁定至 {until}",
        "Too many failed logins; locked until {until}",
    ),
    "err_password_short": ("密码至少 10 位", "Password must be at least 10 characters"),
    "err_username_reserved": (
        "用户名“{value}”为系统保留，请换一个",
        "The username “{value}” is reserved for the system; choose another",
    ),
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
    "f_area_m2": ("面积（㎡）", "Area (m²)"),
    "f_workstations": ("工位", "Workstations"),
    "f_floor_area_m2": ("建筑面积", "Floor area"),
    "f_investment_mcny": ("投资额", "Investment"),
    "f_username": ("用户名", "Username"),
    "e_carrier": ("载体", "carrier"),
    "e_tenant": ("企业", "tenant"),
    "e_zone": ("区域", "zone"),
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
    "coverage_long": (
        "覆盖 {used}/{total}：{used} 个载体近 {months} 个月内有填报，计入出租率",
        "coverage {used}/{total}: {used} carriers reported in the last {months} months and count in the rate",
    ),
    "f_coverage": ("覆盖（计入/载体）", "Coverage (used/carriers)"),
    # The zone table's headers: it sits in a third of a 1366-px screen (help explains).
    # Short enough to stay on one line each (QA: "出租/率" split over two lines).
    "zt_zone": ("区域", "Park / belts"),
    "zt_occupancy": ("出租率", "Occ."),
    "zt_coverage": ("覆盖", "Used/all"),
    "zt_carriers": ("载体数", "Carriers"),
    # Tap target under the table: phones never show a header's hover text.
    "zt_definition": ("出租率口径", "How occupancy is counted"),
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
    "trend_last_point": ("{month}：{rate} · {coverage}", "{month}: {rate} · {coverage}"),
    "never_reported": (
        "尚无出租率填报，不计入出租率。",
        "No occupancy report yet: not in the rate.",
    ),
    "f_confirmed_unchanged": ("与上月相同（已确认）", "Same as last month (confirmed)"),
    "report_too_old": (
        "最近一次填报已超过 {months} 个月，不计入出租率。",
        "The newest report is more than {months} months old: not in the rate.",
    ),
    # --- validation (issue 7 §6) ---
    "err_too_long": ("“{field}”最多 {max} 个字符", "“{field}” is longer than {max} characters"),
    "err_too_large": ("“{field}”不能大于 {max}", "“{field}” cannot be more than {max}"),
    "err_not_finite": ("“{field}”须为有限的数字", "“{field}” must be a finite number"),
    "err_not_whole": (
        "“{field}”须为整数（输入：“{value}”）",
        "“{field}” must be a whole number (got “{value}”)",
    ),
    "err_not_number": (
        "“{field}”须为数字（输入：“{value}”）",
        "“{field}” must be a number (got “{value}”)",
    ),
    "err_bad_date": (
        "“{field}”不是有效日期：“{value}”",
        "“{field}” is not a valid date: “{value}”",
    ),
    "err_bad_bool": ("“{field}”须为是或否", "“{field}” must be yes or no"),
    "err_date_range": (
        "“{field}”须在 {min} 至 {max} 之间",
        "“{field}” must be between {min} and {max}",
    ),
    "err_text_control": (
        "“{field}”含有控制字符（如 NUL），请删除后重试",
        "“{field}” contains control characters (such as NUL); remove them",
    ),
    "err_text_invisible": (
        "“{field}”含有零宽或方向控制等不可见字符，请删除后重试",
        "“{field}” contains invisible characters (zero-width or direction marks); remove them",
    ),
    "err_text_direction": (
        "“{field}”含有改变文字方向的不可见字符（如 U+202E），显示会与实际内容不同，请删除后重试",
        "“{field}” contains invisible direction controls (such as U+202E) that make it show"
        " differently from what is stored; remove them",
    ),
    "err_status_initial": (
        "新项目的“{field}”须为“已摸排”，之后的状态请逐步变更",
        "A new project's “{field}” must be “Identified”; later statuses are set step by step",
    ),
    "err_unknown_zone": (
        "园区/集聚带代码“{value}”不存在",
        "There is no park or belt with the code “{value}”",
    ),
    "err_carrier_has_tenants": (
        "该载体仍有 {n} 家在驻企业，请先办理迁出再删除",
        "This carrier still has {n} current tenants; move them out before deleting it",
    ),
    "err_tenant_still_in": (
        "该企业仍在 {n} 个载体入驻，请先办理迁出再删除",
        "This firm is still in {n} carrier(s); move it out before deleting it",
    ),
    "err_stage_date_order": (
        "新阶段的起始日期 {on} 早于开业日期或上一次阶段变更（{floor}）",
        "The new stage cannot start on {on}, before the opening or the last stage change ({floor})",
    ),
    "err_status_date_order": (
        "状态日期 {on} 早于上一次状态变更（{last}）",
        "The status date {on} is before the last status change ({last})",
    ),
    "err_open_before_start": (
        "开业日期 {open} 早于开工日期 {start}",
        "The opening date {open} is before the start date {start}",
    ),
    "err_area_below_reported": (
        "自 {since} 起的总面积 {total:,.0f} ㎡ 小于 {month} 填报的已出租面积 {occupied:,.0f} ㎡"
        "（面积变化从生效日期所在月起计；载体页可指定生效日期，导入按当天生效）",
        "A total area of {total:,.0f} m² from {since} is less than the occupied area "
        "{occupied:,.0f} m² reported for {month} (a size change applies from the month of "
        "its date on; the carriers page takes a date, an import means today)",
    ),
    "err_ws_below_reported": (
        "自 {since} 起的总工位 {total} 少于 {month} 填报的已用工位 {occupied}",
        "Total workstations of {total} from {since} are fewer than the {occupied} occupied "
        "workstations reported for {month}",
    ),
    "err_area_below_tenancies": (
        "自 {since} 起的总面积 {total:,.0f} ㎡ 小于 {day} 在驻企业已租用的 {used:,.1f} ㎡"
        "（面积变化从生效日期所在月 1 日起计，本月已迁出的企业也计入）：请先办理迁出或核对租约面积",
        "A total area of {total:,.0f} m² from {since} is less than the {used:,.1f} m² its "
        "firms rent on {day} (a size change counts from the 1st of its month, firms that "
        "left this month included): move firms out or check their tenancies first",
    ),
    "err_change_in_future": (
        "生效日期 {on} 晚于今天（未开业载体：晚于开业日期）：请在变化发生后再登记",
        "The change cannot take effect on {on}, after today (or the opening, if later): "
        "record it once it has happened",
    ),
    "err_size_date_order": (
        "面积或工位变更的生效日期 {on} 早于开业日期或上一次面积变更（{floor}）",
        "The size change cannot take effect on {on}, before the opening or the last size "
        "change ({floor})",
    ),
    "f_registered_in_district": ("注册在本区", "Registered in the district"),
    "f_tax_in_district": ("纳税在本区", "Taxed in the district"),
    "f_high_tech_certified": ("高新技术企业", "High-tech certified"),
    "f_five_year_commitment": ("承诺经营满 5 年", "Five-year commitment"),
    "f_fiscal_support_note": ("已享受的财政扶持", "Fiscal support granted"),
    "f_to_carrier_id": ("升级到的载体", "Target carrier"),
    # --- monthly sheet (issue 7 §1, §4) ---
    "subject_prefix": ("{name}：", "{name}: "),
    "err_fill_in": ("请填写“{field}”", "Please fill in “{field}”"),
    "err_no_last_month": (
        "没有上月数据可沿用，请填写本月数值",
        "There is no earlier report to copy; enter this month's figures",
    ),
    "err_confirm_implausible": (
        "数值异常（{why}），请核对后勾选确认再保存",
        "Unusual figures ({why}); check them and tick the confirmation to save",
    ),
    "err_busy_retry": (
        "其他用户正在同时保存，本次未保存，请再点一次保存",
        "Someone else was saving at the same moment; nothing was saved, please save again",
    ),
    "warn_rate_jump": (
        "出租率较上月变化超过 30 个百分点：{before}% → {after}%",
        "occupancy moves by more than 30 percentage points: {before}% → {after}%",
    ),
    "warn_tenants_gt_ws": (
        "企业数 {tenants} 超过总工位 {ws}",
        "{tenants} tenants but only {ws} workstations",
    ),
    "warn_ws_halved": (
        "已用工位较上月减少一半以上：{before} → {after}",
        "occupied workstations fell by more than half: {before} → {after}",
    ),
    "warn_join": ("；", "; "),
    "a_confirm_unchanged": ("确认与上月相同", "confirm unchanged"),
    "same_as_last_month": ("与上月相同", "Same as last month"),
    "same_as_last_month_help": (
        "本月数值与上月相同：勾选后按上月数值保存，并记为“确认未变”",
        "Nothing changed this month: saves last month's figures, marked as confirmed unchanged",
    ),
    "prev_area": ("上月已出租面积", "Let area (last month)"),
    "prev_ws": ("上月已用工位", "Workstations used (last month)"),
    # Short headers of the monthly grid (the full names above are their tooltips).
    "g_prev_area": ("上月已租", "Let, last"),
    "g_area": ("本月已租", "Let m²"),
    "g_prev_ws": ("上月工位", "Desks, last"),
    "g_ws": ("本月工位", "Desks used"),
    "g_prev_tenants": ("上月企业", "Firms, last"),
    "g_tenants": ("本月企业", "Firms"),
    "prev_tenants": ("上月在孵企业数", "Tenants (last month)"),
    "rate_this_month": ("出租率", "Rate"),
    "sheet_help_entered": (
        "“上月”各列仅供参考。只保存您填写或修改过的行；本月无变化请勾选“与上月相同”。"
        "任何一行有误则全部不保存。",
        "The “last month” columns are for reference. Only rows you fill in or change are "
        "saved; tick “Same as last month” when nothing changed. If any row is wrong, "
        "nothing is saved.",
    ),
    "implausible_title": (
        "以下数值看起来不太可能，请核对：",
        "These figures look unlikely; please check them:",
    ),
    "confirm_implausible": (
        "我已核对以上数值，确认保存",
        "I have checked these figures; save them",
    ),
    "nothing_to_save": (
        "没有填写或修改任何一行，未保存。",
        "No row was filled in or changed; nothing was saved.",
    ),
    # --- login (issue 7 §5) ---
    "err_login_generic": (
        "用户名或密码错误，或尝试过于频繁，请稍后再试",
        "Wrong username or password, or too many attempts; please try again later",
    ),
    "err_username_nul": (
        "“用户名”含有不允许的空字符（NUL）",
        "“Username” contains a NUL character, which is not allowed",
    ),
    "err_username_chars": (
        "“用户名”只能使用小写英文字母、数字和 . _ - @（最多 {max} 个字符）",
        "“Username” may only use lower-case ASCII letters, digits, . _ - and @ "
        "(at most {max} characters)",
    ),
    "err_password_nul": (
        "“密码”含有不允许的空字符（NUL）",
        "“Password” contains a NUL character, which is not allowed",
    ),
    "err_password_blank": (
        "“密码”不能全是空白字符",
        "“Password” must not be all whitespace",
    ),
    "err_password_long": (
        "“密码”最多 {max} 个字符",
        "“Password” may have at most {max} characters",
    ),
    "username_help": (
        "小写英文字母、数字和 . _ - @；大写会转为小写",
        "Lower-case ASCII letters, digits and . _ - @; capitals become lower case",
    ),
    "password_help": (
        "至少 10 个字符，不能全是空白",
        "At least 10 characters, not all whitespace",
    ),
    "err_display_name_invalid": (
        "“显示名称”最多 {max} 个字符，且不能含控制字符",
        "“Display name” may have at most {max} characters and no control characters",
    ),
    # --- errors and language (issue 7 §3, §7) ---
    "err_unexpected": (
        "页面出错了，请稍后重试。如问题持续，请向管理员提供参考编号：{ref}",
        "Something went wrong on this page. Please try again; if it persists, give the administrator this reference: {ref}",
    ),
    "err_db_unavailable": (
        "数据库暂时不可用，请稍后重试（参考编号：{ref}）",
        "The database is temporarily unavailable; please try again shortly (reference: {ref})",
    ),
    "err_db_full": (
        "数据库存储空间已满，刚才的修改没有保存。请通知系统管理员清理空间后再试（参考编号：{ref}）",
        "The database's storage is full and your change was not saved. Ask the "
        "administrator to free space, then try again (reference: {ref})",
    ),
    "retry": ("重试", "Retry"),
    "db_retry_hint": (
        "页面每 {seconds} 秒自动重试，数据库恢复后自动显示。",
        "This page retries every {seconds} seconds and recovers by itself.",
    ),
    "system_user": ("系统", "system"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "pp_delta": ("{value:+.1f} 个百分点", "{value:+.1f} pp"),
    "pp_delta_zero": ("0.0 个百分点", "0.0 pp"),
    "stale_count#1": (
        "1 个载体尚未填报 {month} 数据",
        "1 carrier has not reported {month} yet",
    ),
    "field": ("字段", "Field"),
    "before": ("修改前", "Before"),
    "after": ("修改后", "After"),
    "event": ("记录", "Event"),
    "id": ("编号", "ID"),
    "f_id": ("编号", "ID"),
    "f_name_en": ("英文名称", "English name"),
    "f_focus_industry": ("重点行业", "Focus industry"),
    "f_footprint_wkt": ("轮廓", "Footprint"),
    "f_geometry_wkt": ("边界", "Outline"),
    "f_theme_zh": ("主题（中文）", "Theme (Chinese)"),
    "f_theme_en": ("主题（英文）", "Theme (English)"),
    "geom_summary": ("{kind}，{n} 个顶点", "{kind}, {n} vertices"),
    "f_park_code": ("所属园区", "Park"),
    "f_belt_codes": ("所属集聚带", "Belts"),
    "f_is_sample": ("示例数据", "Sample data"),
    "f_version": ("版本", "Version"),
    "f_created_at": ("创建时间", "Created at"),
    "f_updated_at": ("更新时间", "Updated at"),
    "f_updated_by": ("更新人", "Updated by"),
    "f_deleted_at": ("删除时间", "Deleted at"),
    "f_tenant_id": ("企业编号", "Tenant ID"),
    "f_carrier_id": ("载体编号", "Carrier ID"),
    "f_project_id": ("项目编号", "Project ID"),
    "f_reported_by": ("填报人", "Reported by"),
    "f_reported_at": ("填报时间", "Reported at"),
    "f_planned_start": ("计划开工", "Planned start"),
    "f_changed_on": ("变更日期", "Date"),
    "f_changed_by": ("变更人", "Changed by"),
    "f_is_active": ("启用", "Active"),
    "f_active": ("启用", "Active"),
    "f_failed_logins": ("登录失败次数", "Failed logins"),
    "f_locked_until": ("锁定至", "Locked until"),
    "f_password_hash": ("密码（已加密）", "Password (hashed)"),
    "f_scope": ("权限范围", "Scope"),
    "f_carriers": ("载体数", "Carriers"),
    "f_tenants": ("企业数", "Tenants"),
    "f_tenancies": ("租约数", "Tenancies"),
    "f_reports": ("填报数", "Reports"),
    "f_conversions": ("改造项目数", "Conversion projects"),
    "f_status_changes": ("状态变更数", "Status changes"),
    "f_grants": ("扶持资金笔数", "Support grants"),
    "f_stage_changes": ("阶段变更数", "Stage changes"),
    "f_checksum": ("校验值", "Checksum"),
    "f_value": ("值", "Value"),
    "f_original_use": ("原用途", "Original use"),
    "f_target_stage": ("目标阶段", "Target stage"),
    "f_month": ("月份", "Month"),
    "f_address": ("地址", "Address"),
    "f_operator": ("运营方", "Operator"),
    "f_credit_code": ("统一社会信用代码", "Unified social credit code"),
    "f_lon": ("经度", "Longitude"),
    "f_lat": ("纬度", "Latitude"),
    "f_display_name": ("显示名称", "Display name"),
    "f_role": ("角色", "Role"),
    "f_origin": ("来源", "Origin"),
    "f_accreditation": ("认定级别", "Accreditation"),
    "f_opened_on": ("开业日期", "Opened on"),
    "f_founded_on": ("成立日期", "Founded on"),
    "f_start_on": ("开始日期", "Start date"),
    "f_end_on": ("结束日期", "End date"),
    "f_exit_reason": ("迁出原因", "Exit reason"),
    "f_planned_open": ("计划开业", "Planned opening"),
    "reason_sample_loaded": ("载入示例数据", "sample data loaded"),
    "reason_sample_cleared": ("清除示例数据", "sample data cleared"),
    "reason_demo_user": ("演示用户（示例数据）", "demo user (sample data)"),
    "f_actual_start": ("实际开工", "Actual start"),
    "f_actual_open": ("实际开业", "Actual opening"),
    "f_status": ("状态", "Status"),
    "f_on": ("日期", "Date"),
    "f_note": ("备注", "Note"),
    "f_reason": ("修改原因", "Reason"),
    "f_carrier_ids": ("可编辑的载体", "Editable carriers"),
    "f_delayed_until": ("登录暂停至", "Logins paused until"),
    "f_zone_codes": ("园区 / 集聚带", "Park / belts"),
    # --- policy (issue 8 §7) ---
    "policy_page": ("政策对标", "Policy checks"),
    "grants_page": ("扶持资金登记", "Support grants"),
    "e_support_grant": ("扶持资金", "support grant"),
    "f_fund_name": ("资金名称", "Fund name"),
    "f_fund_code": ("资金编号", "Fund code"),
    "f_level": ("资金级别", "Fund level"),
    "f_year": ("拨付年度", "Year paid"),
    "f_amount_10k_cny": ("金额（万元）", "Amount (10k CNY)"),
    "lvl_national": ("国家级", "National"),
    "lvl_municipal": ("市级", "Municipal"),
    "lvl_district": ("区级", "District"),
    "tier_key": ("重点产业", "Key industry"),
    "tier_cultivated": ("培育产业", "Cultivated industry"),
    "tier_segment": ("细分领域", "Specialist segment"),
    "flag_recipient": ("获扶持企业", "Support recipients"),
    "flag_recipient_fails": ("获扶持但不符合政策", "Recipients failing a rule"),
    "flag_support_ineligible": (
        "未在区内注册且纳税却获扶持",
        "Supported though not registered and taxed here",
    ),
    "flag_support_five_years": (
        "获扶持但未满足五年经营要求",
        "Supported though the five-year rule is not met",
    ),
    "flag_double_support": ("同一资金重复扶持", "Same fund paid twice"),
    # The three below count every tenant, supported or not (the table sets them apart).
    "flag_not_registered_taxed": (
        "未在区内注册且纳税（含未获扶持企业）",
        "Not registered and taxed here (all tenants)",
    ),
    "flag_five_years_unmet": (
        "未满足五年经营要求（含未获扶持企业）",
        "Five-year rule not met (all tenants)",
    ),
    "flag_strategic": ("属战略性产业（含未获扶持企业）", "In a strategic industry (all tenants)"),
    "flag_all": ("全部企业", "All tenants"),
    # A listed firm's own reasons (user QA: "（含未获扶持企业）" read wrong beside a
    # supported firm).
    "why_not_registered_taxed": ("未在区内注册且纳税", "Not registered and taxed here"),
    "why_five_years_unmet": ("未满足五年经营要求", "Five-year rule not met"),
    "why_double_support": ("同一资金重复扶持", "Same fund paid twice"),
    "unplaced": ("目前不在任何载体的企业", "Firms in no carrier now"),
    "policy_intro": (
        "对照 2018 年科技创新政策：扶持对象须在本区注册并纳税、在本区经营满五年，"
        "同一财政扶持资金不得重复享受；重点发展战略性产业。每个数字对应的企业名单见页面下方“企业名单”，可按园区、集聚带或载体和规则查看。",
        "Against the 2018 sci-tech policy: support goes to firms registered and taxed in "
        "the district that operate here for five years, no fiscal fund is paid twice, and "
        "strategic industries come first. The tenants behind every number are listed "
        "under “Lists of tenants” at the bottom of the page, by zone or carrier and by rule.",
    ),
    "policy_rules_title": ("判定规则", "How each rule is checked"),
    "policy_rules": (
        "- **注册且纳税**：企业的“注册在本区”和“纳税在本区”均为是。\n"
        "- **五年经营**：企业未承诺经营满 5 年，或其最后一段入驻以“迁出本区”或“注销”结束、"
        "距首次入驻不足 5 年，即为未满足。\n"
        "- **重复扶持**：同一企业有两条及以上有效扶持记录属于同一资金（资金编号或名称相同，"
        "忽略大小写、空格和标点），不论年度。\n"
        "- **战略性产业**：企业行业属于政策列出的重点产业、培育产业或细分领域。\n"
        "- 园区 / 集聚带按企业当前入驻载体的位置统计；同时位于园区和集聚带的企业两边都计。",
        "- **Registered and taxed**: both “registered in the district” and “taxed in the "
        "district” are yes.\n"
        "- **Five years**: not met when the firm has not committed to five years, or its "
        "last tenancy ended with “left the district” or “closed” less than five years "
        "after its first move-in.\n"
        "- **Double support**: two or more live grants to one firm from the same fund "
        "(same fund code or name, ignoring case, spaces and punctuation), in any year.\n"
        "- **Strategic industry**: the firm's industry is on the policy's key, cultivated "
        "or segment list.\n"
        "- Parks and belts follow the carriers of the firm's current tenancies; a firm in "
        "the park and a belt counts in both.",
    ),
    "policy_as_of": (
        "按今天（{day}）的入驻与扶持情况统计：政策对标看当前状态，不按月份回看",
        "Tenancies and grants as of today ({day}): the policy checks show the current "
        "state, not a past month",
    ),
    "policy_by_zone": ("按园区 / 集聚带", "By park / belt"),
    "policy_by_carrier": ("按载体", "By carrier"),
    "policy_lists": ("企业名单", "Lists of tenants"),
    "policy_scope": ("范围", "Where"),
    "policy_flag": ("规则", "Rule"),
    "policy_list_count": ("{what}：{n} 家企业", "{what}: {n} tenants"),
    "col_tenants": ("企业数", "Tenants"),
    "col_grants": ("扶持笔数", "Grants"),
    "col_amount": ("扶持金额（万元）", "Support (10k CNY)"),
    "col_tier": ("政策产业类别", "Policy tier"),
    "col_years": ("在区年限", "Years here"),
    "col_funds": ("所获扶持", "Grants received"),
    "col_why": ("不符合项", "Rules not met"),
    "grants_choose": ("选择扶持记录", "Choose a grant"),
    "grants_new": ("登记扶持资金", "Record a grant"),
    "grants_none": ("暂无扶持记录。", "No grants recorded yet."),
    "grants_no_tenant": (
        "您的管辖范围内暂无在驻企业，无法登记扶持资金。",
        "No tenant is resident in your scope, so there is nothing to record a grant for.",
    ),
    "grants_double_warning": (
        "该企业已有 {n} 条同一资金的扶持记录，政策对标页会将其标为重复扶持。",
        "This tenant has {n} grants from the same fund; the policy page flags them as "
        "double support.",
    ),
    "grants_delete_reason": ("删除原因", "Reason for deleting"),
    # --- conflicts (issue 7 §1) ---
    "conflict_refreshed": (
        "已载入最新版本，您填写的内容仍保留；请核对后再次保存。",
        "The newest version is loaded and what you typed is kept; check it and save again.",
    ),
    "edit_conflict_kept": (
        "保存前，该记录已被他人修改。已载入最新版本，您修改的“{fields}”已保留；"
        "其他内容为最新值，请核对后再次保存。",
        "Someone else changed this record before your save. The newest version is loaded "
        "with your changes to “{fields}” kept; everything else shows the newest values. "
        "Check it and save again.",
    ),
    "edit_nothing": ("没有修改，无需保存。", "Nothing was changed, so nothing was saved."),
    "edit_reopen": (
        "请重新选择该记录后再保存。",
        "Please pick the record again before saving.",
    ),
    "edit_gone": (
        "您正在编辑的记录 #{id} 已被删除或已移出您的管理范围，未保存任何内容。",
        "The record #{id} you were editing was deleted or moved out of your scope; "
        "nothing was saved.",
    ),
    # --- chain and comparison (issue 8 §3, §5) ---
    "chain_page": ("成长阶梯", "Growth chain"),
    "compare_page": ("园区与集聚带对比", "Park and belts compared"),
    "ch_month": ("统计月份", "Month"),
    "ch_month_help": (
        "所有数字均按所选月份月末的状态计算：当时在驻的企业、当时已开业的载体、当时的出租率。",
        "Every figure is as things stood at the end of the chosen month: tenancies open "
        "then, carriers opened by then, occupancy as reported then.",
    ),
    "ch_as_of": ("数据截至 {month}末", "As of the end of {month}"),
    "ch_grad_ia": ("{year}孵化器→加速器毕业", "Incubator → accelerator, {year}"),
    "ch_grad_all": ("{year}各阶段毕业合计", "All graduations, {year}"),
    "ch_grad_unit": ("{n} 家次", "{n}"),
    "ch_grad_help": (
        "毕业：企业在某载体的入驻以“毕业”结束，并在更高阶段的载体开始新的入驻；"
        "按结束日期计入年份，统计至所选月份月末。",
        "A graduation: a tenancy ends as “graduated” and the same firm starts one in a "
        "later-stage carrier; counted in the year of the end date, up to the chosen month.",
    ),
    "ch_unmatched": (
        "另有 {n} 次“毕业”迁出没有更高阶段的入驻记录，未计入毕业。",
        "{n} more “graduated” exits have no later-stage tenancy on record and are not "
        "counted as graduations.",
    ),
    "ch_by_zone_title": ("各园区、集聚带的阶段构成", "Stages in the park and each belt"),
    "ch_carriers_chart": ("载体数（个）", "Carriers"),
    "ch_missing_title": ("阶梯是否完整", "Is the chain complete?"),
    "ch_missing_help": (
        "政策要求园区和每条集聚带都具备众创空间、创业苗圃、孵化器、加速器四个阶段。",
        "The policy wants public space, nursery, incubator and accelerator in the park and "
        "in each belt.",
    ),
    # The zone's name on a line of its own: in a quarter of a 1366-px row, "市北高新技术
    # 服务业园区：四个阶段齐全" broke inside the name (user QA).
    "ch_missing": ("**{zone}**  \n缺少{stages}", "**{zone}**  \nNo {stages}"),
    "ch_complete": ("**{zone}**  \n四个阶段齐全", "**{zone}**  \nAll four stages"),
    "ch_list_sep": ("、", ", "),
    "ch_flow_title": ("阶段间毕业流向（按年份）", "Graduations between stages, by year"),
    "ch_pair": ("毕业路径", "Path"),
    "ch_pair_label": ("{src}→{dst}", "{src} → {dst}"),
    "ch_year": ("年份", "Year"),
    "ch_graduations": ("毕业（家次）", "Graduations"),
    "ch_events": ("毕业明细（{n} 条）", "Graduation list ({n})"),
    "ch_from_stage": ("原阶段", "From stage"),
    "ch_to_stage": ("升入阶段", "To stage"),
    "ch_on": ("毕业日期", "Date"),
    "ch_stay_title": ("各阶段停留时间", "Time spent at each stage"),
    "ch_stay_help": (
        "已迁出：入驻开始至结束的月数；在驻：入驻开始至所选月份月末的月数（尚未结束）。"
        "按入驻记录（家次）计，阶段为入驻当天载体的阶段；上方“阶段构成”按载体本月的阶段、"
        "每家企业只计一次，所以两处的企业数可以不同。",
        "Ended: months from start to end of a tenancy; current: months from start to the "
        "end of the chosen month (not finished yet). Counted per tenancy, at the stage its "
        "carrier had on the move-in day; the composition above counts each firm once, at "
        "its carrier's stage this month, so the two counts can differ.",
    ),
    "ch_stay_basis": (
        "按入驻记录（家次）统计，阶段为入驻当天载体的阶段；与上方“阶段构成”的企业数口径不同。",
        "Counted per tenancy, at the stage of its carrier on the move-in day; not the same "
        "count as the composition above.",
    ),
    "ch_kind": ("企业", "Firms"),
    "ch_kind_ended": ("已迁出企业", "Ended tenancies"),
    "ch_kind_open": ("在驻企业（至今）", "Current tenants (so far)"),
    "ch_stay_axis": ("停留时间中位数（月）", "Median stay (months)"),
    "ch_ended_n": ("已迁出（家次）", "Ended (tenancies)"),
    "ch_ended_median": ("已迁出中位数", "Ended, median"),
    "ch_ended_mean": ("已迁出平均", "Ended, mean"),
    "ch_open_n": ("在驻（家次）", "Current (tenancies)"),
    "ch_open_median": ("在驻中位数（至今）", "Current, median so far"),
    "ch_open_mean": ("在驻平均（至今）", "Current, mean so far"),
    "ch_stage": ("阶段", "Stage"),
    "ch_tenants": ("在孵企业（家）", "Tenants"),
    "ch_area": ("总面积（㎡）", "Total area (m²)"),
    "ch_available": ("可招商面积（㎡）", "Available area (m²)"),
    "ch_available_help": (
        "可招商面积 = 计入出租率的载体总面积 − 其已出租面积；没有可用填报的载体不计入。",
        "Available area = total area − occupied area of the carriers in the rate; a "
        "carrier without a usable report adds nothing.",
    ),
    "ch_download": ("下载数据（CSV）", "Download data (CSV)"),
    "cmp_overview_title": ("一览", "At a glance"),
    "cmp_stage_chart": ("各阶段载体数", "Carriers per stage"),
    "cmp_occ_chart": ("出租率（%）", "Occupancy (%)"),
    "cmp_theme_title": ("产业结构是否符合集聚带主题", "Does each belt's mix match its theme?"),
    "cmp_theme": ("主题", "Theme"),
    "cmp_theme_share": ("主题产业企业占比", "Tenants in theme industries"),
    "cmp_theme_axis": ("主题产业企业占比（%）", "Tenants in theme industries (%)"),
    "cmp_theme_tenants": ("主题产业企业（家）", "Tenants in theme industries"),
    "cmp_theme_note": (
        "市北高新园区和全区未设集聚带主题，不计占比。",
        "Shibei park and the district as a whole have no belt theme, so no share.",
    ),
    "cmp_mapping_title": ("主题与产业的对应关系", "Which industries belong to which theme"),
    "cmp_industry_title": ("在孵企业行业构成", "Tenants by industry"),
    "cmp_industry_share_axis": ("在孵企业构成（%）", "Share of tenants (%)"),
    "cmp_industry_axis": ("在孵企业（家）", "Tenants"),
    "theme_business": ("商务创新", "Business innovation"),
    "theme_cultural": ("文化创意", "Cultural creativity"),
    "theme_technical": ("科技创新", "Technical innovation"),
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
    # --- conversion tracker (issue 8 §6) ---
    "ct_intro": (
        "闲置商业楼宇和老厂房改造为创新空间的进展。",
        "Idle commercial buildings and old factories being turned into innovation space.",
    ),
    "ct_board_title": ("项目状态", "Projects by status"),
    "ct_board_value": ("{n} 个", "{n} projects"),
    "ct_board_value#1": ("1 个", "1 project"),
    "ct_board_area": ("{area} ㎡", "{area} m²"),
    "ct_board_help": (
        "按所选月份末的状态统计（依据状态变更记录）。已取消的项目单独列出。",
        "Status at the end of the chosen month, from the status history. "
        "Cancelled projects are shown apart.",
    ),
    "ct_late_none": ("截至本月没有延期项目。", "No project is late as of this month."),
    "ct_late_count": (
        "{n} 个项目目前延期（与总览“项目延期”同一口径）；另有 {m} 个已开工或开业，但晚于计划",
        "{n} projects are late now (as on the overview); {m} more started or opened, but later than planned",
    ),
    "ct_late_count#1": (
        "1 个项目目前延期（与总览“项目延期”同一口径）；另有 {m} 个已开工或开业，但晚于计划",
        "1 project is late now (as on the overview); {m} more started or opened, but later than planned",
    ),
    "ct_late_now": (
        "{n} 个项目目前延期（与总览“项目延期”同一口径）",
        "{n} projects are late now (as on the overview)",
    ),
    "ct_late_now#1": (
        "1 个项目目前延期（与总览“项目延期”同一口径）",
        "1 project is late now (as on the overview)",
    ),
    "ct_late_help": (
        "延期：计划开工或开业日期已过但尚未开工或开业，或实际日期晚于计划日期。"
        "已取消的项目、按期或提前开业的项目不计。延期天数：开业延期时按开业计，否则按开工计。",
        "Late: a planned start or opening date has passed without the start or opening, "
        "or the actual date was later than planned. Cancelled projects and projects that "
        "opened on time or early are never late. Days late: the opening's delay when it "
        "is late, else the start's.",
    ),
    "ct_late": ("延期", "Late"),
    "ct_late_start": ("开工延期", "Start late"),
    "ct_late_open": ("开业延期", "Opening late"),
    "ct_delay_days": ("延期天数", "Days late"),
    "ct_timeline_title": ("计划与实际进度", "Planned against actual dates"),
    "ct_planned": ("计划（开工→开业）", "Planned (start → opening)"),
    "ct_actual": ("实际（开工→开业）", "Actual (start → opening)"),
    "ct_schedule": ("进度", "Schedule"),
    "ct_from": ("开始", "From"),
    "ct_to": ("结束", "To"),
    "ct_still_open": ("（至今未完成）", " (not finished yet)"),
    "ct_project": ("项目", "Project"),
    "ct_date_axis": ("日期", "Date"),
    "ct_area_title": (
        "改造面积：摸排总量、改造中、已交付",
        "Floor area identified in all, under way and delivered",
    ),
    "ct_area_help": (
        "摸排总量：未取消的全部项目（各状态合计，不同于状态栏的“已摸排”）；"
        "改造中：在建项目；已交付：已运营项目。"
        "跨两条集聚带的项目在两带中都计入，全区只计一次。",
        "Identified in all: every project not cancelled, whatever its status (not the "
        "board's 'identified' status); under way: under construction; "
        "delivered: operating. A project in two belts counts in both, in the district once.",
    ),
    "ct_by_zone": ("按园区 / 集聚带", "By park or belt"),
    "ct_by_use": ("按原用途", "By original use"),
    "ct_phase": ("阶段", "Phase"),
    # Not the status 已摸排 (the board's card): every project not cancelled, all phases.
    "ct_phase_identified": ("摸排总量", "Identified in all"),
    "ct_phase_under_way": ("改造中", "Under way"),
    "ct_phase_delivered": ("已交付", "Delivered"),
    "ct_phase_m2": ("{phase}（㎡）", "{phase} (m²)"),
    "ct_area_axis": ("建筑面积（㎡）", "Floor area (m²)"),
    "ct_projects": ("项目数", "Projects"),
    "ct_outside": ("园区和集聚带以外", "Outside the park and belts"),
    "ct_map_title": ("项目分布", "Where the projects are"),
    "ct_legend": ("项目状态", "Project status"),
    "ct_occ_unlinked": (
        "已运营但尚未关联载体、因此没有出租率的项目：{names}。",
        "Operating, but not yet linked to the carrier it became, so without an occupancy: {names}.",
    ),
    "ct_occ_unlinked_how": (
        "在本页下方选择该项目，即可关联它改造成的载体。",
        " Pick the project at the bottom of this page to link its carrier.",
    ),
    "ct_link_carrier": ("关联改造后载体", "Link the resulting carrier"),
    "ct_linked_elsewhere": (
        "已关联载体 #{id}（不在您的管理范围内）",
        "Linked to carrier #{id} (outside your scope)",
    ),
    "ct_occ_title": ("改造后载体的出租率", "Occupancy of the carriers the projects became"),
    "ct_occ_help": (
        "每个已成为载体的项目，自开业以来该载体每月填报的出租率（在租面积 ÷ 总面积）。",
        "For each project that became a carrier: that carrier's reported occupancy "
        "(occupied ÷ total area) each month since it opened.",
    ),
    "ct_occ_none": ("还没有项目成为载体。", "No project has become a carrier yet."),
    "ct_occ_axis": ("出租率（%）", "Occupancy (%)"),
    "ct_table_title": ("全部项目", "All projects"),
    "ct_zone": ("所在区域", "Zone"),
    "ct_planned_open": ("计划开业", "Planned opening"),
    "ct_actual_open": ("实际开业", "Opened"),
    "ct_area_m2": ("面积（㎡）", "Area (m²)"),
    "ct_yes": ("是", "yes"),
    "ct_no": ("否", "no"),
    # --- big screen (issue 9) ---
    "screen_page": ("大屏展示", "Big screen"),
    "scr_title": ("静安区科技创新空间 · 运行态势", "Jing'an innovation spaces · live view"),
    "scr_as_of": ("数据截至 {month}", "Data as of {month}"),
    "scr_refreshed": ("刷新于 {time}", "Refreshed {time}"),
    "scr_outage": ("数据连接中断，显示 {time} 的数据", "Data link down, showing figures of {time}"),
    "scr_no_data": ("正在连接数据…", "Connecting to the data…"),
    "scene_overview": ("总览", "Overview"),
    "scene_chain": ("孵化链条", "Growth chain"),
    "scene_belts": ("园区与集聚带", "Park and belts"),
    "scene_conversions": ("载体改造", "Conversions"),
    "scr_carriers": ("创新载体", "Carriers"),
    "scr_unit_carriers": ("个", ""),
    "scr_area": ("载体总面积", "Total area"),
    "scr_unit_area": ("万㎡", "k m²"),
    "scr_occupancy": ("出租率", "Occupancy"),
    "scr_change": ("环比 {value}", "MoM {value}"),
    "scr_trend_change": ("{months} 个月间 {value}", "Over {months} months: {value}"),
    "scr_coverage": ("覆盖 {used}/{total}", "coverage {used}/{total}"),
    "scr_available": ("可招商面积", "Available area"),
    "scr_tenants": ("在孵企业", "Tenants"),  # the home KPI's name for the same figure
    "scr_unit_tenants": ("家", ""),
    # Graduations count moves, as on the home and chain pages (a firm may graduate twice).
    "scr_unit_times": ("家次", ""),
    "scr_more_late": ("另有 {n} 个延期项目，详见“改造项目”页", "{n} more late: see Conversions"),
    "scr_graduations": ("{year}年毕业企业", "Graduations {year}"),
    "scr_delivered": ("改造交付面积", "Delivered by conversions"),
    "scr_delivered_sub": ("{n} 个项目已运营", "{n} projects operating"),
    "scr_ranking": ("园区与集聚带出租率", "Occupancy by park and belt"),
    "scr_space_key": ("空格", "Space"),
    "scr_trend": ("近12个月全区出租率", "District occupancy, 12 months"),
    "scr_pipeline": ("改造项目进度", "Conversion pipeline"),
    "scr_projects_n": ("{n} 个", "{n}"),
    "scr_stages": ("孵化链条：各阶段载体与企业", "Growth chain: carriers and tenants by stage"),
    "scr_stage_line": (
        "{carriers} 个载体 · {tenants} 家企业",
        "{carriers} carriers · {tenants} tenants",
    ),
    "scr_grad_pairs": ("{year}年毕业晋级", "Graduations in {year}"),
    "scr_recent_grads": ("最新毕业企业", "Latest graduations"),
    "scr_col_zone": ("区域", "Zone"),
    "scr_col_carriers": ("载体", "Carriers"),
    "scr_col_available": ("可招商（万㎡）", "Available (k m²)"),
    "scr_col_tenants": ("企业", "Tenants"),
    "scr_col_theme": ("主题契合", "On theme"),
    "scr_projects": ("改造项目（延期在前）", "Conversion projects, late first"),
    "scr_late_days": ("⚠ 延期 {n} 天", "⚠ {n} days late"),
    "scr_late_days#1": ("⚠ 延期 1 天", "⚠ 1 day late"),
    "scr_pause": ("暂停", "Pause"),
    "scr_resume": ("继续", "Resume"),
    "scr_next": ("下一屏", "Next"),
    "scr_prev": ("上一屏", "Previous"),
    "scr_paused": ("已暂停", "Paused"),
    # --- overview and time (issue 8 §2, §4) ---
    "ov_total_area": ("总面积", "Total area"),
    "ov_available": ("可招商面积", "Available area"),
    "ov_graduations": ("今年毕业企业", "Graduations this year"),
    "ov_unit_count": ("个", "carriers"),
    "ov_unit_m2": ("平方米", "m²"),
    "ov_unit_area_short": ("万平方米", "thousand m²"),
    "ov_unit_pct": ("%，按面积加权", "%, area-weighted"),
    "ov_unit_firms": ("家", "firms"),
    "ov_unit_times": ("家次", "moves"),
    # Every stage's graduations, not only incubator → accelerator (the chain page splits
    # them): user QA read 66 as the answer to "how many reached an accelerator".
    "ov_unit_grad": (
        "家次（各阶段合计，分阶段见成长阶梯）",
        "moves (all stages; by stage on Chain)",
    ),
    "ov_unit_period": ("单位：{unit} · {period}", "Unit: {unit} · {period}"),
    "ov_period_end": ("{month}末", "end of {month}"),
    "ov_period_ytd": ("{year}年1月至{month}", "Jan {year} to {month}"),
    "ov_yoy_short": ("较去年同月 {change}", "vs same month last year {change}"),
    "policy_overlap_note": (
        "位于市北园区与某一集聚带重叠处的载体，其企业在两行中都计入；“全区合计”中每家企业只计一次。",
        "Firms in a carrier inside both Shibei park and a belt count in both rows; the district total counts each firm once.",
    ),
    "tenant_next_step": (
        "已登记 {name}。下一步：在“入驻与毕业”中为它办理入驻，它就会出现在您的企业列表里。",
        "{name} is registered. Next: move it into a carrier under Tenancies; it then appears in your list of tenants.",
    ),
    "ov_yoy_period_short": ("较去年同期 {change}", "vs same period last year {change}"),
    "ov_mom_help": (
        "箭头为较上月的变化；同比为较去年同月。所有数字按所选月份月末的状态计算。",
        "The arrow is the change since last month; the line below compares with the same "
        "month last year. Every figure is as it stood at the end of the chosen month.",
    ),
    "ov_tab_zones": ("园区与集聚带", "Park and belts"),
    "ov_tab_stages": ("各阶段载体", "Carriers by stage"),
    "ov_tab_projects": ("改造项目", "Conversion projects"),
    "ov_carriers_unit": ("载体（个）", "Carriers"),
    "ov_area_unit": ("面积（平方米）", "Area (m²)"),
    "ov_available_unit": ("可招商面积（平方米）", "Available area (m²)"),
    "ov_coverage": ("覆盖率", "Coverage"),
    "ov_projects_unit": ("项目（个）", "Projects"),
    "ov_delivered": ("已投运改造面积（平方米）", "Floor area delivered (m²)"),
    "ov_projects_note": (
        "项目状态按所选月份月末前最后一次状态变更计；已投运面积为运营中项目的建筑面积。",
        "A project's status is its last status change by the end of the chosen month; "
        "area delivered is the floor area of the projects operating then.",
    ),
    "ov_indicator": ("指标", "Figure"),
    "ov_value": ("数值", "Value"),
    "ov_mom": ("较上月", "vs last month"),
    "ov_yoy": ("较去年同月", "vs same month last year"),
    "ov_attention": ("需要关注", "Needs attention"),
    "ov_att_lowest": ("出租率最低（{n}）", "Lowest occupancy ({n})"),
    "ov_att_falls": ("降幅最大（{n}）", "Largest falls ({n})"),
    # Short labels: four tabs must fit a 390-px phone (user QA: the late projects, a
    # leader's question, needed a sideways swipe).
    "ov_att_not_reported": ("未填报（{n}）", "Not reported ({n})"),
    "ov_att_late": ("项目延期（{n}）", "Projects late ({n})"),
    "ov_att_lowest_note": (
        "按出租率定义计入的载体中出租率最低的 10 个。",
        "The 10 lowest rates among carriers counted by the occupancy definition.",
    ),
    "ov_att_falls_note": (
        "出租率较上月下降最多的 10 个载体（两个月都按定义计入）。",
        "The 10 largest falls since last month (carriers counted in both months).",
    ),
    "ov_att_not_reported_note": (
        "所选月份没有填报的载体，及负责的管理员（管理范围包含该载体或其所在园区、集聚带）。",
        "Carriers with no report for the chosen month, with the managers whose scope "
        "covers them (the carrier itself or its park or belt).",
    ),
    "ov_att_late_note": (
        "计划开工或开业日期已过、但状态尚未达到的改造项目（已取消的不计）。",
        "Conversion projects past their planned start or opening date without reaching "
        "that status (cancelled ones excluded).",
    ),
    "ov_att_none": ("没有需要关注的项。", "Nothing needs attention here."),
    "ov_name": ("名称", "Name"),
    "ov_status": ("状态", "Status"),
    "ov_late_kind": ("延期环节", "Late to"),
    "ov_late_open": ("开业", "open"),
    "ov_late_start": ("开工", "start"),
    "ov_planned": ("计划日期", "Planned date"),
    "ov_days_late": ("延期天数", "Days late"),
    "ov_previous": ("上月出租率", "Last month"),
    "ov_last_report": ("最近一次填报", "Newest report"),
    "ov_managers": ("负责管理员", "Managers responsible"),
    "ov_no_manager": ("（未指定）", "(none assigned)"),
    "ov_trends": ("趋势", "Trends"),
    "ov_window": ("时间范围", "Period"),
    "ov_months": ("近 {n} 个月", "Last {n} months"),
    "ov_measure": ("指标", "Figure"),
    "ov_measure_occupancy": ("出租率", "Occupancy"),
    "ov_measure_tenants": ("在孵企业", "Tenants"),
    "ov_measure_area_m2": ("面积", "Area"),
    "ov_occ_pct": ("出租率（%）", "Occupancy (%)"),
    "ov_by_stage": ("按阶段", "By stage"),
    "ov_by_zone": ("按园区与集聚带", "By park and belt"),
    "ov_group": ("分组", "Group"),
    "ov_time_machine": (
        "正在查看{month}末的状态。拖动滑块可回到最新月份。",
        "Showing things as they stood at the end of {month}. Move the slider back to "
        "the newest month.",
    ),
    "map_details_now": (
        "地图显示{month}末的状态；以下详情为当前信息（阶段、出租率以最新为准）。",
        "The map shows the end of {month}; the details below are current (stage and "
        "occupancy as they are now).",
    ),
    # --- export: tables to CSV/Excel, layers to GeoJSON, monthly report (issue 10 §2) ---
    "dl_csv": ("下载 CSV", "Download CSV"),
    "dl_xlsx": ("下载 Excel", "Download Excel"),
    "dl_geojson": ("导出图层（GeoJSON，WGS-84）：", "Export layers (GeoJSON, WGS-84):"),
    "dl_layer_carriers": ("载体", "Carriers"),
    "dl_layer_zones": ("园区与集聚带", "Park and belts"),
    "dl_layer_projects": ("改造项目", "Conversion projects"),
    "rep_download": (
        "下载{month}出租率月报（Excel）",
        "Download the {month} occupancy report (Excel)",
    ),
    "rep_help": (
        "按园区与集聚带、阶段、载体汇总的出租率、环比变化、覆盖率和未填报载体，与本页数字一致。",
        "Occupancy by park and belt, by stage and by carrier, with the month's changes, "
        "coverage and the carriers that did not report; the same figures as this page.",
    ),
    "rep_file": ("静安区创新载体出租率月报", "jingan_occupancy_report"),
    "rep_title": (
        "静安区科技创新空间出租率月报 · {month}",
        "Jing'an innovation spaces: occupancy report · {month}",
    ),
    "rep_sheet_summary": ("概览", "Summary"),
    "rep_sheet_zones": ("园区与集聚带", "Park and belts"),
    "rep_sheet_stages": ("按阶段", "By stage"),
    "rep_sheet_carriers": ("按载体", "By carrier"),
    "rep_sheet_missing": ("未填报载体", "Not reported"),
    "rep_sheet_trend": ("出租率趋势", "Occupancy trend"),
    "rep_this_month": ("本月", "This month"),
    "rep_prev_month": ("上月", "Last month"),
    "rep_year_ago": ("去年同月", "Same month last year"),
    "rep_mom": ("环比变化", "Change vs last month"),
    "rep_yoy": ("同比变化", "Change vs a year ago"),
    "rep_prev_occupancy": ("上月出租率", "Occupancy last month"),
    "rep_year_ago_occupancy": ("去年同月出租率", "Occupancy a year ago"),
    "rep_mom_pp": ("环比（百分点）", "Change vs last month (pp)"),
    "rep_yoy_pp": ("同比（百分点）", "Change vs a year ago (pp)"),
    "rep_carriers_used": ("计入出租率的载体", "Carriers in the rate"),
    "rep_total_m2": ("总面积（平方米）", "Total area (m²)"),
    "rep_occupied_m2": ("已出租面积（平方米）", "Occupied area (m²)"),
    "rep_not_reported_n": ("本月未填报", "Not reported this month"),
    "rep_reported_this_month": ("本月已填报", "Reported this month"),
    "rep_not_reported_line": (
        "本月未填报的载体：{n} 个（见“未填报载体”表）。",
        "Carriers that did not report this month: {n} (see the “Not reported” sheet).",
    ),
    "rep_changes_note": (
        "出租率和覆盖率的变化以百分点计；面积以平方米计。",
        "Changes of occupancy and coverage are in percentage points; areas in m².",
    ),
    "rep_chart_zones": ("{month}各园区与集聚带出租率", "Occupancy by park and belt, {month}"),
    "rep_chart_trend": ("近 {n} 个月出租率", "Occupancy over the last {n} months"),
    # --- home: compact zone map (issue 8 §2)
    "ov_map_title": ("片区出租率一览", "Occupancy by zone at a glance"),
    "ov_map_note": (
        "颜色越深，出租率越高；市北园区与中环带重叠处显示园区数字。",
        "Darker means fuller; where Shibei park overlaps the Middle Ring belt, the park's figure is shown.",
    ),
    "ov_open_map": ("在地图中查看载体", "Open the map of carriers"),
    "stage_since": (
        "若修改阶段、面积或工位：自哪天起生效",
        "If the stage, area or workstations change: in effect from",
    ),
    "dated_saved_since": (
        "已保存。阶段、面积或工位的修改自 {day} 所在月起计入，此前各月仍按原值计算；"
        "若这次是更正录入错误，请再次修改并勾选“更正录入错误”",
        "Saved. The stage, area or workstation change counts from the month of {day}; "
        "earlier months keep the old values. If this corrected a typo, edit it again with "
        "“Correct a typo” ticked",
    ),
    "dated_saved_fixed": (
        "已更正。阶段、面积或工位按新值计入原记录所覆盖的各月",
        "Corrected. The stage, area or workstations count with the new value for every "
        "month the old record covered",
    ),
    "c_correction": (
        "更正录入错误（不是实际变更）",
        "Correct a typo (not a real change)",
    ),
    "c_correction_help": (
        "勾选后忽略上面的生效日期：新数值替换最近一次记录的数值，该记录覆盖的所有月份"
        "（从未变更过的载体：自开业起所有月份）都按新值计算",
        "Ticked, the date above is ignored: the new value replaces the newest recorded one, "
        "for every month that record covered (a carrier never changed: every month since it "
        "opened)",
    ),
    "stage_since_help": (
        "此日期所在月及以后的统计按新值计算，之前的月份保持原值。"
        "更正录入错误（不是实际变更）请勾选下方“更正录入错误”，不必改日期。",
        "Figures from this date's month on use the new values; earlier months keep the "
        "old ones. To correct a typo (not a real change), tick “Correct a typo” below "
        "instead of changing the date.",
    ),
    # --- issue 10 §1: geometry files (geo/geo_files.py) ---
    "gf_feature": ("{file} 第 {n} 个要素", "{file} feature {n}"),
    "gf_feature_named": ("{file} 第 {n} 个要素（{name}）", "{file} feature {n} ({name})"),
    "gf_empty": ("文件 {file} 是空的。", "File {file} is empty."),
    "gf_no_features": ("文件 {file} 中没有任何要素（图形）。", "File {file} contains no features."),
    "gf_too_large": (
        "文件 {file} 有 {size_mb} MB，超过上限 {limit_mb} MB。",
        "File {file} is {size_mb} MB, over the {limit_mb} MB limit.",
    ),
    "gf_unsupported": (
        "不支持文件 {file} 的类型：请上传 GeoJSON（.geojson/.json）、GeoPackage（.gpkg）或压缩成 .zip 的 Shapefile。",
        "File {file} is not a supported type: upload GeoJSON (.geojson/.json), GeoPackage (.gpkg) or a zipped Shapefile (.zip).",
    ),
    "gf_shp_not_zipped": (
        "文件 {file} 是单独的 .shp：Shapefile 由 .shp、.shx、.dbf、.prj 等几个文件组成，请把它们一起压缩成一个 .zip 再上传。",
        "File {file} is a bare .shp: a Shapefile is several files (.shp, .shx, .dbf, .prj); zip them together and upload the .zip.",
    ),
    "gf_wrong_type": (
        "文件 {file} 的扩展名是 {ext}，但内容不是 {expected}。",
        "File {file} is named {ext} but its content is not {expected}.",
    ),
    "gf_wrong_type_seen": (
        "文件 {file} 的扩展名是 {ext}，但内容不是 {expected}，看起来是 {actual} 文件。",
        "File {file} is named {ext} but its content is not {expected}; it looks like a {actual} file.",
    ),
    "gf_bad_json": (
        "文件 {file} 不是有效的 JSON：第 {line} 行第 {column} 列附近有语法错误。",
        "File {file} is not valid JSON: syntax error near line {line}, column {column}.",
    ),
    "gf_not_geojson": (
        '文件 {file} 是 JSON，但不是 GeoJSON（没有 "type": "FeatureCollection" 或 "Feature"）。',
        'File {file} is JSON but not GeoJSON (no "type": "FeatureCollection" or "Feature").',
    ),
    "gf_unreadable": (
        "无法读取文件 {file}：文件可能已损坏或不完整。",
        "Cannot read file {file}: it may be damaged or incomplete.",
    ),
    "gf_zip_unsafe_path": (
        "压缩包 {file} 中的 {entry} 路径不安全（指向解压目录之外），整个文件已拒绝。",
        "Zip {file} holds an unsafe path {entry} (pointing outside the unpack folder); the whole file is refused.",
    ),
    "gf_zip_too_big": (
        "压缩包 {file} 解压后有 {size_mb} MB，超过上限 {limit_mb} MB，已拒绝。",
        "Zip {file} unpacks to {size_mb} MB, over the {limit_mb} MB limit; refused.",
    ),
    "gf_zip_ratio": (
        "压缩包 {file} 中的 {entry} 压缩比为 {ratio}:1，超过 {limit}:1，疑似压缩炸弹，已拒绝。",
        "Zip {file}: {entry} is compressed {ratio}:1, over {limit}:1, which looks like a zip bomb; refused.",
    ),
    "gf_zip_no_shp": (
        "压缩包 {file} 中没有 .shp 文件（其中有：{entries}）。",
        "Zip {file} contains no .shp file (it holds: {entries}).",
    ),
    "gf_zip_many_shp": (
        "压缩包 {file} 中有多个 Shapefile：{names}。请每个压缩包只放一个。",
        "Zip {file} holds several Shapefiles: {names}. Put one per zip.",
    ),
    "gf_zip_missing_part": (
        "压缩包 {file} 中的 {shp} 缺少配套文件 {parts}。",
        "Zip {file}: {shp} is missing its companion file(s) {parts}.",
    ),
    "gf_no_prj": (
        "文件 {file} 中的 Shapefile 没有 .prj（坐标系说明）。请指定坐标系：wgs84、gcj02、bd09 或 EPSG:代码（命令行用 --crs）。",
        "The Shapefile in {file} has no .prj (coordinate system). Say which one: wgs84, gcj02, bd09 or EPSG:code (--crs on the command line).",
    ),
    "gf_no_crs": (
        "文件 {file} 没有记录坐标系。请指定坐标系：wgs84、gcj02、bd09 或 EPSG:代码（命令行用 --crs）。",
        "File {file} does not record its coordinate system. Say which one: wgs84, gcj02, bd09 or EPSG:code (--crs on the command line).",
    ),
    "gf_unknown_crs": (
        "无法识别坐标系“{crs}”：请使用 wgs84、gcj02、bd09 或 EPSG:代码（例如 EPSG:32651）。",
        "Unknown coordinate system “{crs}”: use wgs84, gcj02, bd09 or EPSG:code (e.g. EPSG:32651).",
    ),
    "gf_crs_unusable": (
        "文件 {file} 的坐标系“{crs}”无法换算为经纬度（WGS-84）。请在“坐标系”中选择正确的坐标系后重新上传。",
        "The coordinate system of {file} (“{crs}”) cannot be converted to longitude and "
        "latitude (WGS-84). Choose the right one under “Coordinate system” and upload again.",
    ),
    "gf_offset_projected": (
        "文件 {file} 的坐标是投影坐标（{file_crs}，单位为米），不能按 {crs} 经纬度处理。",
        "File {file} has projected coordinates ({file_crs}, in metres); they cannot be {crs} longitudes and latitudes.",
    ),
    "gf_many_layers": (
        "文件 {file} 中有多个图层：{names}。请只保留一个图层。",
        "File {file} holds several layers: {names}. Keep only one.",
    ),
    "gf_no_geometry": ("没有图形。", "has no geometry."),
    "gf_bad_geometry": (
        "图形无法读取：坐标格式不正确。",
        "geometry cannot be read: malformed coordinates.",
    ),
    "gf_not_polygon": (
        "图形是 {geom_type}，这里需要面（Polygon 或 MultiPolygon）。",
        "geometry is a {geom_type}; a polygon (Polygon or MultiPolygon) is needed here.",
    ),
    "gf_outside": (
        "坐标（{x}, {y}）换算到 WGS-84 后不在上海范围内：可能选错了坐标系（当前为 {crs}）。",
        "coordinate ({x}, {y}) is outside Shanghai once converted to WGS-84: probably the wrong coordinate system (currently {crs}).",
    ),
    "gf_outside_swapped": (
        "坐标（{x}, {y}）不在上海范围内，看起来经度和纬度写反了（上海约为经度 121、纬度 31）。",
        "coordinate ({x}, {y}) is outside Shanghai; longitude and latitude look swapped (Shanghai is about 121 E, 31 N).",
    ),
    "gf_outside_metres": (
        "坐标（{x}, {y}）像是以米为单位的投影坐标，不是经纬度：请指定坐标系 EPSG:代码（例如 EPSG:32651）。",
        "coordinate ({x}, {y}) looks like projected metres, not degrees: give the coordinate system as EPSG:code (e.g. EPSG:32651).",
    ),
    "gf_self_intersection": (
        "多边形自相交；自动修复会使面积改变 {change}%（允许 {limit}%），已拒绝，请在 GIS 软件中修正。",
        "polygon intersects itself; repairing it would change its area by {change}% (limit {limit}%), so it is refused: fix it in a GIS tool.",
    ),
    # --- issue 10 §3: backup and restore (helper "backup")
    "backup_page": ("备份与恢复", "Backup and restore"),
    "a_backup": ("备份", "back up"),
    "a_restore": ("恢复", "restore"),
    "e_database": ("数据库", "database"),
    "bk_intro": (
        "备份文件包含全部数据：载体、企业、填报、用户（含密码哈希）和完整的操作记录。请像对待密码一样妥善保管。登录会话不备份，恢复后所有人需要重新登录。",
        "A backup holds all data: carriers, tenants, reports, users (with password hashes) and the whole audit history. Keep it as safe as a password. Login sessions are not included: after a restore everyone logs in again.",
    ),
    "f_backup_file": ("备份文件", "Backup file"),
    "f_backup_made_at": ("备份时间（UTC）", "Backup made at (UTC)"),
    "f_schema_revision": ("架构版本", "Schema revision"),
    "f_source_database": ("来源数据库", "Source database"),
    "f_restored_rows": ("恢复行数", "Rows restored"),
    "f_replaced_rows": ("被替换行数", "Rows replaced"),
    "f_backed_up_rows": ("备份行数", "Rows backed up"),
    "bk_make": ("生成备份", "Make a backup"),
    "bk_download": ("下载备份文件", "Download the backup"),
    "bk_made": (
        "备份已生成：{tables} 张表，共 {rows} 行，架构版本 {revision}。",
        "Backup ready: {tables} tables, {rows} rows, schema revision {revision}.",
    ),
    "bk_restore_title": ("从备份恢复", "Restore from a backup"),
    "bk_restore_warning": (
        "恢复会用备份文件替换数据库中的全部数据，且在一个事务中完成：任何一步失败，数据库保持原样。",
        "Restoring replaces all data in the database with the backup's, in one transaction: if any step fails, the database stays as it was.",
    ),
    "bk_upload": ("备份文件", "Backup file"),
    "upload_hint": (
        "拖入文件或点击选择（{types}，不超过 {mb} MB）",
        "Drop a file or click to choose one ({types}, at most {mb} MB)",
    ),
    "bk_force": (
        "我确认用备份替换数据库中现有的全部数据",
        "I confirm: replace all data now in the database with the backup",
    ),
    "bk_reason": ("原因（写入操作记录）", "Reason (written to the audit log)"),
    "bk_restore_button": ("恢复", "Restore"),
    "bk_restored": (
        "已恢复 {rows} 行（{tables} 张表），替换了原有的 {replaced} 行。请重新登录。",
        "Restored {rows} rows ({tables} tables), replacing {replaced} rows. Please log in again.",
    ),
    "bk_no_file": ("请先选择备份文件。", "Choose a backup file first."),
    "bk_db_not_at_head": (
        "数据库的架构版本为 {current}，本程序需要 {head}：请先运行 manage.py migrate。",
        "The database is at schema revision {current}, this app expects {head}: run manage.py migrate first.",
    ),
    "bk_unknown_tables": (
        "数据库中有本程序不认识的表（{tables}），为免遗漏，不生成备份。",
        "The database holds tables this app does not know ({tables}); no backup made, so nothing is left out.",
    ),
    "bk_not_a_backup": (
        "“{file}”不是可读的备份文件（不是完整的 zip 压缩包，可能已损坏或被截断）。",
        "“{file}” is not a readable backup (not a complete zip archive: damaged or truncated?).",
    ),
    "bk_no_manifest": (
        "“{file}”中没有 manifest.json，不是本程序的备份文件。",
        "“{file}” has no manifest.json: it is not a backup made by this app.",
    ),
    "bk_bad_manifest": (
        "“{file}”的 manifest.json 已损坏或不是本程序的格式。",
        "The manifest.json in “{file}” is damaged or not in this app's format.",
    ),
    "bk_format_version": (
        "“{file}”的备份格式版本为 {found}，本程序无法读取。",
        "“{file}” uses backup format version {found}, which this app cannot read.",
    ),
    "bk_table_missing": (
        "“{file}”缺少表 {table} 的数据文件，备份不完整。",
        "“{file}” lacks the data file of table {table}: the backup is incomplete.",
    ),
    "bk_checksum": (
        "“{file}”中表 {table} 的校验和不符：文件已损坏或被修改，未做任何更改。",
        "Table {table} in “{file}” fails its checksum: the file is damaged or was altered. Nothing was changed.",
    ),
    "bk_wrong_revision": (
        "“{file}”来自架构版本 {found}，而本数据库为 {current}。请用与备份相同版本的程序恢复后再升级（manage.py migrate）。",
        "“{file}” comes from schema revision {found}, but this database is at {current}. Restore it with the app version that made it, then upgrade (manage.py migrate).",
    ),
    "bk_tables_differ": (
        "“{file}”中的表或列与本数据库不一致，未做任何更改。",
        "The tables or columns in “{file}” do not match this database. Nothing was changed.",
    ),
    "bk_bad_row": (
        "“{file}”中表 {table} 第 {line} 行的值无效，数据库未做任何更改。",
        "Table {table} in “{file}”, line {line}: invalid value. The database was not changed.",
    ),
    "bk_insert_failed": (
        "“{file}”中表 {table} 的数据无法写入本数据库（有重复、缺少关联记录或超长的值），数据库未做任何更改。",
        "The rows of table {table} in “{file}” could not be written to this database (a duplicate, a missing linked record or a value too long). The database was not changed.",
    ),
    "bk_not_empty": (
        "数据库中已有数据（{rows} 行）。恢复会替换全部数据：请勾选确认（命令行加 --force）后再恢复。",
        "The database already holds data ({rows} rows). A restore replaces all of it: tick the confirmation (--force on the command line) and restore again.",
    ),
    # --- big screen: spotlight scene and stored settings (issue 9 gaps, helper "screen") ---
    "scene_spotlight": ("载体聚焦", "Carrier spotlight"),
    "scr_spot_of": ("聚焦载体 {i}/{n}", "Spotlight {i} of {n}"),
    "scr_spot_opened": ("{month} 开业", "opened {month}"),
    "scr_spot_in": ("{year}年晋级迁入", "Moved up into it, {year}"),
    "scr_spot_out": ("{year}年毕业迁出", "Graduated out, {year}"),
    "scr_spot_in_tag": ("迁入", "in"),
    "scr_spot_out_tag": ("迁出", "out"),
    "scr_spot_industries": ("在驻企业行业（前三）", "Tenants' top industries"),
    "scr_spot_graduates": ("{year}年晋级动态", "Graduations in {year}"),
    "scr_spot_none": ("本年度暂无", "None this year"),
    "scr_spot_empty": ("暂无可聚焦的载体", "No carrier to spotlight"),
    "screen_settings_page": ("大屏设置", "Big-screen settings"),
    "scr_set_intro": (
        "大屏地址未指定参数时使用这里的设置；地址中指定的画面、间隔等参数优先。"
        "保存后，各大屏在下次自动刷新时生效，无需重新打开。",
        "Walls whose address names no options use these settings; options in the address "
        "(e.g. ?scenes=&interval=) win. Walls pick a change up at their next live refresh, "
        "without a reload.",
    ),
    "scr_set_source_stored": (
        "当前：已保存的设置（第 {version} 版）",
        "Now: stored settings (version {version})",
    ),
    "scr_set_source_env": (
        "当前：服务器默认设置（环境变量）",
        "Now: the server's defaults (environment)",
    ),
    "scr_set_scenes_help": ("按选择的先后顺序轮播。", "Shown in the order chosen."),
    "scr_set_spot_help": (
        "留空则自动选择：本年度毕业企业最多的加速器和孵化器。",
        "Empty: chosen automatically, the accelerators and incubators with the most "
        "graduations this year.",
    ),
    "scr_set_reset": ("恢复默认设置", "Back to the defaults"),
    "scr_set_open": ("打开大屏", "Open the big screen"),
    "f_scr_scenes": ("轮播画面", "Scenes"),
    "f_scr_interval": ("每屏停留（秒）", "Seconds per scene"),
    "f_scr_refresh": ("数据刷新间隔（秒）", "Seconds between data refreshes"),
    "f_scr_spotlight": ("聚焦载体", "Spotlight carriers"),
    "scr_err_scenes": ("请至少选择一个有效的画面", "Choose at least one valid scene"),
    "scr_err_range": (
        "{field}须在 {low} 至 {high} 之间",
        "{field} must be between {low} and {high}",
    ),
    "scr_err_spot_many": ("{field}最多 {n} 个", "{field}: at most {n}"),
    "scr_err_spot_unknown": (
        "{field}中的载体不存在或已删除：{ids}",
        "{field}: no such carrier (or deleted): {ids}",
    ),
    "scr_err_conflict": (
        "大屏设置已被他人修改，已载入最新设置，请核对后再保存",
        "Someone else changed the big-screen settings; the newest are loaded, check and save again",
    ),
    "e_screen_settings": ("大屏设置", "big-screen settings"),
    # --- the monthly update on a phone: cards (issue 10 §0) ---
    "sheet_view": ("显示方式", "View"),
    "sheet_view_table": ("表格", "Table"),
    "sheet_view_cards": ("卡片", "Cards"),
    "card_area": ("已出租面积（㎡，共 {total}）", "Occupied area (m², of {total})"),
    "card_ws": ("已用工位（共 {total}）", "Workstations (of {total})"),
    "card_last_month": (
        "上月（{month}）：{area} ㎡ · {ws} 个工位 · {tenants} 家企业",
        "Last month ({month}): {area} m² · {ws} workstations · {tenants} tenants",
    ),
    "card_no_last_month": ("上月无填报", "No earlier report"),
    "card_rate": ("本月出租率：{rate}", "Rate this month: {rate}"),
    "card_help": (
        "只保存您填写或修改过的卡片；本月无变化请打开“与上月相同”。任何一张有误则全部不保存。",
        "Only the cards you fill in or change are saved; switch on “Same as last month” "
        "when nothing changed. If any card is wrong, nothing is saved.",
    ),
    "card_same_note": (
        "将按上月数值保存，并记为“确认未变”。",
        "Last month's figures will be saved, marked as confirmed unchanged.",
    ),
    # --- import (issue 10 §1: spreadsheet import, helper "import") ---
    "import_page": ("数据导入", "Import"),
    "f_code": ("载体编码", "Carrier code"),
    "f_carrier_code": ("载体编码", "Carrier code"),
    "a_import": ("导入", "import"),
    "err_carrier_code_dup": (
        "载体编码“{value}”已被“{name}”使用",
        "Carrier code “{value}” is already used by “{name}”",
    ),
    "err_code_chars": (
        "“{field}”只能包含字母、数字和 . - _",
        "“{field}” may contain only letters, digits and . - _",
    ),
    "err_imp_suffix": (
        "文件“{file}”：只能导入 {allowed} 文件",
        "File “{file}”: only {allowed} files can be imported",
    ),
    "err_imp_too_many_rows": (
        "文件“{file}”超过 {max} 行；请分批导入，每批不超过 {max} 行",
        "File “{file}” has more than {max} rows; import it in batches of at most {max} rows",
    ),
    "err_imp_too_large": (
        "文件“{file}”过大（{size}），上限为 {max}",
        "File “{file}” is too large ({size}); the limit is {max}",
    ),
    "err_imp_empty": ("文件“{file}”是空的", "File “{file}” is empty"),
    "err_imp_xls_old": (
        "文件“{file}”是旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再导入",
        "File “{file}” is an old .xls workbook; save it as .xlsx in Excel and import again",
    ),
    "err_imp_not_xlsx": (
        "文件“{file}”不是 Excel 工作簿（扩展名是 .xlsx，内容却不是）",
        "File “{file}” is not an Excel workbook (its name ends in .xlsx, its content does not match)",
    ),
    "err_imp_damaged": (
        "文件“{file}”已损坏或不完整（可能上传或复制时被截断），请重新保存后再导入",
        "File “{file}” is damaged or incomplete (perhaps cut off while copying); save it again and retry",
    ),
    "err_imp_not_csv": (
        "文件“{file}”不是 CSV 文本文件（扩展名是 .csv，内容却不是）",
        "File “{file}” is not a CSV text file (its name ends in .csv, its content does not match)",
    ),
    "err_imp_encoding": (
        "文件“{file}”的编码无法识别（支持 UTF-8 与 GBK/GB18030）",
        "The encoding of “{file}” is not recognised (UTF-8 and GBK/GB18030 are supported)",
    ),
    "err_grant_large": (
        "“{field}”为 {amount} 万元（即 {yi} 亿元），超过 {limit} 万元，远大于常见扶持金额："
        "请核对单位是“万元”；若确实无误，请勾选「大额已核对」后再保存",
        "“{field}” is {amount} × 10k CNY (CNY {million} million), above {limit} × 10k"
        " CNY and far above usual support: check the unit is 10k CNY; if it is right, tick"
        " “Large amount checked” and save again",
    ),
    "grant_confirm_large": (
        "大额已核对（超过 {limit} 万元时需勾选）",
        "Large amount checked (needed above {limit} × 10k CNY)",
    ),
    "grant_saved": (
        "已保存：{tenant} · {fund} · {year} 年 · {amount} 万元",
        "Saved: {tenant} · {fund} · {year} · {amount} × 10k CNY",
    ),
    "map_carrier_gone": (
        "链接中的载体不存在或已被删除，已返回区域概况。",
        "The carrier in the link does not exist or has been deleted; showing the zones instead.",
    ),
    "err_imp_formula_no_value": (
        "“{field}”是公式（{value}），文件里没有它的计算结果：请在 Excel 中打开后保存，"
        "或把它粘贴为数值后再导入",
        "“{field}” is a formula ({value}) whose result the file does not store: open and"
        " save it in Excel, or paste it as a value, then import again",
    ),
    "err_imp_bad_bool": (
        "“{field}”应填“是”或“否”（输入：“{value}”）",
        "“{field}” must be yes or no (got “{value}”)",
    ),
    "err_imp_bad_date": (
        "“{field}”不是可识别的日期：“{value}”（可写 2024-03-01、2024/3/1、2024年3月1日）",
        "“{field}” is not a date we can read: “{value}” (use 2024-03-01 or 2024/3/1)",
    ),
    "err_imp_bad_month": (
        "“{field}”不是可识别的年月：“{value}”（可写 2024-03、2024/3、2024年3月）",
        "“{field}” is not a month we can read: “{value}” (use 2024-03 or 2024/3)",
    ),
    "err_imp_bad_choice": (
        "“{field}”的取值“{value}”无效，可选：{choices}",
        "“{value}” is not a valid “{field}”; choose one of: {choices}",
    ),
    "err_imp_bad_crs": (
        "文件“{file}”：坐标系“{value}”无效（可选 wgs84、gcj02、bd09 或 EPSG:代码）",
        "File “{file}”: coordinate system “{value}” is not valid (wgs84, gcj02, bd09 or EPSG:code)",
    ),
    "err_imp_swapped": (
        "坐标（经度 {lon}，纬度 {lat}）不在上海，交换后才在上海：经度和纬度两列可能填反了",
        "Coordinates (lon {lon}, lat {lat}) are outside Shanghai but inside it when swapped: "
        "the longitude and latitude columns are probably the wrong way round",
    ),
    "err_imp_outside_sh": (
        "坐标（经度 {lon}，纬度 {lat}）不在上海范围内：可能经纬度填反，或坐标系选错"
        "（WGS-84、GCJ-02、BD-09 或 EPSG 投影坐标）",
        "Coordinates (lon {lon}, lat {lat}) are outside Shanghai: longitude and latitude may "
        "be swapped, or the coordinate system is wrong (WGS-84, GCJ-02, BD-09 or an EPSG code)",
    ),
    "err_imp_unknown_carrier": (
        "没有载体编码为“{value}”的载体（请先导入或在载体页填写编码）",
        "No carrier has the code “{value}” (import it first, or set its code on the carriers page)",
    ),
    "err_imp_unknown_tenant": (
        "没有统一社会信用代码为“{value}”的企业（请先导入企业）",
        "No tenant has the credit code “{value}” (import the tenants first)",
    ),
    "err_imp_deleted": (
        "“{value}”对应的记录已删除，不能通过导入恢复",
        "The record “{value}” was deleted; an import cannot bring it back",
    ),
    "err_imp_tenancy_fixed": (
        "已有这条租约；导入只能为在租的租约填写迁出日期和原因，其他修改（{fields}）请在租约页办理",
        "This tenancy exists; an import can only add a move-out date and reason to an open one. "
        "Make other changes ({fields}) on the tenancies page",
    ),
    "err_imp_ambiguous": (
        "有 {n} 个改造项目都叫“{value}”，无法确定更新哪一个",
        "{n} conversion projects are named “{value}”; the import cannot tell which to update",
    ),
    "err_imp_location_fixed": (
        "已有项目的位置不能通过导入修改（“{field}”与库中不同）",
        "An existing project's location cannot be changed by an import (“{field}” differs)",
    ),
    "err_imp_kind": (
        "未知的导入类型“{value}”（可选：{kinds}）",
        "Unknown import kind “{value}” (one of: {kinds})",
    ),
    "err_imp_rejected": (
        "文件“{file}”有 {n} 行被拒绝，未写入任何数据；请改正后重新导入，或选择只导入有效行",
        "File “{file}”: {n} rows were rejected and nothing was written; correct them and "
        "import again, or choose to import only the valid rows",
    ),
    "err_imp_rejected#1": (
        "文件“{file}”有 1 行被拒绝，未写入任何数据；请改正后重新导入，或选择只导入有效行",
        "File “{file}”: 1 row was rejected and nothing was written; correct it and import "
        "again, or choose to import only the valid rows",
    ),
    "err_imp_dup_column": (
        "文件“{file}”：“{column}”列出现了两次",
        "File “{file}”: the column “{column}” appears twice",
    ),
    "err_imp_missing_column": (
        "文件“{file}”缺少必填列：{columns}",
        "File “{file}” lacks required columns: {columns}",
    ),
    "err_imp_dup_key": (
        "与第 {first} 行重复（{keys}），同一记录在文件中只能出现一次",
        "Same key as row {first} ({keys}); a record may appear only once in a file",
    ),
    "err_imp_changed": (
        "文件“{file}”：预览之后数据已被他人修改，未写入任何数据，请重新预览",
        "File “{file}”: the data changed since the preview; nothing was written, preview again",
    ),
    "f_file": ("文件", "File"),
    "f_created": ("新增行数", "Rows created"),
    "f_updated": ("更新行数", "Rows updated"),
    "f_unchanged": ("无变化行数", "Rows unchanged"),
    "f_rejected": ("跳过的被拒绝行数", "Rejected rows skipped"),
    "imp_action_create": ("新增", "Create"),
    "imp_action_update": ("更新", "Update"),
    "imp_action_unchanged": ("无变化", "Unchanged"),
    "imp_action_rejected": ("拒绝", "Rejected"),
    "imp_fmt_choice": ("可选：{choices}", "One of: {choices}"),
    "imp_fmt_bool": ("是 / 否", "yes / no"),
    "imp_fmt_month": ("年月，如 2024-03 或 2024年3月", "Year and month, e.g. 2024-03"),
    "imp_fmt_date": (
        "日期，如 2024-03-01、2024/3/1、2024年3月1日",
        "Date, e.g. 2024-03-01 or 2024/3/1",
    ),
    "imp_fmt_number": ("数字，不能为负", "Number, not negative"),
    "imp_fmt_text": ("文字", "Text"),
    "imp_fmt_whole": ("整数，不能为负", "Whole number, not negative"),
    "imp_col_header": ("列名", "Column"),
    "imp_col_other": ("列名（英文）", "Column (Chinese)"),
    "imp_col_required": ("必填", "Required"),
    "imp_col_format": ("格式", "Format"),
    "imp_sheet_data": ("数据", "Data"),
    "imp_sheet_notes": ("填写说明", "Notes"),
    "imp_template_stem": ("导入模板", "import-template"),
    "imp_export_stem": ("导出", "export"),
    "imp_kind_carriers": ("载体", "Carriers"),
    "imp_kind_tenants": ("企业", "Tenants"),
    "imp_kind_tenancies": ("租约", "Tenancies"),
    "imp_kind_occupancy": ("出租率填报", "Occupancy"),
    "imp_kind_projects": ("改造项目", "Projects"),
    "imp_kind_zones": ("区域边界", "Zones"),
    "imp_intro": (
        "上传 Excel（.xlsx）或 CSV 文件，先预览将新增、更新、无变化和被拒绝的行，确认后才写入。"
        "有任何一行被拒绝时不写入任何数据，除非选择只导入有效行。",
        "Upload an Excel (.xlsx) or CSV file. You first see which rows will be created, "
        "updated, left unchanged or rejected; nothing is written until you confirm, and "
        "nothing at all while any row is rejected unless you choose to import only the "
        "valid rows.",
    ),
    "imp_kind": ("导入内容", "What to import"),
    "imp_template": ("下载模板（含示例行）", "Download template (with a sample row)"),
    "imp_export": ("导出现有数据（同一格式）", "Export current data (same format)"),
    "imp_crs": ("坐标系", "Coordinate system"),
    "imp_crs_help": (
        "经纬度列的坐标系：WGS-84（GPS）、GCJ-02（高德、腾讯）、BD-09（百度），"
        "或 EPSG 代码（如 EPSG:4490）",
        "Coordinate system of the longitude/latitude columns: WGS-84 (GPS), GCJ-02 (AMap, "
        "Tencent), BD-09 (Baidu) or an EPSG code (e.g. EPSG:4490)",
    ),
    "imp_epsg": ("EPSG 代码", "EPSG code"),
    "imp_upload": ("选择文件（最大 {mb} MB）", "Choose a file (at most {mb} MB)"),
    "imp_browse": ("选择文件", "Browse files"),
    "imp_drop_hint": (
        "或把文件拖到这里：{types}，最大 {mb} MB",
        "or drop it here: {types}, at most {mb} MB",
    ),
    "imp_preview_title": ("预览：{file}", "Preview: {file}"),
    "imp_rejected_title": ("被拒绝的行", "Rejected rows"),
    "imp_rejected_title_gis": ("被拒绝的要素", "Rejected features"),
    "imp_rows_title_gis": ("将写入的要素", "Features to write"),
    "imp_col_row_gis": ("要素序号", "Feature"),
    "imp_done_gis": (
        "导入完成：更新了 {updated} 个区域边界。",
        "Imported: {updated} zone outlines updated.",
    ),
    "err_imp_rejected_gis": (
        "文件“{file}”有 {n} 个要素被拒绝，未写入任何数据；区域边界只能整份导入，请改正后重新导入",
        "File “{file}”: {n} features were rejected and nothing was written; zone outlines "
        "go in whole, so correct them and import again",
    ),
    "imp_rows_title": ("将写入的行", "Rows to write"),
    "imp_ignored": ("未使用的列：{columns}", "Columns not used: {columns}"),
    "imp_only_valid": (
        "只导入有效行（跳过被拒绝的行）",
        "Import only the valid rows (skip the rejected ones)",
    ),
    "imp_confirm": ("确认导入", "Import now"),
    "imp_blocked_whole": (
        "有被拒绝的要素：区域边界只能整份导入，请改正文件后重新上传。",
        "Some features are rejected: zone outlines go in whole, so correct the file and "
        "upload it again.",
    ),
    "imp_blocked": (
        "有被拒绝的行：改正文件后重新上传，或勾选“只导入有效行”。",
        "Some rows are rejected: correct the file and upload it again, or tick "
        "“import only the valid rows”.",
    ),
    "imp_nothing": ("没有需要写入的变化。", "Nothing to write: no changes."),
    "imp_done": (
        "导入完成：新增 {created} 行，更新 {updated} 行。",
        "Imported: {created} created, {updated} updated.",
    ),
    "imp_progress": ("正在检查第 {done}/{total} 行", "Checking row {done} of {total}"),
    "imp_col_row": ("行号", "Row"),
    "imp_col_key": ("关键字段", "Key"),
    "imp_col_column": ("列", "Column"),
    "imp_col_message": ("原因", "Reason"),
    "imp_col_action": ("操作", "Action"),
    "imp_col_changes": ("变更的列", "Changed columns"),
    "imp_crs_wgs84": ("WGS-84（GPS、天地图）", "WGS-84 (GPS, Tianditu)"),
    "imp_crs_gcj02": ("GCJ-02（高德、腾讯）", "GCJ-02 (AMap, Tencent)"),
    "imp_crs_bd09": ("BD-09（百度）", "BD-09 (Baidu)"),
    "imp_crs_epsg": ("其他（EPSG 代码）", "Other (EPSG code)"),
    "imp_crs_gis": ("坐标系", "Coordinate system"),
    "imp_crs_gis_help": (
        "GIS 文件通常自带坐标系（Shapefile 的 .prj、GeoPackage）。DataV 区界文件（含 adcode）"
        "自动按 GCJ-02 读取；其他来自高德、腾讯等国内来源的文件多为 GCJ-02，请手动选择",
        "GIS files usually carry their coordinate system (a Shapefile's .prj, a GeoPackage). "
        "DataV district files (with adcode) are read as GCJ-02; other files from Chinese "
        "sources such as AMap or Tencent are mostly GCJ-02 and need it chosen",
    ),
    "imp_crs_file": ("按文件自带的坐标系", "As the file says"),
    "imp_zones_hint": (
        "上传 GeoJSON、GeoPackage 或压缩的 Shapefile（.zip，含 .prj），按“代码”字段更新区界、"
        "市北高新园区和三个集聚带的边界。先下载当前边界，在 GIS 软件中修改后再上传。"
        "只导入边界：名称以系统为准，文件中的名称仅供对照。预览会列出因此改变所属园区或集聚带的载体；"
        "整份文件全部通过才会写入。",
        "Upload GeoJSON, a GeoPackage or a zipped Shapefile (.zip with its .prj) to update "
        "the outlines of the district, Shibei park and the three belts, matched by the "
        "“code” field. Download the current outlines, edit them in a GIS, and upload them "
        "again. Only outlines are imported: names are the system's, the file's are for "
        "orientation. The preview lists the carriers that change park or belt; the file "
        "is written only when every feature passes.",
    ),
    "imp_template_zones": ("下载当前区域边界（GeoJSON）", "Download current outlines (GeoJSON)"),
    "imp_warnings_title": (
        "请先核对以下情况（数值与上月相差很大、看起来不合常理，或边界带来的变化）；"
        "确认导入后将按文件原样写入。",
        "Please check these first (figures far from last month or unlikely, or what a new "
        "outline changes); if you confirm, the file is imported exactly as it is.",
    ),
    "imp_no_position": ("此类数据没有坐标列。", "This kind has no coordinate columns."),
}


def t(key: str | StrEnum, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``params``; unknown keys echo back."""
    key = str(key)
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key
    # Counted wording: "key#n" for the first integer parameter, so 0 days reads
    # "今天更新" rather than "0 天前更新" and 1 carrier is not "1 carriers".
    count = next((v for v in params.values() if type(v) is int), None)
    if count is not None:
        pair = _CATALOGUE.get(f"{key}#{count}", pair)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**params) if params else text


def join_list(items: Iterable[str], lang: str = DEFAULT_LANG) -> str:
    """Items of a list in running text: "甲、乙" in Chinese, "A, B" in English (admin QA
    met "Notes、Reporter" in the English interface)."""
    return ("、" if lang == "zh" else ", ").join(items)


def has(key: str) -> bool:
    """True when the catalogue knows ``key``."""
    return key in _CATALOGUE
