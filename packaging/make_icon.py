"""Draw the application icon: resources/icons/ame-desktop.png (256×256) and ame-desktop.ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

Needs only PySide6 (already a dependency) and the DejaVu Sans Bold font in resources/fonts, so
the result is the same on every machine. The .ico holds 16–256 px: every size is drawn on its
own (crisp edges at 16 px), sizes below 256 as 32-bit BMP entries (what every Windows tool
reads, Inno Setup and the Explorer included), 256 px as a PNG entry (the Vista+ convention).
The generated files are committed; run this again only to change the design.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
)

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT_FILE = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)

BLUE_TOP = QColor("#2b6cb0")
BLUE_BOTTOM = QColor("#1f4e79")  # the navigation colour of the main window
ACCENT = QColor("#f6c343")  # a yellow line under the letters (Swedish blue and yellow)


def draw(size: int, family: str) -> QImage:
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing, True)
    p.setRenderHint(QPainter.TextAntialiasing, True)

    margin = max(1.0, size * 0.04) if size >= 32 else 0.5
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = rect.width() * 0.18
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    grad = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    grad.setColorAt(0.0, BLUE_TOP)
    grad.setColorAt(1.0, BLUE_BOTTOM)
    p.fillPath(path, grad)

    # Three letters stay legible from 32 px; the smallest sizes show a bold "A" only.
    text = "AME" if size >= 32 else "A"
    font = QFont(family)
    font.setBold(True)
    font.setPixelSize(round(size * (0.36 if text == "AME" else 0.72)))
    if text == "AME":
        font.setLetterSpacing(QFont.PercentageSpacing, 96)
    p.setFont(font)
    p.setPen(QColor("white"))
    text_rect = QRectF(rect)
    if text == "AME":
        text_rect.setBottom(rect.bottom() - rect.height() * 0.12)
    p.drawText(text_rect, Qt.AlignCenter, text)

    if size >= 32:
        bar_w = rect.width() * 0.46
        bar_h = max(2.0, size * 0.045)
        bar = QRectF(rect.center().x() - bar_w / 2, rect.bottom() - rect.height() * 0.22, bar_w, bar_h)
        p.setPen(Qt.NoPen)
        p.setBrush(ACCENT)
        p.drawRoundedRect(bar, bar_h / 2, bar_h / 2)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def bmp_entry(img: QImage) -> bytes:
    """A 32-bit DIB as stored in an .ico: header with double height, BGRA rows bottom-up, AND mask."""
    img = img.convertToFormat(QImage.Format_ARGB32)
    w, h = img.width(), img.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(h - 1, -1, -1):
        # Format_ARGB32 is 0xAARRGGBB per pixel, i.e. B, G, R, A bytes on little-endian machines.
        line = bytes(img.constBits())[y * img.bytesPerLine(): y * img.bytesPerLine() + w * 4]
        if sys.byteorder != "little":  # pragma: no cover
            line = b"".join(line[i:i + 4][::-1] for i in range(0, len(line), 4))
        rows.append(line)
    mask_stride = ((w + 31) // 32) * 4
    mask = bytes(mask_stride * h)  # all opaque: the alpha channel decides
    return header + b"".join(rows) + mask


def write_ico(path: Path, images: dict[int, QImage]) -> None:
    entries = []
    for size in sorted(images):
        data = png_bytes(images[size]) if size >= 256 else bmp_entry(images[size])
        entries.append((size, data))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    blobs = []
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs.append(data)
    path.write_bytes(out + b"".join(blobs))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else "Sans Serif"
    ICONS.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size, family) for size in ICO_SIZES}
    png = ICONS / "ame-desktop.png"
    png.write_bytes(png_bytes(images[256]))
    ico = ICONS / "ame-desktop.ico"
    write_ico(ico, images)
    print(f"{png} ({png.stat().st_size} bytes), {ico} ({ico.stat().st_size} bytes, sizes {ICO_SIZES})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
