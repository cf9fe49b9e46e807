"""The case profile is validated like a policy: a mistake is one line naming the file, the line and
the field, and never a name from the profile."""

from __future__ import annotations

import datetime as dt

import pytest

from redactor.case.profile import load_profile
from redactor.errors import ConfigError

from tests.case.conftest import BUNDLE


def write(tmp_path, text: str):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_profile_loads():
    profile = load_profile(BUNDLE / "case.yaml")
    applicant = profile.identities[0]
    assert applicant.role == "applicant" and "Sasha" in applicant.names
    assert applicant.dates_of_birth == [dt.date(1988, 3, 14)]
    assert [t.type for t in profile.mask] == [] and profile.keep


def test_mask_terms_take_a_type_or_default_to_person(tmp_path):
    profile = load_profile(write(tmp_path, "mask:\n  - Lesik\n  - {text: Saint Olga parish, type: ORG}\n"))
    assert [(t.text, t.type) for t in profile.mask] == [("Lesik", "PERSON"), ("Saint Olga parish", "ORG")]


@pytest.mark.parametrize("body, line, field", [
    ("identities:\n  - name: Oksana Petrova\n    role: judge\n", 3, "identities.0.role"),
    ("identities:\n  - name: Oksana Petrova\n    a_numbers: [A12]\n", 3, "identities.0.a_numbers"),
    ("identities:\n  - name: Oksana Petrova\n    dates_of_birth: [not a date]\n", 3,
     "identities.0.dates_of_birth.0"),
    ("identities:\n  - name: Oksana Petrova\n    nickname: Ksyu\n", 3, "identities.0.nickname"),
    ("mask:\n  - {text: Lviv, type: TOWN}\n", 2, "mask.0.type"),
    ("keep:\n  - x\n", 2, "keep.0"),
])
def test_a_mistake_names_the_file_the_line_and_the_field_but_no_name(tmp_path, body, line, field):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: {field}:"), message
    assert "Petrova" not in message and "Ksyu" not in message and "Lviv" not in message
    assert "\n" not in message


def test_a_term_both_kept_and_masked_is_refused(tmp_path):
    path = write(tmp_path, "identities:\n  - name: Oksana Petrova\nkeep:\n  - OKSANA  PETROVA\n")
    with pytest.raises(ConfigError, match="both kept and masked"):
        load_profile(path)


def test_yaml_syntax_errors_name_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"case\.yaml:3:"):
        load_profile(write(tmp_path, "identities:\n  - name: Oksana\n  role: [applicant\n"))
