"""`reviewer register file|due|annual`: filing with the level above and the yearly list (REG.ND.FILING_*)."""

from __future__ import annotations
