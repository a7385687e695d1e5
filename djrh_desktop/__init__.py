"""党建融合桌面 (djrh-desktop): offline party-building records and reports."""

__version__ = "0.1.0"
