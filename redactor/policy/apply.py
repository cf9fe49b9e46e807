"""Findings + policy → a RedactionPlan: one decision per finding, with action, replacement, rule and
legal basis; overlapping masks merged so that decisions never overlap."""

from __future__ import annotations

import os
import re

from redactor.model import TYPE_PRIORITY as PRIORITY, Action, Decision, Document, Finding, RedactionPlan
from redactor.operators import replacement_for
from redactor.policy.load import LoadedPolicy
from redactor.settings import get_settings
from redactor.spans import SpanIndex



def policy_secret(loaded: LoadedPolicy) -> str:
    """The secret that makes pseudonyms reproducible: the policy's `secret_env`, else settings."""
    env = loaded.policy.secret_env
    return (os.environ.get(env, "") if env else "") or get_settings().secret


def _deny_findings(text: str, loaded: LoadedPolicy) -> list[Finding]:
    found = []
    for number, term in enumerate(loaded.policy.deny, 1):
        rx = r"(?<![^\W_])" + r"\s+".join(map(re.escape, term.split())) + r"(?![^\W_])"
        for m in re.finditer(rx, text, re.IGNORECASE):
            found.append(Finding(m.start(), m.end(), "PERSON", f"DENY-{number}", "private", 1.0,
                                 "deny_list", "on the policy's deny list"))
    return found


def decide(document: Document, finding: Finding, loaded: LoadedPolicy, secret: str) -> Decision:
    policy = loaded.policy
    text = document.text[finding.start:finding.end]
    allowed = {a.casefold() for a in policy.allow}
    if " ".join(text.split()).casefold() in allowed:
        return Decision(finding, Action.KEEP, None, "allow-list", "on the policy's allow list")
    threshold = policy.thresholds.get(finding.entity_type, policy.thresholds.get("default", 0.0))
    if finding.score < threshold:
        return Decision(finding, Action.KEEP, None, "below-threshold",
                        f"score {finding.score} below threshold {threshold}")
    rule = policy.rule_for(finding.entity_type, finding.role)
    params = dict(rule.params)
    params.update(entity_id=finding.entity_id, entity_type=finding.entity_type,
                  document_id=document.id, secret=secret)
    return Decision(finding, rule.action, replacement_for(rule.action, text, params), rule.id, rule.basis)


def rule_params(loaded: LoadedPolicy, rule_id: str) -> dict:
    """The params of the rule `rule_id` (for recomputing a replacement with another action)."""
    policy = loaded.policy
    for rule in [*policy.rules, policy.default]:
        if rule.id == rule_id:
            return dict(rule.params)
    return {}


def resolve_overlaps(document: Document, decisions: list[Decision], secret: str,
                     loaded: LoadedPolicy) -> list[Decision]:
    """Masks win over keeps; of two overlapping masks the stronger type wins and covers both;
    of overlapping keeps the longer stays. No two decisions overlap afterwards."""
    masks = sorted((d for d in decisions if d.masks),
                   key=lambda d: (d.finding.start, -(d.finding.end - d.finding.start)))
    merged: list[Decision] = []
    for d in masks:
        if merged and d.finding.start < merged[-1].finding.end:
            last = merged[-1]
            if d.finding.end <= last.finding.end and (
                PRIORITY.get(last.finding.entity_type, 9) <= PRIORITY.get(d.finding.entity_type, 9)
                or last.finding.end - last.finding.start > d.finding.end - d.finding.start
            ):
                continue  # contained in a stronger or longer mask
            winner = last if PRIORITY.get(last.finding.entity_type, 9) <= PRIORITY.get(
                d.finding.entity_type, 9) else d
            start, end = last.finding.start, max(last.finding.end, d.finding.end)
            f = winner.finding
            union = type(f)(start, end, f.entity_type, f.entity_id, f.role, f.score, f.recognizer,
                            (f.explanation + "; merged with an overlapping finding").lstrip("; "))
            params = rule_params(loaded, winner.rule_id)
            params.update(entity_id=f.entity_id, entity_type=f.entity_type,
                          document_id=document.id, secret=secret)
            merged[-1] = Decision(union, winner.action,
                                  replacement_for(winner.action, document.text[start:end], params),
                                  winner.rule_id, winner.basis, winner.origin)
            continue
        merged.append(d)
    taken = SpanIndex((d.finding.start, d.finding.end) for d in merged)
    keeps: list[Decision] = []
    for d in sorted((d for d in decisions if not d.masks),
                    key=lambda d: (d.finding.start, -(d.finding.end - d.finding.start))):
        f = d.finding
        if taken.overlaps(f.start, f.end) or (keeps and f.start < keeps[-1].finding.end):
            continue
        keeps.append(d)
    return sorted(merged + keeps, key=lambda d: (d.finding.start, d.finding.end))


def apply_policy(document: Document, findings: list[Finding], loaded: LoadedPolicy) -> RedactionPlan:
    secret = policy_secret(loaded)
    all_findings = list(findings) + _deny_findings(document.text, loaded)
    decisions = [decide(document, f, loaded, secret) for f in all_findings]
    decisions = resolve_overlaps(document, decisions, secret, loaded)
    return RedactionPlan(document.id, loaded.id, loaded.sha256, tuple(decisions))
