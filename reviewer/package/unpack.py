"""Reading a submission package: a folder (recursive) or a .zip, safely.

A package comes from outside the office, so nothing in it is trusted: a member's
path (../, absolute, a drive letter), its type (a symlink), its sizes (a zip's
header may lie: every member is streamed against a byte budget and a ratio cap),
its count and its depth. A member that is not read is kept with its reason in
Chinese (Member.skipped); nothing is ever written outside the work folder.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

from reviewer.errors import InputError
from reviewer.ingest.limits import MAX_FILE_BYTES
from reviewer.package.model import Member

MAX_MEMBERS = 500  # files read from one package (a real one holds a few dozen)
MAX_TOTAL_BYTES = 400 * 1024 * 1024  # everything extracted from one package
MAX_MEMBER_BYTES = MAX_FILE_BYTES  # one extracted file
MAX_RATIO = 200  # uncompressed / compressed, checked once a member passes RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_DEPTH = 12  # folder levels
MAX_DECLARED_ENTRIES = 20 * MAX_MEMBERS  # beyond this the central directory is not even parsed
MAX_ZIP_NESTING = 1  # a zip inside the package's zip is opened; one inside that is not
CHUNK = 64 * 1024

_JUNK_PARTS = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".svn"}
_OTHER_ARCHIVES = {".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
_DRIVE = re.compile(r"^[A-Za-z]:")


class _Budget:
    """What the package may still take: bytes and files, across nested zips."""

    def __init__(self):
        self.bytes = MAX_TOTAL_BYTES
        self.files = MAX_MEMBERS
        self.over_count = 0  # members left unread once the count ran out


def is_junk(name: str) -> bool:
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return any(p in _JUNK_PARTS or p.startswith("~$") or p.startswith("._") for p in parts)


def zip_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the department wrote it: names from Windows come in the
    local code page (GBK) without the UTF-8 flag; zipfile reads those as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = None
        for enc in ("utf-8", "gb18030") if raw is not None else ():
            try:
                name = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")  # Windows tools may write 送审材料\合同.docx


def unsafe_reason(name: str) -> str:
    """Why a member's path may not be used (empty when it is safe)."""
    n = name.replace("\\", "/")
    if "\x00" in n or any(ord(c) < 32 for c in n):
        return "文件名含控制字符，已跳过"
    if n.startswith("/") or _DRIVE.match(n):
        return "使用了绝对路径，可能覆盖系统文件，已跳过"
    if ".." in n.split("/"):
        return "路径含“..”，试图写到解压目录之外，已跳过"
    return ""


def _safe_filename(name: str, index: int) -> str:
    base = name.replace("\\", "/").rstrip("/").split("/")[-1]
    base = re.sub(r"[^\w.\-（）()\u4e00-\u9fff]", "_", base)[-80:] or "file"
    return f"{index:04d}_{base}"


def open_package(path: str | os.PathLike, workdir: str | os.PathLike) -> tuple[list[Member], list[Member]]:
    """(members to read, members skipped with their reason). Zips are extracted into
    `workdir`; a folder's plain files are read where they are."""
    root = Path(path)
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    work = work.resolve()
    if not root.exists():
        raise InputError(str(root), "送审材料不存在", "请检查文件夹或压缩包的路径")
    root = root.resolve()  # the path the officer gave is trusted; links inside the package are not
    budget = _Budget()
    members: list[Member] = []
    skipped: list[Member] = []
    if root.is_dir():
        _walk(root, root, work, budget, members, skipped, 0)
    elif root.is_file() and _is_zip(root):
        _read_zip(root, root.name, "", work, budget, members, skipped, 0)
    elif root.is_file():
        members.append(Member(root.name, str(root), root.stat().st_size))
    else:
        skipped.append(Member(root.name, str(root), skipped="不是文件夹、压缩包或文件（设备、管道等），已跳过"))
    if budget.over_count:
        skipped.append(Member(f"（其余 {budget.over_count} 个文件）", "", skipped=f"送审材料超过 {MAX_MEMBERS} 个文件，其余未读取。请精简后分批送审"))
    return members, skipped


def _is_zip(p: Path) -> bool:
    if p.suffix.lower() != ".zip":
        return False
    try:
        with p.open("rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _walk(folder: Path, root: Path, work: Path, budget: _Budget, members, skipped, depth: int) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Member(str(folder.relative_to(root)), str(folder), skipped=f"文件夹无法读取（{exc.strerror}），请检查权限"))
        return
    for e in entries:
        rel = str(Path(e.path).relative_to(root))
        if is_junk(rel) or Path(e.path) == work:
            continue  # OS junk; the work folder itself when it was put inside the package
        if e.is_symlink():
            skipped.append(Member(rel, e.path, skipped="是符号链接（快捷方式），可能指向送审材料以外的文件，已跳过"))
            continue
        if e.is_dir(follow_symlinks=False):
            if depth + 1 >= MAX_DEPTH:
                skipped.append(Member(rel, e.path, skipped=f"文件夹层级超过 {MAX_DEPTH} 层，已跳过。请整理目录后送审"))
            else:
                _walk(Path(e.path), root, work, budget, members, skipped, depth + 1)
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            skipped.append(Member(rel, e.path, skipped="文件无法读取，请检查权限"))
            continue
        if not stat.S_ISREG(st.st_mode):
            skipped.append(Member(rel, e.path, skipped="不是普通文件（设备、管道等），已跳过"))
            continue
        if budget.files <= 0:
            budget.over_count += 1
            continue
        if _is_zip(Path(e.path)):
            _read_zip(Path(e.path), rel, rel + "/", work, budget, members, skipped, 0)
            continue
        budget.files -= 1
        members.append(_plain(rel, e.path, st.st_size))


def _plain(name: str, path: str, size: int) -> Member:
    suffix = Path(name).suffix.lower()
    if suffix in _OTHER_ARCHIVES:
        return Member(name, path, size, skipped=f"是 {suffix} 压缩包，本工具只读取 .zip。请解压后或改用 .zip 重新送审")
    if size > MAX_MEMBER_BYTES:
        return Member(name, path, size, skipped=f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_MEMBER_BYTES // 1048576} MB），已跳过。请拆分后送审")
    return Member(name, path, size)


def _read_zip(zpath: Path, label: str, prefix: str, work: Path, budget: _Budget, members, skipped, nesting: int) -> None:
    """Extract the zip's members into a fresh folder of `work`; `prefix` puts the
    zip's own name before its members' names (a zip inside a folder or a zip)."""
    entries = _declared_entries(zpath)
    if entries > MAX_DECLARED_ENTRIES:
        skipped.append(Member(label, str(zpath), skipped=f"压缩包声明含 {entries} 个文件，数量异常，未解压。请精简后重新打包送审"))
        return
    try:
        zf = zipfile.ZipFile(zpath)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        skipped.append(Member(label, str(zpath), skipped="压缩包已损坏，无法打开。请重新压缩后送审"))
        return
    dest = Path(tempfile.mkdtemp(prefix="zip-", dir=work))  # a fresh folder, even when `work` is reused
    with zf:
        for index, info in enumerate(zf.infolist()):
            name = zip_name(info)
            shown = prefix + name
            if info.is_dir() or is_junk(name):
                continue
            if budget.files <= 0:
                budget.over_count += 1
                continue
            reason = _member_reason(info, name)
            if reason:
                skipped.append(Member(shown, "", info.file_size, skipped=reason))
                continue
            target = dest / _safe_filename(name, index)
            if not target.resolve().is_relative_to(work.resolve()):  # belt and braces: the name was sanitised
                skipped.append(Member(shown, "", info.file_size, skipped="路径指向解压目录之外，已跳过"))
                continue
            budget.files -= 1
            problem = _extract(zf, info, target, budget)
            if problem:
                skipped.append(Member(shown, "", info.file_size, skipped=problem))
                continue
            if name.lower().endswith(".zip") and _is_zip(target):
                budget.files += 1  # the inner zip is not a document; its members count instead
                if nesting >= MAX_ZIP_NESTING:
                    skipped.append(Member(shown, str(target), skipped="压缩包嵌套超过一层，已跳过。请解压后重新打包送审"))
                else:
                    _read_zip(target, shown, shown + "/", work, budget, members, skipped, nesting + 1)
                continue
            members.append(_plain(shown, str(target), target.stat().st_size))


def _declared_entries(zpath: Path) -> int:
    """The member count the zip's end record declares, read before the central
    directory is parsed (a hostile one may declare millions)."""
    try:
        with zpath.open("rb") as fh:
            end = zipfile._EndRecData(fh)  # the stdlib's own reader of the end record
    except (OSError, zipfile.BadZipFile, struct.error, ValueError):
        return 0
    return int(end[zipfile._ECD_ENTRIES_TOTAL]) if end else 0


def _member_reason(info: zipfile.ZipInfo, name: str) -> str:
    reason = unsafe_reason(name)
    if reason:
        return reason
    if stat.S_ISLNK(info.external_attr >> 16):
        return "是符号链接，可能指向送审材料以外的文件，已跳过"
    if info.flag_bits & 0x1:
        return "已加密（设置了解压密码），无法读取。请去掉密码后重新打包送审"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return "使用了不支持的压缩方式，无法读取。请用常用压缩软件重新打包（.zip）送审"
    return ""


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: _Budget) -> str:
    """Stream one member to `target`, counting the bytes actually produced (never the
    header's sizes); a bomb is stopped at the first chunk past a limit."""
    written = 0
    compressed = max(info.compress_size, 1)
    try:
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > MAX_MEMBER_BYTES:
                    raise _Stop(f"解压后超过 {MAX_MEMBER_BYTES // 1048576} MB，已停止解压并跳过。请拆分后送审")
                if written > budget.bytes:
                    raise _Stop(f"整个送审包解压后超过 {MAX_TOTAL_BYTES // 1048576} MB，已停止解压并跳过。请分批送审")
                if written > RATIO_FLOOR and written / compressed > MAX_RATIO:
                    raise _Stop(f"压缩比异常（超过 {MAX_RATIO} 倍，疑似“压缩炸弹”），已停止解压并跳过")
                out.write(chunk)
    except _Stop as stop:
        target.unlink(missing_ok=True)
        return stop.reason
    except RuntimeError:  # zipfile: "File is encrypted, password required"
        target.unlink(missing_ok=True)
        return "已加密（设置了解压密码），无法读取。请去掉密码后重新打包送审"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, KeyError) as exc:
        target.unlink(missing_ok=True)
        return f"压缩数据已损坏（{exc.__class__.__name__}），无法读取。请重新压缩后送审"
    finally:
        budget.bytes -= written
    return ""


class _Stop(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
