"""Icons from qtawesome (Material Design Icons, bundled as a font: nothing fetched at run time)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon


@lru_cache(maxsize=128)
def icon(name: str, color: str = "#3b4f63") -> QIcon:
    import qtawesome  # imported on first use: it loads its icon fonts

    return qtawesome.icon(f"mdi6.{name}", color=color)
