"""No input file can abort the program or take more than 1 GB (issue 12, case 4)."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook

from djrh_desktop.domain.errors import DjrhError
from djrh_desktop.exchange import bounds, spreadsheet

ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            '<office:body><office:spreadsheet><table:table table:name="名册">')  # fmt: skip
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")  # fmt: skip


def cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def ods(path, rows_xml: str):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", MANIFEST)
        z.writestr("content.xml", ODS_HEAD + rows_xml + ODS_TAIL)
    return path


def roster_with_far_cell(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "所在支部"])
    ws.append(["张三", "男", "第一党支部"])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def test_far_cell_is_refused_before_reading(tmp_path):
    path = roster_with_far_cell(tmp_path / "far.xlsx")
    assert path.stat().st_size < 10_000
    with pytest.raises(DjrhError, match=r"1,048,576 行、16,384 列，超过导入上限"):
        spreadsheet.read(path)


def test_far_cell_through_the_cli_leaves_the_process_alive_and_small(tmp_path):
    path = roster_with_far_cell(tmp_path / "far.xlsx")
    db = tmp_path / "d.db"
    env_run = [sys.executable, "-m", "djrh_desktop.cli", "--db", str(db)]
    subprocess.run(
        [*env_run, "init", "--unit", "单位", "--admin-password", "Bomb2026x"], check=True, capture_output=True
    )
    done = subprocess.run([*env_run, "--user", "admin", "--password", "Bomb2026x", "import", "members", str(path)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 1 and "超过导入上限" in done.stderr, done.stderr
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KiB: under 1 GB


def replace_sheet(path, sheet_xml: bytes):
    """An openpyxl workbook whose first sheet's XML is replaced (to build big sheets fast)."""
    Workbook().save(path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def sheet_xml(rows: int) -> bytes:
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>党员{r}</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData>{body}</sheetData></worksheet>').encode()  # fmt: skip


def test_row_limit(tmp_path):
    ok = replace_sheet(tmp_path / "ok.xlsx", sheet_xml(bounds.MAX_ROWS))
    assert len(spreadsheet.read(ok).rows) == bounds.MAX_ROWS
    big = replace_sheet(tmp_path / "big.xlsx", sheet_xml(bounds.MAX_ROWS + 1))
    with pytest.raises(DjrhError, match="100,001 行"):
        spreadsheet.read(big)


def test_formatted_empty_cells_far_away_do_not_count(tmp_path):
    xml = sheet_xml(3).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    )
    path = replace_sheet(tmp_path / "styled.xlsx", xml)
    assert len(spreadsheet.read(path).rows) == 3


def test_zip_that_unpacks_beyond_the_cap_is_refused_from_its_directory(tmp_path, monkeypatch):
    path = replace_sheet(tmp_path / "bomb.xlsx", b"<worksheet>" + b" " * 3_000_000 + b"</worksheet>")
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(bounds, "MAX_UNPACKED_BYTES", 2_000_000)
    with pytest.raises(DjrhError, match="解压后有"):
        spreadsheet.sheet_names(path)


def test_ods_repeats_are_counted(tmp_path):
    trailing_empty = '<table:table-cell table:number-columns-repeated="1020"/>'
    rows = (f"<table:table-row>{cell('姓名')}{cell('性别')}{cell('所在支部')}{trailing_empty}</table:table-row>"
            f"<table:table-row>{cell('张三')}{cell('男')}{cell('第一党支部')}{trailing_empty}</table:table-row>"
            f'<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
            f'table:number-columns-repeated="1024"/></table:table-row>')  # fmt: skip
    fine = ods(tmp_path / "fine.ods", rows)
    assert spreadsheet.read(fine).rows[1][:3] == ["张三", "男", "第一党支部"]
    bomb_rows = f'<table:table-row table:number-rows-repeated="1048576">{cell("x", 16384)}</table:table-row>'
    bomb = ods(tmp_path / "bomb.ods", bomb_rows)
    with pytest.raises(DjrhError, match="超过导入上限"):
        spreadsheet.read(bomb)


@pytest.mark.parametrize("far", [b'<c s="0" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
                                 b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'])  # fmt: skip
def test_far_cell_found_whatever_the_attribute_order(tmp_path, far):
    xml = sheet_xml(3).replace(b"</sheetData>", b'<row r="1048576">' + far + b"</row></sheetData>")
    with pytest.raises(DjrhError, match="超过导入上限"):
        spreadsheet.read(replace_sheet(tmp_path / "far.xlsx", xml))
