"""Personal identifiers in many formats, and the public numbers that sit beside them in asylum
records. Every identifier is generated (random digits in the format's shape, valid check digits
where the format has them); phone numbers are `phonenumbers`' example numbers and the US range
555-0100..0199 reserved for fiction.

A format is a generator of slot values and the sentences it appears in: `{id}` is the measured
identifier, `{a}` a labelled A-number the sentence also needs (measured as `a_compact`)."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Callable

DIGITS = string.digits


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def _a9(rng: random.Random) -> str:
    return rng.choice("02") + _d(rng, 8)


def group_digits(s: str, sizes, sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    return sep.join(out)


# ---- generators: each returns the identifier's text ------------------------------------------------

def a_compact(rng):
    return "A" + _a9(rng)


def a_8digit(rng):
    return "A" + rng.choice("3456789") + _d(rng, 7)


def a_hyphen(rng):
    d = _a9(rng)
    return rng.choice(["A-", "A"]) + group_digits(d, (3, 3, 3), "-")


def a_space(rng):
    d = _a9(rng)
    return rng.choice(["A ", "A"]) + group_digits(d, (3, 3, 3), " ")


def a_hash_value(rng):
    d = _a9(rng)
    return rng.choice([group_digits(d, (3, 3, 3), "-"), group_digits(d, (3, 3, 3), " "), d])


def a_bare(rng):
    return _a9(rng)


def a_letter_spaced(rng):
    d = _a9(rng)
    if rng.random() < 0.5:
        return "A " + " - ".join(" ".join(g) for g in (d[:3], d[3:6], d[6:]))
    return "A " + " ".join(d)


OCR_FOR = {"0": "O", "1": "l", "5": "S", "8": "B"}


def a_ocr(rng):
    d = list(_a9(rng))
    # one or two digits read as their look-alike letters; make sure at least one can be
    if not any(c in OCR_FOR for c in d):
        d[rng.randrange(9)] = "0"
    spots = [i for i, c in enumerate(d) if c in OCR_FOR]
    for i in rng.sample(spots, min(len(spots), rng.choice([1, 2]))):
        d[i] = OCR_FOR[d[i]]
    text = "".join(d)
    return "A" + rng.choice([text, group_digits(text, (3, 3, 3), " "), group_digits(text, (3, 3, 3), "-")])


def a_rider(rng):
    return _d(rng, 3)


RECEIPT_PREFIXES = ("EAC", "WAC", "LIN", "SRC", "NBC", "MSC", "IOE", "YSC", "ZLA")


def receipt_compact(rng):
    return rng.choice(RECEIPT_PREFIXES) + rng.choice(["19", "20", "21", "22", "23"]) + _d(rng, 8)


def receipt_spaced(rng):
    prefix = rng.choice(RECEIPT_PREFIXES)
    year, day, case = rng.choice(["19", "20", "21", "22", "23"]), rng.choice(["9", "0", "1"]) + _d(rng, 2), _d(rng, 5)
    return rng.choice([f"{prefix} {year} {day} {case}", f"{prefix}-{year}-{day}-{case}",
                       f"{prefix} {year}{day}{case}"])


def passport(rng):
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.choice([1, 1, 2])))
    return rng.choice([letters + _d(rng, rng.choice([7, 8])), rng.choice("15") + _d(rng, 8)])


def ve_cedula(rng):
    n = rng.randint(4_000_000, 30_999_999)
    return f"{rng.choice('VVVE')}-{n:,}".replace(",", ".")


def cn_resident_id(rng):
    area = rng.choice(["110105", "310104", "440106", "510107", "350203", "420102", "330106", "230103"])
    birth = f"{rng.randint(1960, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = area + birth + _d(rng, 3)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def sv_dui(rng):
    body = _d(rng, 8)
    check = (10 - sum(int(c) * (9 - i) for i, c in enumerate(body)) % 10) % 10
    return f"{body}-{check}"


def lk_nic_new(rng):
    return f"{rng.randint(1960, 2004)}{rng.randint(1, 366) + rng.choice([0, 500]):03d}{_d(rng, 5)}"


def lk_nic_old(rng):
    return f"{rng.randint(60, 99)}{rng.randint(1, 366) + rng.choice([0, 500]):03d}{_d(rng, 4)}{rng.choice('VVX')}"


def af_tazkira(rng):
    return rng.choice([f"{rng.choice(['1399', '1400', '1401'])}-{_d(rng, 4)}-{_d(rng, 5)}", _d(rng, 7)])


def gt_cui(rng):
    return f"{_d(rng, 4)} {_d(rng, 5)} {rng.randint(1, 22):02d}{rng.randint(1, 30):02d}"


def ng_nin(rng):
    return rng.choice("123456789") + _d(rng, 10)


CURP_STATES = ("DF", "JC", "NL", "GR", "OC", "CS", "MC", "PL", "VZ", "MN", "GT", "CH")


def mx_curp(rng):
    up = string.ascii_uppercase
    consonants = "BCDFGHJKLMNPQRSTVWXYZ"
    return (rng.choice(up) + rng.choice("AEIOU") + rng.choice(up) + rng.choice(up)
            + f"{rng.randint(60, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + rng.choice("HM") + rng.choice(CURP_STATES)
            + "".join(rng.choice(consonants) for _ in range(3)) + rng.choice(DIGITS) + rng.choice(DIGITS))


def hn_dni(rng):
    return f"{rng.choice(['0801', '0501', '1804', '0301', '1601'])}-{rng.randint(1960, 2004)}-{_d(rng, 5)}"


def er_id(rng):
    return rng.choice([_d(rng, 7), f"{_d(rng, 2)}-{_d(rng, 6)}"])


def ru_internal_passport(rng):
    series, number = _d(rng, 4), _d(rng, 6)
    return rng.choice([f"{series[:2]} {series[2:]} {number}", f"{series} {number}",
                       f"{series[:2]} {series[2:]} № {number}"])


def co_cedula(rng):
    n = rng.randint(10_000_000, 1_099_999_999)
    return f"{n:,}".replace(",", ".")


def in_aadhaar(rng):
    return f"{rng.choice('23456789')}{_d(rng, 3)} {_d(rng, 4)} {_d(rng, 4)}"


def pk_cnic(rng):
    return f"{rng.choice(['35202', '42101', '61101', '17301', '37405'])}-{_d(rng, 7)}-{rng.choice(DIGITS)}"


def ua_passport(rng):
    letters = "".join(rng.choice("АВЕКМНОРСТХ") for _ in range(2))
    return rng.choice([f"{letters} {_d(rng, 6)}", f"{letters} № {_d(rng, 6)}"])


def ir_national_code(rng):
    body = _d(rng, 9)
    r = sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11
    code = body + str(r if r < 2 else 11 - r)
    return rng.choice([code, f"{code[:3]}-{code[3:9]}-{code[9]}"])


def bd_nid(rng):
    return rng.choice([rng.choice("123456789") + _d(rng, 9), f"{rng.randint(1960, 2004)}" + _d(rng, 13)])


def circuit_docket(rng):
    year = rng.randint(5, 24)
    return rng.choice([f"{year:02d}-{rng.randint(1000, 9999)}", f"{year:02d}-{rng.randint(60000, 73999)}"])


def circuit_docket_suffix(rng):
    year = rng.randint(5, 24)
    return rng.choice([f"{year:02d}-{rng.randint(1000, 9999)}-ag", f"{year:02d}-{rng.randint(1000, 9999)}P",
                       f"{year:02d}-{rng.randint(1000, 9999)}-agL", f"{year:02d}-{rng.randint(1000, 9999)}-cv"])


def district_docket(rng):
    div, year, n = rng.randint(1, 5), rng.randint(15, 24), rng.randint(1, 9999)
    judge = rng.choice(["", "", "-RDM", "-JSC", "-PAE"])
    return f"{div}:{year}-cv-{n:05d}{judge}" if rng.random() < 0.7 else f"{div}:{year}-cv-{n}{judge}"


def police_doc(rng):
    unit = rng.choice(["PNH", "DPJ", "PNC", "CS", "DIJ", "SIN", "FGR"])
    return rng.choice([f"{_d(rng, 4)}/{unit}/CS/{rng.randint(15, 23)}",
                       f"{_d(rng, 4)}/{unit}/{rng.randint(2015, 2023)}",
                       f"{rng.choice('KPD')}-{_d(rng, 3)}-{_d(rng, 2)}/{_d(rng, 4)}"])


def court_doc(rng):
    return rng.choice([f"{_d(rng, 4)}/Q{rng.randint(1, 9)}/{rng.randint(2012, 2023)}",
                       f"{rng.randint(100, 999)}/{rng.randint(2012, 2023)}",
                       f"{rng.randint(2012, 2023)}/{_d(rng, 4)}",
                       f"{_d(rng, 5)}-{rng.randint(2012, 2023)}-0-{_d(rng, 4)}-JR-PE-0{rng.randint(1, 9)}"])


def foia_control(rng):
    return rng.choice([f"{rng.choice(['NRC', 'COW', 'SRC', 'LIN'])}{rng.randint(2019, 2024)}{_d(rng, 6)}",
                       f"{rng.randint(2019, 2024)}-ICFO-{_d(rng, 5)}", f"CBP-{rng.randint(2019, 2024)}-{_d(rng, 6)}"])


def booking(rng):
    return rng.choice([f"{rng.randint(15, 24)}-{_d(rng, 6)}", f"{rng.randint(2015, 2024)}-{_d(rng, 8)}",
                       f"BKG{_d(rng, 7)}", _d(rng, 8)])


def fin_ident(rng):
    return rng.choice("123456789") + _d(rng, 9)


def ssn(rng):
    # area 666 is never issued
    return f"666-{rng.randint(10, 99)}-{_d(rng, 4)}"


def unhcr(rng):
    return rng.choice([f"{rng.choice(['648', '345', '141', '506'])}-{rng.randint(10, 23)}C{_d(rng, 5)}",
                       f"{rng.choice(['648', '345', '141', '506'])}-{_d(rng, 8)}"])


def medical_record(rng):
    return rng.choice([_d(rng, 8), f"MRN-{_d(rng, 7)}", f"{_d(rng, 3)}-{_d(rng, 2)}-{_d(rng, 2)}"])


def mtcn(rng):
    return f"{_d(rng, 3)}-{_d(rng, 3)}-{_d(rng, 4)}"


def phone_us(rng):
    area = rng.choice(["617", "212", "305", "713", "415", "202", "956", "915"])
    line = f"01{_d(rng, 2)}"
    return rng.choice([f"({area}) 555-{line}", f"{area}-555-{line}", f"{area}.555.{line}", f"+1 {area} 555 {line}"])


PHONE_REGIONS = ("AF", "SV", "HN", "GT", "MX", "VE", "CN", "NG", "ER", "ET", "RU", "UA", "IN", "PK", "LK",
                 "CO", "SY", "IR", "CM", "SO", "CD", "HT", "CU", "NI", "EC", "TR", "IQ", "BD", "GH", "SN")


def phone_intl(rng):
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    number = phonenumbers.example_number_for_type(rng.choice(PHONE_REGIONS), PhoneNumberType.MOBILE)
    style = rng.choice([PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL, PhoneNumberFormat.E164])
    return phonenumbers.format_number(number, style)


@dataclass(frozen=True)
class Format:
    name: str
    family: str
    make: Callable[[random.Random], str]
    contexts: tuple[str, ...]


FORMATS = (
    # ---- A-numbers ---------------------------------------------------------------------------------
    Format("a_compact", "a_number", a_compact, (
        "A-Number: {id}", "The respondent ({id}) appeared with counsel.",
        "Alien Registration Number: {id}\nCountry: Honduras")),
    Format("a_8digit", "a_number", a_8digit, (
        "File No. {id} (old INS file)", "Her earlier file, {id}, was consolidated with this one.")),
    Format("a_hyphen", "a_number", a_hyphen, (
        "IN THE MATTER OF THE RESPONDENT, FILE {id}", "Files: {id} - Elizabeth, NJ",
        "A-number {id} was assigned at the border.")),
    Format("a_space", "a_number", a_space, (
        "Alien No.: {id}", "Please reference {id} in all correspondence.", "ID#: {id}")),
    Format("a_hash", "a_number", a_hash_value, (
        "A# {id}", "A#: {id}\nCourt: Houston", "Client's A# is {id}; the hearing is set for the spring.")),
    Format("a_bare", "a_number", a_bare, (
        "A-Number: {a}\n\nThe biometrics notice lists {id} as her number.",
        "Alien Registration No. {a}\n\nNAME ON FILE          NUMBER\nRespondent            {id}",
        "Respondent's A-number is {a}. The charging document mistyped it as {id}.")),
    Format("a_letter_spaced", "a_number", a_letter_spaced, (
        "A-Number: {id}", "The handwritten form reads {id} at the top.")),
    Format("a_ocr", "a_number", a_ocr, (
        "A-Number: {id}", "Alien Registration Number {id} (scanned copy)", "Re: {id}")),
    Format("a_rider", "a_number", a_rider, (
        "Files: {a}, -{id} - Baltimore, MD", "File Nos.: {a}/{id}")),
    # ---- USCIS receipts ------------------------------------------------------------------------------
    Format("receipt_compact", "receipt", receipt_compact, (
        "Receipt Number: {id}", "USCIS received the application ({id}) in the spring.", "Case {id} is pending.")),
    Format("receipt_spaced", "receipt", receipt_spaced, (
        "Receipt No. {id}", "The notice bears receipt number {id}.")),
    # ---- passports and national identity documents -----------------------------------------------------
    Format("passport", "passport", passport, (
        "Passport No. {id}", "She travelled on passport number {id}, issued in the capital.", "Pasaporte: {id}")),
    Format("ve_cedula", "national_id", ve_cedula, (
        "Cédula de identidad: {id}", "His Venezuelan identity card ({id}) was confiscated.")),
    Format("cn_resident_id", "national_id", cn_resident_id, (
        "Resident Identity Card No.: {id}", "The hukou booklet lists the ID number {id}.")),
    Format("sv_dui", "national_id", sv_dui, (
        "DUI: {id}", "Her Salvadoran DUI, number {id}, was taken by the gang.")),
    Format("lk_nic_new", "national_id", lk_nic_new, (
        "NIC No: {id}", "The national identity card ({id}) was issued in Jaffna.")),
    Format("lk_nic_old", "national_id", lk_nic_old, (
        "NIC: {id}", "His old identity card number was {id}.")),
    Format("af_tazkira", "national_id", af_tazkira, (
        "Tazkira No. {id}", "The electronic tazkira ({id}) lists his father's name.")),
    Format("gt_cui", "national_id", gt_cui, (
        "DPI/CUI: {id}", "Documento Personal de Identificación {id}")),
    Format("ng_nin", "national_id", ng_nin, (
        "NIN: {id}", "The National Identification Number {id} appears on the slip.")),
    Format("mx_curp", "national_id", mx_curp, (
        "CURP: {id}", "Her CURP ({id}) appears on the birth certificate.")),
    Format("hn_dni", "national_id", hn_dni, (
        "DNI: {id}", "Tarjeta de identidad número {id}")),
    Format("er_id", "national_id", er_id, (
        "Eritrean national identity card No. {id}", "ID card: {id} (issued in Asmara)")),
    Format("ru_internal_passport", "national_id", ru_internal_passport, (
        "Internal passport: {id}", "Паспорт гражданина РФ {id}")),
    Format("co_cedula", "national_id", co_cedula, (
        "C.C. {id} de Bogotá", "Cédula de ciudadanía No. {id}")),
    Format("in_aadhaar", "national_id", in_aadhaar, (
        "Aadhaar: {id}", "His Aadhaar card ({id}) was left behind.")),
    Format("pk_cnic", "national_id", pk_cnic, (
        "CNIC No. {id}", "The FIR lists the complainant's CNIC as {id}.")),
    Format("ua_passport", "national_id", ua_passport, (
        "Passport (internal): {id}", "Паспорт серії {id}")),
    Format("ir_national_code", "national_id", ir_national_code, (
        "National Code: {id}", "The summons gives her national code, {id}.")),
    Format("bd_nid", "national_id", bd_nid, (
        "NID: {id}", "His national ID card number {id} was recorded by the police.")),
    # ---- court and agency case numbers ---------------------------------------------------------------
    Format("circuit_docket", "docket", circuit_docket, (
        "No. {id}", "Petition for Review, Docket No. {id}", "Case: {id}    Document: 00117    Page: 1")),
    Format("circuit_docket_suffix", "docket", circuit_docket_suffix, (
        "No. {id}", "Docket {id} (consolidated)")),
    Format("district_docket", "docket", district_docket, (
        "Civil Action No. {id}", "Civil Action No. {id} (JMA)", "Case {id} Document 14 Filed 03/02/21 Page 1 of 9")),
    Format("police_doc", "police_court", police_doc, (
        "Ref.: {id}", "The police report ({id}) records the complaint.", "Oficio No. {id}")),
    Format("court_doc", "police_court", court_doc, (
        "Case No. {id}", "The arrest warrant ({id}) was issued by the district court.", "Expediente: {id}")),
    Format("foia_control", "foia", foia_control, (
        "FOIA Control Number: {id}", "Your request, {id}, was received by the agency.")),
    Format("booking", "booking", booking, (
        "Booking No. {id}", "Booking #: {id}\nFacility: county jail")),
    Format("fin_ident", "booking", fin_ident, (
        "FIN: {id}", "The IDENT record (FIN {id}) shows one prior encounter.")),
    Format("unhcr", "other_id", unhcr, (
        "UNHCR Case No. {id}", "UNHCR registration number {id}")),
    Format("ssn", "other_id", ssn, (
        "SSN: {id}", "Social security number {id}")),
    Format("medical_record", "other_id", medical_record, (
        "Medical Record No.: {id}", "MRN {id}")),
    Format("mtcn", "other_id", mtcn, (
        "MTCN {id}", "The Western Union receipt (MTCN {id}) shows the payment.")),
    # ---- phones ---------------------------------------------------------------------------------------
    Format("phone_us", "phone", phone_us, (
        "Tel: {id}", "Her cousin can be reached at {id}.")),
    Format("phone_intl", "phone", phone_intl, (
        "His mother's number is {id}.", "WhatsApp: {id}", "The threats came from {id}.")),
)


# ---- public numbers ------------------------------------------------------------------------------------

def _year(rng, lo=1985, hi=2024):
    return rng.randint(lo, hi)


CIRCUITS = ("1st", "2d", "3d", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "D.C.")
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


# Volumes and years that go together, so a citation looks like one a court would write.
def cite_federal(rng):
    reporter = rng.choice(["F.2d", "F.3d", "F.3d", "F.4th"])
    if reporter == "F.2d":
        vol = rng.randint(400, 999)
        year = 1970 + (vol - 400) * 23 // 600
    elif reporter == "F.3d":
        vol = rng.randint(1, 999)
        year = 1993 + vol * 28 // 1000
    else:
        vol = rng.randint(1, 110)
        year = 2021 + vol // 40
    page = rng.randint(1, 1400)
    return f"{vol} {reporter} {page}, {page + rng.randint(1, 12)} ({rng.choice(CIRCUITS)} Cir. {year})"


def cite_us(rng):
    vol, page = rng.randint(300, 601), rng.randint(1, 900)
    return f"{vol} U.S. {page}, {page + rng.randint(1, 30)} ({1937 + (vol - 300) * 86 // 301})"


def cite_in(rng):
    vol, page = rng.randint(17, 29), rng.randint(1, 850)
    return (f"{vol} I&N Dec. {page}, {page + rng.randint(1, 9)} "
            f"({rng.choice(['BIA', 'BIA', 'A.G.'])} {1980 + (vol - 17) * 37 // 10})")


def cite_fapp(rng):
    vol, page = rng.randint(1, 880), rng.randint(1, 999)
    return f"{vol} F. App'x {page}, {page + rng.randint(1, 5)} ({rng.choice(CIRCUITS)} Cir. {2001 + vol * 20 // 880})"


def cite_fsupp(rng):
    vol, page = rng.randint(1, 690), rng.randint(1, 1300)
    return (f"{vol} F. Supp. 3d {page}, {page + rng.randint(1, 20)} "
            f"(D. {rng.choice(['Mass.', 'Md.', 'N.J.', 'Ariz.'])} {2014 + vol * 10 // 690})")


def cite_short(rng):
    vol, page = rng.randint(100, 999), rng.randint(100, 1400)
    return rng.choice([f"{vol} F.3d at {page}", f"Id. at {page}"])


def cite_wl(rng):
    year = _year(rng, 2005)
    return (f"{year} WL {_d(rng, 7)}, at *{rng.randint(2, 9)} "
            f"({rng.choice(CIRCUITS)} Cir. {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year})")


def usc(rng):
    return rng.choice(["8 U.S.C. § 1158(b)(1)(B)(iii)", "8 U.S.C. § 1231(b)(3)(A)", "8 U.S.C. § 1252(a)(2)(D)",
                       "8 U.S.C. § 1101(a)(42)(A)", "8 U.S.C. § 1229a(c)(4)(C)", "28 U.S.C. § 2241",
                       "8 U.S.C. § 1158(a)(2)(B)", "18 U.S.C. § 1546(a)"])


def cfr(rng):
    return rng.choice(["8 C.F.R. § 1208.13(b)(1)", "8 C.F.R. § 1003.1(d)(3)(i)", "8 C.F.R. § 208.6",
                       "8 C.F.R. § 1208.16(c)(2)", "8 C.F.R. § 1003.2(c)(3)(ii)", "8 C.F.R. § 1240.11(c)(3)",
                       "8 C.F.R. § 208.4(a)(5)"])


def ina(rng):
    return rng.choice(["INA § 208(a)(2)(B)", "INA § 241(b)(3)", "section 240A(b)(1)(D) of the Act",
                       "INA § 101(a)(42)", "INA § 212(a)(6)(A)(i)", "INA § 237(a)(1)(B)"])


def public_law(rng):
    return rng.choice(["Pub. L. No. 109-13, 119 Stat. 231", "Pub. L. No. 104-208, 110 Stat. 3009-546",
                       "Pub. L. No. 96-212, 94 Stat. 102"])


def fed_reg(rng):
    vol, page = rng.randint(60, 89), rng.randint(1000, 89999)
    return (f"{vol} Fed. Reg. {page:,}, {page + rng.randint(2, 40):,} "
            f"({rng.choice(MONTHS)} {rng.randint(1, 28)}, {_year(rng, 1995)})")


def form_number(rng):
    return "Form " + rng.choice(["I-589", "I-862", "I-213", "EOIR-26", "I-765", "G-28", "I-870", "DS-160",
                                 "I-130", "EOIR-42B", "I-730", "I-918", "EOIR-33/IC"])


def money(rng):
    n = rng.choice([rng.randint(1, 99) * 100, rng.randint(1, 60) * 500, rng.randint(1000, 20000)])
    return rng.choice([f"${n:,}", f"${n:,}.00", f"{n:,} lempiras", f"US$ {n:,}", f"{n:,} quetzales"])


def percent(rng):
    return rng.choice([f"{rng.randint(10, 99)}%", f"{rng.randint(10, 99)}.{rng.randint(1, 9)} percent",
                       f"{rng.randint(10, 99)} per cent"])


def time_of_day(rng):
    h, m = rng.randint(1, 12), rng.randint(0, 59)
    return rng.choice([f"{h}:{m:02d} a.m.", f"{h}:{m:02d} p.m.", f"{h}:{m:02d} AM", f"{rng.randint(13, 23)}:{m:02d}"])


def count(rng):
    return rng.choice([str(rng.randint(100, 900)), f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}"])


def record_page(rng):
    return rng.choice([f"Exh. {rng.randint(1, 40)} at {rng.randint(100, 900)}", f"A.R. {rng.randint(100, 1500)}",
                       f"Tr. at {rng.randint(100, 400)}", f"AR {rng.randint(100, 1500)}-{rng.randint(10, 99)}",
                       f"page {rng.randint(100, 900)} of the record", f"¶ {rng.randint(100, 300)}"])


def foreign_law(rng):
    return rng.choice([f"Article {rng.randint(100, 500)} of the Penal Code",
                       f"Law No. {rng.randint(100, 2000)} of {_year(rng, 1990)}",
                       f"Decree {rng.randint(100, 2000)}", f"Article {rng.randint(100, 400)} bis"])


def proclamation(rng):
    return rng.choice(["Proclamation 9822", "Executive Order 14010", "Executive Order 13769", "Proclamation 10773"])


SYLLABLES = ("ka", "lo", "mi", "ta", "ren", "so", "var", "be", "dri", "mu", "zan", "pe", "or", "is", "te",
             "na", "gu", "vel", "ro", "shi", "da", "kor", "el", "fa", "ni", "bu", "tan", "ye", "qui", "lem")


def party(rng):
    """A made-up surname for the party of a cited case (no real person, and a new one each time, so
    that one misread citation does not spread to every other through a shared party name)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3, 3]))).capitalize()


def bia_initials(rng):
    """The Board's anonymised case names: "A-B-", "M-E-V-G-"."""
    return "".join(rng.choice(string.ascii_uppercase) + "-" for _ in range(rng.choice([2, 2, 3, 4])))


@dataclass(frozen=True)
class PublicKind:
    name: str
    make: Callable[[random.Random], str]
    contexts: tuple[str, ...]


PUBLIC_KINDS = (
    # each citation both on a line of its own (a string cite, a footnote) and after prose
    PublicKind("cite_federal", cite_federal, (
        "See {party} v. Garland, {pub}.", "{party} v. Sessions, {pub} (holding that past harm is enough).",
        "Past persecution raises a presumption of future persecution. See {party} v. Garland, {pub}.")),
    PublicKind("cite_us", cite_us, (
        "See {party} v. United States, {pub}.",
        "The standard of review is deferential. {party} v. United States, {pub}.")),
    PublicKind("cite_in", cite_in, (
        "See Matter of {bia}, {pub}.", "Matter of {bia}, {pub}, sets out the test.",
        "The group must be socially distinct. Matter of {bia}, {pub}.")),
    PublicKind("cite_fapp", cite_fapp, (
        "{party} v. Barr, {pub} (unpublished).", "Other courts agree. See {party} v. Barr, {pub} (unpublished).")),
    PublicKind("cite_fsupp", cite_fsupp, (
        "See {party} v. Wolf, {pub}.", "The rule was vacated in part. See {party} v. Wolf, {pub}.")),
    PublicKind("cite_short", cite_short, ("{pub}.", "See {pub} (explaining the standard).",
                                          "The Board erred. See {pub}.")),
    PublicKind("cite_wl", cite_wl, ("{party} v. Garland, {pub}.", "The panel remanded. {party} v. Garland, {pub}.")),
    PublicKind("usc", usc, ("See {pub}.", "Under {pub}, the bar does not apply.")),
    PublicKind("cfr", cfr, ("{pub} governs the burden.", "See {pub}.")),
    PublicKind("ina", ina, ("The one-year bar, {pub}, applies.", "Relief under {pub} is mandatory.")),
    PublicKind("public_law", public_law, ("The REAL ID Act, {pub}, changed the standard.",)),
    PublicKind("fed_reg", fed_reg, ("See Procedures for Asylum, {pub}.",)),
    PublicKind("form", form_number, ("She filed a {pub} with the court.", "The {pub} was served by mail.")),
    PublicKind("money", money, ("The smugglers demanded {pub} for the journey.", "Bond was set at {pub}.")),
    PublicKind("percent", percent, ("The report estimates that {pub} of the complaints were never investigated.",)),
    PublicKind("time", time_of_day, ("The soldiers arrived at {pub} and searched every room.",
                                     "The hearing resumed at {pub} after a short recess.")),
    PublicKind("count", count, ("About {pub} people were detained after the protest.",
                                "More than {pub} families fled the district that year.")),
    PublicKind("record_page", record_page, ("The interview notes confirm this ({pub}).", "See {pub}.")),
    PublicKind("foreign_law", foreign_law, ("He was charged under {pub}.",)),
    PublicKind("proclamation", proclamation, ("The entry ban, {pub}, was later rescinded.",)),
)

# Fixed sentences with a public date or year, marked [[ ]]: dates of public events anyone can look
# up, and the years in the names of treaties.
PUBLIC_FIXED = (
    ("public_event", "She went into hiding after the Taliban took Kabul on [[15 August 2021]]."),
    ("public_event", "The military coup of [[1 February 2021]] ended the elected government in Myanmar."),
    ("public_event", "Russia began its full-scale invasion of Ukraine on [[24 February 2022]]."),
    ("public_event", "After the coup of [[28 June 2009]], the army patrolled the streets of Tegucigalpa."),
    ("public_event", "The protests that began in Nicaragua on [[18 April 2018]] were met with live fire."),
    ("public_event", "The attacks of [[September 11, 2001]] led to new security checks at the border."),
    ("public_event", "The disputed presidential election of [[June 12, 2009]] was followed by mass arrests in Iran."),
    ("public_event", "The earthquake of [[12 January 2010]] destroyed much of Port-au-Prince."),
    ("public_event", "The Tigray war began on [[4 November 2020]]."),
    ("public_event", "The uprising in Egypt began on [[25 January 2011]]."),
    ("public_event", "The Sri Lankan civil war ended in [[May 2009]]."),
    ("public_event", "Mosul fell to the Islamic State in [[June 2014]]."),
    ("public_event", "The Syrian uprising began in [[March 2011]] in Daraa."),
    ("public_event", "Hurricane Mitch struck Honduras in [[October 1998]]."),
    ("public_event", "The Algiers Agreement of [[12 December 2000]] ended the war between Eritrea and Ethiopia."),
    ("treaty_year", "The [[1951]] Refugee Convention defines who is a refugee."),
    ("treaty_year", "The United States acceded to the [[1967]] Protocol, not to the Convention itself."),
    ("treaty_year", "Article 3 of the [[1984]] Convention against Torture forbids refoulement."),
)
