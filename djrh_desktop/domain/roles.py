"""Roles and what each may do. Services enforce these; the GUI only mirrors them."""

from __future__ import annotations

ADMIN = "admin"
OFFICER = "officer"
SECRETARY = "secretary"
INSPECTOR = "inspector"
SYSTEM = "system"  # the program itself (init, demo generation)

ROLE_NAMES = {ADMIN: "系统管理员", OFFICER: "党务干部", SECRETARY: "支部书记", INSPECTOR: "纪检监督"}
ROLE_BY_NAME = {v: k for k, v in ROLE_NAMES.items()}

ACTIONS = {
    "org.write": "维护组织",
    "member.write": "维护党员信息",
    "points.write": "登记积分",
    "meeting.write": "登记三会一课",
    "talk.write": "登记谈心谈话",
    "visit.write": "登记廉政家访",
    "rating.open": "开启评星年度",
    "rating.self": "填报支部自评",
    "rating.evaluate": "党委考评",
    "rating.joint": "联审",
    "rating.certificate": "出具纪检廉政意见",
    "rating.publish": "公示与定级",
    "rating.recheck": "复核与整改",
    "user.write": "管理用户",
    "settings.write": "修改系统设置",
    "audit.read": "查看审计日志",
    "sensitive.read": "查看敏感内容",
    "backup.make": "备份数据",
    "backup.restore": "恢复数据",
    "year.close": "年度关账",
    "report.write": "撰写季度报告",
    "project.write": "登记双领办项目",
    "project.review": "点评与考核双领办项目",
    "package.export": "导出数据包",
    "package.import": "导入数据包",
}

_ALL = set(ACTIONS)
_PERMS = {
    ADMIN: _ALL,
    SYSTEM: _ALL,
    OFFICER: _ALL - {"user.write", "settings.write", "audit.read", "sensitive.read", "backup.restore", "year.close",
                     "rating.certificate"},  # the clean certificate is the discipline office's own act
    # Branch secretaries act only inside their own branch; services check the branch too.
    SECRETARY: {"member.write", "points.write", "meeting.write", "talk.write", "visit.write", "rating.self",
                "report.write", "project.write", "package.export"},
    INSPECTOR: {"rating.joint", "rating.certificate", "audit.read", "sensitive.read"},
}

# Actions that read or send data and write no record of a branch.
READS = {"audit.read", "sensitive.read", "package.export"}

# Actions a secretary may only do for their own branch.
BRANCH_SCOPED = {"member.write", "points.write", "meeting.write", "talk.write", "visit.write", "rating.self",
                 "report.write", "project.write", "package.export"}


def can(role: str, action: str) -> bool:
    if action not in ACTIONS:
        raise KeyError(action)
    return action in _PERMS.get(role, set())


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, "系统" if role == SYSTEM else role)


def sees_all_branches(role: str) -> bool:
    return role in (ADMIN, OFFICER, INSPECTOR, SYSTEM)
