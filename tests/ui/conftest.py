import pytest

from djrh_desktop.ui.app import make_app
from djrh_desktop.ui.context import AppContext
from djrh_desktop.ui.main_window import MainWindow


@pytest.fixture
def qapp_style(qapp):
    make_app()  # the program's style sheet on the test QApplication
    return qapp


@pytest.fixture
def ctx(admin, db_path, qapp_style):
    return AppContext(admin, db_path)


@pytest.fixture
def window(ctx, qtbot):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def demo_ctx(demo_admin, small_demo, tmp_path, qapp_style):
    return AppContext(demo_admin, tmp_path / "small.db")


def type_text(widget, text: str) -> None:
    """Type text into a widget as key events. QTest's keyClicks only knows ASCII keys; Chinese
    characters arrive like an input method delivers them: key events that carry the text."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    QApplication.processEvents()

