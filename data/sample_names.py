"""Name pools for generated sample records (Chinese with English renderings).

Real places are listed in ``REAL_CARRIERS`` by their real names; everything else the
generator builds from these pools and flags ``is_sample``.
"""

from __future__ import annotations

# (name_zh, name_en, stage, accreditation, origin, address, lon, lat, operator)
REAL_CARRIERS: list[tuple[str, str, str, str, str, str, float, float, str]] = [
    (
        "聚能湾国家级科技企业孵化器",
        "Juneng Bay (Energy Gathering Bay) National Incubator",
        "incubator",
        "national",
        "new",
        "江场三路76-78号",
        121.451,
        31.300,
        "上海市北高科集团",
    ),
    (
        "汇智·园满星空间",
        "Huizhi·Yuanmanxing Space",
        "public_space",
        "municipal",
        "converted_factory",
        "江场路1398号",
        121.447,
        31.296,
        "汇智园区运营",
    ),
    (
        "静安市北国际科创社区",
        "Jing'an Shibei International Sci-Tech Community",
        "accelerator",
        "municipal",
        "converted_factory",
        "市北高新园区东部（原彭浦机器厂）",
        121.456,
        31.301,
        "上海市北高科集团",
    ),
    (
        "环上大国际影视产业园",
        "International Film & TV Park Circum-SHU",
        "incubator",
        "municipal",
        "converted_factory",
        "延长路149号附近",
        121.448,
        31.2745,
        "环上大影视园运营",
    ),
    (
        "800秀创意园",
        "800 Show Creative Park",
        "public_space",
        "district",
        "converted_factory",
        "常德路800号",
        121.4398,
        31.2358,
        "800秀运营",
    ),
    (
        "同乐坊",
        "Tongle Fang",
        "nursery",
        "district",
        "converted_factory",
        "西康路、余姚路、海防路围合",
        121.4394,
        31.2391,
        "同乐坊运营",
    ),
    (
        "M+马利创意园",
        "M+ Marie Creative Park",
        "nursery",
        "district",
        "converted_factory",
        "西康路新丰路口",
        121.441,
        31.240,
        "马利创意园运营",
    ),
    (
        "WeWork 延平路",
        "WeWork Yanping Road",
        "public_space",
        "none",
        "converted_commercial",
        "延平路135号2-3层",
        121.438,
        31.230,
        "WeWork",
    ),
    (
        "WeWork 威海路",
        "WeWork Weihai Road",
        "public_space",
        "none",
        "converted_factory",
        "威海路696号",
        121.453,
        31.2285,
        "WeWork",
    ),
    (
        "四行仓库创意空间",
        "Sihang Warehouse Creative Space",
        "nursery",
        "district",
        "converted_factory",
        "光复路21号",
        121.466925,
        31.242264,
        "四行仓库运营",
    ),
]

# Area prefixes per zone: (zh, en)
AREA_WORDS: dict[str, list[tuple[str, str]]] = {
    "shibei": [
        ("市北", "Shibei"),
        ("江场", "Jiangchang"),
        ("汶水", "Wenshui"),
        ("云立方", "Cloud Cube"),
        ("数智谷", "Data Valley"),
    ],
    "belt_mrr": [
        ("中环", "Middle Ring"),
        ("共和", "Gonghe"),
        ("彭浦", "Pengpu"),
        ("灵石", "Lingshi"),
        ("汶水", "Wenshui"),
    ],
    "belt_njw": [
        ("南西", "Nanxi"),
        ("静安寺", "Jing'an Temple"),
        ("威海", "Weihai"),
        ("吴江", "Wujiang"),
        ("茂名", "Maoming"),
    ],
    "belt_szr": [
        ("苏河", "Suhe"),
        ("昌平", "Changping"),
        ("长寿", "Changshou"),
        ("西康", "Xikang"),
        ("光复", "Guangfu"),
    ],
    "other": [("大宁", "Daning"), ("延长", "Yanchang"), ("临汾", "Linfen"), ("彭浦新村", "Pengpu")],
}

BRAND_WORDS: list[tuple[str, str]] = [
    ("智汇", "Wisdom Hub"),
    ("创客", "Maker"),
    ("星火", "Spark"),
    ("云谷", "Cloud Valley"),
    ("数智", "Data Intelligence"),
    ("启航", "Launch"),
    ("汇创", "Co-Create"),
    ("青年", "Youth"),
    ("未来", "Future"),
    ("众力", "Collective"),
    ("优客", "UCommune"),
    ("纳什", "Nash"),
    ("飞马", "Pegasus"),
    ("源点", "Origin"),
    ("聚变", "Fusion"),
    ("方舟", "Ark"),
]

STAGE_NOUNS: dict[str, tuple[str, str]] = {
    "public_space": ("众创空间", "Co-working Space"),
    "nursery": ("创业苗圃", "Startup Nursery"),
    "incubator": ("孵化器", "Incubator"),
    "accelerator": ("加速器", "Accelerator"),
}

STREETS: dict[str, list[str]] = {
    "shibei": [
        "江场三路",
        "江场西路",
        "汶水路",
        "场中路",
        "寿阳路",
        "云飞路",
        "市北路",
    ],
    "belt_mrr": ["汶水路", "共和新路", "灵石路", "广中西路", "阳曲路", "平型关路"],
    "belt_njw": ["南京西路", "威海路", "吴江路", "茂名北路", "石门一路", "铜仁路"],
    "belt_szr": ["昌平路", "长寿路", "西康路", "光复路", "恒丰路", "武宁南路"],
    "other": ["延长中路", "临汾路", "大宁路", "万荣路", "共和新路"],
}

COMPANY_WORDS: list[tuple[str, str]] = [
    ("云途", "Yuntu"),
    ("数联", "Shulian"),
    ("智行", "Zhixing"),
    ("极光", "Aurora"),
    ("微澜", "Weilan"),
    ("蓝海", "Blue Ocean"),
    ("鼎新", "Dingxin"),
    ("立方", "Cube"),
    ("星图", "Star Map"),
    ("光年", "Light Year"),
    ("奇点", "Singularity"),
    ("锐思", "Ruisi"),
    ("衡拓", "Hengtuo"),
    ("峰值", "Peak"),
    ("青禾", "Qinghe"),
    ("沐风", "Mufeng"),
    ("思维", "Siwei"),
    ("灵犀", "Lingxi"),
    ("安信", "Anxin"),
    ("远景", "Vista"),
    ("博睿", "Borui"),
    ("易动", "Yidong"),
    ("天衡", "Tianheng"),
    ("鲸算", "Whale Compute"),
]

INDUSTRY_WORDS: dict[str, tuple[str, str]] = {
    "iot": ("物联网科技", "IoT Technology"),
    "cloud_computing": ("云计算科技", "Cloud Computing"),
    "big_data": ("大数据科技", "Big Data Technology"),
    "ai": ("智能科技", "AI Technology"),
    "cultural_creative": ("文化创意", "Cultural Creative"),
    "3d_printing": ("增材制造科技", "Additive Manufacturing"),
    "robotics": ("机器人科技", "Robotics"),
    "new_energy": ("新能源科技", "New Energy"),
    "new_materials": ("新材料科技", "New Materials"),
    "energy_saving": ("环保科技", "Environmental Technology"),
    "film_post_production": ("影视制作", "Film Production"),
    "animation_games": ("动漫游戏", "Animation & Games"),
    "information_security": ("信息安全技术", "Information Security"),
    "vr": ("虚拟现实科技", "VR Technology"),
    "multimedia_software": ("软件科技", "Software"),
    "bim": ("建筑科技", "Building Technology"),
}

# Industries that dominate each zone's tenants (the belts' themes).
ZONE_INDUSTRIES: dict[str, list[str]] = {
    "shibei": ["big_data", "cloud_computing", "iot", "ai", "information_security"],
    "belt_mrr": [
        "ai",
        "robotics",
        "iot",
        "3d_printing",
        "new_materials",
        "new_energy",
        "bim",
    ],
    "belt_njw": ["multimedia_software", "ai", "big_data", "cultural_creative", "vr"],
    "belt_szr": ["cultural_creative", "film_post_production", "animation_games", "vr"],
    "other": ["energy_saving", "new_energy", "bim", "multimedia_software"],
}

# (name_zh, name_en, original_use, address, lon, lat, status) — sample conversions.
CONVERSION_SITES: list[tuple[str, str, str, str]] = [
    (
        "原上海第五钢铁厂附属仓库",
        "Former No.5 Steel Works warehouse",
        "warehouse",
        "共和新路",
    ),
    (
        "闲置商务楼宇（恒丰路）",
        "Idle office tower, Hengfeng Rd",
        "idle_commercial",
        "恒丰路",
    ),
    (
        "原彭浦机器厂二期厂房",
        "Former Pengpu Machinery Plant, phase 2",
        "old_factory",
        "场中路",
    ),
    ("原上海电表厂", "Former Shanghai Meter Factory", "old_factory", "万荣路"),
    ("闲置商场（大宁）", "Idle shopping mall, Daning", "idle_commercial", "大宁路"),
    ("原纺织机械厂", "Former textile machinery plant", "old_factory", "长寿路"),
    ("原印刷厂", "Former printing works", "old_factory", "西康路"),
    ("原冷库", "Former cold store", "warehouse", "江场西路"),
    ("闲置酒店式公寓", "Idle serviced apartments", "idle_commercial", "威海路"),
    ("原汽车修理厂", "Former car repair works", "other", "灵石路"),
]
