"""Built-in bilingual map labels, used when a caller does not pass its own.

Pages normally pass labels from the app's i18n catalogue; these defaults keep geo/ usable
on its own (tests, benchmark, ``manage.py`` exports) and document the expected keys:
stage values, zone codes, ``legend_title``, on-map zone names (``<code>_map`` and,
below zoom 12.5, ``<code>_short``) and a few tooltip words.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

LANGS: Final = ("zh", "en")

_ZH: Final = {
    "legend_title": "图例",
    "public_space": "众创空间",
    "nursery": "创业苗圃",
    "incubator": "孵化器",
    "accelerator": "加速器",
    "district": "静安区",
    "shibei": "市北高新园区",
    "belt_njw": "南京西路商务创新集聚带",
    "belt_szr": "苏州河两岸文化创意集聚带",
    "belt_mrr": "中环两侧科技创新集聚带",
    "conversion": "闲置载体改造项目",
    "occupancy": "出租率",
    "status": "状态",
    "original_use": "原用途",
    "carriers": "创新载体",
    "context": "河流与道路",
    "fullscreen": "全屏",
    "no_data": "无数据",
    "shibei_map": "市北高新园区",
    "belt_njw_map": "南京西路商务创新集聚带",
    "belt_szr_map": "苏州河两岸文化创意集聚带",
    "belt_mrr_map": "中环两侧科技创新集聚带",
    "shibei_short": "市北园区",
    "belt_njw_short": "南京西路",
    "belt_szr_short": "苏州河",
    "belt_mrr_short": "中环",
    "converted_from": "由改造项目建成：",
    "converted_carrier": "由闲置载体改造建成",
    "occupancy_scale": "片区出租率",
}

_EN: Final = {
    "legend_title": "Legend",
    "public_space": "Public space",
    "nursery": "Nursery",
    "incubator": "Incubator",
    "accelerator": "Accelerator",
    "district": "Jing'an District",
    "shibei": "Shibei High-Tech Park",
    "belt_njw": "Nanjing West Rd business belt",
    "belt_szr": "Suzhou River creative belt",
    "belt_mrr": "Middle Ring tech belt",
    "conversion": "Conversion project",
    "occupancy": "Occupancy",
    "status": "Status",
    "original_use": "Original use",
    "carriers": "Innovation spaces",
    "context": "River and roads",
    "fullscreen": "Full screen",
    "no_data": "no data",
    "shibei_map": "Shibei High-Tech Park",
    "belt_njw_map": "Nanjing West Rd business belt",
    "belt_szr_map": "Suzhou River creative belt",
    "belt_mrr_map": "Middle Ring tech belt",
    "shibei_short": "Shibei",
    "belt_njw_short": "Nanjing W Rd",
    "belt_szr_short": "Suzhou River",
    "belt_mrr_short": "Middle Ring",
    "converted_from": "Converted by project: ",
    "converted_carrier": "Made from an idle building",
    "occupancy_scale": "Zone occupancy",
}

DEFAULT_LABELS: Final = MappingProxyType({"zh": MappingProxyType(_ZH), "en": MappingProxyType(_EN)})


def default_labels(lang: str) -> Mapping[str, str]:
    """Return the built-in labels for a language (``"zh"``, anything else is English).

    Parameters
    ----------
    lang : str
        Language code.

    Returns
    -------
    Mapping
        Read-only ``{key: label}``.
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, got {type(lang).__name__}")
    return DEFAULT_LABELS["zh" if lang == "zh" else "en"]


def label(labels: Mapping[str, str] | None, key: str, lang: str) -> str:
    """Look a key up in ``labels``, then in the defaults, then fall back to the key.

    Parameters
    ----------
    labels : Mapping or None
        Caller-supplied labels.
    key : str
        Label key.
    lang : str
        Language of the defaults.

    Returns
    -------
    str
        Unescaped label text.
    """
    if labels is not None and key in labels:
        return str(labels[key])
    return default_labels(lang).get(key, key)
