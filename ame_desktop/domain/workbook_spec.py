"""The import workbook's sheets and columns (shared/spec/IMPORT_TEMPLATE.md), in one place
for the importer, the template writer and the instructions sheet."""

from __future__ import annotations

from dataclasses import dataclass

from ame_desktop.domain import codes


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()  # drop-down values in the template
    kind: str = "text"  # text | date | number | personnummer | municipality


@dataclass(frozen=True)
class SheetSpec:
    name: str
    key_help: str
    columns: tuple[Column, ...]
    help: str = ""


PNR = Column("Personnummer", "personnummer", True,
             "Personnummer eller samordningsnummer: ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN m.fl. (+ för 100 år eller äldre).",
             kind="personnummer")

PARTICIPANTS = SheetSpec(
    "Deltagare", "Personnummer",
    (
        PNR,
        Column("Förnamn", "first_name", True, "Text."),
        Column("Efternamn", "last_name", True, "Text."),
        Column("Kön", "gender", False, "K, M eller X. Tomt = enligt personnumret.", tuple(codes.Gender)),
        Column("Kommunkod", "municipality_code", False,
               "Fyra siffror (se bladet Koder). Tomt = databasens standardkommun.", kind="municipality"),
        Column("Utbildningsnivå", "education_level", False,
               "EJ_GRUNDSKOLA, GRUNDSKOLA, GYMNASIUM, EFTERGYMNASIAL, EJ_VALIDERAD. Tomt = uppgift saknas.",
               tuple(codes.EducationLevel)),
        Column("Handledare", "staff", False, "Medarbetarens namn. En ny handledare läggs till i listan."),
        Column("Telefon", "phone", False, "Text."),
        Column("E-post", "email", False, "Text."),
    ),
    "En rad per person. Samma personnummer får bara finnas en gång.",
)

REFERRALS = SheetSpec(
    "Anvisningar", "Personnummer + Datum + Anvisare",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Datum", "referral_date", True, "Dagen anvisningen kom in (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Anvisare", "source", True, "AF, FK, EGEN, SOC eller ANNAN.", tuple(codes.ReferralSource)),
        Column("Kommentar", "detail", False, "Text, t.ex. vilken annan instans."),
        Column("Kommunkod", "municipality_code", False,
               "Kommunen anvisningen hör till (fyra siffror). Tomt = personens kommun; en anvisning som "
               "redan finns behåller sin kommun.", kind="municipality"),
    ),
)

ENROLLMENTS = SheetSpec(
    "Inskrivningar", "Personnummer + Startdatum",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Startdatum", "start_date", True, "ÅÅÅÅ-MM-DD.", kind="date"),
        Column("Slutdatum", "end_date", False, "ÅÅÅÅ-MM-DD, samma dag som eller efter startdatum. Tomt = pågår.",
               kind="date"),
        Column("Utan arbete före inskrivning", "time_without_work", False,
               "Månader: under 6, 6-12, 12-24, över 24 eller saknas. Tomt = saknas.",
               tuple(v.value for v in codes.TimeWithoutWork)),
        Column("Avslutsorsak", "exit_reason", False, "Krävs när Slutdatum är ifyllt; se koderna i bladet Koder.",
               tuple(codes.ExitReason)),
        Column("Kommunkod", "municipality_code", False,
               "Kommunen vars AME har inskrivningen (fyra siffror). Tomt = personens kommun; en inskrivning som "
               "redan finns behåller sin kommun.", kind="municipality"),
        Column("Anställning från", "job_start_date", False,
               "Bara med A1/A2: anställningens första dag (ÅÅÅÅ-MM-DD). Tomt = dagen efter Slutdatum.", kind="date"),
        Column("Bekräftad", "work_confirmed_on", False,
               "Bara med A1/A2: dagen det bekräftades att arbetet varat en sammanhängande månad; tidigast en "
               "månad efter anställningens första dag. Tomt = ej bekräftat (räknas då inte som A i KAS).",
               kind="date"),
    ),
    "Två inskrivningar av samma person får inte överlappa i tid.",
)

REQUIREMENTS = SheetSpec(
    "Aktivitetskrav", "Personnummer + Från",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Från", "start_date", True, "ÅÅÅÅ-MM-DD.", kind="date"),
        Column("Till", "end_date", False, "ÅÅÅÅ-MM-DD. Tomt = tills vidare.", kind="date"),
        Column("Timmar per vecka", "hours_per_week", True, "0–40 i steg om 0,25 (40 = heltid).", kind="number"),
        Column("Orsakskod", "reduction_code", False,
               "Krävs när timmarna är färre än heltid och inget undantag anges: DELTIDSARBETE, STUDIER, INSATS, "
               "FORMAGA, BARNOMSORG eller OVRIGT (se bladet Koder).", tuple(codes.ReductionCode)),
        Column("Orsak", "reduction_reason", False,
               "Text; krävs med OVRIGT. En fil med bara Orsak (formatet före december 2026) läses som OVRIGT."),
        Column("Undantag", "exemption", False,
               "UNDER_18, SKOLA, HELTIDSSYSSELSATT, PENSION, SJUK eller AF_PROGRAM: kravet gäller inte.",
               tuple(codes.Exemption)),
        Column("Beslutsdatum", "decision_date", False, "Dagen för socialnämndens beslut om kravet (ÅÅÅÅ-MM-DD).",
               kind="date"),
        Column("Diarienummer", "decision_reference", False, "Beslutets diarienummer, text."),
        Column("Handläggare", "caseworker", False,
               "Handläggarens namn (ekonomiskt bistånd). Ett nytt namn läggs till i handläggarregistret."),
        Column("Försörjningsstöd sedan", "support_since", False,
               "Dagen personen började få försörjningsstöd. Börjar perioden tidigare än tre månader efter "
               "den dagen blir det en varning, inte ett fel.", kind="date"),
    ),
    "En persons kravperioder får inte överlappa. Perioden avslutas aldrig av sig själv när en inskrivning "
    "avslutas: fyll i Till.",
)

ATTENDANCE = SheetSpec(
    "Närvaro", "Personnummer + Datum + Aktivitet",
    (
        Column("Personnummer", "personnummer", True, "En person med en inskrivning som omfattar datumet.",
               kind="personnummer"),
        Column("Datum", "attendance_date", True, "ÅÅÅÅ-MM-DD, inte i framtiden.", kind="date"),
        Column("Aktivitet", "activity", True,
               "Aktivitetens namn som den är registrerad, en kategori 1–4 (1 förmåga att arbeta, "
               "2 språk, 3 jobbsökaraktivitet, 4 arbetsplatsförlagd) eller JOBBSOK (eget jobbsökande, "
               "ingen av de fyra kategorierna)."),
        Column("Timmar", "hours", True, "0–24 i steg om 0,25.", kind="number"),
        Column("Frånvaro", "absence", False,
               "Tomt = närvarande. Frånvaro med anmält skäl: SJUK, SJUK_INTYG, VAB, BEVILJAD, ARBETE, INTERVJU, "
               "MYNDIGHET, VARD. INSTALLD = enheten ställde in aktiviteten. OGILTIG = frånvaro utan anmält skäl.",
               tuple(codes.Absence)),
    ),
    "En persons timmar under en dag, alla rader tillsammans, får vara högst 24.",
)

SHEETS: list[SheetSpec] = [PARTICIPANTS, REFERRALS, ENROLLMENTS, REQUIREMENTS, ATTENDANCE]


def sheet_spec(name: str) -> SheetSpec:
    return next(s for s in SHEETS if s.name == name)
