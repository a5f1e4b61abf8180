"""Uploaded files into the work folder. A sent file name is never a path here: the file
is stored under a random name (keeping only a plain suffix, which the readers use) in
work/uploads, and the name the user sent is kept only as text to show."""

from __future__ import annotations

import re
import secrets
from pathlib import Path, PurePosixPath, PureWindowsPath

from reviewer.errors import UsageError

_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,5}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def shown_name(filename: str | None) -> str:
    """The last part of what the browser sent, for display only."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return "".join(c for c in name if c.isprintable())[:120] or "未命名文件"


def uploads(work: Path) -> Path:
    folder = Path(work) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def save(upload, work: Path, max_mb: int) -> tuple[Path, str]:
    """(where it is kept, the name to show); refuses an empty or too large file."""
    name = shown_name(getattr(upload, "filename", None))
    data = await upload.read(max_mb * 1024 * 1024 + 1)
    if len(data) > max_mb * 1024 * 1024:
        raise UsageError(f"{name}：文件超过 {max_mb} MB，未接收；请压缩图片或拆分后再上传")
    if not data:
        raise UsageError(f"{name}：文件是空的，未接收")
    suffix = PurePosixPath(name).suffix.lower()
    token = secrets.token_urlsafe(18)
    path = uploads(work) / (token + (suffix if _SUFFIX.match(suffix) else ""))
    path.write_bytes(data)
    return path, name


def find(work: Path, token: str) -> Path:
    """A file saved earlier, by the token the page carried (never a path from the form)."""
    token = (token or "").strip()
    if _TOKEN.match(token):
        for p in uploads(work).glob(token + "*"):
            if p.stem == token:
                return p
    raise UsageError("找不到上传的文件（可能已被清理），请重新上传")
