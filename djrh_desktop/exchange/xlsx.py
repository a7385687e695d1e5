"""Writing .xlsx files: Chinese headers, sensible widths, a frozen header row, dates as dates.

Write-only mode streams rows, so a year of county ledger (≈150 k rows) never sits in memory twice.
The file is written to a temporary name beside the target and renamed, so a failure leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..domain.errors import DjrhError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_table(path: str | os.PathLike, sheet: str, headers: list[str], rows: Iterable[list],
                widths: list[int] | None = None) -> int:  # fmt: skip
    """Write one sheet; ISO date strings become real dates. Returns the number of data rows."""
    # openpyxl loads on first export, not when the program starts.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    target = Path(path)
    if not target.parent.exists():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    guess = [max(6, _display_width(h) + 2) for h in headers]
    col_widths = widths or guess
    for i, w in enumerate(col_widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(w, 60)
    head = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(horizontal="center")
        head.append(cell)
    ws.append(head)
    n = 0
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, str) and _ISO_DATE.match(value):
                cell = WriteOnlyCell(ws, value=dt.date.fromisoformat(value))
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        n += 1
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", prefix=".djrh-", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, target)
    except PermissionError:
        os.unlink(tmp)
        raise DjrhError(f"无法写入“{target}”：文件可能正在被 Excel 或 WPS 打开，请关闭后重试") from None
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise DjrhError(f"无法写入“{target}”：{exc.strerror or exc}") from None
    return n
