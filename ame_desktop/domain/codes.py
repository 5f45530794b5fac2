"""Code lists of the domain, with Swedish labels (see shared/docs/DOMAIN.md and the
import template). Stored values are the codes themselves."""

from __future__ import annotations

import unicodedata

from enum import StrEnum


class Gender(StrEnum):
    """Juridiskt kön. X counts only in totals in Kolada figures."""

    K = "K"
    M = "M"
    X = "X"


GENDER_LABELS = {"K": "Kvinna", "M": "Man", "X": "Annat/okänt"}


class EducationLevel(StrEnum):
    """Utbildningsnivå as KAS asks for it. Unknown is stored as NULL (uppgift saknas)."""

    EJ_GRUNDSKOLA = "EJ_GRUNDSKOLA"
    GRUNDSKOLA = "GRUNDSKOLA"
    GYMNASIUM = "GYMNASIUM"
    EFTERGYMNASIAL = "EFTERGYMNASIAL"
    EJ_VALIDERAD = "EJ_VALIDERAD"


EDUCATION_LABELS = {
    "EJ_GRUNDSKOLA": "Icke fullgjord grundskola",
    "GRUNDSKOLA": "Högst grundskola",
    "GYMNASIUM": "Gymnasial utbildning",
    "EFTERGYMNASIAL": "Eftergymnasial utbildning",
    "EJ_VALIDERAD": "Utbildning saknas / ej validerad",
}


class ReferralSource(StrEnum):
    """Anvisare: the five KAS categories."""

    AF = "AF"
    FK = "FK"
    EGEN = "EGEN"
    SOC = "SOC"
    ANNAN = "ANNAN"


REFERRAL_SOURCE_LABELS = {
    "AF": "Arbetsförmedlingen",
    "FK": "Försäkringskassan",
    "EGEN": "Individen själv",
    "SOC": "Socialtjänsten",
    "ANNAN": "Annan instans",
}


class TimeWithoutWork(StrEnum):
    """Utan arbete före inskrivning, in months. Stored as the import template's words."""

    UNDER_6 = "under 6"
    M6_12 = "6-12"
    M12_24 = "12-24"
    OVER_24 = "över 24"
    SAKNAS = "saknas"


TIME_WITHOUT_WORK_LABELS = {
    "under 6": "Kortare än 6 månader",
    "6-12": "6–12 månader",
    "12-24": "Mer än 12, högst 24 månader",
    "över 24": "Mer än 24 månader",
    "saknas": "Uppgift saknas",
}


class KasCategory(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


KAS_LABELS = {
    "A": "A. Börjat arbeta",
    "B": "B. Börjat studera",
    "C": "C. Överförd till annan myndighet",
    "D": "D. Slutfört uppdrag",
    "E": "E. Övrigt",
}


class ExitReason(StrEnum):
    """Avslutsorsak: finer than KAS; each maps to one KAS category."""

    A1 = "A1"
    A2 = "A2"
    B = "B"
    C = "C"
    D = "D"
    E1 = "E1"
    E2 = "E2"
    E3 = "E3"
    E9 = "E9"
    KA = "KA"
    S0 = "S0"


EXIT_REASON_LABELS = {
    "A1": "Arbete, osubventionerad anställning",
    "A2": "Arbete, subventionerad anställning (t.ex. lönestöd, introduktionsjobb, nystartsjobb)",
    "B": "Studier med rätt till studiemedel",
    "C": "Överförd till annan myndighet",
    "D": "Slutfört uppdrag, åter till remittent",
    "E1": "Avbrutit",
    "E2": "Flyttat",
    "E3": "Avliden",
    "E9": "Övrigt",
    "KA": "Kommunal arbetsmarknadsanställning",
    "S0": "Studier utan rätt till studiemedel",
}

EXIT_REASON_KAS = {
    "A1": "A", "A2": "A", "B": "B", "C": "C", "D": "D",
    "E1": "E", "E2": "E", "E3": "E", "E9": "E",
    # A municipal labour-market job is not work on the regular market, and studies without
    # CSN are not "studier" in KAS' sense: both count as E (KAS definitions in Kolada).
    "KA": "E", "S0": "E",
}


def kas_category(exit_reason: str | None) -> str | None:
    return EXIT_REASON_KAS.get(exit_reason) if exit_reason else None


def normalize_code_text(raw: object) -> str:
    """Case-insensitive, trimmed, en dash read as hyphen, NFC — how users type codes in Excel."""
    text = "" if raw is None else unicodedata.normalize("NFC", str(raw))
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    return " ".join(text.replace("\u2013", "-").replace("\u2212", "-").split()).casefold()


def match_code(values, raw: object, aliases: dict[str, str] | None = None) -> str | None:
    """The canonical code that `raw` spells, or None."""
    key = normalize_code_text(raw)
    for v in values:
        if normalize_code_text(v) == key:
            return str(v)
    if aliases and key in aliases:
        return aliases[key]
    return None


TIME_WITHOUT_WORK_ALIASES = {"over 24": "över 24", "<6": "under 6", ">24": "över 24"}


class Exemption(StrEnum):
    """Undantag från aktivitetskravet (SoL 2025:400 12 kap., as proposed)."""

    UNDER_18 = "UNDER_18"
    SKOLA = "SKOLA"
    HELTIDSSYSSELSATT = "HELTIDSSYSSELSATT"
    PENSION = "PENSION"
    SJUK = "SJUK"
    AF_PROGRAM = "AF_PROGRAM"


# Worded as in the act (SoL 2025:400 12 kap., prop. 2025/26:207).
EXEMPTION_LABELS = {
    "UNDER_18": "Under 18 år",
    "SKOLA": "18–20 år och går i grundskola, gymnasieskola eller annan jämförlig grundutbildning",
    "HELTIDSSYSSELSATT": "Sysselsatt på heltid, t.ex. genom anställning",
    "PENSION": "Har uppnått riktåldern för pension",
    "SJUK": "Har sjukpenning, sjukersättning eller vissa andra socialförsäkringsförmåner",
    "AF_PROGRAM": "Deltar redan på heltid i ett arbetsmarknadspolitiskt program (Arbetsförmedlingen)",
}


class ReductionCode(StrEnum):
    """Orsakskod: why a requirement period's scope is below full time (IMPORT_TEMPLATE.md)."""

    DELTIDSARBETE = "DELTIDSARBETE"
    STUDIER = "STUDIER"
    INSATS = "INSATS"
    FORMAGA = "FORMAGA"
    BARNOMSORG = "BARNOMSORG"
    OVRIGT = "OVRIGT"


REDUCTION_LABELS = {
    "DELTIDSARBETE": "Deltidsarbete",
    "STUDIER": "Studier (SFI, komvux eller andra studier)",
    "INSATS": "Insats av AF, FK, regionen eller kommunen",
    "FORMAGA": "Nedsatt förmåga",
    "BARNOMSORG": "Barnomsorg saknas",
    "OVRIGT": "Övrigt",
}


class Absence(StrEnum):
    """Frånvaroorsak. Whether a reason is acceptable (godtagbart skäl) is the nämnd's judgement:
    the program only tells apart absence with a reported reason, activities the unit cancelled
    (INSTALLD) and absence without a reported reason (OGILTIG)."""

    SJUK = "SJUK"
    SJUK_INTYG = "SJUK_INTYG"
    VAB = "VAB"
    BEVILJAD = "BEVILJAD"
    ARBETE = "ARBETE"
    INTERVJU = "INTERVJU"
    MYNDIGHET = "MYNDIGHET"
    VARD = "VARD"
    INSTALLD = "INSTALLD"
    OGILTIG = "OGILTIG"


ABSENCE_LABELS = {
    "SJUK": "Sjuk",
    "SJUK_INTYG": "Sjuk med läkarintyg",
    "VAB": "Vård av barn",
    "BEVILJAD": "Beviljad ledighet",
    "ARBETE": "Arbete (t.ex. timanställning)",
    "INTERVJU": "Anställningsintervju",
    "MYNDIGHET": "Besök hos myndighet",
    "VARD": "Vårdbesök",
    "INSTALLD": "Inställd av enheten",
    "OGILTIG": "Frånvaro utan anmält skäl",
}
# Absence with a reported reason (→ valid_absence_hours in the report; CLI.md).
REPORTED_REASON_ABSENCE = ("SJUK", "SJUK_INTYG", "VAB", "BEVILJAD", "ARBETE", "INTERVJU", "MYNDIGHET", "VARD")
VALID_ABSENCE = REPORTED_REASON_ABSENCE  # the name before December 2026
CANCELLED_ABSENCE = "INSTALLD"
NO_REASON_ABSENCE = "OGILTIG"

# The person's own job seeking (Närvaro `JOBBSOK`): category 0, none of the four categories.
JOB_SEEKING = "JOBBSOK"
JOB_SEEKING_CATEGORY = 0
JOB_SEEKING_LABEL = "Eget jobbsökande"

ACTIVITY_CATEGORY_LABELS = {
    1: "1. Öka förmågan att ta ett arbete",
    2: "2. Språk",
    3: "3. Jobbsökande",
    4: "4. Arbetsplatsförlagd aktivitet",
}


# -- Försörjning and sysselsättning at start, at exit and at follow-ups (issue 20) ------------
class Support(StrEnum):
    """Försörjning: the person's main source of income at a point in time."""

    FORSORJNINGSSTOD = "FORSORJNINGSSTOD"
    A_KASSA = "A_KASSA"
    SJUK = "SJUK"
    ETABLERING = "ETABLERING"
    LON = "LON"
    STUDIEMEDEL = "STUDIEMEDEL"
    ANNAN = "ANNAN"
    OKAND = "OKAND"


SUPPORT_LABELS = {
    "FORSORJNINGSSTOD": "Försörjningsstöd (ekonomiskt bistånd)",
    "A_KASSA": "A-kassa",
    "SJUK": "Sjukpenning, sjukersättning eller aktivitetsersättning",
    "ETABLERING": "Etableringsersättning",
    "LON": "Lön",
    "STUDIEMEDEL": "Studiemedel",
    "ANNAN": "Annan försörjning",
    "OKAND": "Ingen eller okänd",
}
# Egen försörjning: income from one's own work or studies (our convention, README).
SELF_SUPPORTING = ("LON", "STUDIEMEDEL")


class Occupation(StrEnum):
    """Sysselsättning at a point in time; work by form of employment."""

    ARBETE_OSUB = "ARBETE_OSUB"
    ARBETE_SUB = "ARBETE_SUB"
    ARBETE_KA = "ARBETE_KA"
    STUDIER = "STUDIER"
    INSATS = "INSATS"
    INGEN = "INGEN"
    OKAND = "OKAND"


OCCUPATION_LABELS = {
    "ARBETE_OSUB": "Arbete, osubventionerad anställning",
    "ARBETE_SUB": "Arbete, subventionerad anställning",
    "ARBETE_KA": "Arbete, kommunal arbetsmarknadsanställning",
    "STUDIER": "Studier",
    "INSATS": "Arbetsmarknadsinsats",
    "INGEN": "Ingen sysselsättning",
    "OKAND": "Okänd",
}


class FollowUpMethod(StrEnum):
    """How a follow-up after exit was learnt."""

    SAMTAL = "SAMTAL"
    REGISTER = "REGISTER"
    EB = "EB"
    EJ_NADD = "EJ_NADD"


FOLLOW_UP_METHOD_LABELS = {
    "SAMTAL": "Samtal med personen",
    "REGISTER": "Uppgift ur register",
    "EB": "EB-systemet (ekonomiskt bistånd)",
    "EJ_NADD": "Ej nådd",
}
FOLLOW_UP_CLOSED_REENROLLED = "ATERINSKRIVEN"


class SummerPlacement(StrEnum):
    """Feriejobb: where the young person got a place (issue 19; KAS N40472–N40475)."""

    KOMMUN = "KOMMUN"
    PRIVAT = "PRIVAT"
    CIVIL = "CIVIL"
    ANNAN = "ANNAN"


SUMMER_PLACEMENT_LABELS = {
    "KOMMUN": "Kommunens egen verksamhet (kommunala bolag inräknade)",
    "PRIVAT": "Privata näringslivet",
    "CIVIL": "Civilsamhället, föreningar",
    "ANNAN": "Annan arbetsgivare",
}


class JournalCategory(StrEnum):
    """What a journal entry is about (issue 21)."""

    SAMTAL = "SAMTAL"
    MOTE = "MOTE"
    KONTAKT = "KONTAKT"
    HANDELSE = "HANDELSE"
    HALSA = "HALSA"
    OVRIGT = "OVRIGT"


JOURNAL_CATEGORY_LABELS = {
    "SAMTAL": "Samtal med deltagaren",
    "MOTE": "Möte (t.ex. trepartsmöte, SIP)",
    "KONTAKT": "Kontakt med annan aktör",
    "HANDELSE": "Händelse i verksamheten",
    "HALSA": "Hälsa och förmåga",
    "OVRIGT": "Övrigt",
}
