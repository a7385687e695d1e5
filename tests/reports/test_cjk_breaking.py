"""避头尾: no line starts with closing punctuation and none ends with an opening one, at any width."""

from pathlib import Path

import pytest

from djrh_desktop.reports import fonts
from djrh_desktop.reports.cjk import NO_END, NO_START, break_lines, tokens

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SAMPLE = (
    "近年来，扎兰屯监狱紧扣“党建引领业务、党建与法治建设深度融合”目标，创新实施“学用、目标、组织”三维融合工程，"
    "推动党建与法治建设、监管业务深度融合（见《党建与业务融合工作方案》）。全年组织集中学习14次；开展谈心谈话126人次，"
    "执法廉政谈话350余人次！签订《家庭助廉承诺书》89份？"
)


def real_text() -> str:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    return "".join(" ".join(t.split()) for t in texts) or SAMPLE * 40


def bad_lines(lines):
    return [
        (i, line) for i, line in enumerate(lines) if (i and line[:1] in NO_START) or (line[-1:] in NO_END)
    ]


@pytest.fixture(scope="module")
def body_font():
    return fonts.resolve(None).body


def test_tokens_glue_punctuation():
    assert tokens("你好，世界") == ["你", "好，", "世", "界"]
    assert tokens("见《方案》。") == ["见", "《方", "案》。"]
    assert tokens("共2026人") == ["共", "2026", "人"]


@pytest.mark.parametrize("chars_per_line", [7, 9, 12, 17, 21, 25, 28, 31, 40])
def test_no_forbidden_line_starts_or_ends(body_font, chars_per_line):
    text = real_text()[:20000]
    width = 16 * chars_per_line
    lines = break_lines(text, body_font, 16, width, first_indent=32)
    assert "".join(lines) == text  # nothing lost or duplicated
    assert bad_lines(lines) == []
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # Lines stay within the width, except a single token that could not be broken.
    assert all(stringWidth(line, body_font, 16) <= width + 16 * 3 for line in lines)


def test_reportlab_default_wrapping_would_break_the_rules(body_font):
    """The reason for cjk.py: ReportLab's own CJK wrapping lets lines start with ，。 etc."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("x", fontName=body_font, fontSize=16, leading=24, wordWrap="CJK")
    p = Paragraph(real_text()[:6000], style)
    p.wrap(16 * 28, 100000)

    def text_of(line):  # plain lines are (extra space, [text]); mixed ones FragLine objects with words
        return (
            "".join(line[1])
            if isinstance(line, tuple)
            else "".join(getattr(w, "text", "") for w in line.words)
        )

    lines = [text_of(line) for line in p.blPara.lines]
    assert bad_lines(lines), "ReportLab now obeys 避头尾: cjk.py may no longer be needed"


def test_body_lines_hold_28_characters_as_gbt_9704_counts_them(tmp_path):
    """156 mm of 3号 仿宋: 28 characters a full line (ReportLab's plain measure gives 27), 26 after the indent."""
    from djrh_desktop.reports.cjk import CJKParagraph
    from djrh_desktop.reports.document import BODY, Report

    r = Report("测试", "单位", "2026年", None)
    text = "党" * 80
    p = CJKParagraph(text, r.fonts.body, BODY, indent_chars=2, grid_chars=28)
    p.wrap(r.width, 1000)
    assert [len(line) for line, _, _ in p.lines] == [26, 28, 26]
    plain = CJKParagraph(text, r.fonts.body, BODY)
    plain.wrap(r.width, 1000)
    assert len(plain.lines[1][0]) == 27  # what the grid corrects


def test_tables_size_columns_from_their_content(tmp_path):
    """Dates and short words keep their line; headers break between words; counts get whole-number ticks."""
    from djrh_desktop.reports.charts import bar_chart
    from djrh_desktop.reports.document import HEADER_BREAKS, Report, _atomic

    r = Report("测试", "单位", "2026年", None)
    header = ["支部", "支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "未达标情况"]
    rows = [["机关第一党支部", "1（达标）", "3（达标）", "9（达标）", "1（达标）", "3（达标）", "1（进行中）", "0（进行中）",
             "支部委员会缺11月；党小组会缺第一党小组11月"]] * 3  # fmt: skip
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert r._widths(header, rows, [1] * len(header), 10.5) is None  # too wide at 10.5 pt: the table steps down
    size = next(x / 2 for x in range(20, 15, -1) if r._widths(header, rows, [1] * len(header), x / 2))
    widths = r._widths(header, rows, [1] * len(header), size)
    assert size >= 8
    for c in range(0, 8):  # the branch, every 「n（达标）」 cell and each header's widest line fit
        assert widths[c] >= stringWidth(rows[0][c], r.fonts.body, size) + 8
        for line in HEADER_BREAKS.get(header[c], header[c]).split("\n"):
            assert widths[c] >= stringWidth(line, r.fonts.hei, size) + 8
    assert abs(sum(widths) - r.width) < 0.01
    assert _atomic("2026-01-10") and _atomic("机关第一党支部") and not _atomic("支部委员会缺11月；党小组会缺第一党小组11月")
    chart = bar_chart("次数", [("一月", 1), ("二月", 0)], r.fonts.body, r.width)
    axis = next(x for x in chart.contents if hasattr(x, "valueAxis")).valueAxis
    assert axis.valueStep == 1 and axis.labelTextFormat == "%d"


def test_a_heading_never_ends_a_page(tmp_path):
    """A heading followed by a chart that does not fit below it moves to the next page with the chart."""
    from pypdf import PdfReader

    from djrh_desktop.reports.charts import bar_chart
    from djrh_desktop.reports.document import Report

    r = Report("测试", "单位", "2026年", None)
    for _ in range(17):
        r.para("党建工作。" * 5)
    r.h2("（一）图表标题")
    r.chart(bar_chart("次数", [("一月", 3), ("二月", 4)], r.fonts.body, r.width, 300))
    out = r.build(tmp_path / "h.pdf")
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert len(pages) == 2 and "（一）图表标题" in pages[1] and "（一）图表标题" not in pages[0]


def test_gongwen_fonts_come_before_the_windows_defaults(tmp_path, monkeypatch):
    """仿宋_GB2312 and 方正小标宋简体, where installed, set the body and titles before simfang/simsun."""
    import shutil

    from djrh_desktop.reports import fonts

    source = next((p for name, p in fonts._index().items() if name in ("wqy-microhei.ttc", "wqy-zenhei.ttc")), None)
    if source is None:
        pytest.skip("no TrueType CJK font to stand in")
    files = {}
    for name in ("仿宋_GB2312.ttf", "simfang.ttf", "FZXBSJW.TTF", "simsun.ttc", "simhei.ttf"):
        files[name.lower()] = tmp_path / name
        shutil.copy(source, files[name.lower()])
    fonts.resolve.cache_clear()
    monkeypatch.setattr(fonts, "_index", lambda: files)
    try:
        fs = fonts.resolve()
        assert fs.body == fonts._register(files["仿宋_gb2312.ttf"]) and fs.song == fonts._register(files["fzxbsjw.ttf"])
        assert fs.hei == fonts._register(files["simhei.ttf"]) and fs.body.isascii()
    finally:
        fonts.resolve.cache_clear()


def test_a_font_per_part_of_the_document(admin, tmp_path):
    """标题/正文/一级/二级 each from its own file when set; an OpenType file is refused when chosen."""
    import shutil

    from djrh_desktop.domain.errors import DjrhError
    from djrh_desktop.reports import fonts
    from djrh_desktop.services import settings

    source = next((p for name, p in fonts._index().items() if name in ("wqy-microhei.ttc", "wqy-zenhei.ttc")), None)
    if source is None:
        pytest.skip("no TrueType CJK font to stand in")
    title, body = tmp_path / "xiaobiaosong.ttc", tmp_path / "fangsong.ttc"
    shutil.copy(source, title)
    shutil.copy(source, body)
    (tmp_path / "x.otf").write_bytes(b"OTTO")
    with pytest.raises(DjrhError, match="OpenType"):
        settings.put_many(admin, {settings.PDF_FONTS: {"title": str(tmp_path / "x.otf")}})
    settings.put_many(admin, {settings.PDF_FONTS: {"title": str(title), "body": str(body)}})
    fonts.resolve.cache_clear()
    fs = fonts.resolve(settings.report_fonts(admin))
    assert fs.song == fonts._register(title) and fs.body == fonts._register(body) and fs.song != fs.body
