"""`reviewer` command line: parse arguments, call the library, pick a formatter.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage error, unreadable input or broken rule file.
"""

from __future__ import annotations
import json
import os
import re
import sys

import click

from reviewer import __version__
from reviewer.cli import i18n

i18n.install()  # before the command modules: click.Path names its type ("目录") when it is built

from reviewer.cli import check, evaluate, law, opinion, rules  # noqa: E402
from reviewer.cli import numbers
from reviewer.cli import register as register_cmd  # noqa: E402
from reviewer.cli import register_filing, register_publish  # noqa: E402,F401  (they add commands to `register`)
from reviewer.cli import batch as batch_cmd  # noqa: E402
from reviewer.cli import case as case_cmd  # noqa: E402
from reviewer.cli import stats as stats_cmd  # noqa: E402
from reviewer.cli import serve as serve_cmd  # noqa: E402
from reviewer.cli import users as users_cmd  # noqa: E402
from reviewer.cli.common import CONTEXT
from reviewer.errors import EXIT_ERROR, ReviewerError


@click.group(cls=i18n.ReviewerGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="reviewer %(version)s", help="显示版本号并退出。")
def cli():
    """reviewer：合同、招标（采购、比选）文件、行政规范性文件的合法性审查工具（离线运行）。

    \b
    常用命令：
      reviewer check 合同.docx              审查一份文件，在终端显示审查意见
      reviewer check 合同.docx --format json -o 结果.json
      reviewer rules list                   列出全部审查规则
      reviewer explain DEPOSIT.PERFORMANCE_10PCT   查看一条规则的说明与依据原文
    """


cli.add_command(check.check)
cli.add_command(opinion.opinion)
cli.add_command(rules.rules)
cli.add_command(rules.explain)
cli.add_command(law.law_cmd)
cli.add_command(evaluate.eval_cmd)
cli.add_command(numbers.numbers)
cli.add_command(register_cmd.register)
cli.add_command(batch_cmd.batch)
cli.add_command(case_cmd.case)
cli.add_command(stats_cmd.stats)
cli.add_command(serve_cmd.serve)
cli.add_command(users_cmd.users)


# click >= 8.2 raises this for a group called without a subcommand (8.1 printed help and exited 0)
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _usage_message(exc: click.UsageError) -> str:
    """One line: click's message (Chinese through i18n), the command to ask for help."""
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and param is not None:
        # click's own text quotes the metavar and ends in an ASCII full stop
        what = "参数" if param.param_type_name == "argument" else "选项"
        name = param.human_readable_name if what == "参数" else " / ".join(param.opts)
        text = f"缺少{what}：{name}"
    else:
        text = " ".join(exc.format_message().split())  # one line, whatever click's layout
        text = re.sub(r"(?<=[。，：；？！）])\s+", "", text)  # click joins its sentences with a space
    path = exc.ctx.command_path if exc.ctx is not None else "reviewer"
    return f"用法错误：{text}（运行 {path} --help 查看用法）"


def _wants_json(argv: list[str]) -> bool:
    return any(a in ("--format=json", "-fjson") for a in argv) or any(a in ("--format", "-f") and b == "json" for a, b in zip(argv, argv[1:]))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=argv, prog_name="reviewer", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.stderr.write("已中止。\n")
        sys.exit(EXIT_ERROR)
    except click.UsageError as exc:
        if isinstance(exc, _NO_ARGS_IS_HELP):  # `reviewer` or `reviewer rules` alone: the help page, as click shows it
            sys.stderr.write(exc.format_message().rstrip("\n") + "\n")
            sys.exit(EXIT_ERROR)
        sys.stderr.write(_usage_message(exc) + "\n")
        sys.exit(EXIT_ERROR)
    except ReviewerError as err:
        if _wants_json(argv):
            from reviewer.report.json_report import error_to_dict

            sys.stdout.write(json.dumps(error_to_dict(err), ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"错误：{err.message}\n")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("已中止。\n")
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a defect of ours: say so in one line, keep the details for a report
        if os.environ.get("REVIEWER_DEBUG"):
            raise
        sys.stderr.write(f"内部错误：{exc.__class__.__name__}: {exc}（请设置环境变量 REVIEWER_DEBUG=1 重新运行，并把输出和文件报告给维护者）\n")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
