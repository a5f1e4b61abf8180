"""Document facts: what a rule may depend on (the buyer's type, the supplier's size,
the signing date…), each known, narrowed to a few values, or unknown.

`model` holds the values and how the user overrides them; `infer` reads them from
the text; `truth` answers a rule's condition with True, False or None (unknown).
"""

from reviewer.facts.model import (
    ALLOWED,
    DOMAINS,
    FACT_KEYS,
    Fact,
    Facts,
    apply_overrides,
    parse_value,
    sidecar_facts,
)
from reviewer.facts.infer import buyer_type_of, infer

__all__ = [
    "ALLOWED", "DOMAINS", "FACT_KEYS", "Fact", "Facts", "apply_overrides", "buyer_type_of", "infer", "parse_value", "sidecar_facts",
]
