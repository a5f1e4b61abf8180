"""Legacy formats (.doc, .wps, .rtf, .odt) go through LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from reviewer.errors import InputError
from reviewer.ingest.limits import CONVERT_TIMEOUT_S


def find_soffice() -> str | None:
    configured = os.environ.get("REVIEWER_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(path: str, kind: str) -> bytes:
    """Return the bytes of a .docx LibreOffice made from `path`."""
    soffice = find_soffice()
    configured = os.environ.get("REVIEWER_SOFFICE")
    if soffice is None and configured:
        raise InputError(
            path,
            f"是 {kind} 格式，需要 LibreOffice 转换，但环境变量 REVIEWER_SOFFICE 指向的 {configured} 不存在",
            "请更正 REVIEWER_SOFFICE，或在 Word/WPS 中另存为 .docx 后再审查",
            code="needs_converter",
        )
    if soffice is None:
        raise InputError(
            path,
            f"是 {kind} 格式，需要 LibreOffice 转换，但本机未安装",
            "请在 Word/WPS 中另存为 .docx 后再审查，或安装 LibreOffice（设置环境变量 REVIEWER_SOFFICE 指向 soffice）",
            code="needs_converter",
        )
    with tempfile.TemporaryDirectory(prefix="reviewer-convert-") as tmp:
        # A private profile: a user's running LibreOffice must not block the conversion.
        profile = Path(tmp, "profile").as_uri()
        src = Path(tmp, "input" + Path(path).suffix.lower())
        shutil.copyfile(path, src)
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"LibreOffice 转换超时（超过 {CONVERT_TIMEOUT_S} 秒）", "请在 Word/WPS 中另存为 .docx 后再审查", code="convert_timeout") from None
        except OSError as exc:
            raise InputError(path, f"无法启动 LibreOffice（{exc.strerror}）", "请检查 REVIEWER_SOFFICE 设置，或另存为 .docx 后再审查", code="convert_failed") from None
        out = Path(tmp, "input.docx")
        if not out.exists():
            raise InputError(path, "LibreOffice 未能转换该文件（文件可能已损坏或加密）", "请在 Word/WPS 中打开并另存为 .docx 后再审查", code="convert_failed")
        return out.read_bytes()
