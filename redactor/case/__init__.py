"""Case bundles: one identity graph, one review and one consistent redaction across every document
of a case (a folder of documents or a list of files, with an optional `case.yaml` profile).

    inputs → detect each document (detect-map) → link (evidence, graph, case search) → policy per
    document → stable replacements → [case decisions] → outputs, case log, redaction index → verify

`run_case` is the front door; the CLI (`redactor case`, `redactor batch --cases`) and, later, the
app call it or its parts."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from redactor.case.model import CaseDocument, CaseEntity, CasePlan
from redactor.case.outputs import CaseOutcome, write_case
from redactor.case.plan import case_inputs, case_profile, detect_case, plan_case
from redactor.case.profile import CaseProfile, load_profile
from redactor.case.review import CaseDecisions, EntityDecision, apply_case_decisions


def run_case(paths: Sequence[Path], loaded, out_dir: Path, profile: Path | None = None,
             include_text: bool = False, workers: int = 1, decisions: Path | None = None,
             password: str | None = None) -> CaseOutcome:
    """Redact a case: every document, the case log and the redaction index, all verified."""
    from redactor.service import OutputOptions

    inputs = case_inputs(paths)
    known = case_profile(paths, profile)  # validated before the model is loaded
    documents = detect_case(inputs, workers, password)
    case = plan_case(documents, loaded, known)
    if decisions is not None:
        case = apply_case_decisions(case, CaseDecisions.load(decisions), loaded).plan
    return write_case(case, out_dir, OutputOptions.from_policy(loaded, include_text, password))


__all__ = ["run_case", "case_inputs", "case_profile", "detect_case", "plan_case", "write_case",
           "apply_case_decisions", "load_profile", "CaseProfile", "CaseDecisions", "EntityDecision",
           "CaseDocument", "CaseEntity", "CasePlan", "CaseOutcome"]
