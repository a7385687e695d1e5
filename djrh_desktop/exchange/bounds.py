"""Sizing a spreadsheet up before anyone reads it.

A workbook's reader builds every sheet as one dense grid of its used range: one "x" in cell
XFD1048576 of a 5 KB file asks for 16384 × 1048576 cells (half a terabyte, and Rust aborts the
process), and a small zip can unpack to gigabytes. So before calamine sees an .xlsx or .ods file:

- the zip directory's uncompressed sizes are added up and capped;
- the chosen sheet's XML is streamed (through Python's zipfile, which stops at the declared size and
  checks the CRC, so the directory cannot lie) and the row and column of every cell holding a value
  are taken from it, for .ods with its row and column repeats.

An .xls file (at most 65536 × 256 by its format) is sized from calamine's grid before it is turned
into Python objects. Over the limits the user gets a Chinese message naming the sheet and its size.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..domain.errors import DjrhError

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000  # rows × columns of the used range: ~130 MB in the reader, ~300 MB as Python lists
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # all entries of the zip together, as its directory declares
CHUNK = 1 << 20

_XLSX_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
# The common case, as Excel, WPS and LibreOffice write it: r first, no prefix. Matched in C with findall.
_FAST_VALUED = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
_FAST_EMPTY = re.compile(rb"<c [^>]*/>")
_R_ATTR = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ODS_EVENT = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>")
_ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_ODS_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')
_ODS_VALUE = re.compile(rb"office:value-type=")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


@dataclass(frozen=True)
class Extent:
    rows: int
    columns: int


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def too_big_message(file: str, sheet: str, extent: Extent) -> str | None:
    where = f"“{file}”的工作表“{sheet}”"
    if extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS:
        return (f"{where}的数据区域有 {extent.rows:,} 行、{extent.columns:,} 列，超过导入上限（最多 {MAX_ROWS:,} 行、"
                f"{MAX_COLUMNS} 列）。如果表格下方或右侧远处有零散内容，请删除这些行和列后另存再导入")  # fmt: skip
    if extent.rows * extent.columns > MAX_CELLS:
        return (f"{where}的数据区域有 {extent.rows:,} 行 × {extent.columns:,} 列，单元格总数超过导入上限"
                f"（{MAX_CELLS:,} 个）。请只保留需要导入的列，或分成几个文件导入")  # fmt: skip
    return None


def check_file(path: Path) -> None:
    """Refuse a file too large to be a roster, and a zip that would unpack beyond the cap."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DjrhError(
            f"“{path.name}”有 {size / 1048576:.0f} MB，超过导入文件的上限（{MAX_FILE_BYTES // 1048576} MB）"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DjrhError(f"“{path.name}”解压后有 {unpacked / 1048576:,.0f} MB，超过导入上限（"
                            f"{MAX_UNPACKED_BYTES // 1048576} MB）。文件可能已损坏或不是普通的表格文件")  # fmt: skip
    if path.suffix.lower() == ".ods":
        # The reader builds every table of an .ods when the file is opened: size them all first.
        for sheet, extent in _guarded(
            path, lambda z: _ods_extents(z) if "content.xml" in z.namelist() else {}
        ).items():
            message = too_big_message(path.name, sheet, extent)
            if message:
                raise DjrhError(message)


def check_sheet(path: Path, sheet: str, index: int) -> None:
    """Size the chosen sheet of an .xlsx/.ods from its XML; raise DjrhError over the limits."""
    if path.suffix.lower() == ".ods":
        return  # sized when the file was opened

    def extent_of(z):
        member = _xlsx_sheet_member(z, index)
        return _xlsx_extent(z, member) if member else Extent(0, 0)

    extent = _guarded(path, extent_of)
    message = too_big_message(path.name, sheet, extent)
    if message:
        raise DjrhError(message)


def _guarded(path: Path, read):
    try:
        with zipfile.ZipFile(path) as z:
            return read(z)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, KeyError, OSError) as exc:
        raise DjrhError(
            f"“{path.name}”不是有效的电子表格文件，或文件已损坏（{exc.__class__.__name__}）"
        ) from None


def check_grid(path: Path, sheet: str, rows: int, columns: int) -> None:
    message = too_big_message(path.name, sheet, Extent(rows, columns))
    if message:
        raise DjrhError(message)


def _xlsx_sheet_member(z: zipfile.ZipFile, index: int) -> str | None:
    """The zip member of the index-th sheet, through workbook.xml and its relationships."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ElementTree.fromstring(_small(z, "xl/workbook.xml"))
    sheets = [s for s in workbook.iter(f"{ns_main}sheet")]
    if index >= len(sheets):
        return None
    rid = sheets[index].get(f"{ns_rel}id")
    rels = ElementTree.fromstring(_small(z, "xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None


def _small(z: zipfile.ZipFile, name: str) -> bytes:
    info = z.getinfo(name)
    if info.file_size > 16 * 1024 * 1024:
        raise zipfile.BadZipFile(f"{name} too large")
    return z.read(name)


def _stream(z: zipfile.ZipFile, member: str):
    """The member's bytes in chunks, each chunk carrying the end of the one before so that no tag is
    cut in two (a tag we look at is far shorter than the overlap)."""
    tail = b""
    with z.open(member) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                cut = len(data)
            yield data[:cut]
            tail = data[cut:]
    if tail:
        yield tail


def _xlsx_extent(z: zipfile.ZipFile, member: str) -> Extent:
    max_row = max_col = valued = 0
    for data in _stream(z, member):
        found = _FAST_VALUED.findall(data)
        cells = data.count(b"<c ") + data.count(b"<c>")
        if len(found) + len(_FAST_EMPTY.findall(data)) == cells and b":c " not in data:
            valued += len(found)
            if found:
                letters = {f[0] for f in found}
                max_col = max(max_col, max(_column_number(x) for x in letters))
                max_row = max(max_row, max(int(x) for x in {f[1] for f in found}))
        else:  # attributes in another order, cells without a position, or a namespace prefix
            for m in _XLSX_CELL.finditer(data):
                if m.group(2):  # <c .../>: a formatted cell without a value, which the reader skips
                    continue
                valued += 1
                ref = _R_ATTR.search(m.group(1))
                if ref:
                    max_col = max(max_col, _column_number(ref.group(1)))
                    max_row = max(max_row, int(ref.group(2)))
        if valued > MAX_CELLS:  # cells written without positions still fill the grid one by one
            return Extent(max(max_row, valued), max(max_col, 1))
        if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
            return Extent(max_row, max_col)  # enough is known: stop reading
    return Extent(max_row, max_col)


def _ods_extents(z: zipfile.ZipFile) -> dict[str, Extent]:
    """Per table: rows and columns up to the last cell with a value, repeats counted."""
    out: dict[str, Extent] = {}
    name = None
    row = 0  # rows before the current one
    rows_repeat = 1
    col = last_row = last_col = 0
    for data in _stream(z, "content.xml"):
        for m in _ODS_EVENT.finditer(data):
            closing, kind, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if kind == b"table":
                if closing and name is not None:
                    out[name] = Extent(last_row, last_col)
                    name = None
                elif not closing:
                    found = _ODS_NAME.search(attrs)
                    name = found.group(1).decode("utf-8", "replace") if found else f"表{len(out) + 1}"
                    row = col = last_row = last_col = 0
                continue
            if name is None:
                continue
            if kind == b"table-row":
                if closing:
                    row += rows_repeat
                else:
                    rep = _ODS_ROWS_REPEATED.search(attrs)
                    rows_repeat, col = (int(rep.group(1)) if rep else 1), 0
                    if empty:
                        row += rows_repeat
                continue
            if closing:
                continue
            rep = _ODS_COLS_REPEATED.search(attrs)
            col += int(rep.group(1)) if rep else 1
            if kind == b"table-cell" and _ODS_VALUE.search(attrs):
                last_col = max(last_col, col)
                last_row = max(last_row, row + rows_repeat)
        if name is not None and (
            last_row > MAX_ROWS or last_col > MAX_COLUMNS or last_row * last_col > MAX_CELLS
        ):
            out[name] = Extent(last_row, last_col)
            return out  # enough is known: stop reading
    return out
