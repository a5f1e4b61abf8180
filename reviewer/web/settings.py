"""What a running desk needs to know: where the store and its working folder are, whether
it serves the office (accounts required) or this computer only, and its limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8750
    db: str | None = None  # the store (file or postgresql:// URL); None: the default store
    work: Path = field(default_factory=lambda: Path(os.environ.get("REVIEWER_WORK") or Path.home() / "reviewer-work"))
    office: bool = False  # serving other computers: accounts, roles and audit are required
    max_upload_mb: int = 50
    secret: str | None = None  # signs session cookies; generated and kept in the work folder when None

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK
