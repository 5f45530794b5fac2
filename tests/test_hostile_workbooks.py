"""Hostile import workbooks, built by hand with zipfile (issue 18): what a file may unpack to,
damaged parts, missing sheets, hidden sheets, a flood of errors. Every refusal is a Swedish
message with exit status 2 and nothing imported."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.errors import UserError
from ame_desktop.io import workbook_reader as wr
from ame_desktop.services import importing

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["Personnummer", "Förnamn", "Efternamn"]


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(n: int, values: list[str]) -> str:
    return f'<row r="{n}">' + "".join(cell(f"{chr(65 + i)}{n}", v) for i, v in enumerate(values)) + "</row>"


def sheet_xml(rows: list[list[str]] | str) -> str:
    body = rows if isinstance(rows, str) else "".join(row(i, r) for i, r in enumerate(rows, start=1))
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>'


def xlsx(path: Path, sheets: list[tuple[str, str | None, str]], shared: str | None = None,
         extra: dict[str, bytes] | None = None, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """sheets: (name, sheet XML or None for a listed sheet whose part is missing, state)."""
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i, _s in enumerate(sheets, start=1))
    if shared is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
             'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
                     for i, (name, _x, state) in enumerate(sheets, start=1))
    workbook = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}><sheets>{listed}</sheets></workbook>'
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i, _s in enumerate(sheets, start=1))
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               f'package/2006/relationships">{rels}</Relationships>')
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, (_name, xml, _state) in enumerate(sheets, start=1):
            if xml is not None:
                z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def participants(db) -> int:
    with db.reading() as s:
        return s.execute(sa.text("SELECT count(*) FROM participant")).scalar_one()


def test_a_hand_made_workbook_imports(cli, db, tmp_path):
    book = xlsx(tmp_path / "ok.xlsx", [("Deltagare", sheet_xml([HEADER, ["198503141239", "Åke", "Ärlig"]]), "visible")])
    r = cli("import", str(book))
    assert r.code == 0, r
    assert participants(db) == 1


def test_a_zip_bomb_is_refused_by_the_directory(cli, db, tmp_path, monkeypatch):
    """30 MB of rows packed into a small file: refused before anything is parsed."""
    monkeypatch.setattr(wr, "MAX_UNCOMPRESSED_BYTES", 8 * 1024 * 1024)
    body = "<row><c><v>1</v></c></row>" * 1_200_000  # rows without numbers: read as the next row
    book = xlsx(tmp_path / "bomb.xlsx", [("Deltagare", sheet_xml(row(1, HEADER) + body), "visible")])
    assert book.stat().st_size < 3 * 1024 * 1024
    start = time.monotonic()
    r = cli("import", str(book))
    assert r.code == 2 and "för stor" in r.err and "packas upp" in r.err, r
    assert time.monotonic() - start < 10 and participants(db) == 0


def test_one_part_too_large_and_the_streamed_guard(tmp_path, monkeypatch):
    big = sheet_xml([HEADER] + [["198503141239", "Åke", "Ärlig"]] * 20_000)
    book = xlsx(tmp_path / "stor.xlsx", [("Deltagare", big, "visible")])
    monkeypatch.setattr(wr, "MAX_PART_BYTES", 100_000)
    with pytest.raises(UserError, match="för stor"):
        wr.Workbook(book)
    # A directory that under-states a part: the streamed guard counts what really comes out.
    monkeypatch.setattr(wr, "_check_directory", lambda *_a: None)
    with pytest.raises(UserError, match="packas upp till mer än"):
        with wr.Workbook(book) as wb:
            list(wb.sheet("Deltagare").rows())


def test_too_many_cells(cli, db, tmp_path, monkeypatch):
    monkeypatch.setattr(wr, "MAX_CELLS", 5_000)
    rows = [HEADER] + [["198503141239", "Åke", "Ärlig"]] * 3_000
    book = xlsx(tmp_path / "celler.xlsx", [("Deltagare", sheet_xml(rows), "visible")])
    r = cli("import", str(book))
    assert r.code == 2 and "fler än 5 000 celler" in r.err, r
    assert participants(db) == 0


def test_entities_are_refused(cli, db, tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
              '</sheetData></worksheet>')
    r = cli("import", str(xlsx(tmp_path / "dtd.xlsx", [("Deltagare", laughs, "visible")])))
    assert r.code == 2 and "DTD" in r.err, r


@pytest.mark.parametrize("case", ["sheet_xml", "shared_xml", "shared_index", "workbook_xml", "bad_number"])
def test_damaged_parts_are_exit_2_with_a_swedish_message(cli, db, tmp_path, case):
    good = sheet_xml([HEADER, ["198503141239", "Åke", "Ärlig"]])
    shared = None
    sheets = [("Deltagare", good, "visible")]
    extra = None
    if case == "sheet_xml":
        sheets = [("Deltagare", good.replace("</row></sheetData>", "</sheetData>"), "visible")]
    elif case == "shared_xml":
        shared = f'<sst {NS} count="1"><si><t>Åke</si></sst>'
    elif case == "shared_index":
        shared = f'<sst {NS} count="1" uniqueCount="1"><si><t>Åke</t></si></sst>'
        sheets = [("Deltagare", sheet_xml(row(1, HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>198503141239'
                                          '</t></is></c><c r="B2" t="s"><v>7</v></c></row>'), "visible")]
    elif case == "bad_number":
        sheets = [("Deltagare", sheet_xml(row(1, HEADER) + '<row r="2"><c r="A2" t="n"><v>inte ett tal</v></c></row>'),
                   "visible")]
    book = xlsx(tmp_path / f"{case}.xlsx", sheets, shared=shared, extra=extra)
    if case == "workbook_xml":
        with zipfile.ZipFile(book) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:-20]
        with zipfile.ZipFile(book, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    r = cli("import", str(book))
    assert r.code == 2, r
    assert "skadad" in r.err and book.name in r.err and "Traceback" not in r.err, r
    assert participants(db) == 0


def test_a_broken_zip_crc_is_exit_2(cli, db, tmp_path):
    book = xlsx(tmp_path / "crc.xlsx", [("Deltagare", sheet_xml([HEADER, ["198503141239", "Åke", "Ärlig"]]),
                                         "visible")], compress=zipfile.ZIP_STORED)
    data = bytearray(book.read_bytes())
    at = data.find("Ärlig".encode())
    data[at] ^= 0x01  # one flipped bit inside the stored sheet
    book.write_bytes(bytes(data))
    r = cli("import", str(book))
    assert r.code == 2 and ("skadad" in r.err or "ingen Excel-arbetsbok" in r.err), r


def test_a_listed_sheet_whose_part_is_missing_is_refused(cli, db, tmp_path):
    book = xlsx(tmp_path / "saknas.xlsx", [("Deltagare", None, "visible")])
    r = cli("import", str(book))
    assert r.code == 2 and "Deltagare" in r.err and "saknas" in r.err, r
    assert "klar" not in r.out


def test_hidden_and_very_hidden_sheets_are_named(cli, db, tmp_path):
    book = xlsx(tmp_path / "dolda.xlsx", [
        ("Instruktioner", sheet_xml([["Läs mig"]]), "visible"),
        ("Deltagare", sheet_xml([HEADER, ["198503141239", "Åke", "Ärlig"]]), "hidden"),
        ("Anvisningar", sheet_xml([["Personnummer", "Datum", "Anvisare"], ["198503141239", "2026-01-05", "SOC"]]),
         "veryHidden"),
    ])
    r = cli("import", str(book), "--dry-run")
    assert r.code == 0, r
    assert "”Deltagare” är dolt" in r.err and "”Anvisningar” är mycket dolt" in r.err, r


def test_at_most_300_errors_are_listed(cli, db, tmp_path):
    rows = [HEADER] + [[f"19850314{i:04d}", "Åke", "Ärlig"] for i in range(2_000)]
    book = xlsx(tmp_path / "fel.xlsx", [("Deltagare", sheet_xml(rows), "visible")])
    r = cli("import", str(book))
    assert r.code == 2, r
    lines = r.err.strip().splitlines()
    total = int(lines[0].split("stoppades: ")[1].split(" fel")[0])
    assert total > 1_000
    assert len(lines) == 1 + importing.MAX_LISTED_ERRORS + 1
    assert lines[-1] == f"… och {total - importing.MAX_LISTED_ERRORS} fel till."
    assert participants(db) == 0


def test_capped_errors_still_tell_a_row_had_an_error():
    from ame_desktop.domain.errors import FieldError

    errors = importing.CappedErrors()
    for i in range(importing.MAX_LISTED_ERRORS + 5):
        before = len(errors)
        errors.append(FieldError("x", "fel", sheet="Deltagare", row=i))
        assert len(errors) == before + 1
    assert len(list(errors)) == importing.MAX_LISTED_ERRORS and errors.omitted == 5 and bool(errors)


def test_reading_stops_after_a_flood_of_errors(cli, db, tmp_path, monkeypatch):
    from ame_desktop.services import import_base

    monkeypatch.setattr(import_base, "STOP_AFTER_ERRORS", 1_000)
    rows = [HEADER] + [[f"skräp{i}", "", ""] for i in range(5_000)]
    book = xlsx(tmp_path / "flod.xlsx", [("Deltagare", sheet_xml(rows), "visible")])
    r = cli("import", str(book))
    assert r.code == 2, r
    lines = r.err.strip().splitlines()
    total = int(lines[0].split("stoppades: ")[1].split(" fel")[0])
    assert 1_000 <= total < 1_010  # not the 10 000 errors of the whole file
    assert lines[-1] == "Läsningen avbröts efter 1000 fel; resten av filen är inte kontrollerad."
    assert participants(db) == 0
