"""谈心谈话 dialog: every field of PRODUCT.md 2.4."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from ...domain import talks as rules
from ...domain.errors import ValidationError
from ...services import lists, talks
from ...services.talks import Talker, TalkInput
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, date_line, hide_fields, memo, parse_date, text_of


class TalkDialog(FormDialog):
    def __init__(self, ctx: AppContext, talk_id: int | None = None, talkee: tuple[int, str] | None = None,
                 talk_type: str | None = None, topic: str | None = None, parent=None):  # fmt: skip
        super().__init__("编辑谈话记录" if talk_id else "新增谈话记录", parent)
        self.ctx, self.talk_id = ctx, talk_id
        self.setMinimumWidth(640)
        t = talks.get_talk(ctx.session, talk_id) if talk_id else {}
        names = {i: n for i, (n, _b) in lists.member_labels(ctx.session, t.get("talkees", [])).items()}
        me = ctx.session.actor
        default_talkers = [(me.member_id, me.display_name)] if me.member_id and not talk_id else []
        self.type = self.add(
            "谈话类型", combo(rules.TYPES, t.get("type", talk_type or "谈心谈话")), required=True
        )
        self.date = self.add("谈话日期", date_line(t.get("date", ctx.today)), required=True)
        self.place = self.add("谈话地点", QLineEdit(t.get("place") or ""))
        member_talkers = [(x["member_id"], x["name"]) for x in t.get("talkers", []) if x["member_id"]]
        outside = next((x for x in t.get("talkers", []) if not x["member_id"]), None)
        self.talkers = self.add(
            "谈话人", MemberPicker(ctx.session, True, member_talkers or default_talkers), required=True
        )
        other = QWidget()
        row = QHBoxLayout(other)
        row.setContentsMargins(0, 0, 0, 0)
        self.outside_name = QLineEdit(outside["name"] if outside else "")
        self.outside_name.setPlaceholderText("名册外谈话人姓名（可不填）")
        self.outside_post = QLineEdit((outside or {}).get("post") or "")
        self.outside_post.setPlaceholderText("职务")
        row.addWidget(self.outside_name, 2)
        row.addWidget(self.outside_post, 1)
        self.add("名册外谈话人", other)
        self.outside_name.textChanged.connect(self._timer.start)
        chosen = [(m, names.get(m, "")) for m in t.get("talkees", [])] or ([talkee] if talkee else [])
        self.talkees = self.add("谈话对象", MemberPicker(ctx.session, True, chosen), required=True)
        self.topic = self.add("谈话主题", QLineEdit(t.get("topic") or topic or ""), required=True)
        self.content = self.add("谈话内容摘要", memo(t.get("content")))
        self.statement = self.add("谈话对象表态", memo(t.get("statement"), 50))
        self.problems = self.add("发现的问题", memo(t.get("problems"), 50))
        self.measures = self.add("跟进措施", memo(t.get("measures"), 50))
        self.followup = self.add("跟进状态", combo(rules.FOLLOW_UP, t.get("followup_status", "无需跟进")))
        self.due = self.add("跟进期限", date_line(t.get("followup_due")))
        self.recorder = self.add("记录人", QLineEdit(t.get("recorder") or me.display_name or ""))
        self.sensitivity = self.add("密级", combo(rules.SENSITIVITY, t.get("sensitivity", "普通")))
        hide_fields(t, {"content": self.content, "statement": self.statement, "problems": self.problems,
                        "measures": self.measures})  # fmt: skip

    def talk_input(self) -> TalkInput:
        day = parse_date(self.date.text(), "谈话日期")
        due = parse_date(self.due.text(), "跟进期限", required=False)
        talkers = [Talker(member_id=m) for m in self.talkers.ids()]
        if self.outside_name.text().strip():
            talkers.append(
                Talker(name=self.outside_name.text().strip(), post=self.outside_post.text().strip() or None)
            )
        return TalkInput(
            type=self.type.currentData(), date=day.isoformat(), topic=self.topic.text(), talkers=talkers,
            talkees=self.talkees.ids(), place=self.place.text(), content=text_of(self.content),
            statement=text_of(self.statement), problems=text_of(self.problems), measures=text_of(self.measures),
            followup_due=due and due.isoformat(), followup_status=self.followup.currentData(),
            recorder=self.recorder.text(), sensitivity=self.sensitivity.currentData(),
        )  # fmt: skip

    def check(self) -> None:
        t = self.talk_input()
        if dt_after(t.date, self.ctx.today):
            raise ValidationError("不能晚于今天", "谈话日期")
        if not t.talkers:
            raise ValidationError("请至少填写一名谈话人", "谈话人")
        if not t.talkees:
            raise ValidationError("请至少选择一名谈话对象", "谈话对象")
        if not t.topic.strip():
            raise ValidationError("不能为空", "谈话主题")
        if t.followup_status == "待跟进" and not t.followup_due:
            raise ValidationError("待跟进的谈话须填写跟进期限", "跟进期限")
        if t.followup_due and t.followup_due < t.date:
            raise ValidationError("不能早于谈话日期", "跟进期限")

    def save(self):
        if self.talk_id:
            return self.ctx.run(self, talks.update_talk, self.talk_id, self.talk_input())
        return self.ctx.run(self, talks.record_talk, self.talk_input())


def dt_after(iso: str, today) -> bool:
    return iso > today.isoformat()
