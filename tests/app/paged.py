"""A fictional 30-page hearing record as a text PDF, built at test time (no binary fixture): the
applicant, her family and a witness, A-numbers, places, the judge and counsel, and a detail the
detector does not know to be identifying (the minibus's plate), for the browser test and
bench/app_latency.py. Every person in it is invented."""

from __future__ import annotations

from pathlib import Path

APPLICANT = "Olena Petrenko"
PLATE = "KX-44"  # too few digits for the fail-closed number catch-all: a reviewer has to add it

_FAMILY = ["Taras Petrenko", "Iryna Petrenko", "Mykola Hnatiuk", "Sofiia Marchenko", "Bohdan Kravets"]
_TOWNS = ["Kherson", "Mykolaiv", "Odesa", "Izmail", "Berdiansk"]


def hearing_page(i: int) -> str:
    relative = _FAMILY[i % len(_FAMILY)]
    town = _TOWNS[(i * 2) % len(_TOWNS)]
    number = f"A{201000000 + (i % 7) * 7919:09d}"
    head = ""
    if i == 0:
        head = ("UNITED STATES DEPARTMENT OF JUSTICE\nEXECUTIVE OFFICE FOR IMMIGRATION REVIEW\n\n"
                f"In the Matter of {APPLICANT.upper()}, Respondent\n\n"
                "Before Immigration Judge Harold P. Whitcombe. Counsel for the respondent: "
                "Attorney Denise Okafor-Lund.\n\n")
    return (head + f"Page {i + 1}. The respondent {APPLICANT} (A-Number {number}) testified that her relative "
            f"{relative} was detained near {town} in the spring. She said the men drove a grey minibus with "
            f"the plate {PLATE} and came back twice. The witness Anatolii Shevchuk confirmed the account. "
            "The court found the testimony consistent with the written declaration and the country "
            "reports submitted by counsel. Judge Whitcombe noted that the Department of Homeland Security "
            "did not contest the authenticity of the documents.")


def hearing_pdf(path: str | Path, pages: int = 30) -> Path:
    from tests.docbuild import text_pdf

    text = "\n\f".join(hearing_page(i) for i in range(pages))
    _, path = text_pdf(text, path)
    return Path(path)
