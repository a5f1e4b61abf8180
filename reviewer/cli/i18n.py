"""click in Chinese: its own help and error texts, usage metavars and help layout.

How the translation works, and why this way:
click wraps its user-facing texts in `_()` / `ngettext()` imported from the stdlib
`gettext` module (`from gettext import gettext as _`, in click 8.1 through 8.5), and
calls them when a help page or error is built, not at import. A real gettext catalogue
would need a compiled .mo file, a hijacked default "messages" domain and a zh_CN locale
in the officer's environment (LANG is often C or en_US on office machines), so it would
come and go with the machine. Instead `install()` points the `_` and `ngettext` names
inside click's modules at a lookup in CATALOGUE below: no locale, no files, same result
everywhere. Only names that are still the stdlib functions are replaced, so a future
click that stops using gettext is left alone, and tests/test_cli_language.py (an
allowlist of ASCII words) fails loudly instead of English slipping through.

A few texts are not gettext-wrapped in click: the "[OPTIONS]" / "COMMAND [ARGS]..."
usage metavars and the "TEXT"/"INTEGER" type metavars. `localise()` sets those on each
command (ReviewerGroup calls it for every subcommand it hands out, so commands that
other modules define with a plain `@click.command` are covered without changes there),
and gives each command a context whose help formatter measures Chinese characters as
two columns (see helpformat.py).
"""

from __future__ import annotations

import gettext as _stdlib_gettext
import importlib

import click

from reviewer.cli.helpformat import ChineseHelpFormatter

# English msgid (as in click's source, 8.1 to 8.5) -> Chinese. Format fields keep their
# names; `!r` is dropped where Chinese quotation marks read better.
CATALOGUE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Positional arguments": "参数",
    "Arguments": "参数",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "(Deprecated) {text}": "（已停用）{text}",
    "DeprecationWarning: The command {name!r} is deprecated.": "提示：命令 {name} 已停用。",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令 {name} 已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提示：{name} 已停用。{extra_message}",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Error: {e.message}": "错误：{e.message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有这个命令：{name}。",
    "No such option: {name}": "没有这个选项：{name}。",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "Did you mean {possibility}?": "您是否要找：{possibility}？",
    "(Possible options: {possibilities})": "您是否要找：{possibilities}？",
    "(Did you mean one of: {possibilities}?)": "您是否要找：{possibilities}？",
    "Got unexpected extra argument ({args})": "多出了参数：{args}",
    "Got unexpected extra arguments ({args})": "多出了参数：{args}",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能带取值。",
    "Option {name!r} requires an argument.": "选项 {name} 后面要写一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要写 {nargs} 个取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个取值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个取值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个取值，给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个取值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个取值，给了 {len_value} 个。",
    "Value must be an iterable.": "取值必须是一组值。",
    "Choose from:\n\t{choices}": "可选：{choices}",
    "{value!r} is not {choice}.": "“{value}”无效，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的取值，可选：{choices}。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出了允许的范围 {range}。",
    "{value!r} is not a valid boolean.": "“{value}”不是有效的是/否取值。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否取值，可用：{states}。",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是一个文件，这里需要目录。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是一个目录，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”无法执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "unknown error": "未知错误",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的内容不一致。",
    "Error: The value you entered was invalid.": "错误：输入的内容无效。",
    "Error: invalid input": "错误：输入无效",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Press any key to continue...": "按任意键继续……",
}

# click's type names show as option metavars ("TEXT") when an option sets none.
_TYPE_METAVARS = {"text": "文本", "integer": "整数", "float": "数字", "boolean": "是/否", "directory": "目录",
                  "file": "文件", "filename": "文件", "path": "路径", "uuid": "UUID", "datetime": "日期时间",
                  "integer range": "整数", "float range": "数字"}

# Every click module that may call `_` / `ngettext`; missing ones (renamed across click
# versions, Windows-only) are skipped.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "_optparse", "types",
                  "termui", "utils", "_termui_impl", "shell_completion")


def translate(message: str) -> str:
    return CATALOGUE.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Chinese in this process (idempotent)."""
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except Exception:  # absent in this click version, or Windows-only
            continue
        if getattr(module, "_", None) in (_stdlib_gettext.gettext, translate):
            module._ = translate
        if getattr(module, "ngettext", None) in (_stdlib_gettext.ngettext, translate_plural):
            module.ngettext = translate_plural


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def localise(command: click.Command) -> None:
    """Chinese usage metavars and help layout for a command and everything under it."""
    if getattr(command, "_reviewer_localised", False):
        return
    command._reviewer_localised = True
    command.context_class = ChineseContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[选项]"
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag and not isinstance(param.type, click.Choice):
            param.metavar = _TYPE_METAVARS.get(param.type.name.lower(), param.type.name)
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            localise(sub)


class ReviewerGroup(click.Group):
    """The top-level group: localises itself and every subcommand it resolves."""

    context_class = ChineseContext

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localise(self)

    def get_command(self, ctx: click.Context, cmd_name: str):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            localise(command)  # also covers commands added after this group was built
        return command
