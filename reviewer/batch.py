"""`reviewer batch`: review many submission packages in a process pool, resumably.

A PATH is a package (a folder or a .zip a department sent), a lone document (a
one-file package) or a folder of packages: a folder with documents directly in it
is one package; a folder holding only folders and .zip files holds packages.

Each package's results go to their own folder in --out, written whole (built in a
temporary folder, then renamed into place). A state file in --out records, per
package, a hash of its contents and the settings it was reviewed with; an unchanged
package is not reviewed again. The hash is of the files' names and bytes, not their
times: unzip, copies and network shares change or keep times regardless of content,
and reading the bytes costs milliseconds against the review's tenths of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from reviewer import __version__
from reviewer.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from reviewer.batch_worker import KIND_NAMES, failed_row, preload, review_one, unique_name  # noqa: F401  (preload: part of this module's interface)
from reviewer.findings import SEVERITIES, SEVERITY_RANK

DOC_SUFFIXES = {".docx", ".pdf", ".txt", ".md", ".markdown", ".text", ".doc", ".wps", ".rtf", ".odt"}
IGNORED = {"thumbs.db", "desktop.ini", ".ds_store"}
STATE_NAME = ".reviewer-batch.json"
STATE_VERSION = 1


@dataclass
class Planned:
    source: str  # absolute path of the folder, .zip or document
    label: str  # as the user would name it: the PATH given, or PATH/child
    name: str = ""  # its folder in --out
    files: int = 0  # files counted when planning (the progress bar's unit)
    digest: str = ""
    row: dict | None = None  # the summary row, once known
    reused: bool = False


# ---- planning -------------------------------------------------------------------------------


def _hidden(p: Path) -> bool:
    return p.name.startswith((".", "~$")) or p.name.lower() in IGNORED


def _is_zip(p: Path) -> bool:
    return p.is_file() and p.suffix.lower() == ".zip"


def plan(paths: list[str], out: Path) -> list[Planned]:
    out = out.resolve()
    planned: list[Planned] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            planned.append(Planned(str(p.absolute()), raw, row=failed_row(raw, "路径不存在，请检查路径是否正确")))
            continue
        if not p.is_dir():
            planned.append(Planned(str(p.resolve()), raw))
            continue
        children = [c for c in sorted(p.iterdir()) if not _hidden(c) and c.resolve() != out]
        if any(c.is_file() and c.suffix.lower() in DOC_SUFFIXES for c in children) or not children:
            if out == p.resolve() or p.resolve() in out.parents:
                raise UsageError(f"输出文件夹 {out} 在送审包 {raw} 之内：请用 --out 另选一个包外的文件夹")
            planned.append(Planned(str(p.resolve()), raw))
            continue
        for c in children:
            label = str(Path(raw) / c.name)
            if c.is_dir() or _is_zip(c):
                planned.append(Planned(str(c.resolve()), label))
            else:
                planned.append(Planned(str(c.resolve()), label, row=failed_row(label, "不是送审包或文档，未审查（送审包应为文件夹或 .zip）")))
    seen: set[str] = set()
    unique = [x for x in planned if not (x.source in seen or seen.add(x.source))]
    for x in unique:
        x.files = _count_files(Path(x.source)) if x.row is None else 0
    return unique


def _package_files(p: Path) -> list[Path]:
    """The files the package reader would read (Word's ~$ lock files, Thumbs.db and the like left out)."""
    from reviewer.package.unpack import is_junk

    return sorted(f for f in p.rglob("*") if f.is_file() and not is_junk(str(f.relative_to(p)))) if p.is_dir() else [p]


def _count_files(p: Path) -> int:
    if _is_zip(p):
        import zipfile

        try:
            with zipfile.ZipFile(p) as zf:
                return max(1, sum(1 for i in zf.infolist() if not i.is_dir()))
        except (zipfile.BadZipFile, OSError, ValueError):
            return 1
    return max(1, len(_package_files(p)))


def content_hash(source: str) -> str:
    """Of the package's files: relative names and bytes."""
    p = Path(source)
    h = hashlib.sha256()
    for f in _package_files(p):
        h.update(f"{f.relative_to(p) if p.is_dir() else f.name}\0".encode("utf-8"))
        with f.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def rules_fingerprint(rules_dir: str | None) -> str:
    """Of every file in the rules directory (names and bytes): a changed rule, basis or template redoes all."""
    from reviewer.paths import default_rules_dir

    root = Path(rules_dir) if rules_dir else default_rules_dir()
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f"{f.relative_to(root)}\0".encode("utf-8") + f.read_bytes())
    return h.hexdigest()


# ---- the whole batch (the parent process) -----------------------------------------------------


@dataclass
class Batch:
    out: Path
    rules_dir: str | None
    opinion: bool
    settings: str  # the rules' fingerprint, the tool's version and the options that shape the results
    packages: list[Planned]
    state: dict

    @property
    def todo(self) -> list[Planned]:
        return [p for p in self.packages if p.row is None]


def prepare(paths: list[str], out: Path, rules_dir: str | None = None, opinion: bool = False, force: bool = False) -> Batch:
    """Plan the packages, hash them, and keep the rows of those unchanged since the last run."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} 是文件，不是文件夹：请另选一个文件夹")
    preload(rules_dir, opinion)  # a broken rule pack or letter template stops here; workers forked later share it
    if out.is_dir():
        _tidy(out)
    packages = plan(paths, out)
    settings = hashlib.sha256(f"{__version__}\0{rules_fingerprint(rules_dir)}\0{opinion}".encode()).hexdigest()
    state = _read_state(out)
    known = state["packages"]
    # a new package's folder name: not one in use, nor a folder in --out that is not a result of ours
    names = {v["name"] for v in known.values()} | ({c.name for c in out.iterdir() if not (c / "result.json").is_file()} if out.is_dir() else set())
    for p in packages:
        if p.row is not None:
            continue
        p.digest = content_hash(p.source)
        old = known.get(p.source)
        if old:
            p.name = old["name"]
            if not force and old["hash"] == p.digest and old["settings"] == settings and (out / p.name / "result.json").is_file():
                p.row, p.reused = old["row"], True
                p.row["label"] = p.label
        if not p.name:
            p.name = unique_name(_safe_name(Path(p.source)), names)
    return Batch(out, rules_dir, opinion, settings, packages, state)


def _safe_name(p: Path) -> str:
    stem = p.name if p.is_dir() else p.stem
    stem = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in stem).strip(" .")
    return stem or "包"


def _read_state(out: Path) -> dict:
    try:
        data = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
        if data.get("version") == STATE_VERSION and isinstance(data.get("packages"), dict):
            return data
    except (OSError, ValueError):
        pass  # none yet, or damaged: everything is reviewed again
    return {"version": STATE_VERSION, "packages": {}}


def _replace(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write whole or not at all: through a temporary file beside it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding=encoding, newline="")
    os.replace(tmp, path)


def _tidy(out: Path) -> None:
    """Leftovers of an interrupted run: half-built folders go, a replaced result comes back."""
    for p in out.glob(".tmp-*"):
        shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(".old-*"):
        home = p.with_name(p.name[len(".old-"):])
        if home.exists():
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.replace(p, home)


def execute(batch: Batch, jobs: int = 1, on_done=None, on_start=None) -> None:
    """Review the packages not kept from the last run; `on_done(planned)` after each.
    `on_start()` runs once the workers exist: a progress display's thread must not be
    running when they are forked. The state file is rewritten after every package, so
    an interrupted run resumes."""
    batch.out.mkdir(parents=True, exist_ok=True)
    todo = batch.todo
    if jobs <= 1 or len(todo) <= 1:
        if on_start:
            on_start()
        for p in todo:
            _finish(batch, p, review_one(p.source, batch.rules_dir, str(batch.out / p.name), batch.opinion), on_done)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=ctx, initializer=preload, initargs=(batch.rules_dir, batch.opinion)) as pool:
        futures = {pool.submit(review_one, p.source, batch.rules_dir, str(batch.out / p.name), batch.opinion): p for p in todo}
        if on_start:  # with fork, the first submit started every worker
            on_start()
        try:
            for fut in as_completed(futures):
                p = futures[fut]
                try:
                    row = fut.result()
                except Exception as exc:  # the worker itself died (memory, a signal)
                    row = failed_row(p.label, f"审查进程异常退出（{exc.__class__.__name__}），请单独审查此包")
                    _finish(batch, p, row, on_done, keep=False)
                    continue
                _finish(batch, p, row, on_done)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _finish(batch: Batch, p: Planned, row: dict, on_done, keep: bool = True) -> None:
    """Record a finished package (its row is kept for the next run unless its worker died)."""
    row["label"] = p.label
    p.row = row
    if keep:
        batch.state["packages"][p.source] = {"hash": p.digest, "settings": batch.settings, "name": p.name, "row": row}
        _replace(batch.out / STATE_NAME, json.dumps(batch.state, ensure_ascii=False))
    if on_done:
        on_done(p)


CSV_HEADER = ["包/文件夹", "类型", "文件数", "必须修改", "建议修改", "提示", "缺少的材料", "读取失败"]


def csv_rows(batch: Batch) -> list[list]:
    rows = []
    for p in batch.packages:
        r = p.row or failed_row(p.label, "未审查")
        rows.append([p.label, KIND_NAMES.get(r["kind"], r["kind"]), r["files"], *(r["counts"][s] for s in SEVERITIES), "、".join(r["missing"]), "；".join(r["failures"])])
    return rows


def write_summary_csv(batch: Batch) -> Path:
    """UTF-8 with a BOM: Excel and WPS then read the Chinese right."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([CSV_HEADER, *csv_rows(batch)])
    _replace(batch.out / "summary.csv", buf.getvalue(), "utf-8-sig")
    return batch.out / "summary.csv"


def exit_code(batch: Batch, fail_on: str = "必须修改", exit_zero: bool = False) -> int:
    """2 when not one file of any package could be read; else 1 when any package (reviewed now or
    kept from the last run) has a finding at or above `fail_on`; else 0. --exit-zero makes 1 a 0."""
    rows = [p.row for p in batch.packages if p.row]
    if not any(r.get("read") for r in rows):
        return EXIT_ERROR
    worst = min((SEVERITY_RANK[s] for r in rows for s in SEVERITIES if r["counts"][s]), default=99)
    return EXIT_FINDINGS if worst <= SEVERITY_RANK[fail_on] and not exit_zero else EXIT_OK
