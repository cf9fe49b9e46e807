"""Templates of asylum prose with slots for names.

`{P1.full}` is private person 1 of the template written in form `full` (see forms.py); `{J1.surname}`
is a public person (judge, counsel, cited party); `{=Merrick B. Garland}` is a fixed public name that
must stay readable; `{P1.country}` is that person's country (not measured). `:N` pads a slot to N
columns (column-aligned logs). A template marked `head` opens a document (captions).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    id: str
    category: str
    text: str
    head: bool = False


PRIVATE = (
    # ---- declarations and I-589 narratives ---------------------------------------------------------
    Template("decl_brother_arrested", "declaration",
             "My brother {P1.full} was arrested by the police in front of our house and has not been seen since."),
    Template("decl_i_declare", "declaration",
             "I, {P1.full3}, declare under penalty of perjury under the laws of the United States that the "
             "following is true and correct."),
    Template("decl_mother_cousin", "declaration",
             "When I was twelve, my mother, {P1.full}, took us to live with her cousin {P2.full} in the capital."),
    Template("decl_killed_coworker", "declaration",
             "They killed {P1.full}, who had worked with me at the market for six years, because he refused "
             "to pay them."),
    Template("decl_neighbor", "declaration",
             "Our neighbor {P1.given} told the militia where we were hiding, and that night they came for us."),
    Template("decl_children_ages", "relation",
             "My daughter {P1.given} (age 7) and my son {P2.given} (age 4) are with me in the United States."),
    Template("decl_husband_then_surname", "declaration",
             "My husband {P1.full} was a journalist. After {P1.surname} was taken, the men came back twice "
             "asking for his papers."),
    Template("decl_sister_in_law_after", "relation",
             "{P1.full}, my sister-in-law, was beaten when she went to the station to ask about me."),
    Template("decl_single_name_father", "declaration",
             "My father, {P1.given}, was a schoolteacher; like many people in our village he used only one name."),
    Template("decl_friend_statement", "witness",
             "My friend {P1.full} saw the soldiers take me and later wrote a statement for my case."),
    Template("decl_affidavit_neighbor", "witness",
             "The affidavit of {P1.full}, a neighbor, confirms that the house was searched that night."),
    # ---- titles --------------------------------------------------------------------------------------
    Template("title_pastor", "title",
             "Pastor {P1.full} baptised me in secret and later hid me in the church storeroom."),
    Template("title_sheikh", "title",
             "Sheikh {P1.full} issued a fatwa against my family after my sister refused to marry his nephew."),
    Template("title_doctor_home", "title",
             "Dr. {P1.surname} treated my wounds at a private clinic because the hospital would have reported me."),
    Template("title_mr_mrs", "title",
             "Mr. {P1.surname} and Mrs. {P2.surname} hid me in the back of their shop for three days."),
    # ---- persecutors ---------------------------------------------------------------------------------
    Template("persecutor_commander", "persecutor",
             "Commander {P1.surname} beat me with the butt of his rifle and said I would die like my father."),
    Template("persecutor_led_attack", "persecutor",
             "The man who led the attack was {P1.full}, the local leader of the ruling party's youth wing."),
    Template("persecutor_soldier_called", "persecutor",
             "A soldier called {P1.given} held a knife to my throat while {P2.full} watched from the truck."),
    Template("persecutor_gang_head", "persecutor",
             "{P1.full}, whom everyone knew as the head of the gang in our neighborhood, demanded that I pay "
             "him every week."),
    Template("persecutor_alias", "persecutor",
             "A gang member known as \"{P1.given}\" followed me home from school and took my phone."),
    # ---- minors --------------------------------------------------------------------------------------
    Template("minor_initials", "minor",
             "The minor child, {P1.initials}, was placed with a sponsor after eleven days in custody."),
    Template("minor_hyphen_initials", "minor",
             "Respondent's son, {P1.initials_hyphen}, is a derivative on the application and attends school."),
    Template("minor_daughter_age", "relation",
             "They also threatened my daughter {P1.full} (age 7) on her way to school."),
    # ---- immigration judge and Board decision prose -----------------------------------------------------
    Template("ij_respondent_testified", "decision",
             "The respondent, {P1.full}, testified that she was detained three times by the security forces."),
    Template("ij_surname_credibility", "decision",
             "The Court finds that Respondent {P1.surname} testified credibly. {P1.surname}'s account was "
             "detailed and consistent with the documentary evidence."),
    Template("ij_lead_and_son", "decision",
             "The lead respondent, {P1.full}, and her minor son, {P2.full}, are natives and citizens of "
             "{P1.country}."),
    Template("ij_caps_in_prose", "decision",
             "The Department alleges that {P1.caps_full} entered the United States without inspection."),
    Template("possessive_mother", "possessive",
             "{P1.full}'s mother was detained for two weeks after the election, and her store was burned."),
    Template("possessive_surname_house", "possessive",
             "The soldiers burned {P1.surname}'s house and took the family's cattle."),
    # ---- captions (open a document) ---------------------------------------------------------------------
    Template("caption_circuit", "caption",
             "{P1.full},\n\n          Petitioner,\n\n     v.\n\n{=Merrick B. Garland}, Attorney General,\n\n"
             "          Respondent.", head=True),
    Template("caption_inline", "caption",
             "{P1.full}, Petitioner, v. {=Merrick B. Garland}, Attorney General, Respondent.", head=True),
    Template("caption_matter_of", "caption",
             "In the Matter of {P1.full}, Respondent.\nIN REMOVAL PROCEEDINGS", head=True),
    Template("caption_all_caps", "caption",
             "{P1.caps_full},\n     PETITIONER,\nv.\n{=MERRICK B. GARLAND}, ATTORNEY GENERAL,\n     RESPONDENT.",
             head=True),
    Template("caption_ij_header", "caption",
             "UNITED STATES DEPARTMENT OF JUSTICE\nEXECUTIVE OFFICE FOR IMMIGRATION REVIEW\nIMMIGRATION COURT\n\n"
             "In the Matter of:\n{P1.caps_surname_comma_caps_given},\n     Respondent.", head=True),
    Template("caption_short_title", "caption",
             "{P1.caps_surnames} v. {=GARLAND}\n\nPetition for review of an order of the Board of Immigration "
             "Appeals.", head=True),
    Template("caption_declaration_heading", "caption",
             "DECLARATION OF {P1.caps_full} IN SUPPORT OF APPLICATION FOR ASYLUM", head=True),
    Template("heading_witness_statement", "witness",
             "STATEMENT OF WITNESS {P1.caps_full}\n\nI have known the applicant since we were children in the "
             "same village."),
    # ---- surname first, "SURNAME, Given" -----------------------------------------------------------------
    Template("surname_first_interview", "surname_first",
             "Record of interview with {P1.surname_first} (family name first, as written on the household "
             "register)."),
    Template("surname_first_detainee", "surname_first",
             "Detainee: {P1.caps_surname_comma_given}\nNationality: {P1.country}\nHousing unit: B"),
    # ---- interviews ----------------------------------------------------------------------------------
    Template("qa_companions", "interview",
             "Q. Who was with you when you were arrested?\nA. My friend {P1.given} and his uncle {P2.full}."),
    Template("qa_father_name", "interview",
             "Q: What is your father's name?\nA: {P1.full}.\nQ: Is he still alive?\nA: No. They killed him."),
    Template("qa_who_threatened", "interview",
             "Q. And who threatened you?\nA. {P1.surname}. Everybody in the village knew him."),
    Template("qa_state_name", "interview",
             "OFFICER: Please state your full name for the record.\nAPPLICANT: {P1.full3}."),
    # ---- tables ----------------------------------------------------------------------------------------
    Template("table_pipe_family", "table",
             "| Name | Relationship | Age |\n|---|---|---|\n| {P1.full} | son | 12 |\n| {P2.full} | daughter | 9 |\n"
             "| {P3.full} | mother | 64 |"),
    Template("table_booking_log", "table",
             "BOOKING LOG\nNAME                                NATIONALITY       STATUS\n"
             "{P1.caps_surname_comma_given:36}{P1.country_up:18}DETAINED\n"
             "{P2.caps_surname_comma_given:36}{P2.country_up:18}RELEASED\n"
             "{P3.caps_surname_comma_given:36}{P3.country_up:18}TRANSFERRED"),
    Template("table_csv_family", "table",
             "last_name,first_name,relationship,country_of_birth\n{P1.surname},{P1.given},spouse,{P1.country}\n"
             "{P2.surname},{P2.given},child,{P2.country}"),
    Template("table_witness_list", "table",
             "WITNESSES CALLED:\n1. {P1.caps_full}\n2. {P2.initial_surname}"),
    # ---- e-mails, lowercase ------------------------------------------------------------------------------
    Template("email_anchor_then_lowercase", "lowercase",
             "Subject: {P1.full} - bond hearing moved\n\nhi all, {P1.lower_given}'s hearing is now on friday. "
             "can someone call {P1.lower_full} and tell her to bring the letters?"),
    Template("email_lowercase_only", "lowercase",
             "fyi spoke with {P1.lower_full} this morning, she is still waiting for the biometrics notice."),
    # ---- labels ------------------------------------------------------------------------------------------
    Template("label_name", "label",
             "Name: {P1.full}\nRelationship to applicant: brother\nCurrent location: unknown"),
    Template("label_nombre", "label",
             "Nombre: {P1.full}\nParentesco: hermana\nLugar de nacimiento: {P1.country}"),
    Template("label_son_of", "label",
             "{P1.full} s/o {P2.full}, resident of the third ward, was named in the report."),
    Template("label_emergency_contact", "label",
             "Emergency contact: {P1.full} (sister), same address."),
    Template("label_derivative", "label",
             "Derivative beneficiary: {P1.full3}"),
    # ---- letters -----------------------------------------------------------------------------------------
    Template("letter_re_line", "letter",
             "Re: {P1.full} - request for expedited adjudication of pending asylum application"),
    Template("letter_dear_ms", "letter",
             "Dear Ms. {P1.surname},\n\nThank you for meeting with our office last week."),
    Template("letter_cc_client", "letter",
             "cc: {P1.full} (client)"),
    # ---- file names --------------------------------------------------------------------------------------
    Template("file_names", "file_name",
             "Attachments: {P1.file}_declaration_signed.pdf; {P1.file}_birth_certificate.jpg"),
    # ---- line breaks ---------------------------------------------------------------------------------------
    Template("wrapped_name", "line_break",
             "The applicant's husband, {P1.full_break}, was arrested at a checkpoint outside the city."),
    Template("wrapped_caps_name", "line_break",
             "THE APPLICATION OF {P1.caps_full_break} IS GRANTED."),
    # ---- news ----------------------------------------------------------------------------------------------
    Template("news_name_age", "news",
             "{P1.full}, 29, crossed the border with her two children in March."),
)

# Public people: what must stay readable (measured as over-redaction, not as recall).
PUBLIC = (
    Template("panel_caps", "panel",
             "Before {J1.caps_surname}, {J2.caps_surname} and {J3.caps_surname}, Circuit Judges."),
    Template("panel_full", "panel",
             "Before {J1.full}, {J2.full}, and {J3.full}, Circuit Judges."),
    Template("counsel_brief", "counsel",
             "{J1.full}, with whom {J2.full} was on the brief, for petitioner."),
    Template("counsel_dhs", "counsel",
             "{J1.full}, Assistant Chief Counsel, for the Department of Homeland Security."),
    Template("precedent_supreme", "precedent",
             "See {J1.surname} v. {=Garland}, 593 U.S. 357, 365 (2021)."),
    Template("precedent_circuit", "precedent",
             "Cf. {J1.surname} v. {=Holder}, 702 F.3d 1, 5 (1st Cir. 2012)."),
    Template("precedent_after_prose", "precedent",
             "Persecution must be more than harassment. See {J1.surname} v. {=Garland}, 46 F.4th 1, 6 "
             "(1st Cir. 2022); {J2.full} v. {=Holder}, 702 F.3d 1, 5 (1st Cir. 2012)."),
    Template("immigration_judge", "judge",
             "Immigration Judge {J1.full} denied the application on the merits."),
    Template("opinion_by", "judge",
             "Opinion by Judge {J1.surname}; dissent by Judge {J2.surname}."),
)

# Every document opens with the heading of some kind of record (no names, no numbers), as real
# records do: a document that opened on a cited case would be read as that case's own caption.
HEADINGS = (
    "DECLARATION IN SUPPORT OF APPLICATION FOR ASYLUM AND WITHHOLDING OF REMOVAL",
    "RESPONDENT'S PRE-HEARING BRIEF",
    "NOTES OF ASYLUM INTERVIEW",
    "MEMORANDUM OF LAW IN SUPPORT OF MOTION TO REOPEN",
    "U.S. Department of Justice\nExecutive Office for Immigration Review\nBoard of Immigration Appeals",
    "UNITED STATES COURT OF APPEALS\nFOR THE FIRST CIRCUIT",
    "EXHIBIT INDEX AND SUMMARY OF DOCUMENTS",
    "Record of Sworn Statement in Proceedings",
    "From: Legal Services Intake\nTo: Asylum Team\nSubject: case update",
    "DECISION AND ORDER OF THE IMMIGRATION JUDGE",
    "Case notes - confidential",
)

COUNTRY_NAMES = {
    "MX": "Mexico", "GT": "Guatemala", "HN": "Honduras", "SV": "El Salvador", "CO": "Colombia", "EC": "Ecuador",
    "PE": "Peru", "BO": "Bolivia", "CL": "Chile", "AR": "Argentina", "UY": "Uruguay", "BR": "Brazil",
    "CR": "Costa Rica", "PA": "Panama", "PR": "Puerto Rico", "HT": "Haiti", "JM": "Jamaica", "NG": "Nigeria",
    "GH": "Ghana", "CM": "Cameroon", "ET": "Ethiopia", "BI": "Burundi", "BF": "Burkina Faso", "DJ": "Djibouti",
    "AO": "Angola", "NA": "Namibia", "ZA": "South Africa", "BW": "Botswana", "SD": "Sudan", "EG": "Egypt",
    "MA": "Morocco", "DZ": "Algeria", "TN": "Tunisia", "AF": "Afghanistan", "IR": "Iran", "IQ": "Iraq",
    "SY": "Syria", "JO": "Jordan", "LB": "Lebanon", "PS": "Palestine", "YE": "Yemen", "SA": "Saudi Arabia",
    "TR": "Turkey", "AZ": "Azerbaijan", "GE": "Georgia", "TM": "Turkmenistan", "KZ": "Kazakhstan", "IN": "India",
    "BD": "Bangladesh", "CN": "China", "TW": "Taiwan", "HK": "Hong Kong", "JP": "Japan", "KR": "South Korea",
    "ID": "Indonesia", "MY": "Malaysia", "PH": "Philippines", "KH": "Cambodia", "FJ": "Fiji", "RU": "Russia",
    "MD": "Moldova", "AL": "Albania", "RS": "Serbia", "BG": "Bulgaria", "PL": "Poland", "HU": "Hungary",
    "IT": "Italy", "FR": "France", "IS": "Iceland",
}
