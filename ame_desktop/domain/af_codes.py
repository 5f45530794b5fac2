"""Code lists for contacts with Arbetsförmedlingen (shared/docs/DOMAIN.md § Contacts with
Arbetsförmedlingen), with Swedish labels. Stored values are the codes; they never change once
released, so a label may be reworded without touching the register."""

from __future__ import annotations

from enum import StrEnum

from ame_desktop.domain import codes
from ame_desktop.domain.i18n import QT_TR_NOOP


class AfChannel(StrEnum):
    """Kanal: how the contact was made."""

    TELEFON = "TELEFON"
    EPOST = "EPOST"
    FYSISKT_MOTE = "FYSISKT_MOTE"
    DIGITALT_MOTE = "DIGITALT_MOTE"
    BREV = "BREV"
    WEBBFORMULAR = "WEBBFORMULAR"


CHANNEL_LABELS = {
    "TELEFON": QT_TR_NOOP("Telefon"),
    "EPOST": QT_TR_NOOP("E-post"),
    "FYSISKT_MOTE": QT_TR_NOOP("Fysiskt möte"),
    "DIGITALT_MOTE": QT_TR_NOOP("Digitalt möte"),
    "BREV": QT_TR_NOOP("Brev"),
    "WEBBFORMULAR": QT_TR_NOOP("Webbformulär"),
}


class AfCategory(StrEnum):
    """Kategori: what the contact was about (the list in DOMAIN.md, in its order)."""

    INSKRIVNINGSSTOD = "INSKRIVNINGSSTOD"
    AKTIVITETSRAPPORTERING = "AKTIVITETSRAPPORTERING"
    TOLKA_BESLUT = "TOLKA_BESLUT"
    HANTERA_ARENDE = "HANTERA_ARENDE"
    SAMRAD_ANVISNING = "SAMRAD_ANVISNING"
    ANVISNING_REMISS = "ANVISNING_REMISS"
    INFORMATIONSBEGARAN = "INFORMATIONSBEGARAN"
    TREPARTSMOTE = "TREPARTSMOTE"
    SIP_MOTE = "SIP_MOTE"
    SAMVERKANSMOTE = "SAMVERKANSMOTE"
    UNDERRATTELSE_AKTIVITETSKRAV = "UNDERRATTELSE_AKTIVITETSKRAV"
    OVRIGT = "OVRIGT"


CATEGORY_LABELS = {
    "INSKRIVNINGSSTOD": QT_TR_NOOP("Inskrivningsstöd"),
    "AKTIVITETSRAPPORTERING": QT_TR_NOOP("Aktivitetsrapportering"),
    "TOLKA_BESLUT": QT_TR_NOOP("Tolka beslut"),
    "HANTERA_ARENDE": QT_TR_NOOP("Hantera ärende"),
    "SAMRAD_ANVISNING": QT_TR_NOOP("Samråd inför anvisning"),
    "ANVISNING_REMISS": QT_TR_NOOP("Anvisning/remiss"),
    "INFORMATIONSBEGARAN": QT_TR_NOOP("Informationsbegäran"),
    "TREPARTSMOTE": QT_TR_NOOP("Trepartsmöte"),
    "SIP_MOTE": QT_TR_NOOP("SIP-möte"),
    "SAMVERKANSMOTE": QT_TR_NOOP("Samverkansmöte"),
    "UNDERRATTELSE_AKTIVITETSKRAV": QT_TR_NOOP("Underrättelse om aktivitetskrav"),
    "OVRIGT": QT_TR_NOOP("Övrigt"),
}

# What the help texts say about a category (the window shows it as a tooltip).
CATEGORY_HELP = {
    "INSKRIVNINGSSTOD": QT_TR_NOOP("Hjälp att skriva in sig hos Arbetsförmedlingen."),
    "AKTIVITETSRAPPORTERING": QT_TR_NOOP("Hjälp med aktivitetsrapporten till Arbetsförmedlingen."),
    "TOLKA_BESLUT": QT_TR_NOOP("Förklara eller reda ut ett beslut från Arbetsförmedlingen."),
    "HANTERA_ARENDE": QT_TR_NOOP("Ärendehantering åt eller tillsammans med deltagaren."),
    "SAMRAD_ANVISNING": QT_TR_NOOP("Samråd med Arbetsförmedlingen inför anvisning (SoL 12 kap. 4 §)."),
    "ANVISNING_REMISS": QT_TR_NOOP("Anvisning eller remiss mellan Arbetsförmedlingen och enheten."),
    "INFORMATIONSBEGARAN": QT_TR_NOOP("Begäran om uppgifter (SoL 15 kap. 11 §)."),
    "TREPARTSMOTE": QT_TR_NOOP("Möte med deltagaren, Arbetsförmedlingen och enheten."),
    "SIP_MOTE": QT_TR_NOOP("Samordnad individuell plan."),
    "SAMVERKANSMOTE": QT_TR_NOOP("Strategiskt eller operativt samverkansmöte, oftast utan enskild deltagare."),
    "UNDERRATTELSE_AKTIVITETSKRAV": QT_TR_NOOP("Underrättelse om aktivitetskravet, åt något håll."),
    "OVRIGT": QT_TR_NOOP("Annat."),
}


def _aliases(labels: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    """Labels as typed by users (any case, en dash as hyphen) → code, plus some common words."""
    out = {codes.normalize_code_text(label): code for code, label in labels.items()}
    out.update({codes.normalize_code_text(k): v for k, v in extra.items()})
    return out


CHANNEL_ALIASES = _aliases(CHANNEL_LABELS, {
    "e-post": "EPOST", "epost": "EPOST", "mejl": "EPOST", "mail": "EPOST", "e-mail": "EPOST",
    "tel": "TELEFON", "samtal": "TELEFON", "möte": "FYSISKT_MOTE", "fysiskt": "FYSISKT_MOTE",
    "digitalt": "DIGITALT_MOTE", "videomöte": "DIGITALT_MOTE", "teams": "DIGITALT_MOTE",
    "webb": "WEBBFORMULAR", "webbformular": "WEBBFORMULAR", "formulär": "WEBBFORMULAR",
    "fysiskt mote": "FYSISKT_MOTE", "digitalt mote": "DIGITALT_MOTE",
})

CATEGORY_ALIASES = _aliases(CATEGORY_LABELS, {
    "inskrivning": "INSKRIVNINGSSTOD", "aktivitetsrapport": "AKTIVITETSRAPPORTERING",
    "beslut": "TOLKA_BESLUT", "ärende": "HANTERA_ARENDE", "samråd": "SAMRAD_ANVISNING",
    "anvisning": "ANVISNING_REMISS", "remiss": "ANVISNING_REMISS", "anvisning / remiss": "ANVISNING_REMISS",
    "informationsbegaran": "INFORMATIONSBEGARAN", "sip": "SIP_MOTE", "sip-mote": "SIP_MOTE",
    "samverkan": "SAMVERKANSMOTE", "trepartsmote": "TREPARTSMOTE", "underrättelse": "UNDERRATTELSE_AKTIVITETSKRAV",
    "ovrigt": "OVRIGT",
})


def channel(value: object) -> str:
    """The channel code a user meant (code or label, any case); ValueError in Swedish otherwise."""
    if value is None or str(value).strip() == "":
        raise ValueError("Måste fyllas i (t.ex. telefon eller e-post).")
    code = codes.match_code(list(AfChannel), value, CHANNEL_ALIASES)
    if code is None:
        allowed = ", ".join(CHANNEL_LABELS.values())
        raise ValueError(f"Okänd kanal ”{value}”. Tillåtna värden: {allowed}.")
    return code


def category(value: object) -> str:
    if value is None or str(value).strip() == "":
        raise ValueError("Måste fyllas i (t.ex. tolka beslut eller samverkansmöte).")
    code = codes.match_code(list(AfCategory), value, CATEGORY_ALIASES)
    if code is None:
        allowed = ", ".join(CATEGORY_LABELS.values())
        raise ValueError(f"Okänd kategori ”{value}”. Tillåtna värden: {allowed}.")
    return code


YES = {"ja", "j", "x", "1", "sant", "true", "yes", "dokumenterat", "finns"}
NO = {"nej", "n", "0", "falskt", "false", "no", "saknas", "-"}


def yes_no(value: object) -> bool:
    """Samtycke ja/nej as typed in Excel; blank = nej."""
    if value is None or isinstance(value, str) and not value.strip():
        return False
    if isinstance(value, bool):
        return value
    key = codes.normalize_code_text(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(f"”{value}” är varken ja eller nej.")
