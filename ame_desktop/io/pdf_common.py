"""Shared PDF pieces (reportlab): embedded TrueType fonts, styles, and a footer with
"Sida x av y" and the print date."""

from __future__ import annotations

import logging
from datetime import date
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ame_desktop import config
from ame_desktop.domain.errors import AmeError

FONT, FONT_BOLD = "AmeSans", "AmeSans-Bold"
_registered = False
log = logging.getLogger(__name__)


# --- user text in Paragraphs ------------------------------------------------------------------
# reportlab's Paragraph reads its text as markup: `<b>`, `<font>`, `<img src=…>` (which opens a
# local file), `<a href>`. Every text that comes from the register or from a user goes through
# `esc` (or `text_para`) first, so `Kurs <A>` prints as written and no markup reaches the page.
def esc(value: object, *, line_breaks: bool = False) -> str:
    """User text as Paragraph-safe markup: &, < and > escaped (quotes too, for attributes).
    `line_breaks=True` keeps the text's own line breaks as `<br/>`."""
    text = _xml_escape("" if value is None else str(value), {'"': "&quot;", "'": "&#39;"})
    if line_breaks:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
    return text


def text_para(value: object, style, *, line_breaks: bool = False):
    """A Paragraph that shows `value` exactly as written (no markup)."""
    from reportlab.platypus import Paragraph

    return Paragraph(esc(value, line_breaks=line_breaks), style)


class PdfError(AmeError):
    """A PDF could not be laid out (exit 1). The message never repeats the document's text."""


def build_pdf(doc, story, **kwargs) -> None:
    """`doc.build(story, …)`, but a layout failure never carries a paragraph's text (names,
    health details) into the log or onto the screen: reportlab's own message quotes the
    paragraph, so it is replaced by one that says only what kind of failure it was.
    `story` is the list of flowables, or a function that makes it (Paragraph parses its markup
    when it is made: then a failure there is caught too)."""
    try:
        doc.build(story() if callable(story) else story, **kwargs)
    except (OSError, AmeError, KeyboardInterrupt):
        raise  # the file itself (atomic_output's messages) or a cancel
    except Exception as exc:
        module = type(exc).__module__
        if module != "builtins" and not module.startswith("reportlab"):
            raise  # ours (e.g. a cancelled batch print): not a layout failure
        log.error("PDF layout failed: %s", type(exc).__name__)
        raise PdfError(f"PDF-filen kunde inte ställas upp ({type(exc).__name__}).") from None


def register_fonts() -> None:
    """Embed DejaVu Sans (from resources/fonts) so å, ä, ö and other letters print everywhere."""
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(config.resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(config.resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8,
                             spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cellbold": ParagraphStyle("cellbold", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5),
    }


TABLE_STYLE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b5")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
]

PAGE = A4
MARGIN = 18 * mm


def numbered_canvas(footer_left: str, printed: date | None = None):
    """A canvas class that writes "Sida x av y" and the print date on every page (two passes:
    pages are kept until the total is known)."""
    printed = printed or date.today()

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            register_fonts()
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#555555"))
            width, _ = PAGE
            self.drawString(MARGIN, 10 * mm, footer_left)
            self.drawCentredString(width / 2, 10 * mm, f"Sida {self._pageNumber} av {total}")
            self.drawRightString(width - MARGIN, 10 * mm, f"Utskrivet {printed.isoformat()}")
            self.restoreState()

    return NumberedCanvas
