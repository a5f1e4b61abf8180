"""One language on the command line: every help page and usage error of every command,
including click's own words, is Chinese.

The check is an allowlist, not a blocklist: an ASCII word may appear only if our own
command definitions contain it (option names, metavars, choices, examples in help
texts) or the user typed it. Any English that click adds, now or in a later version,
fails here.
"""

from __future__ import annotations

import re
import unicodedata

import click
import pytest

from reviewer.cli import cli, main

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
BAD_VALUE = "qqq"  # typed by the "user"; never a word of ours


def _walk(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _walk(sub, path + (name,))


COMMANDS = list(_walk(cli))


def _our_words() -> set[str]:
    texts = ["reviewer", *cli.context_settings["help_option_names"]]
    for path, command in COMMANDS:
        texts += [*path, command.help or "", command.short_help or "", command.epilog or ""]
        for param in command.params:
            texts += [*param.opts, *param.secondary_opts, param.metavar or "", getattr(param, "help", None) or ""]
            if isinstance(param.type, click.Choice):
                texts += [str(c) for c in param.type.choices]
    return {w for text in texts for w in WORD.findall(text)}


OURS = _our_words()


def _run(capsys, monkeypatch, *argv: str):
    monkeypatch.setenv("COLUMNS", "80")
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def _foreign(text: str, typed: tuple[str, ...] = ()) -> set[str]:
    allowed = OURS | {w for t in typed for w in WORD.findall(t)}
    return {w for w in WORD.findall(text) if w not in allowed}


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _ids(cases):
    return [" ".join(argv) or "reviewer" for argv in cases]


HELP_CASES = [(*path, "--help") for path, _ in COMMANDS]


@pytest.mark.parametrize("argv", HELP_CASES, ids=_ids(HELP_CASES))
def test_help_pages_are_chinese(argv, capsys, monkeypatch):
    code, out, err = _run(capsys, monkeypatch, *argv)
    assert code == 0 and not err
    assert out.startswith("用法：reviewer") and "选项：" in out and "显示本帮助并退出。" in out
    assert not _foreign(out), (_foreign(out), out)


@pytest.mark.parametrize("argv", HELP_CASES, ids=_ids(HELP_CASES))
def test_help_fits_80_columns(argv, capsys, monkeypatch):
    command = dict(COMMANDS)[argv[:-1]]
    if "\b" in (command.help or ""):
        pytest.skip("a \\b block keeps its author's own line breaks")
    _, out, _ = _run(capsys, monkeypatch, *argv)
    wide = [line for line in out.splitlines() if _cells(line) > 80]
    assert not wide, wide


def _fill(command: click.Command) -> list[str]:
    """Placeholder values for the required arguments, so that a later error is reached."""
    return [BAD_VALUE for p in command.params if isinstance(p, click.Argument) and p.required]


def _error_cases():
    for path, command in COMMANDS:
        yield (*path, "--no-such-option")
        if isinstance(command, click.Group):
            yield (*path, "chek")
            continue
        if _fill(command):
            yield path  # a required argument missing
        for param in command.params:
            typed = isinstance(param.type, (click.Choice, click.types.IntParamType, click.types.FloatParamType))
            if isinstance(param, click.Option) and typed:
                yield (*path, param.opts[0], BAD_VALUE, *_fill(command))
            elif isinstance(param, click.Option) and not param.is_flag and not param.multiple:
                yield (*path, *_fill(command), param.opts[0])  # the option's value missing
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        if all(p.nargs != -1 for p in arguments):
            yield (*path, *[BAD_VALUE] * (len(arguments) + 1))


ERROR_CASES = list(_error_cases())


@pytest.mark.parametrize("argv", ERROR_CASES, ids=_ids(ERROR_CASES))
def test_usage_errors_are_one_chinese_line(argv, capsys, monkeypatch):
    code, out, err = _run(capsys, monkeypatch, *argv)
    assert code == 2 and not out
    assert err.count("\n") == 1 and err.startswith("用法错误：") and err.rstrip().endswith("查看用法）"), err
    assert not _foreign(err, argv), (_foreign(err, argv), err)


def test_error_names_the_subcommand_help(capsys, monkeypatch):
    _, _, err = _run(capsys, monkeypatch, "rules", "list", "--format", "xml")
    assert "（运行 reviewer rules list --help 查看用法）" in err and "“xml”" in err and "table" in err


def test_suggestions_for_a_mistyped_option(capsys, monkeypatch):
    _, _, err = _run(capsys, monkeypatch, "check", "--fromat", "json", "a.txt")
    assert "没有这个选项：--fromat" in err and "您是否要找" in err and "--format" in err


def test_version(capsys, monkeypatch):
    code, out, _ = _run(capsys, monkeypatch, "--version")
    assert code == 0 and re.fullmatch(r"reviewer \S+\n", out)


def test_group_alone_shows_its_help(capsys, monkeypatch):
    code, out, err = _run(capsys, monkeypatch, "rules")
    # click 8.1 prints it to stdout and exits 0; 8.2 and later to stderr with exit code 2
    assert (out + err).startswith("用法：reviewer rules") and "用法错误" not in out + err


def test_click_standalone_output_is_chinese_too():
    """Whoever calls the click group directly (CliRunner, an embedding script) sees Chinese."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["check"], prog_name="reviewer")
    assert result.exit_code == 2
    assert "错误：" in result.output and "查看用法" in result.output and "Error" not in result.output
    assert not _foreign(result.output, ("check",)), result.output


def test_help_formatter_wraps_by_columns():
    from reviewer.cli.helpformat import cells, wrap, wrap_paragraphs

    text = "审查一份文件并起草合法性审查意见书（Word 或 Markdown），送审信息可写在文件旁。"
    for line in wrap(text, 30, "  ", "  ").splitlines():
        assert cells(line) <= 30
        assert not line.strip().startswith(("，", "。", "）")) and not line.endswith("（")
    assert wrap_paragraphs("第一行\n第二行", 80) == "第一行第二行"  # no stray space between Chinese lines
    assert wrap_paragraphs("\b\n  保留  原样\n", 80) == "  保留  原样"
