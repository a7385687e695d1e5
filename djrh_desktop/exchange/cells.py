"""Turning spreadsheet cells into values: dates in every style officers type, ID numbers that Excel
may have stored as numbers, full-width digits. Each parser raises ValueError with a Chinese reason."""

from __future__ import annotations

import datetime as dt
import re

_FULL = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0E: ".", 0xFF0F: "/", 0xFF0D: "-", 0x3000: " "}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_FULL).strip()


def display(value) -> str:
    """A cell as the preview shows it: 1 not 1.0, a date without its midnight."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def is_blank(value) -> bool:
    return text(value) == ""


def date(value) -> dt.date | None:
    """Excel dates, 2019-07-01, 2019.7.1, 2019/7/1, 2019年7月1日, 201907, 20190701, full-width digits."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 190000 <= value <= 210012 and float(value).is_integer():  # 201907 typed as a number
            return date(str(int(value)))
        if 1900 <= value < 2101:  # a year, or 2001.07 that Excel keeps as a number: never a 1905 serial day
            return _year_dot_month(float(value))
        if 1 <= value < 80000:  # an Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"“{value}”不是日期")
    s = text(value)
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", s)
    if m:
        y, mo, d = map(int, m.groups())
    elif re.fullmatch(r"\d{8}", s):
        y, mo, d = int(s[:4]), int(s[4:6]), int(s[6:])
    elif re.fullmatch(r"\d{6}", s) or re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?", s):
        digits = re.findall(r"\d+", s)
        y, mo, d = (int(s[:4]), int(s[4:]), 1) if len(digits) == 1 else (int(digits[0]), int(digits[1]), 1)
    else:
        raise ValueError(f"“{s}”不是可识别的日期（可写作 2019-07-01、2019.7.1 或 2019年7月1日）")
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError(f"“{s}”不是有效日期") from None


def _year_dot_month(value: float) -> dt.date:
    """2001.07 → July 2001. Excel drops a trailing zero, so 2005.1 may have been 2005.10: refused, as is
    a bare year."""
    year = int(value)
    if value == year:
        raise ValueError(f"“{year}”只写了年份，请写出月份，如 {year}.07 或 {year}-07-01")
    hundredths = round((value - year) * 100)
    if hundredths == 10:
        raise ValueError(f"“{value:g}”被 Excel 存成了数字，分不清是{year}年1月还是10月；"
                         f"请把该列设为文本后写作 {year}.01 或 {year}.10")  # fmt: skip
    month = hundredths // 10 if hundredths % 10 == 0 and hundredths > 12 else hundredths
    if not 1 <= month <= 12:
        raise ValueError(f"“{value:g}”不是日期")
    return dt.date(year, month, 1)


def id_number(value) -> str | None:
    """The ID as text; refuse one Excel stored as a number (its last digits are already lost)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("被 Excel 存成了数字，后几位已经丢失；请把该列设置为“文本”格式后重新填写")
    s = text(value).replace(" ", "")
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", s):
        raise ValueError("是科学计数法（如 1.10101E+17），后几位已经丢失；请把该列设置为“文本”格式后重新填写")
    return s.upper() or None


def number(value, default: float | None = None) -> float | None:
    if is_blank(value):
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(text(value))
    except ValueError:
        raise ValueError(f"“{text(value)}”不是数字") from None
