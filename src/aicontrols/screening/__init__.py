"""Screening lists: Consolidated Screening List snapshots as dated, cited notices.

The US Consolidated Screening List (CSL) is rebuilt hourly with no history.
Read dated snapshots (`read_csl`), turn their sequence into a regime of
entities, lists and notices (`history_regime`), screen names against it
(`screen`), and link a confirmed customer to its listing (`confirm`).

Examples:
    >>> from aicontrols import screening
    >>> text = '''source,name,addresses,federal_register_notice,start_date,license_requirement,license_policy
    ... Entity List (EL) - Bureau of Industry and Security,Example Photonics Ltd.,"1 Road, Wuhan, CN",89 FR 12345,2024-05-01,For all items subject to the EAR.,Presumption of denial.
    ... '''
    >>> snapshot = screening.read_csl("csl.csv", text=text, taken="2026-01-05")
    >>> regime = screening.history_regime([snapshot])
    >>> [c.entity.id for c in screening.screen(regime, "Example Photonics", "CN", on="2026-01-05")]
    ['el-example-photonics-ltd']
"""

from ._files import read_csl
from ._history import UVL_STATEMENT, history_regime, license_items, review_policy
from ._listing import SOURCES, Listing, ListSource, RowProblem, Snapshot
from ._match import COUNTRY_MATCH, COUNTRY_MISMATCH, Candidate, confirm, screen
from ._rows import normalise, split_citations

__all__ = [
    "COUNTRY_MATCH",
    "COUNTRY_MISMATCH",
    "SOURCES",
    "UVL_STATEMENT",
    "Candidate",
    "ListSource",
    "Listing",
    "RowProblem",
    "Snapshot",
    "confirm",
    "history_regime",
    "license_items",
    "normalise",
    "read_csl",
    "review_policy",
    "screen",
    "split_citations",
]
