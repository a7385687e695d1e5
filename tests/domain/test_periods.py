import datetime as dt

import pytest

from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.periods import Quarter, format_date_cn, month_end, parse_iso_date, year_label


def test_quarter_labels_and_ranges():
    q = Quarter(2026, 3)
    assert q.label == "2026年第三季度"
    assert (q.start, q.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert Quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert q.months == (7, 8, 9)


def test_quarter_of_day_and_neighbours():
    assert Quarter.of(dt.date(2026, 11, 23)) == Quarter(2026, 4)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2026, 2).contains(dt.date(2026, 6, 30))
    assert not Quarter(2026, 2).contains(dt.date(2026, 7, 1))


@pytest.mark.parametrize("year, quarter", [(2026, 0), (2026, 5), (1800, 1)])
def test_impossible_quarter_refused_in_chinese(year, quarter):
    with pytest.raises(ValidationError) as err:
        Quarter(year, quarter)
    assert "季度" in str(err.value) or "年份" in str(err.value)


def test_dates_in_chinese_and_parsing():
    assert format_date_cn(dt.date(2026, 11, 23)) == "2026年11月23日"
    assert year_label(2026) == "2026年度"
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert parse_iso_date("2026-02-28") == dt.date(2026, 2, 28)
    with pytest.raises(ValidationError, match="不是有效日期"):
        parse_iso_date("2026-02-30")
