"""Long tables in reports: every row printed once and in order, the header on each page, columns sized so
that short words, dates and numbers never break."""

from __future__ import annotations

from pypdf import PdfReader

from djrh_desktop.reports.document import Report, header_lines
from tests.reports.conftest import flat


def test_a_long_table_keeps_every_row_in_order_with_its_header_on_each_page(tmp_path):
    r = Report("测试报表", "测试单位", "2026年度")
    rows = [[k, f"党员{k:04d}", "县人力资源和社会保障局机关第二党支部" if k % 7 == 0 else "第一支部", 60 + k % 40]
            for k in range(1, 801)]  # fmt: skip
    r.table(["名次", "姓名", "支部", "总分"], rows, align_right=(0, 3))
    out = r.build(tmp_path / "t.pdf")
    pages = [flat(p.extract_text()) for p in PdfReader(str(out)).pages]
    assert len(pages) > 10
    assert all("名次姓名支部总分" in page for page in pages)
    text = "".join(pages)
    positions = [text.find(f"党员{k:04d}") for k in range(1, 801)]
    assert -1 not in positions and positions == sorted(positions)
    assert all(text.count(f"党员{k:04d}") == 1 for k in (1, 400, 800))


def test_column_widths_come_from_content(tmp_path):
    r = Report("测试报表", "测试单位", "2026年度")
    rows = [["2026-01-10", "基本合格", "县人力资源和社会保障局机关第二党支部召开专题组织生活会并开展民主评议党员"]] * 3
    widths = r._widths(["谈话日期", "等次", "说明"], rows, [1, 1, 1], 10.5)
    assert widths is not None and abs(sum(widths) - r.width) < 0.01
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert widths[0] >= stringWidth("2026-01-10", r.fonts.body, 10.5) + 8  # a date on one line
    assert widths[1] >= stringWidth("基本合格", r.fonts.body, 10.5) + 8
    assert header_lines("政治建设") == "政治\n建设" and header_lines("支部党员大会") == "支部党员\n大会"


def test_the_signature_never_stands_alone_on_a_page(tmp_path):
    """落款 (GB/T 9704): whatever the length of the table above it, the page with the issuer and date also
    carries the table's last rows, and no row is printed twice or lost."""
    for n in range(20, 46):
        r = Report("测试报表", "测试单位", "2026年度")
        r.para("正文" * 30)
        r.table(["序号", "内容"], [[k, f"第{k}行"] for k in range(1, n + 1)])
        r.spacer(18)
        r.signature("中共测试委员会", "2026年12月2日")
        out = r.build(tmp_path / f"s{n}.pdf")
        pages = [flat(p.extract_text()) for p in PdfReader(str(out)).pages]
        signed = next(page for page in pages if "中共测试委员会" in page)
        assert f"第{n}行" in signed, n
        text = "".join(pages)
        assert all(text.count(f"第{k}行") == 1 for k in range(1, n + 1)), n


def test_the_signature_stays_with_the_text_it_signs(tmp_path):
    for n in range(300, 420, 12):  # characters of the last paragraph: its end crosses the page foot
        r = Report("测试通知", "测试单位", "2026年度")
        r.para("公示" * 200)
        r.para("尾" * n + "完。")
        r.spacer(18)
        r.signature("中共测试委员会", "2026年12月2日")
        out = r.build(tmp_path / f"p{n}.pdf")
        pages = [flat(p.extract_text()) for p in PdfReader(str(out)).pages]
        signed = next(page for page in pages if "中共测试委员会" in page)
        assert "完。" in signed and "尾尾" in signed, n
        assert "".join(pages).count("尾") == n, n
