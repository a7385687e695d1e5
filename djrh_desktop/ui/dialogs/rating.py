"""评星定级 dialogs: item scores (self and evaluator columns), joint review, and the other steps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain import stars as star_rules
from ...domain.errors import ValidationError
from ...services import fusion_figures, lists, rating_follow_up, ratings
from .. import window_state
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, date_line, memo, parse_date, text_of


class ScoreDialog(QDialog):
    """Every item of every star; the column of the current step is editable, the other shown."""

    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        rb = ratings.get_branch(ctx.session, year, branch_id)
        name = lists.org_name(ctx.session, branch_id)
        self.kind = {"支部自评": "self", "党委考评": "eval"}.get(rb["state"])
        self.editable = self.kind is not None and ctx.can(
            "rating.self" if self.kind == "self" else "rating.evaluate", branch_id
        )
        self.setWindowTitle(f"{name} {year}年度评星打分")
        window_state.fit(self, 980, 700, centre=False)
        box = QVBoxLayout(self)
        r = ratings.round_rules(ctx.session, year)
        scores = ratings.item_scores(ctx.session, year, branch_id)
        state_text = f"当前环节：{rb['state']}。" + (
            "填写本环节得分后保存。" if self.editable else "本环节不能在此打分，仅供查看。"
        )
        box.addWidget(QLabel(state_text))
        # 实干担当星 and 品牌示范星 are scored on the fusion registers: what they hold for this branch's year
        names = {star.code: star.name for star in r.stars}
        evidence = fusion_figures.star_evidence(ctx.session, year, branch_id)
        self.evidence = QLabel("系统记录（供打分参考）\n" + "\n".join(
            f"{names[code]}：{'；'.join(lines)}" for code, lines in evidence.items() if code in names))  # fmt: skip
        self.evidence.setObjectName("Hint")
        self.evidence.setWordWrap(True)
        box.addWidget(self.evidence)
        rows = [(star, it) for star in r.stars for it in star.items]
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels(["星", "评分项目", "满分", "支部自评", "党委考评", "说明/佐证"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        for i, (star, it) in enumerate(rows):
            s = scores.get(it.code, {})
            for c, text in enumerate((star.name, it.name, f"{it.max:g}")):
                cell = QTableWidgetItem(text)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                cell.setToolTip(text)
                self.table.setItem(i, c, cell)
            for c, key in ((3, "self_score"), (4, "eval_score")):
                mine = self.editable and key == f"{self.kind}_score"
                if mine:
                    spin = QDoubleSpinBox()
                    spin.setRange(-1, it.max)
                    spin.setSingleStep(0.5)
                    spin.setSpecialValueText("未打分")
                    spin.setValue(s.get(key) if s.get(key) is not None else -1)
                    self.spins[it.code] = spin
                    self.table.setCellWidget(i, c, spin)
                else:
                    value = s.get(key)
                    self.table.setItem(i, c, QTableWidgetItem("" if value is None else f"{value:g}"))
            if self.editable:
                note = QLineEdit(s.get(f"{self.kind}_note") or "")
                self.notes[it.code] = note
                self.table.setCellWidget(i, 5, note)
            else:
                shown = "；".join(x for x in (s.get("self_note"), s.get("eval_note")) if x)
                self.table.setItem(i, 5, QTableWidgetItem(shown))
        self.table.resizeColumnToContents(0)
        box.addWidget(self.table, 1)
        self.result = QLabel()
        box.addWidget(self.result)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Save).setVisible(self.editable)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        for spin in self.spins.values():
            spin.valueChanged.connect(self._preview)
        self._preview()

    def values(self) -> dict[str, float | None]:
        return {code: (None if spin.value() < 0 else spin.value()) for code, spin in self.spins.items()}

    def _preview(self) -> None:
        if not self.spins:
            res = ratings.evaluate_branch(self.ctx.session, self.year, self.branch_id)
        else:
            r = ratings.round_rules(self.ctx.session, self.year)
            res = star_rules.evaluate(
                r, self.values(), ratings.vetoes_of(self.ctx.session, self.year, self.branch_id), True
            )
        r = ratings.round_rules(self.ctx.session, self.year)
        lit = "、".join(s.name for s in r.stars if s.code in res.lit) or "无"
        self.result.setText(
            f"测算：点亮 {res.level} 颗星（{lit}）" + ("；" + "；".join(res.notes) if res.notes else "")
        )

    def save(self) -> None:
        data = {code: (v, self.notes[code].text()) for code, v in self.values().items()}
        if self.ctx.run(self, ratings.save_scores, self.year, self.branch_id, data, self.kind):
            self.accept()


class JointReviewDialog(FormDialog):
    """联审: the branch's veto decision (党务 and 纪检), the members' veto entries of the year beside it, and
    the clean certificate, which only 纪检监督 or an administrator may issue."""

    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__("联审：否决事项与纪检廉政意见", parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        self.setMinimumWidth(620)
        r = ratings.round_rules(ctx.session, year)
        rb = ratings.get_branch(ctx.session, year, branch_id)
        self.rb = rb
        entries = ratings.member_vetoes(ctx.session, year, branch_id)
        found = QLabel("；".join(f"{e['name']}（{e['date']}，{e['item']}{'：' + e['note'] if e['note'] else ''}）"
                                for e in entries) or "本年度无党员处分、违法犯罪记录")  # fmt: skip
        found.setWordWrap(True)
        self.form.addRow("党员否决事项：", found)
        current = ratings.vetoes_of(ctx.session, year, branch_id)
        self.can_joint = ctx.can("rating.joint")
        self.vetoes: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for code, name in r.vetoes:
            cb = QCheckBox(name)
            cb.setChecked(code in current)
            note = QLineEdit(current.get(code) or "")
            note.setPlaceholderText("情况说明")
            cb.setEnabled(self.can_joint)
            note.setEnabled(self.can_joint)
            self.form.addRow(cb, note)
            self.vetoes[code] = (cb, note)
        self.can_certify = ctx.can("rating.certificate")
        self.cert = self.add("纪检廉政意见", QCheckBox("纪检监察部门已出具廉政意见（证明）"))
        self.cert.setChecked(bool(rb["certificate"]))
        self.cert_by = self.add("出具人", QLineEdit(rb["certificate_by"] or ""))
        self.cert_date = self.add("出具日期", date_line(rb["certificate_date"] or ctx.today))
        self.cert_doc = self.add("文号", QLineEdit(rb["certificate_doc"] or ""))
        self.cert_doc.setPlaceholderText("如：纪廉〔2026〕12号")
        self.cert_note = self.add("意见内容", memo(rb["certificate_note"], 60))
        for w in (self.cert, self.cert_by, self.cert_date, self.cert_doc, self.cert_note):
            w.setEnabled(self.can_certify)
        who = "" if self.can_certify else "廉政意见由纪检监督或系统管理员出具。"
        hint = QLabel(f"存在否决事项的支部最高评为{r.veto_max_level}星；评为五星须有纪检廉政意见。{who}")
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.cert.toggled.connect(self._timer.start)

    def check(self):
        if self.can_certify and self.cert.isChecked():
            if not self.cert_by.text().strip():
                raise ValidationError("请填写出具意见的部门或人员", "出具人")
            parse_date(self.cert_date.text(), "出具日期")
            if not self.cert_doc.text().strip():
                raise ValidationError("请填写廉政意见的文号", "文号")

    def save(self):
        chosen = None
        if self.can_joint:
            chosen = {code: note.text() for code, (cb, note) in self.vetoes.items() if cb.isChecked()}
        certificate = None
        if self.can_certify:
            issued = self.cert.isChecked()
            certificate = {"issued": issued, "issuer": self.cert_by.text(), "document": self.cert_doc.text(),
                           "date": parse_date(self.cert_date.text(), "出具日期").isoformat() if issued else None,
                           "note": text_of(self.cert_note)}  # fmt: skip
        return self.ctx.run(self, ratings.save_joint_review, self.year, self.branch_id, chosen, certificate)


class EvaluationDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__("党委考评：现场考评与述职评议", parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        rb = ratings.get_branch(ctx.session, year, branch_id)
        self.day = self.add("现场考评日期", date_line(rb["onsite_date"] or ctx.today), required=True)
        self.notes = self.add("述职评议情况", memo(rb["review_notes"], 100))

    def check(self):
        parse_date(self.day.text(), "现场考评日期")

    def save(self):
        return self.ctx.run(self, ratings.set_evaluation, self.year, self.branch_id,
                            parse_date(self.day.text(), "现场考评日期").isoformat(), text_of(self.notes))  # fmt: skip


class PublicityDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__("公示", parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        rb = ratings.get_branch(ctx.session, year, branch_id)
        self.start = self.add("公示开始日期", date_line(rb["publicity_start"] or ctx.today), required=True)
        self.end = self.add("公示结束日期", date_line(rb["publicity_end"]), required=True)
        self.objections = self.add("异议情况", memo(rb["objections"], 60))

    def check(self):
        a, b = parse_date(self.start.text(), "公示开始日期"), parse_date(self.end.text(), "公示结束日期")
        if b < a:
            raise ValidationError("不能早于公示开始日期", "公示结束日期")

    def save(self):
        a, b = parse_date(self.start.text(), "公示开始日期"), parse_date(self.end.text(), "公示结束日期")
        return self.ctx.run(self, ratings.set_publicity, self.year, self.branch_id, a.isoformat(), b.isoformat(),
                            text_of(self.objections))  # fmt: skip


class RecheckDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__(f"{year}年度五星支部复核", parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        rb = ratings.get_branch(ctx.session, year, branch_id)
        self.result_box = self.add(
            "复核结果", combo(star_rules.RECHECK_RESULTS, rb["recheck_result"] or "复核合格"), required=True
        )
        self.day = self.add("复核日期", date_line(rb["recheck_date"] or ctx.today), required=True)
        self.note = self.add("复核意见", memo(rb["recheck_note"], 80))
        hint = QLabel("复核不合格的支部自复核日期起摘去第五颗星（按四星统计），下一年度“上年星级”同时调整。")
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.form.addRow("", hint)

    def check(self):
        parse_date(self.day.text(), "复核日期")

    def save(self):
        return self.ctx.run(self, rating_follow_up.recheck, self.year, self.branch_id, self.result_box.currentData(),
                            text_of(self.note), parse_date(self.day.text(), "复核日期").isoformat())  # fmt: skip


class FollowUpDialog(FormDialog):
    """三星及以下, or short of the level applied for: the liaison leader, the progress of existing measures
    (editable) and a new improvement measure."""

    def __init__(self, ctx: AppContext, year: int, branch_id: int, parent=None):
        super().__init__("联系领导与整改措施", parent)
        self.ctx, self.year, self.branch_id = ctx, year, branch_id
        self.setMinimumWidth(640)
        rb = ratings.get_branch(ctx.session, year, branch_id)
        current = [(rb["liaison_member_id"], rb["liaison_name"])] if rb["liaison_member_id"] else []
        self.liaison = self.add("联系领导", MemberPicker(ctx.session, False, current), required=True)
        self.existing = ratings.actions_of(ctx.session, year, branch_id)
        table = QTableWidget(len(self.existing), 4)
        table.setHorizontalHeaderLabels(["整改措施", "完成期限", "进展情况（可编辑）", "已完成"])
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for i, a in enumerate(self.existing):
            for c, v in enumerate((a["measure"], a["due_date"] or "")):
                item = QTableWidgetItem(v)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(i, c, item)
            table.setItem(i, 2, QTableWidgetItem(a["progress"] or ""))
            done = QTableWidgetItem("")
            done.setFlags((done.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            done.setCheckState(Qt.CheckState.Checked if a["done"] else Qt.CheckState.Unchecked)
            table.setItem(i, 3, done)
        table.setMaximumHeight(170)
        self.actions_table = table
        self.form.addRow("已有措施：", table)
        self.measure = self.add("新增整改措施", QLineEdit())
        self.due = self.add("完成期限", date_line())

    def check(self):
        if not self.liaison.ids():
            raise ValidationError("请选择联系领导", "联系领导")
        parse_date(self.due.text(), "完成期限", required=False)

    def save(self):
        due = parse_date(self.due.text(), "完成期限", required=False)
        t = self.actions_table
        progress = {a["id"]: (t.item(i, 2).text(), t.item(i, 3).checkState() == Qt.CheckState.Checked)
                    for i, a in enumerate(self.existing)}  # fmt: skip
        return self.ctx.run(self, rating_follow_up.save_follow_up, self.year, self.branch_id, self.liaison.ids()[0],
                            self.measure.text(), due and due.isoformat(), progress)  # fmt: skip
