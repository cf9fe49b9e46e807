"""The adversarial suite's tally: how many inputs the tool refused and how many it exported clean,
printed at the end of the run (the figures of the issue's closing note)."""

from __future__ import annotations

import json
import os

import pytest

TALLY: dict[str, dict] = {}


def record(case: str, outcome: str, detail: str = "") -> None:
    TALLY[case] = {"outcome": outcome, "detail": detail}


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    refused = sorted(c for c, v in TALLY.items() if v["outcome"] == "refused")
    exported = sorted(c for c, v in TALLY.items() if v["outcome"] == "exported")
    terminalreporter.write_sep("-", "adversarial suite")
    terminalreporter.write_line(f"{len(TALLY)} inputs: {len(exported)} exported and clean under every "
                                f"independent tool, {len(refused)} refused "
                                f"({len(refused) / len(TALLY):.0%})")
    for case in refused:
        terminalreporter.write_line(f"  refused: {case}: {TALLY[case]['detail']}")
    target = os.environ.get("REDACTOR_ADVERSARIAL_REPORT")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(TALLY, handle, indent=1)


@pytest.fixture(scope="session")
def adversarial_policy(shipped_policies):
    return shipped_policies["asylum-confidential"]
