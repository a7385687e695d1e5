"""Reading spreadsheets (.xlsx, .xls, .ods) with python-calamine: one fast reader for the three formats
officers' Excel and WPS files come in, with typed cells (dates as dates). Every failure becomes a
Chinese message saying what is wrong with which file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DjrhError
from . import bounds

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
CSV_ROWS = 100_000  # as bounds allows a sheet
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx is a compound file, not a zip


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cells: str, float, int, bool, date, datetime; '' for empty
    filled: int = 0  # cells given the value of the merged cell above them


def fill_merged(rows: list[list], ranges) -> int:
    """A cell merged down a block of rows (所在支部 over its members) holds its value in the top cell only:
    give it to every row of the block. Only merges within one column; a title merged across is left."""
    filled = 0
    for (r0, c0), (r1, c1) in ranges or ():
        if c0 != c1 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c0 < len(rows[r]) and rows[r][c0] in ("", None):
                rows[r][c0] = value
                filled += 1
    return filled


def sheet_names(path: str | os.PathLike) -> list[str]:
    if Path(path).suffix.lower() == ".csv":
        _check_exists(Path(path))
        return [Path(path).stem]
    return _open(path).sheet_names


def _check_exists(p: Path) -> None:
    if not p.exists():
        raise DjrhError(f"文件“{p}”不存在")


def _read_csv(p: Path) -> Sheet:
    """A .csv as Excel and WPS save it: UTF-8 (with or without the BOM Excel writes) or GBK/GB18030."""
    import csv
    import io

    _check_exists(p)
    bounds.check_file(p)
    raw = p.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; this is a binary file named .csv
        raise DjrhError(f"“{p.name}”不是文本格式的 CSV 文件")
    rows = []
    for row in csv.reader(io.StringIO(text, newline="")):
        rows.append(row)
        if len(rows) > CSV_ROWS:
            raise DjrhError(f"“{p.name}”超过{CSV_ROWS:,}行，请分成几个文件导入")
    return Sheet(p.stem, rows)


def read(path: str | os.PathLike, sheet: str | None = None) -> Sheet:
    if Path(path).suffix.lower() == ".csv":
        return _read_csv(Path(path))
    wb = _open(path)
    name = sheet or wb.sheet_names[0]
    if name not in wb.sheet_names:
        raise DjrhError(f"“{Path(path).name}”中没有名为“{name}”的工作表（有：{'、'.join(wb.sheet_names)}）")
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        bounds.check_sheet(p, name, wb.sheet_names.index(name))  # before calamine builds the grid
    try:
        grid = wb.get_sheet_by_name(name)
        bounds.check_grid(p, name, grid.height, grid.width)  # .xls: sized before Python objects are made
        rows = [list(r) for r in grid.to_python(skip_empty_area=False)]
        merged = grid.merged_cell_ranges  # .xlsx and .xls; None where the format has no merge list
    except DjrhError:
        raise
    except Exception as exc:  # calamine's own errors: the workbook is damaged
        raise DjrhError(f"读取“{Path(path).name}”的工作表“{name}”时出错：{exc}") from None
    return Sheet(name, rows, fill_merged(rows, merged))


def _open(path: str | os.PathLike):
    from python_calamine import CalamineWorkbook, PasswordError

    p = Path(path)
    if not p.exists():
        raise DjrhError(f"文件“{p}”不存在")
    if p.suffix.lower() not in SUFFIXES:
        raise DjrhError(f"“{p.name}”不是电子表格文件（应为 .xlsx、.xls、.ods 或 .csv）")
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except PermissionError:
        raise DjrhError(
            f"无法读取“{p.name}”：文件正被其他程序占用或没有权限，请关闭 Excel/WPS 后重试"
        ) from None
    if p.suffix.lower() in (".xlsx", ".xlsm") and head == _CFB:
        raise DjrhError(f"“{p.name}”设置了打开密码，请在 Excel/WPS 中取消密码后再导入")
    bounds.check_file(p)
    try:
        return CalamineWorkbook.from_path(str(p))
    except PasswordError:
        raise DjrhError(f"“{p.name}”设置了打开密码，请在 Excel/WPS 中取消密码后再导入") from None
    except PermissionError:
        raise DjrhError(f"无法读取“{p.name}”：文件正被其他程序占用，请关闭 Excel/WPS 后重试") from None
    except Exception:
        raise DjrhError(f"“{p.name}”不是有效的电子表格文件，或文件已损坏") from None
