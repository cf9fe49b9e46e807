"""Loading policies (policy/load.py, schema.py, yamldata.py): the shipped ones load; a mistake is a
ConfigError naming the file, the line and the field; unknown names list the known policies."""

import hashlib
import textwrap
from pathlib import Path

import pytest

from redactor.errors import ConfigError
from redactor.model import Action
from redactor.policy import list_policies, load_policy

SHIPPED = ("asylum-confidential", "court-publication", "frcp-5-2")

VALID = """\
id: test-policy
title: Test
rules:
  - id: people
    types: [PERSON]
    action: tag
    basis: "8 CFR 208.6"
default:
  id: default-mask
  action: redact
  basis: "8 CFR 208.6"
"""


def write(tmp_path: Path, body: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policy_loads_by_name(repo_root, name):
    loaded = load_policy(name)
    path = repo_root / "policies" / f"{name}.yaml"
    assert loaded.id == name
    assert loaded.path.resolve() == path.resolve()
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.policy.rules and loaded.policy.default.basis
    assert all(rule.basis for rule in loaded.policy.rules)


def test_shipped_policies_are_listed(repo_root):
    names = {p.stem for p in list_policies()}
    assert set(SHIPPED) <= names


def test_policy_loads_by_path(tmp_path):
    path = write(tmp_path, VALID)
    loaded = load_policy(path)
    assert loaded.id == "test-policy"
    assert loaded.policy.rule_for("PERSON", None).action is Action.TAG
    assert loaded.policy.rule_for("DATE", None).id == "default-mask"
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_policy_hash_changes_with_the_file(tmp_path):
    first = load_policy(write(tmp_path, VALID, "a.yaml"))
    second = load_policy(write(tmp_path, VALID.replace("title: Test", "title: Other"), "b.yaml"))
    assert first.sha256 != second.sha256


def test_unknown_policy_name_lists_the_known_ones():
    with pytest.raises(ConfigError) as info:
        load_policy("no-such-policy")
    message = str(info.value)
    assert "no-such-policy" in message
    for name in SHIPPED:
        assert name in message


def test_missing_policy_path(tmp_path):
    missing = tmp_path / "absent.yaml"
    with pytest.raises(ConfigError) as info:
        load_policy(missing)
    assert str(missing) in str(info.value)


INVALID = [
    # (policy text, line, field) — line and field of the mistake
    (VALID.replace("action: tag", "action: obliterate"), 6, "rules.0.action"),
    (VALID.replace("title: Test\n", "title: Test\nthresholds:\n  default: high\n"), 4,
     "thresholds.default"),
    (VALID.replace("title: Test\n", "title: Test\ncolour: blue\n"), 3, "colour"),
    (VALID.replace("id: test-policy", "id: Test Policy"), 1, "id"),
    (VALID.replace('    basis: "8 CFR 208.6"\ndefault', "default"), 4, "rules.0.basis"),
    (VALID.replace("  action: redact\n", "  action: []\n"), 10, "default.action"),
    (VALID.replace("title: Test\n", "title: Test\nexpectations:\n  max_keep_violation_rate: 2\n"), 4,
     "expectations.max_keep_violation_rate"),
]


@pytest.mark.parametrize("body, line, field", INVALID)
def test_invalid_policy_names_file_line_and_field(tmp_path, body, line, field):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert f" {field}: " in message, message
    assert "\n" not in message


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, "id: test\ntitle: [unclosed\nrules:\n")
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert str(info.value).startswith(f"{path}:3: "), str(info.value)


def test_top_level_must_be_a_mapping(tmp_path):
    path = write(tmp_path, "- just\n- a list\n")
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert str(info.value).startswith(f"{path}:1: ")


def test_empty_rules_are_refused(tmp_path):
    body = VALID.split("rules:")[0] + "rules: []\ndefault:\n  id: d\n  action: keep\n  basis: x\n"
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert str(info.value).startswith(f"{path}:3: ") and " rules: " in str(info.value)


def test_unknown_entity_type_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("types: [PERSON]", "types: [PERSONS]"))
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert str(path) in str(info.value) and "PERSONS" in str(info.value)


def test_unknown_entity_type_names_the_types_field_and_its_line(tmp_path):
    path = write(tmp_path, VALID.replace("types: [PERSON]", "types: [PERSONS]"))
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    message = str(info.value)
    assert message.startswith(f"{path}:5: ") and " rules.0.types: " in message, message


def test_unknown_role_is_refused_with_file_line_and_field(tmp_path):
    body = VALID.replace("    types: [PERSON]\n", "    types: [PERSON]\n    roles: [minr]\n")
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    message = str(info.value)
    assert message.startswith(f"{path}:6: ") and " rules.0.roles: " in message and "minr" in message


def test_threshold_for_an_unknown_type_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace("title: Test\n", "title: Test\nthresholds:\n  PERSN: 0.9\n"))
    with pytest.raises(ConfigError) as info:
        load_policy(path)
    assert str(info.value).startswith(f"{path}:") and "PERSN" in str(info.value)
