"""Errors that reach the user as one Chinese line, never as a traceback.

Exit codes (documented in README):
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, unreadable input, or a broken rule file
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class ReviewerError(Exception):
    """Base class: `message` is the Chinese text shown to the user."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


class InputError(ReviewerError):
    """A document that cannot be read. `path` names the file, `hint` says what to do."""

    def __init__(self, path: str, problem: str, hint: str = "", code: str = "input"):
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        self.code = code
        text = f"{self.path}：{problem}"
        if hint:
            text += f"。{hint}"
        super().__init__(text)

    def to_dict(self) -> dict:
        return {"code": self.code, "file": self.path, "message": self.message}


class RuleFileError(ReviewerError):
    """A rule pack that does not validate; names file, line and key."""

    code = "rule_file"

    def __init__(self, path: str, problem: str, line: int | None = None, key: str | None = None):
        self.path = str(path)
        self.line = line
        self.key = key
        where = self.path + (f" 第{line}行" if line else "")
        what = f"（{key}）" if key else ""
        super().__init__(f"规则文件 {where}{what}：{problem}")

    def to_dict(self) -> dict:
        return {"code": self.code, "file": self.path, "line": self.line, "key": self.key, "message": self.message}


class UsageError(ReviewerError):
    code = "usage"
