"""The .djrhpkg file (docs/数据包格式.md): a zip holding manifest.json and records.jsonl. The manifest names
the format version, the unit, the sending file and PC, the package id, when it was made, its scope and
counts, and the SHA-256 of records.jsonl. Reading refuses, with a Chinese message and before anything is
written anywhere, a file that is not a package, is truncated or damaged, or is of a newer format."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..domain.errors import DjrhError
from ..files import atomic_write

FORMAT = 1  # raised when a reader of the old format could no longer understand a package
SUFFIX = ".djrhpkg"
MANIFEST, RECORDS = "manifest.json", "records.jsonl"
MAGIC = "djrh-desktop 数据包"


class PackageError(DjrhError):
    """A package refused as a whole."""


@dataclass
class Package:
    manifest: dict
    records: list[dict]  # {"t": entity, "g": global id (hex), "d": fields}


def write(path: str | os.PathLike, manifest: dict, records: Iterable[dict], encoded: tuple[str, Iterable[bytes]] | None = None) -> dict:
    """Write the package atomically; returns the manifest as written (with counts and checksum). `encoded`:
    (entity, JSON lines) of records already encoded, written after the others."""
    target = Path(path)
    if not target.parent.is_dir():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    lines, counts = [], {}
    for r in records:
        lines.append(orjson.dumps(r))
        counts[r["t"]] = counts.get(r["t"], 0) + 1
    if encoded:
        entity, more = encoded
        before = len(lines)
        lines.extend(more)
        if len(lines) > before:
            counts[entity] = counts.get(entity, 0) + len(lines) - before
    body = b"\n".join(lines) + b"\n" if lines else b""
    manifest = {"magic": MAGIC, "format": FORMAT, **manifest, "counts": counts, "records": len(lines),
                "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
    with atomic_write(target, SUFFIX) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr(RECORDS, body)
    return manifest


def read(path: str | os.PathLike) -> Package:
    """The package's manifest and records, or PackageError saying what is wrong with the file."""
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise PackageError(f"找不到数据包“{p}”")
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
            if MANIFEST not in names or RECORDS not in names:
                raise PackageError(f"“{name}”不是党建融合桌面的数据包")
            manifest = json.loads(z.read(MANIFEST).decode("utf-8"))
            body = z.read(RECORDS)
    except PackageError:
        raise
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            raise PackageError(f"“{name}”已损坏（内容校验失败），未导入任何数据") from None
        raise PackageError(f"“{name}”不是完整的数据包（文件可能不完整或已损坏），未导入任何数据") from None
    except OSError as exc:
        raise PackageError(f"无法读取数据包“{name}”：{exc.strerror or exc}") from None
    except Exception:  # noqa: BLE001 - a damaged byte surfaces as zlib, CRC, decoding or compression-method errors
        raise PackageError(f"“{name}”已损坏（无法解压或内容校验失败），未导入任何数据") from None
    if not isinstance(manifest, dict) or manifest.get("magic") != MAGIC:
        raise PackageError(f"“{name}”不是党建融合桌面的数据包")
    if not isinstance(manifest.get("format"), int) or manifest["format"] > FORMAT:
        raise PackageError(f"“{name}”由更新版本的程序生成（数据包格式 {manifest.get('format')}，本程序支持 {FORMAT}），"
                           "请先升级本程序再导入")  # fmt: skip
    if hashlib.sha256(body).hexdigest() != manifest.get("sha256"):
        raise PackageError(f"“{name}”已损坏（内容与校验值不符），未导入任何数据")
    records = list(_records(body, name))
    if len(records) != manifest.get("records"):
        raise PackageError(f"“{name}”内容不完整（应有 {manifest.get('records')} 条记录，实有 {len(records)} 条）")
    return Package(manifest, records)


def _records(body: bytes, name: str) -> Iterator[dict]:
    for n, line in enumerate(body.splitlines(), 1):
        if not line:
            continue
        try:
            r = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise PackageError(f"“{name}”第 {n} 条记录无法识别，未导入任何数据") from None
        if not isinstance(r, dict) or not {"t", "g", "d"} <= r.keys():
            raise PackageError(f"“{name}”第 {n} 条记录无法识别，未导入任何数据")
        yield r
