import re

import pytest
from pypdf import PdfReader

from djrh_desktop.reports import fonts


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    """Text without line breaks and spaces, for finding sentences that wrap across lines."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(path) -> dict[str, bool]:
    """Base font name -> embedded?"""
    out = {}
    for page in PdfReader(str(path)).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out[str(font["/BaseFont"])] = embedded
    return out


@pytest.fixture
def no_system_fonts(monkeypatch):
    """A machine without any Chinese TrueType font."""
    fonts.resolve.cache_clear()
    monkeypatch.setattr(fonts, "_index", lambda: {})
    yield
    fonts.resolve.cache_clear()


requires_cjk_font = pytest.mark.skipif(not any(k in fonts._index() for k in ("wqy-microhei.ttc", "wqy-zenhei.ttc", "simfang.ttf", "uming.ttc")),
                                       reason="no Chinese TrueType font on this machine")  # fmt: skip
