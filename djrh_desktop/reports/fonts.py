"""Finding Chinese fonts for PDFs: a chosen file, then Windows fonts, then Linux TrueType CJK fonts,
and only as a last resort ReportLab's built-in STSong-Light (not embedded: the PDF then relies on the
reader having a Chinese font, so the report says so).

Four faces: 仿宋 for body text, 黑体 for headings and bold, 楷体 for second-level headings, 宋体 for
titles. Where a face is missing, the nearest found stands in. OpenType/CFF fonts (.otf, Noto CJK,
Source Han) cannot be embedded by ReportLab and are refused with a clear message.
"""

from __future__ import annotations

import os
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from ..domain.errors import DjrhError

FALLBACK = "STSong-Light"
FALLBACK_WARNING = "本机未找到可嵌入的中文字体，报表使用了阅读器自带字体，换一台电脑打开可能显示不正常。请在“系统设置”中指定字体文件。"

# Each face: candidate file names, best first. The faces official documents are set in come first
# (GB/T 9704 practice: 方正小标宋简体 titles, 仿宋_GB2312 body, 黑体 一级, 楷体_GB2312 二级), as offices
# install them on Windows and copy them to 统信UOS/银河麒麟 desktops.
GONGWEN = {
    "fangsong": ("仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "fs_gb2312.ttf"),
    "hei": (),
    "kai": ("楷体_gb2312.ttf", "kaiti_gb2312.ttf", "kt_gb2312.ttf"),
    "song": ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋_gbk.ttf"),
}
WINDOWS = {
    "fangsong": (*GONGWEN["fangsong"], "simfang.ttf", "FZFSK.TTF", "STFANGSO.TTF"),
    "hei": ("simhei.ttf", "msyhbd.ttc", "msyh.ttc", "STXIHEI.TTF"),
    "kai": (*GONGWEN["kai"], "simkai.ttf", "STKAITI.TTF"),
    "song": (*GONGWEN["song"], "simsun.ttc", "STSONG.TTF", "msyh.ttc"),
}
LINUX = {
    # no 仿宋 on a stock 统信UOS/麒麟 desktop: a Ming (宋) face reads closer to an official body than a sans
    "fangsong": (*GONGWEN["fangsong"], "simfang.ttf", "uming.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc"),
    "hei": ("simhei.ttf", "wqy-zenhei.ttc", "wqy-microhei.ttc", "uming.ttc"),
    "kai": (*GONGWEN["kai"], "simkai.ttf", "ukai.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc"),
    "song": (*GONGWEN["song"], "simsun.ttc", "uming.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc"),
}
FACE_NAMES = {"fangsong": "仿宋", "hei": "黑体", "kai": "楷体", "song": "宋体"}


@dataclass(frozen=True)
class FontSet:
    body: str  # registered ReportLab font names
    hei: str
    kai: str
    song: str
    embedded: bool
    files: tuple[str, ...]
    warning: str | None = None

    def describe(self) -> str:
        if not self.embedded:
            return f"{FALLBACK}（未嵌入）"
        return "、".join(sorted({Path(f).name for f in self.files}))


def font_dirs() -> list[Path]:
    dirs = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    dirs += [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
    ]
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=1)
def _index() -> dict[str, Path]:
    """lower-case file name -> path, over the font folders (walked once per run)."""
    found: dict[str, Path] = {}
    for d in font_dirs():
        for root, _, files in os.walk(d):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


def check_font_file(path: str | os.PathLike) -> Path:
    p = Path(path)
    if not p.is_file():
        raise DjrhError(f"字体文件“{p}”不存在")
    if p.suffix.lower() in (".otf", ".otc") or "noto" in p.name.lower() or "sourcehan" in p.name.lower():
        raise DjrhError(
            f"字体“{p.name}”是 OpenType/CFF 字体，无法嵌入 PDF。请选择 TrueType 字体（.ttf 或 .ttc），如仿宋 simfang.ttf"
        )
    if p.suffix.lower() not in (".ttf", ".ttc"):
        raise DjrhError(f"“{p.name}”不是 TrueType 字体文件（.ttf 或 .ttc）")
    return p


def _register(path: Path) -> str:
    """Register a font file once per process (parsing a CJK .ttc takes a third of a second)."""
    stem = "".join(ch for ch in path.stem if ch.isascii() and ch.isalnum()) or "font"  # PDF names are ASCII
    name = f"djrh-{stem}-{zlib.crc32(str(path).encode()):08x}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        except Exception as exc:  # ReportLab raises TTFError and friends for unusable files
            raise DjrhError(f"字体文件“{path.name}”无法使用：{exc}") from None
    return name


# The faces by their part of a document, as settings name them.
ROLES = {"title": "song", "body": "fangsong", "h1": "hei", "h2": "kai"}
ROLE_NAMES = {"title": "标题", "body": "正文", "h1": "一级标题", "h2": "二级标题"}


def spec(chosen: str | None, per_role: dict | None) -> str | tuple | None:
    """What settings hold, as resolve() takes it (hashable): one file for every face, or (role, file) pairs."""
    pairs = tuple(sorted((role, path) for role, path in (per_role or {}).items() if path and role in ROLES))
    if pairs:
        return (("all", chosen),) + pairs if chosen else pairs
    return chosen or None


@lru_cache(maxsize=8)
def resolve(chosen: str | tuple | None = None) -> FontSet:
    """The fonts a report uses. `chosen` (from settings): one file that wins for every face, or pairs of
    (title|body|h1|h2|all, file) that win for their part; the rest as found on the PC."""
    per_face: dict[str, Path] = {}
    if isinstance(chosen, tuple):
        pairs = dict(chosen)
        if pairs.get("all"):
            per_face = dict.fromkeys(FACE_NAMES, check_font_file(pairs["all"]))
        for role, face in ROLES.items():
            if pairs.get(role):
                per_face[face] = check_font_file(pairs[role])
    elif chosen:
        path = check_font_file(chosen)
        name = _register(path)
        return _family(FontSet(name, name, name, name, True, (str(path),)))
    index = _index()
    picked: dict[str, Path] = dict(per_face)
    for table in (WINDOWS, LINUX):
        for face, names in table.items():
            if face in picked:
                continue
            for n in names:
                if n.lower() in index:
                    picked[face] = index[n.lower()]
                    break
    if not picked:
        if FALLBACK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
        return FontSet(FALLBACK, FALLBACK, FALLBACK, FALLBACK, False, (), FALLBACK_WARNING)
    any_face = next(iter(picked.values()))
    names = {face: _register(picked.get(face, picked.get("fangsong", any_face))) for face in FACE_NAMES}
    return _family(FontSet(names["fangsong"], names["hei"], names["kai"], names["song"], True,
                           tuple(str(p) for p in picked.values())))  # fmt: skip


def _family(fs: FontSet) -> FontSet:
    """Bold of the body face is the real 黑体, not a silently regular face."""
    pdfmetrics.registerFontFamily(fs.body, normal=fs.body, bold=fs.hei, italic=fs.kai, boldItalic=fs.hei)
    return fs
