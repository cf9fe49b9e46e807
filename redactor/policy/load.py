"""Find a policy by name (in `policies/`) or by path, validate it, and hash it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import ConfigError
from redactor.policy.schema import Policy
from redactor.yamldata import load_model


def policy_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("REDACTOR_POLICY_DIR"):
        dirs.append(Path(os.environ["REDACTOR_POLICY_DIR"]))
    dirs.append(Path.cwd() / "policies")
    dirs.append(Path(__file__).resolve().parents[2] / "policies")
    return dirs


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    path: Path
    sha256: str

    @property
    def id(self) -> str:
        return self.policy.id


def list_policies() -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in policy_dirs():
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.stem, path)
    return list(seen.values())


def load_policy(name_or_path: str | Path) -> LoadedPolicy:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        path = candidate
        if not path.exists():
            raise ConfigError(f"{path}: policy file not found")
    else:
        matches = [d / f"{name_or_path}.yaml" for d in policy_dirs() if (d / f"{name_or_path}.yaml").exists()]
        if not matches:
            known = ", ".join(p.stem for p in list_policies()) or "none"
            raise ConfigError(f"unknown policy '{name_or_path}' (known: {known})")
        path = matches[0]
    policy = load_model(path, Policy)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return LoadedPolicy(policy, path, digest)
