"""The .djrhpkg file (docs/数据包格式.md): a zip holding manifest.json, records.jsonl and, when the package
carries ledger entries, ledger.sqlite (their rows, as a small SQLite file). The manifest names the format
version, the unit, the sending file and PC, the package id, when it was made, its scope and counts, and the
SHA-256 of records.jsonl and of ledger.sqlite. Reading refuses, with a Chinese message and before anything
is written anywhere, a file that is not a package, is truncated or damaged, or is of a newer format; the
ledger file is unpacked into a temporary folder for the importer to attach."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..domain.errors import DjrhError
from ..files import atomic_write

FORMAT = 2  # raised when a reader of the old format could no longer understand a package (2: ledger.sqlite)
SUFFIX = ".djrhpkg"
MANIFEST, RECORDS, LEDGER = "manifest.json", "records.jsonl", "ledger.sqlite"
MAGIC = "djrh-desktop 数据包"


class PackageError(DjrhError):
    """A package refused as a whole."""


@dataclass
class Package:
    manifest: dict
    records: list[dict]  # {"t": entity, "g": global id (hex), "d": fields}; a format-1 package's entries among them
    ledger: Path | None = None  # the unpacked ledger.sqlite, in a temporary folder of its own (discard() removes it)

    def discard(self) -> None:
        if self.ledger is not None:
            shutil.rmtree(self.ledger.parent, ignore_errors=True)
            self.ledger = None


def write(path: str | os.PathLike, manifest: dict, records: Iterable[dict], ledger: tuple[Path, int] | None = None) -> dict:
    """Write the package atomically; returns the manifest as written (with counts and checksums). `ledger`:
    the ledger file of the package's entries and how many rows it holds."""
    target = Path(path)
    if not target.parent.is_dir():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    lines, counts = [], {}
    for r in records:
        lines.append(orjson.dumps(r))
        counts[r["t"]] = counts.get(r["t"], 0) + 1
    body = b"\n".join(lines) + b"\n" if lines else b""
    rows = ledger[1] if ledger else 0
    if rows:
        counts["entry"] = rows
    manifest = {"magic": MAGIC, "format": FORMAT, **manifest, "counts": counts, "records": len(lines) + rows,
                "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
    if rows:
        manifest["ledger"] = {"rows": rows, "sha256": _file_sha256(ledger[0])}
    with atomic_write(target, SUFFIX) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr(RECORDS, body)
        if rows:
            z.write(ledger[0], LEDGER)
    return manifest


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


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
            _check_manifest(manifest, name)
            body = z.read(RECORDS)
            ledger = _unpack_ledger(z, manifest, name) if manifest.get("ledger") else None
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
    package = Package(manifest, [], ledger)
    try:
        if hashlib.sha256(body).hexdigest() != manifest.get("sha256") or (
                ledger is not None and _file_sha256(ledger) != manifest["ledger"].get("sha256")):  # fmt: skip
            raise PackageError(f"“{name}”已损坏（内容与校验值不符），未导入任何数据")
        package.records = list(_records(body, name))
        held = len(package.records) + (manifest["ledger"].get("rows", 0) if ledger is not None else 0)
        if held != manifest.get("records"):
            raise PackageError(f"“{name}”内容不完整（应有 {manifest.get('records')} 条记录，实有 {held} 条）")
    except BaseException:
        package.discard()
        raise
    return package


def _check_manifest(manifest, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("magic") != MAGIC:
        raise PackageError(f"“{name}”不是党建融合桌面的数据包")
    if not isinstance(manifest.get("format"), int) or manifest["format"] > FORMAT:
        raise PackageError(f"“{name}”由更新版本的程序生成（数据包格式 {manifest.get('format')}，本程序支持 {FORMAT}），"
                           "请先升级本程序再导入")  # fmt: skip


def _unpack_ledger(z: zipfile.ZipFile, manifest: dict, name: str) -> Path:
    """ledger.sqlite into a temporary folder of its own (SQLite attaches files, not zip members)."""
    if LEDGER not in z.namelist() or not isinstance(manifest["ledger"], dict):
        raise PackageError(f"“{name}”不是完整的数据包（缺少积分记录部分），未导入任何数据")
    folder = Path(tempfile.mkdtemp(prefix="djrh-pkg-"))
    target = folder / LEDGER
    try:
        with z.open(LEDGER) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


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
