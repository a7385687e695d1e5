"""Chinese wording for argparse's own messages (usage, errors, help headings)."""

from __future__ import annotations

import argparse

_TEXT = {
    "usage: ": "用法：",
    "positional arguments": "命令与参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的取值：%(value)r",
    "expected one argument": "需要提供一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "show program's version number and exit": "显示版本号并退出",
}


def install() -> None:
    """argparse looks its messages up through its module-level gettext alias."""
    argparse._ = lambda text: _TEXT.get(text, text)  # type: ignore[attr-defined]
