"""The desk's accounts and audit log, on the one store (schema v6).

A password is kept only as an argon2id hash (argon2-cffi's defaults, re-hashed on login
when those defaults grow). An account is disabled, never deleted, so the audit log
keeps naming the person who acted. The web desk and `reviewer users` both use this
module; neither touches the tables directly.
"""

from __future__ import annotations

from contextlib import closing

from reviewer.errors import UsageError
from reviewer.register import db
from reviewer.register.documents import _transaction
from reviewer.register.store import Store, _now

REVIEWER, HEAD = "审查员", "负责人"
ROLES = (REVIEWER, HEAD)
MIN_PASSWORD = 8
_MAX_NAME = 40


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise UsageError("请写明账号名称，如 reviewer users add 张三 --role 审查员")
    if len(name) > _MAX_NAME or any(c in name for c in "<>\"'&/\\") or not name.isprintable():
        raise UsageError(f"账号名称“{name[:_MAX_NAME]}”不可用：最长 {_MAX_NAME} 个字，不能含空白以外的控制字符和 < > \" ' & / \\")
    return name


def _check_password(password: str) -> str:
    if not password or len(password) < MIN_PASSWORD:
        raise UsageError(f"密码至少 {MIN_PASSWORD} 位，请重新设置")
    return password


def _check_role(role: str) -> str:
    role = (role or "").strip()
    if role not in ROLES:
        raise UsageError(f"--role：角色“{role}”无法识别，应为 {'、'.join(ROLES)} 之一")
    return role


def add_user(store: Store, name: str, role: str, password: str) -> dict:
    name, role = _check_name(name), _check_role(role)
    digest = _hasher().hash(_check_password(password))
    with _transaction(store) as conn:
        if conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
            raise UsageError(f"账号 {name} 已存在：改密码用 reviewer users passwd {name}")
        conn.execute("INSERT INTO users(name, role, password_hash, active, created_at) VALUES (?,?,?,?,?)", (name, role, digest, 1, _now()))
    return get_user(store, name)


def get_user(store: Store, name: str) -> dict | None:
    """The account without its hash, or None."""
    with closing(store._connect()) as conn:
        rows = db.dicts(conn.execute("SELECT name, role, active, created_at FROM users WHERE name=?", ((name or "").strip(),)))
    return rows[0] if rows else None


def users(store: Store) -> list[dict]:
    with closing(store._connect()) as conn:
        return db.dicts(conn.execute("SELECT name, role, active, created_at FROM users ORDER BY id"))


def _existing(conn, name: str) -> None:
    if not conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
        raise UsageError(f"没有账号 {name}；可用 reviewer users list 查看已有账号")


def set_password(store: Store, name: str, password: str) -> None:
    name = _check_name(name)
    digest = _hasher().hash(_check_password(password))
    with _transaction(store) as conn:
        _existing(conn, name)
        conn.execute("UPDATE users SET password_hash=? WHERE name=?", (digest, name))


def set_active(store: Store, name: str, active: bool) -> None:
    name = _check_name(name)
    with _transaction(store) as conn:
        _existing(conn, name)
        conn.execute("UPDATE users SET active=? WHERE name=?", (1 if active else 0, name))


def has_active_head(store: Store) -> bool:
    with closing(store._connect()) as conn:
        return conn.execute("SELECT 1 FROM users WHERE role=? AND active=1", (HEAD,)).fetchone() is not None


# A hash to verify against when the name is unknown, so a wrong name costs the same time
# as a wrong password and the timing does not tell which names exist.
_DUMMY: list[str] = []


def verify(store: Store, name: str, password: str) -> dict | None:
    """The active account whose password this is, or None (unknown, disabled or wrong)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    ph = _hasher()
    with closing(store._connect()) as conn:
        rows = db.dicts(conn.execute("SELECT name, role, active, password_hash FROM users WHERE name=?", ((name or "").strip(),)))
    if not rows:
        if not _DUMMY:
            _DUMMY.append(ph.hash("reviewer-no-such-user"))
        try:
            ph.verify(_DUMMY[0], password or "")
        except VerificationError:
            pass
        return None
    row = rows[0]
    try:
        ph.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        return None
    if not row["active"]:
        return None
    if ph.check_needs_rehash(row["password_hash"]):
        with _transaction(store) as conn:
            conn.execute("UPDATE users SET password_hash=? WHERE name=?", (ph.hash(password), row["name"]))
    return {"name": row["name"], "role": row["role"]}


def audit(store: Store, user: str, action: str, target: str | None = None, detail: str | None = None) -> None:
    with _transaction(store) as conn:
        conn.execute('INSERT INTO audit(at, "user", action, target, detail) VALUES (?,?,?,?,?)', (_now(), user, action, target, detail))


def audit_rows(store: Store, limit: int = 200, user: str | None = None) -> list[dict]:
    """The newest first."""
    sql = 'SELECT at, "user" AS user, action, target, detail FROM audit' + (' WHERE "user"=?' if user else "") + " ORDER BY id DESC LIMIT ?"
    with closing(store._connect()) as conn:
        return db.dicts(conn.execute(sql, ((user, limit) if user else (limit,))))
