"""What every command shares: the console, writing reports whole, --fact and dates."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from reviewer.errors import UsageError

KINDS = ["contract", "tender", "normative", "other"]
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _write_output(out: str | None, text: str) -> None:
    """Write whole or not at all: a failed run never leaves a half-written report."""
    if not out:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
        return
    _write_file(Path(out), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _parse_facts(items: tuple[str, ...]) -> dict:
    from reviewer.facts import parse_value

    out = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"--fact 应写成 key=value，例如 --fact supplier_size=小型（收到“{item}”）")
        key, value = item.split("=", 1)
        out[key.strip()] = parse_value(key.strip(), value, "--fact")
    return out


def _write_file(target: Path, write) -> None:
    """Write through a temporary file beside the target: whole or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=".reviewer-", suffix=target.suffix, dir=str(target.parent if str(target.parent) else "."))
    os.close(fd)
    try:
        write(tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a report is shared like any document
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"无法写入 {target}（{exc.strerror}）") from None


def _date_option(value: str | None, name: str):
    from reviewer.case import parse_date

    return parse_date(value, name) if value else None


def _write_csv(out: str | None, header: list[str], rows) -> None:
    """A table as CSV: to the screen, or to a file in UTF-8 with a BOM so that Excel and
    WPS open it with its Chinese intact."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if out:
        _write_file(Path(out), lambda tmp: Path(tmp).write_text(buf.getvalue(), encoding="utf-8-sig"))
    else:
        _write_output(None, buf.getvalue())
