"""A lazy table model over a services.lists ListSpec, and the table view every list uses.

Rows arrive a page at a time as the view scrolls (canFetchMore/fetchMore); sorting and filtering
re-query SQL. The model keeps only the rows fetched so far.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from ..services import lists
from ..services.session import Session
from . import window_state
from .table_copy import copy_selection

PAGE = 200
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ListModel(QAbstractTableModel):
    counted = Signal(int)

    def __init__(self, session: Session, spec: lists.ListSpec, filters: dict | None = None, parent=None):
        super().__init__(parent)
        self.session, self.spec = session, spec
        self.filters = dict(filters or {})
        self.rows: list[dict] = []
        self.total = 0
        self.order: str | None = None
        self.descending = False
        self.colour = None  # optional fn(row) -> QColor | None for the text
        self.reload()

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.total = lists.count(self.session, self.spec, self.filters)
        self.rows = lists.page(self.session, self.spec, self.filters, self.order, self.descending, 0, PAGE)
        self.endResetModel()
        self.counted.emit(self.total)

    def set_filters(self, **filters) -> None:
        self.filters.update(filters)
        self.reload()

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        more = lists.page(
            self.session, self.spec, self.filters, self.order, self.descending, len(self.rows), PAGE
        )
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows += more
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # no sort column: the list's own order
            if self.order is not None:
                self.order = None
                self.reload()
            return
        col = self.spec.columns[column]
        if not col.sortable:
            return
        self.order, self.descending = col.key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    def row_id(self, row: int) -> int:
        return self.rows[row]["_id"]

    def row(self, row: int) -> dict:
        return self.rows[row]

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.spec.columns[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[key]
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return row[key]
        if role == ID_ROLE:
            return row["_id"]
        if role == Qt.ItemDataRole.ForegroundRole and self.colour:
            return self.colour(row)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.spec.columns[section].label
        return None


def colour_when(key: str, values: dict[str, str]):
    """Row text colour by a column's value, e.g. overdue states in orange."""
    colours = {v: QColor(c) for v, c in values.items()}
    return lambda row: colours.get(row.get(key))


class Table(QTableView):
    activated_id = Signal(int)  # double-click or Enter on a row: its record id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setResizeContentsPrecision(60)  # fit columns to the first rows only
        self.doubleClicked.connect(lambda idx: self.activated_id.emit(self.model().row_id(idx.row())))
        self.state_key: str | None = None  # where the user's column widths are remembered (None: not kept)
        self._state = None  # those widths, read once: the list refits on every search keystroke
        self._fitting = False
        self.horizontalHeader().sectionResized.connect(self._resized)
        # Right-click: 打开 and 复制 on every table; pages add their own (导出所选、打印所选) to menu_actions.
        self.menu_actions: list[tuple[str, object]] = []
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def _menu(self, pos) -> None:
        self.context_menu(pos).exec(self.viewport().mapToGlobal(pos))

    def context_menu(self, pos) -> QMenu:
        """The right-click menu at a viewport position (a row right-clicked outside the selection is selected)."""
        index = self.indexAt(pos)
        if index.isValid() and not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.selectRow(index.row())
        menu = QMenu(self)
        has_rows = bool(self.selectionModel() and self.selectionModel().selectedRows())
        if index.isValid():
            menu.addAction("打开", lambda: self.activated_id.emit(self.model().row_id(index.row())))
        menu.addAction("复制（含表头）\tCtrl+C", lambda: copy_selection(self)).setEnabled(has_rows)
        menu.addAction("全选\tCtrl+A", self.selectAll)
        for label, fn in self.menu_actions:
            menu.addAction(label, fn).setEnabled(has_rows)
        return menu

    def setModel(self, model) -> None:
        self.setSortingEnabled(False)
        super().setModel(model)
        # No arrow until the user sorts: each list starts in its own order (newest first, by pinyin…).
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        model.modelReset.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        self._fitting = True
        try:
            if self._state is None and self.state_key:
                self._state = window_state.state(self.state_key) or b""
            saved = self._state or None
            if saved is None or not self.horizontalHeader().restoreState(saved):
                self.resizeColumnsToContents()
                for c in range(self.model().columnCount()):
                    self.setColumnWidth(c, min(max(self.columnWidth(c), 70), 320))
        finally:
            self._fitting = False

    def _resized(self, *_):
        if self.state_key and not self._fitting:  # the user dragged a column edge: keep it for next time
            self._state = self.horizontalHeader().saveState()
            window_state.save_state(self.state_key, self._state)

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Copy):
            copy_selection(self)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_id.emit(self.model().row_id(self.currentIndex().row()))
            return
        super().keyPressEvent(event)

    def selected_ids(self) -> list[int]:
        return [self.model().row_id(i.row()) for i in self.selectionModel().selectedRows()]

    def current_id(self) -> int | None:
        idx = self.currentIndex()
        return self.model().row_id(idx.row()) if idx.isValid() else None


class RowsModel(QAbstractTableModel):
    """A small in-memory table (rankings, warnings): rows are dicts, columns (key, label)."""

    def __init__(self, columns: list[tuple[str, str]], rows: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows = rows or []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()].get(self.columns[index.column()][0])
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        if role == SORT_ROLE:
            return value
        if role == ID_ROLE:
            return self.rows[index.row()].get("_id")
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            return
        key = self.columns[column][0]
        self.beginResetModel()
        self.rows.sort(key=lambda r: (r.get(key) is None, r.get(key) or 0 if not isinstance(r.get(key), str) else r.get(key)),
                       reverse=order == Qt.SortOrder.DescendingOrder)  # fmt: skip
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return self.rows[row].get("_id")
