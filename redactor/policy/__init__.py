"""Policies: load and validate `policies/*.yaml`; turn findings into decisions with a reason."""

from redactor.policy.apply import apply_policy, policy_secret, rule_params
from redactor.policy.load import LoadedPolicy, list_policies, load_policy

__all__ = ["apply_policy", "policy_secret", "rule_params", "load_policy", "list_policies", "LoadedPolicy"]
