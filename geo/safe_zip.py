"""Read a zipped Shapefile without trusting the zip (issue 10 §1).

The zip is opened in memory and checked before anything is unpacked: entry names that
climb out of the folder (``../``, absolute paths, drive letters) or are symbolic links
refuse the whole file; the declared unpacked size and each entry's compression ratio are
capped against zip bombs, and every entry is read with a hard byte limit in case the
declared sizes lie. Only the chosen Shapefile's parts are written, under fixed names
(``layer.shp``, ``layer.dbf`` ...) in a fresh temporary folder, so an entry name never
becomes a path on this machine.
"""

from __future__ import annotations

import io
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from geo.geo_file_checks import GeoFileError, display_name, file_error

# A Shapefile compresses 2-10:1 (the .dbf is padded text); 100:1 is a crafted file.
MAX_RATIO = 100
# Ratios of tiny entries mean nothing (a 2 KB .prj of spaces); judge entries above this.
_RATIO_MIN_BYTES = 1 << 20
REQUIRED_PARTS = (".shx", ".dbf")
OPTIONAL_PARTS = (".prj", ".cpg")
_MB = 1024 * 1024


def _unsafe(info: zipfile.ZipInfo) -> bool:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    is_link = stat.S_ISLNK(info.external_attr >> 16)
    return (
        is_link
        or name.startswith("/")
        or (len(name) > 1 and name[1] == ":")  # C:/... written on Windows
        or ".." in parts
        or "\x00" in name
    )


def _ignored(name: str) -> bool:
    # macOS Finder adds __MACOSX/._x.shp resource forks that are not Shapefiles.
    path = PurePosixPath(name.replace("\\", "/"))
    return name.endswith("/") or "__MACOSX" in path.parts or path.name.startswith("._")


def _check(zf: zipfile.ZipFile, file: str, max_unzipped: int) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    for info in infos:
        if _unsafe(info):
            raise file_error(
                "gf_zip_unsafe_path", file, entry=display_name(info.filename, keep_path=True)
            )
    total = sum(i.file_size for i in infos)
    if total > max_unzipped:
        raise file_error(
            "gf_zip_too_big",
            file,
            size_mb=f"{total / _MB:.1f}",
            limit_mb=f"{max_unzipped / _MB:g}",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise file_error(
                "gf_zip_ratio",
                file,
                entry=display_name(info.filename),
                ratio=f"{ratio:.0f}",
                limit=MAX_RATIO,
            )
    return [i for i in infos if not _ignored(i.filename)]


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, budget: int) -> bytes:
    # zipfile stops at the declared size, but read at most budget+1 anyway so a
    # lying header can never make us hold more than the cap.
    with zf.open(info) as src:
        data = src.read(budget + 1)
    if len(data) > budget:
        raise file_error(
            "gf_zip_too_big", file, size_mb=f"> {budget / _MB:.1f}", limit_mb=f"{budget / _MB:g}"
        )
    return data


def _choose_shp(infos: list[zipfile.ZipInfo], file: str, layer: str | None) -> zipfile.ZipInfo:
    shps = [i for i in infos if i.filename.lower().endswith(".shp")]
    if layer is not None:
        shps = [i for i in shps if PurePosixPath(i.filename).stem == layer]
    if not shps:
        listed = ", ".join(display_name(i.filename, keep_path=True) for i in infos[:8]) or "—"
        raise file_error("gf_zip_no_shp", file, entries=listed)
    if len(shps) > 1:
        listed = ", ".join(display_name(i.filename, keep_path=True) for i in shps[:8])
        raise file_error("gf_zip_many_shp", file, names=listed)
    return shps[0]


@contextmanager
def unpacked_shapefile(
    data: bytes, file: str, *, max_unzipped: int, layer: str | None = None
) -> Iterator[tuple[Path, bool]]:
    """Unpack the one Shapefile in ``data`` into a temp folder; yield (.shp path, has .prj).

    Raises :class:`GeoFileError` for a damaged zip, unsafe entries, a zip bomb, no .shp,
    several .shp, or a .shp missing its .shx/.dbf. The folder is removed on exit.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise file_error("gf_unreadable", file) from exc
    with zf:
        infos = _check(zf, file, max_unzipped)
        shp = _choose_shp(infos, file, layer)
        stem = shp.filename[:-4]
        by_suffix = {
            suffix: next((i for i in infos if i.filename.lower() == (stem + suffix).lower()), None)
            for suffix in (*REQUIRED_PARTS, *OPTIONAL_PARTS)
        }
        missing = [s for s in REQUIRED_PARTS if by_suffix[s] is None]
        if missing:
            raise file_error(
                "gf_zip_missing_part",
                file,
                shp=display_name(shp.filename, keep_path=True),
                parts=", ".join(missing),
            )
        with tempfile.TemporaryDirectory(prefix="geofile-") as tmp:
            budget = max_unzipped
            for suffix, info in [(".shp", shp), *by_suffix.items()]:
                if info is None:
                    continue
                try:
                    content = _read_capped(zf, info, file, budget)
                # CRC error, truncation, encryption, an unknown compression method.
                except (
                    zipfile.BadZipFile,
                    OSError,
                    EOFError,
                    RuntimeError,
                    NotImplementedError,
                ) as exc:
                    raise file_error("gf_unreadable", file) from exc
                budget -= len(content)
                (Path(tmp) / f"layer{suffix}").write_bytes(content)
            yield Path(tmp) / "layer.shp", by_suffix[".prj"] is not None


__all__ = ["GeoFileError", "unpacked_shapefile"]
