"""Policies: load and validate `policies/*.yaml`; turn findings into decisions with a reason."""

from redactor.policy.apply import apply_policy
from redactor.policy.load import LoadedPolicy, list_policies, load_policy

__all__ = ["apply_policy", "load_policy", "list_policies", "LoadedPolicy"]
