"""How a person's name is written in a record: each form turns a `Person` into pieces of text, the
name pieces (which must be masked) and the separators between them (which need not be)."""

from __future__ import annotations

from typing import Callable

from tests.stress.names import Person

Pieces = list[tuple[str, bool]]  # (text, is part of the name)


def _w(*words: str) -> str:
    return " ".join(w for w in words if w)


def _surnames(p: Person) -> str:
    return _w(p.surname.word, p.surname2.word if p.surname2 else "")


def _initial(word: str) -> str:
    return word[0].upper() + "."


def _initials(p: Person) -> str:
    words = [p.given, p.given2, p.surname] + ([p.surname2] if p.surname2 else [])
    return "".join(_initial(w.word) for w in words)


def _hyphen_initials(p: Person) -> str:
    second = p.surname2 or p.given2
    return f"{_initial(p.given.word)}{_initial(p.surname.word)}-{_initial(second.word)}"


FORMS: dict[str, Callable[[Person], Pieces]] = {
    "full": lambda p: [(_w(p.given.word, _surnames(p)), True)],
    "full3": lambda p: [(_w(p.given.word, p.given2.word, _surnames(p)), True)],
    "given": lambda p: [(p.given.word, True)],
    "surname": lambda p: [(p.surname.word, True)],
    "surnames": lambda p: [(_surnames(p), True)],
    "given_surname1": lambda p: [(_w(p.given.word, p.surname.word), True)],
    "caps_full": lambda p: [(_w(p.given.word, _surnames(p)).upper(), True)],
    "caps_given": lambda p: [(p.given.word.upper(), True)],
    "caps_given2": lambda p: [(p.given2.word.upper(), True)],
    "caps_surname": lambda p: [(p.surname.word.upper(), True)],
    "caps_surnames": lambda p: [(_surnames(p).upper(), True)],
    # "SURNAME, Given": court and detention lists
    "caps_surname_comma_given": lambda p: [(_surnames(p).upper(), True), (", ", False),
                                           (_w(p.given.word, p.given2.word), True)],
    "surname_comma_given": lambda p: [(_surnames(p), True), (", ", False), (p.given.word, True)],
    "caps_surname_comma_caps_given": lambda p: [(_surnames(p).upper(), True), (", ", False),
                                                (p.given.word.upper(), True)],
    # Vietnamese and Chinese order, family name in capitals first: "NGUYEN Van An"
    "surname_first": lambda p: [(_w(p.surname.word.upper(), p.given.word, p.given2.word), True)],
    "lower_full": lambda p: [(_w(p.given.word, _surnames(p)).lower(), True)],
    "lower_given": lambda p: [(p.given.word.lower(), True)],
    "lower_surname": lambda p: [(p.surname.word.lower(), True)],
    "initials": lambda p: [(_initials(p), True)],
    "initials_hyphen": lambda p: [(_hyphen_initials(p), True)],
    "initial_surname": lambda p: [(f"{_initial(p.given.word)} {p.surname.word}", True)],
    # a name wrapped at the end of a line
    "full_break": lambda p: [(p.given.word, True), ("\n", False), (_surnames(p), True)],
    "caps_full_break": lambda p: [(p.given.word.upper(), True), ("\n", False), (_surnames(p).upper(), True)],
    # a file name: "Surname_Given_declaration.pdf"
    "file": lambda p: [(p.surname.word, True), ("_", False), (p.given.word, True)],
}
