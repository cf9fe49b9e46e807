"""Find a policy by name or by path, validate it, and hash it.

One resolution order, and no silent substitution:
1. a path (anything with a "/" or ending in .yaml/.yml, or an existing file) is that file;
2. a name is `$REDACTOR_POLICY_DIR/<name>.yaml` when that variable is set and the file exists;
3. else the shipped `policies/<name>.yaml`;
4. else `./policies/<name>.yaml` in the current folder (a policy of your own, under a new name).
A `./policies/<name>.yaml` that differs from a shipped policy of the same name is never used in its
place: it gets a warning (give its path to use it). Every run says which file it used, with its
path and sha256 (`describe`), and the redaction log records both."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import ConfigError
from redactor.policy.schema import Policy
from redactor.yamldata import load_model

SHIPPED = Path(__file__).resolve().parents[2] / "policies"


def policy_dirs() -> list[Path]:
    """The folders a policy name is looked up in, in order."""
    dirs = []
    if os.environ.get("REDACTOR_POLICY_DIR"):
        dirs.append(Path(os.environ["REDACTOR_POLICY_DIR"]))
    dirs.append(SHIPPED)
    local = Path.cwd() / "policies"
    if local.resolve() != SHIPPED.resolve():
        dirs.append(local)
    return dirs


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    path: Path
    sha256: str
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def id(self) -> str:
        return self.policy.id

    def describe(self) -> str:
        """One line: which policy file this run uses."""
        return f"policy {self.id}: {self.path} (sha256 {self.sha256})"


def list_policies() -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in policy_dirs():
        for path in sorted(folder.glob("*.yaml")):
            seen.setdefault(path.stem, path)
    return list(seen.values())


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _shadow_warnings(name: str, used: Path) -> tuple[str, ...]:
    local = Path.cwd() / "policies" / f"{name}.yaml"
    if not local.exists() or local.resolve() == used.resolve():
        return ()
    if _sha256(local) == _sha256(used):
        return ()
    return (f"warning: {local} shadows the policy '{name}' but is NOT used; "
            f"using {used} (give the file's path to use it)",)


def resolve_policy(name_or_path: str | Path) -> tuple[Path, tuple[str, ...]]:
    """The file a policy name or path stands for (see the module docstring), and any warnings."""
    text = str(name_or_path)
    candidate = Path(text)
    if "/" in text or os.sep in text or candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.exists():
            raise ConfigError(f"{candidate}: policy file not found")
        return candidate, ()
    for folder in policy_dirs():
        path = folder / f"{text}.yaml"
        if path.is_file():
            return path, _shadow_warnings(text, path)
    known = ", ".join(p.stem for p in list_policies()) or "none"
    raise ConfigError(f"unknown policy '{text}' (known: {known})")


def load_policy(name_or_path: str | Path) -> LoadedPolicy:
    path, warnings = resolve_policy(name_or_path)
    policy = load_model(path, Policy)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return LoadedPolicy(policy, path.resolve(), digest, warnings)
