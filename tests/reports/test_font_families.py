"""Every report with each family of free Chinese fonts a 信创 Linux desktop may have: WenQuanYi and AR PL
(UMing/UKai). Fonts embedded, only that family used, and no character drawn that the font lacks (a
missing glyph prints as an empty box)."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.pdfbase import pdfmetrics

from djrh_desktop.reports import fonts
from djrh_desktop.services import reporting
from djrh_desktop.services.reporting import ReportRequest
from tests.reports.conftest import pdf_fonts, pdf_text

FAMILIES = {"wqy": ("wqy-microhei.ttc", "wqy-zenhei.ttc"), "arpl": ("uming.ttc", "ukai.ttc")}
PDF_NAMES = {"wqy": "WenQuanYi", "arpl": "UMing"}


@pytest.fixture(params=list(FAMILIES))
def family(request, monkeypatch):
    """A machine whose only Chinese fonts are one family (skipped where that family is not installed)."""
    real = fonts._index()
    only = {name: path for name, path in real.items() if name in FAMILIES[request.param]}
    if not only:
        pytest.skip(f"{request.param} fonts not installed")
    fonts.resolve.cache_clear()
    monkeypatch.setattr(fonts, "_index", lambda: only)
    yield request.param
    fonts.resolve.cache_clear()


def test_every_report_prints_in_the_family(family, demo_admin, tmp_path):
    today = dt.date.today()
    q = (today.month - 1) // 3 + 1
    chosen = fonts.resolve(None)
    assert chosen.embedded and all(any(f in p for f in FAMILIES[family]) for p in chosen.files)
    # the characters each face has (a missing one would be drawn as .notdef: an empty box)
    covered = set.intersection(*({chr(c) for c in pdfmetrics.getFont(name).face.charToGlyph}
                                 for name in {chosen.body, chosen.hei, chosen.kai, chosen.song}))  # fmt: skip
    requests = [ReportRequest("quarterly", today.year, q), ReportRequest("stars", today.year - 1),
                ReportRequest("points", today.year), ReportRequest("talks", today.year, q),
                ReportRequest("visits", today.year, q), ReportRequest("meetings", today.year, q),
                ReportRequest("notice", today.year, half=1), ReportRequest("monthly", today.year)]  # fmt: skip
    for req in requests:
        out = tmp_path / f"{req.kind}.pdf"
        reporting.make(demo_admin, req, out)
        used = {name: embedded for name, embedded in pdf_fonts(out).items() if name != "/Helvetica"}
        assert used and all(used.values()), (req.kind, used)
        assert all(PDF_NAMES[family] in name or family == "arpl" and "UKai" in name for name in used), used
        missing = {ch for ch in pdf_text(out) if not ch.isspace()} - covered
        assert not missing, (req.kind, "".join(sorted(missing)))
