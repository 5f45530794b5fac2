"""The Kolada export files (.xlsx, .csv, .json) read back, and the `export kolada` command."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from ame_desktop import __version__
from ame_desktop.domain.errors import AmeError, UserError
from ame_desktop.io.kolada_export import HEADER, SOURCE_TEXT, write_kolada
from ame_desktop.services import kolada as kol
from tests.test_kolada import TODAY, build_register

SHEETS = ["Kolada", "Sammanställning", "Kontroll", "Om filen"]


@pytest.fixture
def result(db):
    build_register(db)
    with db.transaction() as s:
        kol.set_kas_input(s, "0860", 2025, "U40000", "T", 4.5)
    with db.reading() as s:
        return kol.compute_kolada(s, 2025, today=TODAY)


def kolada_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_xlsx(result, tmp_path):
    path = write_kolada(result, tmp_path / "kolada.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == SHEETS
    ws = wb["Kolada"]
    rows = kolada_rows(ws)
    assert rows[0] == HEADER == ["kpi", "municipality", "period", "gender", "value", "numerator", "denominator",
                                 "status", "kpi_title"]
    assert len(rows) == 1 + len(result.rows) == 1 + 2 * 78
    by_key = {(r[0], r[1], r[3]): r for r in rows[1:]}
    assert by_key[("U40800", "0860", "T")] == ["U40800", "0860", 2025, "T", 9, 9, None, None,
                                               "Deltagare i kommunala arbetsmarknadsåtgärder, antal"]
    assert by_key[("U40811", "0860", "T")][4:8] == [11.1, 1, 9, None]
    assert by_key[("U40406", "2260", "K")][4:8] == [None, 0, 0, "Missing"]
    assert by_key[("U40000", "0860", "T")][4:8] == [4.5, None, None, None]
    assert by_key[("U40000", "0860", "K")][4:8] == [None, None, None, "Missing"]
    # The code stays text with its leading zero; numbers are numbers.
    cell = ws.cell(row=2, column=2)
    assert cell.value == "0860" and cell.data_type == "s"
    assert isinstance(ws.cell(row=2, column=3).value, int)
    # Same order and values as the result.
    assert [tuple(r[:8]) for r in rows[1:]] == [
        (r.kpi, r.municipality, r.period, r.gender, r.value, r.numerator, r.denominator, r.status or None)
        for r in result.rows]

    control = kolada_rows(wb["Kontroll"])
    assert control[0] == ["Kommun", "Personnummer", "Namn", "Vad som saknas"]
    assert len(control) == 1 + len(result.findings) == 8
    assert any(r[2] == "Bertil Berg" and "Utbildningsnivå saknas" in r[3] for r in control[1:])
    assert all(r[0] == "0860" and len(r[1]) == 13 for r in control[1:])

    about = [c for row in wb["Om filen"].iter_rows(values_only=True) for c in row if c is not None]
    assert SOURCE_TEXT == "Källa: egen registrering; KPI-definitioner från Kolada"
    assert SOURCE_TEXT in about
    assert __version__ in about
    assert "2025-01-01" in about and "2025-12-31" in about
    assert 11 in about  # persons behind the figures: 10 in 0860 + 1 in 2260
    assert any(isinstance(c, str) and "0860 Hultsfred" in c and "2260 Ånge" in c for c in about)

    summary = kolada_rows(wb["Sammanställning"])
    texts = [r[0] for r in summary if r[0]]
    assert "Kommun 0860 Hultsfred" in texts and "Kommun 2260 Ånge" in texts
    first = summary.index(next(r for r in summary if r[0] == "Kommun 0860 Hultsfred"))
    section = summary[first:]
    line = next(r for r in section if r[0] == "A. Börjat arbeta")
    assert line[1:8] == ["U40450 / U40406", 1, 0, 1, 14.3, 0.0, 50.0]
    line = next(r for r in section if r[0] == "24 år eller yngre")
    assert line[1:6] == ["U40811", 1, None, None, 11.1]
    line = next(r for r in section if r[0] == "Deltagare under perioden (varje person en gång)")
    assert line[1:5] == ["U40800", 9, 4, 4]
    line = next(r for r in section if r[0] == "E. Övrigt")
    assert line[8] == "av 7 avslutade (4 kvinnor, 2 män)"
    # What the categories leave out: Bertil's unknown education; Jonna's exit without a reason (K).
    assert next(r for r in section if (r[0] or "").startswith("Uppgift saknas (räknas"))[2] == 1
    assert next(r for r in section if (r[0] or "").startswith("Avslutsorsak saknas"))[2:5] == [1, 1, 0]
    # Visible sums beside the categories: education 8 of 9 (Bertil unknown); A–E 6 of 7 exited
    # (T), 3 of 4 women, 2 of 2 men — Jonna's exit without a reason keeps them below 100 %.
    line = next(r for r in section if (r[0] or "").startswith("Summa utbildningsnivåer"))
    assert line[1:6] == ["U40816–U40827", 8, None, None, 88.9] and "1 av 9 saknar uppgift" in line[8]
    line = next(r for r in section if (r[0] or "").startswith("Summa A–E"))
    assert line[1:8] == ["U40450–U40454", 6, 3, 2, 85.7, 75.0, 100.0]
    line = next(r for r in section if (r[0] or "").startswith("Sökande som fått plats"))
    assert line[1] == "N40471" and line[8] == "Andel kan inte beräknas (0 i nämnaren)"
    line = next(r for r in section if r[0] == "Anställda som arbetar med arbetsmarknadsfrågor")
    assert line[2:5] == [4.5, None, None] and line[8] == "Ej inmatat: kvinnor, män"


def test_csv(result, tmp_path):
    path = write_kolada(result, tmp_path / "kolada.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(result.rows)
    by_key = {(r[0], r[1], r[3]): r for r in rows[1:]}
    assert by_key[("U40800", "0860", "T")][:8] == ["U40800", "0860", "2025", "T", "9", "9", "", ""]
    # Decimal comma, for Swedish Excel (the reason for `;`).
    assert by_key[("U40811", "0860", "T")][4:8] == ["11,1", "1", "9", ""]
    assert by_key[("U40000", "0860", "T")][4] == "4,5"
    assert by_key[("U40406", "2260", "K")][4:8] == ["", "0", "0", "Missing"]
    assert by_key[("U40800", "0860", "T")][8] == "Deltagare i kommunala arbetsmarknadsåtgärder, antal"


def test_json(result, tmp_path):
    path = write_kolada(result, tmp_path / "kolada.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"count", "values", "metadata"}
    assert data["count"] == len(data["values"]) == 2 * 44
    first = data["values"][0]
    assert set(first) == {"kpi", "municipality", "period", "values"}
    item = next(v for v in data["values"] if v["kpi"] == "U40800" and v["municipality"] == "0860")
    assert item["period"] == 2025
    assert item["values"] == [
        {"gender": "T", "count": 1, "status": "", "value": 9, "isdeleted": False},
        {"gender": "K", "count": 1, "status": "", "value": 4, "isdeleted": False},
        {"gender": "M", "count": 1, "status": "", "value": 4, "isdeleted": False},
    ]
    item = next(v for v in data["values"] if v["kpi"] == "U40406" and v["municipality"] == "2260")
    assert item["values"][0] == {"gender": "T", "count": 0, "status": "Missing", "value": None, "isdeleted": False}
    item = next(v for v in data["values"] if v["kpi"] == "U40811" and v["municipality"] == "0860")
    assert [g["gender"] for g in item["values"]] == ["T"] and item["values"][0]["value"] == 11.1
    meta = data["metadata"]
    assert (meta["period_start"], meta["period_end"], meta["year"]) == ("2025-01-01", "2025-12-31", 2025)
    assert meta["persons"] == {"0860": 10, "2260": 1} and meta["version"] == __version__


def test_year_to_date_metadata(db, tmp_path):
    build_register(db)
    with db.reading() as s:
        r = kol.compute_kolada(s, 2025, 3, "0860", today=TODAY)
    data = json.loads(write_kolada(r, tmp_path / "q1.json").read_text(encoding="utf-8"))
    assert (data["metadata"]["period_start"], data["metadata"]["period_end"]) == ("2025-01-01", "2025-03-31")
    assert data["metadata"]["through_month"] == 3
    assert {v["period"] for v in data["values"]} == {2025}
    wb = load_workbook(write_kolada(r, tmp_path / "q1.xlsx"))
    about = [c for row in wb["Om filen"].iter_rows(values_only=True) for c in row if c is not None]
    assert "2025-03-31" in about
    assert any(isinstance(c, str) and "januari–mars 2025" in c for c in about)


def test_unknown_extension_and_missing_folder(result, tmp_path):
    with pytest.raises(UserError) as e:
        write_kolada(result, tmp_path / "kolada.pdf")
    assert ".pdf" in e.value.message
    # A missing folder is created, as for the other exports (decision: scheduled exports).
    assert write_kolada(result, tmp_path / "ny mapp" / "kolada.xlsx").exists()
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    with pytest.raises(UserError) as e:
        write_kolada(result, blocker / "kolada.xlsx")  # a file where the folder should be
    assert "kan inte skapas" in e.value.message
    # No extension: the default format, xlsx, under exactly that name.
    path = write_kolada(result, tmp_path / "kolada")
    with open(path, "rb") as f:  # openpyxl judges by the name; the content is xlsx
        assert load_workbook(f).sheetnames == SHEETS
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("ame.db")) == ["fil", "kolada", "ny mapp"]


def test_failed_write_keeps_the_old_file(result, tmp_path, monkeypatch):
    path = tmp_path / "kolada.json"
    path.write_text("gammal", encoding="utf-8")

    def broken(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", broken)
    with pytest.raises(AmeError):  # a full disk: exit 1 (CLI.md), still a Swedish message
        write_kolada(result, path)
    assert path.read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("ame.db")) == ["kolada.json"]


# --- the command ------------------------------------------------------------------------------
def test_cli_export(cli, db, tmp_path):
    build_register(db)
    for name in ("k.xlsx", "k.csv", "k.json"):
        out = tmp_path / name
        r = cli("export", "kolada", "--year", "2025", "--out", str(out))
        assert r.code == 0, r
        assert out.exists()
        assert "2025-01-01–2025-12-31" in r.out
    r = cli("export", "kolada", "--year", "2025", "--through-month", "6", "--municipality", "0860",
            "--out", str(tmp_path / "h1.json"))
    assert r.code == 0, r
    data = json.loads((tmp_path / "h1.json").read_text(encoding="utf-8"))
    assert {v["municipality"] for v in data["values"]} == {"0860"}
    assert data["metadata"]["period_end"] == "2025-06-30"


@pytest.mark.parametrize("args,text", [
    (["--through-month", "13"], "mellan 1 och 12"),
    (["--municipality", "9999"], "Okänd kommunkod"),
    (["--year", "2019"], "År före 2024 kan inte exporteras"),
    (["--year", "2023"], "År före 2024 kan inte exporteras"),
    (["--year", "20250"], "inget rimligt år"),
])
def test_cli_bad_requests(cli, db, tmp_path, args, text):
    build_register(db)
    folder = tmp_path / "ut"
    folder.mkdir()
    out = folder / "k.xlsx"
    argv = ["export", "kolada", *(["--year", "2025"] if "--year" not in args else []), *args, "--out", str(out)]
    r = cli(*argv)
    assert r.code == 2, r
    assert text in r.err
    assert list(folder.iterdir()) == []


def test_cli_bad_extension_writes_nothing(cli, db, tmp_path):
    build_register(db)
    folder = tmp_path / "ut"
    folder.mkdir()
    r = cli("export", "kolada", "--year", "2025", "--out", str(folder / "k.txt"))
    assert r.code == 2 and "Filändelsen" in r.err
    assert list(folder.iterdir()) == []


# --- LibreOffice reads the same numbers (only where it is installed) ----------------------------
OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_same_numbers(result, tmp_path):
    path = write_kolada(result, tmp_path / "kolada.xlsx")
    out = tmp_path / "lo"
    env = os.environ | {"HOME": str(tmp_path)}  # LibreOffice's profile goes to the test folder
    subprocess.run([OFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180, env=env)
    text = (out / "kolada.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))  # `,` and UTF-8 as asked; decimal point; the first sheet
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(result.rows)
    for got, want in zip(rows[1:], result.rows):
        assert got[0:4] == [want.kpi, want.municipality, str(want.period), want.gender]
        assert (float(got[4]) if got[4] else None) == want.value, (want.kpi, want.gender)
        assert (int(got[5]) if got[5] else None) == want.numerator
        assert (int(got[6]) if got[6] else None) == want.denominator
        assert got[7] == want.status
