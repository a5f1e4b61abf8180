"""The store's schema: version 1 as the first release created it, and the migrations that
lead from each version to the next (run on open, in one write transaction, by
reviewer/register/store.py). A new store and an upgraded one end up the same. The DDL is
written for SQLite; reviewer/register/db.py translates the few differences for PostgreSQL."""

SCHEMA_VERSION = 6
# Version 1, as the first release created it; later versions are reached by the
# migrations below, so a new store and an upgraded one end up the same.
BASE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS number_series (
    series TEXT NOT NULL,           -- 机关代字, e.g. 宣司审
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,          -- the last sequence number given
    PRIMARY KEY (series, year)
);
CREATE TABLE IF NOT EXISTS opinions (
    id INTEGER PRIMARY KEY,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL UNIQUE,    -- 宣司审〔2026〕3号
    document TEXT NOT NULL,         -- the reviewed file
    title TEXT NOT NULL,
    unit TEXT,                      -- 送审单位
    conclusion TEXT,
    issued_on TEXT NOT NULL,        -- ISO date
    created_at TEXT NOT NULL,
    UNIQUE (series, year, seq)
)
"""
MIGRATIONS = {
    2: """
ALTER TABLE opinions ADD COLUMN sha256 TEXT;              -- of the reviewed file, to know a re-issue
ALTER TABLE opinions ADD COLUMN output TEXT;              -- where the letter was last written
ALTER TABLE opinions ADD COLUMN status TEXT NOT NULL DEFAULT 'issued';   -- issued / void
ALTER TABLE opinions ADD COLUMN void_reason TEXT;
ALTER TABLE opinions ADD COLUMN voided_at TEXT;          -- ISO date and time
CREATE TABLE opinion_events (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    event TEXT NOT NULL,            -- issued / reissued / voided
    at TEXT NOT NULL,               -- ISO date and time
    output TEXT,
    conclusion TEXT,
    issued_on TEXT,
    reason TEXT
);
CREATE INDEX opinion_events_number ON opinion_events(number);
INSERT INTO opinion_events(number, event, at, conclusion, issued_on)
    SELECT number, 'issued', created_at, conclusion, issued_on FROM opinions ORDER BY id
""",
    # The filing register of 行政规范性文件 (catalogue section 6). Series numbers share
    # number_series with the opinion numbers; a row is never deleted, only its status
    # changes, and every change is an event with the fields before and after.
    3: """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,    -- 文号, 宣府规〔2026〕1号
    series TEXT NOT NULL,           -- 机关代字 of the number
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    reg_no TEXT UNIQUE,             -- 登记编号
    title TEXT NOT NULL,            -- 文件名称
    issuer TEXT,                    -- 制定机关
    written_on TEXT,                -- 成文日期
    published_on TEXT,              -- 公布日期
    effective_on TEXT,              -- 施行日期
    expires_on TEXT,                -- 有效期至
    status TEXT NOT NULL DEFAULT 'in_force',   -- in_force / amended / repealed / expired / void
    status_by TEXT,                 -- 修改/废止文件文号或说明
    status_on TEXT,
    opinion_number TEXT,            -- 合法性审查意见书编号
    filed_on TEXT,                  -- 备案日期
    filed_with TEXT,                -- 备案机关
    path TEXT,
    sha256 TEXT,
    note TEXT,                      -- 备注
    created_at TEXT NOT NULL,
    UNIQUE (series, year, seq)
);
CREATE TABLE document_events (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    event TEXT NOT NULL,            -- registered / imported / status / voided
    at TEXT NOT NULL,
    changes TEXT,                   -- JSON {field: [before, after]}
    reason TEXT
);
CREATE INDEX document_events_number ON document_events(number)
""",
    # Publishing and filing (REG.ND.PUBLISH, FILING_DEADLINE, FILING_PACKAGE): where a
    # document was published, and one row per filing, since a county government's
    # document is filed with the city government and with the county congress.
    4: """
ALTER TABLE documents ADD COLUMN co_issuers TEXT;         -- 联合制定机关
ALTER TABLE documents ADD COLUMN published_via TEXT;      -- 公布载体 (政府公报、门户网站…)
ALTER TABLE documents ADD COLUMN published_url TEXT;
CREATE TABLE filings (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,           -- the document's 文号
    filed_with TEXT NOT NULL,       -- 备案机关
    filed_on TEXT NOT NULL,         -- 报送备案日期
    filing_no TEXT,                 -- 备案登记号 given by the body filed with
    items TEXT,                     -- materials sent, 、-separated (备案报告、正式文本…)
    created_at TEXT NOT NULL
);
CREATE INDEX filings_number ON filings(number);
INSERT INTO filings(number, filed_with, filed_on, created_at)
    SELECT number, COALESCE(filed_with, ''), filed_on, created_at FROM documents WHERE filed_on IS NOT NULL
""",
    # The review ledger (issue 11): one case per submission, its documents and their
    # findings (one row per finding, so the year's statistics are plain queries), and
    # every change of a case as an event. Case numbers share number_series.
    5: """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,    -- 案号, 宣法审〔2026〕12号
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    unit TEXT NOT NULL,             -- 送审单位
    kind TEXT NOT NULL,             -- 合同 / 招标文件 / 规范性文件 / 重大行政决策 / 其他
    title TEXT,                     -- 送审事项
    received_on TEXT NOT NULL,      -- 收件日期
    complete_on TEXT,               -- 材料齐全日期: the review clock starts here
    due_on TEXT,                    -- 要求完成日期
    status TEXT NOT NULL DEFAULT 'reviewing',  -- reviewing / returned / closed
    closed_on TEXT,                 -- 办结日期
    opinion_number TEXT,            -- 合法性审查意见书编号
    register_number TEXT,           -- 规范性文件登记簿中的文号
    missing TEXT,                   -- 退回补充时缺少的材料, 、-separated
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (series, year, seq)
);
CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT,
    title TEXT,
    kind TEXT,                      -- contract / tender / normative / other, as reviewed
    role TEXT,                      -- a package member's role (招标文件, 合同, 中标通知书…)
    reviewed_at TEXT
);
CREATE INDEX case_documents_case ON case_documents(case_number);
CREATE TABLE case_findings (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL,
    document_id INTEGER,
    rule TEXT NOT NULL,
    point TEXT,
    severity TEXT NOT NULL          -- 必须修改 / 建议修改 / 提示
);
CREATE INDEX case_findings_case ON case_findings(case_number);
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL,
    event TEXT NOT NULL,            -- opened / returned / completed / reviewed / opinion / closed / reopened
    at TEXT NOT NULL,
    changes TEXT,                   -- JSON {field: [before, after]}
    reason TEXT
);
CREATE INDEX case_events_case ON case_events(case_number)
""",
    # The desk's office mode (issue 12): accounts with a role and an argon2 hash (never
    # the password), disabled rather than deleted so the audit keeps naming them; and
    # the audit log of who numbered, changed, closed or published what, and when.
    6: """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,             -- 审查员 / 负责人
    password_hash TEXT NOT NULL,    -- argon2id, as argon2-cffi writes it
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,               -- ISO date and time
    "user" TEXT NOT NULL,           -- account name, or 本机用户 / 命令行 (quoted: a reserved word in PostgreSQL)
    action TEXT NOT NULL,           -- 取号登记 / 状态变更 / 办结案件 / 发布网站 …
    target TEXT,                    -- the number or name acted on
    detail TEXT
);
CREATE INDEX audit_at ON audit(at)
""",
}
