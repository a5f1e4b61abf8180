"""Named Python checks: the escape hatch for what rule data cannot express.

Each function takes (ctx, params) and returns hits. Register with @check("name");
a rule names it as `check: {kind: python, function: name}`. The checks live in one
module per subject; importing this package imports them all, so all are registered.
"""

from __future__ import annotations

from reviewer.engine.pychecks.registry import CONSISTENCY, REGISTRY, check
from reviewer.engine.pychecks.amounts import amount_upper_lower, instalments, unit_price
from reviewer.engine.pychecks.breach import penalty_level
from reviewer.engine.pychecks.conflicts import conflicting_terms
from reviewer.engine.pychecks.dates import date_valid, nd_validity_window
from reviewer.engine.pychecks.deposits import deposit_return
from reviewer.engine.pychecks.dispute import arb_or_litigation_choice, jurisdiction
from reviewer.engine.pychecks.parties import docno_format, party_names, uscc_checksum
from reviewer.engine.pychecks.payment import late_payment_interest
from reviewer.engine.pychecks.price_adjustment import adjustment_clause
from reviewer.engine.pychecks import award, award_price, supplements, template, terms, warranty  # noqa: F401  (importing registers their checks)
from reviewer.engine.pychecks import tender_dates  # noqa: F401  (tender periods and deposits)
from reviewer.engine.pychecks import tender_scoring  # noqa: F401  (tender fairness and scoring)
from reviewer.engine.pychecks import normative_form  # noqa: F401  (normative form: name, validity, effective date, basis)
from reviewer.engine.pychecks import normative_content  # noqa: F401  (normative content: a department assigning other departments' duties)

__all__ = [
    "CONSISTENCY",
    "REGISTRY",
    "check",
    "adjustment_clause",
    "amount_upper_lower",
    "arb_or_litigation_choice",
    "conflicting_terms",
    "date_valid",
    "deposit_return",
    "docno_format",
    "instalments",
    "jurisdiction",
    "late_payment_interest",
    "nd_validity_window",
    "party_names",
    "penalty_level",
    "unit_price",
    "uscc_checksum",
]
