"""`reviewer register publish`: the 规范性文件集中发布 site as static files (REG.ND.PUBLISH)."""

from __future__ import annotations
