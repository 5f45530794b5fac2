"""The Kolada client, the cache and the comparison with peers.

Every network test talks to a small HTTP server on 127.0.0.1 that replays answers in Kolada API
v3's shape; no test touches the internet.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.errors import StoreError, UserError
from ame_desktop.domain.models import KoladaGroup, KoladaValue
from ame_desktop.services import kolada_client as kc
from ame_desktop.services import kolada_compare as cmp
from tests.test_kolada import TODAY, build_register

SAMPLE = Path(__file__).parent / "fixtures" / "kolada_sample.json"


# --- a local Kolada -------------------------------------------------------------------------
@dataclass
class Reply:
    body: object = None  # dict/list → JSON; bytes/str as they are
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class FakeKolada:
    """Records every request (path with query, and when it came); `answer(path, query)` replies."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.times: list[float] = []
        self.answer = lambda path, query: Reply({"count": 0, "values": [], "next_url": None})
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                fake.requests.append(self.path)
                fake.times.append(time.monotonic())
                parts = urllib.parse.urlsplit(self.path)
                reply = fake.answer(parts.path, urllib.parse.parse_qs(parts.query))
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body
                if not isinstance(body, (bytes, str)):
                    body = json.dumps(body, ensure_ascii=False)
                data = body.encode() if isinstance(body, str) else body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v3"

    def paths(self) -> list[str]:
        return [urllib.parse.unquote(urllib.parse.urlsplit(r).path) for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def kolada():
    fake = FakeKolada()
    yield fake
    fake.close()


def client(fake: FakeKolada, **kw) -> kc.KoladaClient:
    kw.setdefault("timeout", 5)
    kw.setdefault("backoff", 0.01)
    return kc.KoladaClient(fake.url, **kw)


def item(kpi: str, muni: str, year: int, t: float | None, k: float | None = None, m: float | None = None) -> dict:
    values = [{"gender": "T", "count": 1 if t is not None else 0, "status": "" if t is not None else "Missing",
               "value": t, "isdeleted": False}]
    if k is not None:
        values.append({"gender": "K", "count": 1, "status": "", "value": k, "isdeleted": False})
    if m is not None:
        values.append({"gender": "M", "count": 1, "status": "", "value": m, "isdeleted": False})
    return {"kpi": kpi, "municipality": muni, "period": year, "values": values}


def page(items: list, next_url: str | None = None) -> dict:
    return {"count": len(items), "values": items, "next_url": next_url}


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Nothing but KPI ids, municipality codes, years, group ids and a municipality's name go out.
SAFE_PATH = re.compile(r"^/v3/(data/kpi/[A-Z0-9,]+/municipality/[0-9,]+/year/[0-9,]+"
                       r"|municipality_groups(/[A-Za-z0-9_-]+)?|kpi/[A-Z0-9,]+)$")


def assert_safe(fake: FakeKolada) -> None:
    for r in fake.requests:
        parts = urllib.parse.urlsplit(r)
        assert SAFE_PATH.match(urllib.parse.unquote(parts.path)), r
        assert set(urllib.parse.parse_qs(parts.query)) <= {"title", "page"}, r


# --- paging, retries, errors ------------------------------------------------------------------
def test_paging_follows_next_url(kolada):
    def answer(path, query):
        n = int(query.get("page", ["1"])[0])
        if n == 1:  # absolute next_url, as Kolada sends it
            host = kolada.url.removesuffix("/v3")
            return Reply(page([item("U40455", "0428", 2024, 33.3)], f"{host}{path}?page=2"))
        if n == 2:  # a relative one is resolved against the current address
            return Reply(page([item("U40455", "0481", 2024, 42.2)], f"{path}?page=3"))
        return Reply(page([item("U40455", "0000", 2024, 40.6)]))

    kolada.answer = answer
    values = client(kolada).data(["U40455"], ["0428", "0481", "0000"], [2024])
    assert [(v.municipality, v.value) for v in values] == [("0428", 33.3), ("0481", 42.2), ("0000", 40.6)]
    assert len(kolada.requests) == 3
    assert kolada.paths() == ["/v3/data/kpi/U40455/municipality/0428,0481,0000/year/2024"] * 3
    assert_safe(kolada)


def test_next_url_to_another_host_is_refused(kolada):
    kolada.answer = lambda path, query: Reply(page([item("U40455", "0428", 2024, 1.0)],
                                                   "http://example.org/v3/data?page=2"))
    with pytest.raises(kc.KoladaError) as err:
        client(kolada).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "malformed" and "annan server" in err.value.message
    assert len(kolada.requests) == 1


def test_429_is_retried_after_retry_after(kolada):
    replies = [Reply({"error": "too many"}, 429, {"Retry-After": "0.3"}),
               Reply(page([item("U40455", "0428", 2024, 33.3)]))]
    kolada.answer = lambda path, query: replies.pop(0)
    waits: list[float] = []

    def sleep(seconds):
        waits.append(seconds)
        time.sleep(seconds)

    start = time.monotonic()
    values = client(kolada, backoff=5.0, sleep=sleep).data(["U40455"], ["0428"], [2024])
    assert [v.value for v in values] == [33.3]
    assert len(kolada.requests) == 2  # the retry happened
    # Retry-After (0.3 s) was honoured, not the (much longer) exponential backoff.
    assert sum(waits) == pytest.approx(0.3)
    assert kolada.times[1] - kolada.times[0] >= 0.29
    assert time.monotonic() - start < 3


def test_429_without_retry_after_backs_off_and_gives_up(kolada):
    kolada.answer = lambda path, query: Reply({"error": "too many"}, 429)
    waits: list[float] = []
    c = client(kolada, backoff=0.02, max_retries=2, sleep=lambda s: waits.append(s))
    with pytest.raises(kc.KoladaError) as err:
        c.data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "rate_limited"
    assert "tar inte emot fler frågor" in err.value.message
    assert len(kolada.requests) == 3  # the first try and two retries
    assert sum(waits) == pytest.approx(0.02 + 0.04)  # backoff · 2^attempt


def test_a_retry_after_longer_than_max_wait_is_not_waited_out(kolada):
    kolada.answer = lambda path, query: Reply({}, 429, {"Retry-After": "3600"})
    start = time.monotonic()
    with pytest.raises(kc.KoladaError) as err:
        client(kolada, max_wait=5).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "rate_limited"
    assert len(kolada.requests) == 1 and time.monotonic() - start < 2


@pytest.mark.parametrize("body,detail", [
    (b"<html><body>Underhall</body></html>", "inte JSON"),
    ({"count": 1, "values": [{"kpi": "U40455", "municipality": "0428", "period": 2024,
                              "values": [{"gender": "T", "value": "mycket"}]}]}, "inget tal"),
    ({"count": 1, "rows": []}, "values"),
])
def test_malformed_body_gives_a_clear_error(kolada, body, detail):
    kolada.answer = lambda path, query: Reply(body)
    with pytest.raises(kc.KoladaError) as err:
        client(kolada).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "malformed"
    assert err.value.message.startswith("Kolada svarade med något som inte gick att läsa")
    assert detail in err.value.message and "Inget sparades" in err.value.message
    assert isinstance(err.value, StoreError)  # exit status 1, like an unreachable database


def test_timeout(kolada):
    kolada.answer = lambda path, query: Reply(page([]), delay=1.5)
    start = time.monotonic()
    with pytest.raises(kc.KoladaError) as err:
        client(kolada, timeout=0.2).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "timeout"
    assert "svarade inte inom 0.2 sekunder" in err.value.message
    assert time.monotonic() - start < 1.2  # not retried


def test_other_http_errors_are_not_retried(kolada):
    kolada.answer = lambda path, query: Reply({"error": "not found"}, 404)
    with pytest.raises(kc.KoladaError) as err:
        client(kolada).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "http" and "HTTP 404" in err.value.message
    assert len(kolada.requests) == 1


def test_offline(kolada):
    port = unused_port()
    with pytest.raises(kc.KoladaError) as err:
        kc.KoladaClient(f"http://127.0.0.1:{port}/v3", timeout=2).data(["U40455"], ["0428"], [2024])
    assert err.value.kind == "offline"
    assert err.value.message == kc.OFFLINE_MESSAGE.format(host=f"127.0.0.1:{port}")
    assert err.value.message.startswith("Kan inte nå Kolada")


def test_batches_of_at_most_25_ids(kolada):
    kpis = [f"N{41000 + i}" for i in range(30)]
    client(kolada).data(kpis, ["0428", "0000"], [2023, 2024])
    paths = kolada.paths()
    assert paths == [f"/v3/data/kpi/{','.join(kpis[:25])}/municipality/0428,0000/year/2023,2024",
                     f"/v3/data/kpi/{','.join(kpis[25:])}/municipality/0428,0000/year/2023,2024"]
    kolada.requests.clear()
    munis = [f"{i:04d}" for i in range(100, 127)]  # 27 codes → 25 + 2
    client(kolada).data(kpis, munis, [2024])
    parts = [p.split("/") for p in kolada.paths()]
    assert len(parts) == 4
    assert sorted((len(p[4].split(",")), len(p[6].split(","))) for p in parts) == [(5, 2), (5, 25), (25, 2), (25, 25)]
    assert_safe(kolada)


def test_arguments_are_checked_before_anything_goes_out(kolada):
    c = client(kolada)
    for bad in (["19640823-3234"], ["Anna Andersson"], ["U40455/../x"]):
        with pytest.raises(UserError):
            c.data(bad, ["0428"], [2024])
    with pytest.raises(UserError):
        c.data(["U40455"], ["640823"], [2024])
    with pytest.raises(UserError):
        c.data(["U40455"], ["0428"], [1850])
    assert kolada.requests == []


def test_base_url_from_the_environment(monkeypatch, kolada):
    monkeypatch.setenv(kc.URL_ENV, kolada.url)
    assert kc.KoladaClient().base_url == kolada.url
    monkeypatch.delenv(kc.URL_ENV)
    assert kc.KoladaClient().base_url == "https://api.kolada.se/v3"
    with pytest.raises(UserError):
        kc.KoladaClient("ftp://api.kolada.se")


def test_kpi_metadata_and_groups(kolada):
    def answer(path, query):
        if path.startswith("/v3/kpi/"):
            return Reply(page([{"id": "U40455", "title": "Resultat vid avslut … arbeta eller studera, andel (%)",
                                "is_divided_by_gender": True}]))
        if path == "/v3/municipality_groups":
            assert query == {"title": ["Hultsfred"]}
            return Reply(page([
                {"id": "G1", "title": "Liknande kommuner ekonomi, Hultsfred", "members": []},
                {"id": "G216170", "title": "Liknande kommuner arbetsmarknad, Hultsfred",
                 "members": [{"member_id": "0428", "member_title": "Vingåker"},
                             {"member_id": "0481", "member_title": "Oxelösund"}]},
                {"id": "G9", "title": "Liknande kommuner arbetsmarknad, Hultsfredsbygden", "members": []},
            ]))
        if path == "/v3/municipality_groups/G216170":  # the older member shape
            return Reply(page([{"id": "G216170", "title": "Liknande kommuner arbetsmarknad, Hultsfred",
                                "members": [{"id": "0428", "title": "Vingåker"}]}]))
        return Reply({}, 404)

    kolada.answer = answer
    c = client(kolada)
    assert c.kpi_metadata(["U40455"])[0]["id"] == "U40455"
    group = c.similar_group("Hultsfred")
    assert group.id == "G216170" and group.codes == ["0428", "0481"]
    assert c.municipality_group("G216170").members == (("0428", "Vingåker"),)
    assert_safe(kolada)


def test_similar_group_title_matching():
    assert kc.similar_group_matches("Liknande kommuner arbetsmarknad, Hultsfred", "Hultsfred")
    assert kc.similar_group_matches("Liknande kommuner arbetsmarknad, Hultsfred 2024", "hultsfred")
    assert not kc.similar_group_matches("Liknande kommuner arbetsmarknad, Ale", "Alingsås")
    assert not kc.similar_group_matches("Liknande kommuner grundskola, Hultsfred", "Hultsfred")
    groups = [kc.Group("G1", "Liknande kommuner arbetsmarknad, Hultsfred 2022", ()),
              kc.Group("G2", "Liknande kommuner arbetsmarknad, Hultsfred 2024", ()),
              kc.Group("G3", "Liknande kommuner arbetsmarknad, Hylte", ())]
    assert kc.pick_similar_group(groups, "Hultsfred").id == "G2"


# --- the cache ------------------------------------------------------------------------------
def cached(db) -> dict[tuple, tuple]:
    with db.reading() as s:
        return {(r.kpi, r.municipality, r.period, r.gender): (r.value, r.count, r.status, r.fetched_at)
                for r in s.scalars(sa.select(KoladaValue))}


def test_fetch_fills_the_cache_and_upserts(db, kolada, monkeypatch):
    answers = {"first": page([item("U40455", "0428", 2024, 33.3, 35.0, 31.0), item("U40455", "0000", 2024, 40.6)])}
    kolada.answer = lambda path, query: Reply(answers["first"])
    summary = kc.fetch_to_cache(db, client(kolada), ["U40455"], ["0428", "0000"], [2024])
    assert summary.values == 4
    rows = cached(db)
    assert set(rows) == {("U40455", "0428", 2024, "T"), ("U40455", "0428", 2024, "K"),
                         ("U40455", "0428", 2024, "M"), ("U40455", "0000", 2024, "T")}
    assert rows[("U40455", "0428", 2024, "T")][:3] == (33.3, 1, None)
    first_at = rows[("U40455", "0428", 2024, "T")][3]
    assert isinstance(first_at, datetime)

    # Kolada revised a value, has none for Riket any more, and deleted the K/M split.
    revised = item("U40455", "0428", 2024, 34.1)
    revised["values"] += [{"gender": "K", "value": None, "isdeleted": True},
                          {"gender": "M", "value": None, "isdeleted": True}]
    answers["first"] = page([revised, item("U40455", "0000", 2024, None)])
    monkeypatch.setattr(kc, "_now", lambda: datetime(2030, 1, 2, 3, 4, 5))  # a later fetch
    summary = kc.fetch_to_cache(db, client(kolada), ["U40455"], ["0428", "0000"], [2024])
    assert (summary.values, summary.deleted) == (2, 2)
    rows = cached(db)
    assert set(rows) == {("U40455", "0428", 2024, "T"), ("U40455", "0000", 2024, "T")}  # no duplicates
    assert rows[("U40455", "0428", 2024, "T")][0] == 34.1
    assert rows[("U40455", "0428", 2024, "T")][3] == datetime(2030, 1, 2, 3, 4, 5) > first_at
    assert rows[("U40455", "0000", 2024, "T")][:3] == (None, 0, "Missing")


def test_fetch_with_the_similar_group(db, kolada):
    def answer(path, query):
        if path == "/v3/municipality_groups":
            return Reply(page([{"id": "G216170", "title": "Liknande kommuner arbetsmarknad, Hultsfred",
                                "members": [{"member_id": "0428", "member_title": "Vingåker"},
                                            {"member_id": "0860", "member_title": "Hultsfred"}]}]))
        return Reply(page([item("U40455", "0428", 2024, 33.3)]))

    kolada.answer = answer
    summary = kc.fetch_to_cache(db, client(kolada), ["U40455"], ["0860", "0000"], [2024], similar_to="0860")
    assert summary.similar_group.id == "G216170"
    assert kolada.paths()[-1] == "/v3/data/kpi/U40455/municipality/0860,0000,0428/year/2024"
    with db.reading() as s:
        assert kc.cached_similar_group(s, "0860").codes == ["0428", "0860"]
        assert cmp.default_peers(s, "0860")[1] == ["0428"]  # the municipality itself is no peer


def test_a_failed_or_cancelled_fetch_stores_nothing(db, kolada):
    replies = [Reply(page([item("U40455", "0428", 2024, 1.0)], f"{kolada.url}/data/x?page=2")), Reply(b"{")]
    kolada.answer = lambda path, query: replies.pop(0)
    with pytest.raises(kc.KoladaError):
        kc.fetch_to_cache(db, client(kolada), ["U40455"], ["0428"], [2024])
    assert cached(db) == {}
    with pytest.raises(kc.FetchCancelled):
        kc.fetch_to_cache(db, client(kolada), ["U40455"], ["0428"], [2024], cancelled=lambda: True)
    assert cached(db) == {}


def test_import_saved_response_file(db, tmp_path):
    with db.transaction() as s:
        summary = kc.import_response_file(s, SAMPLE)
    assert summary.groups[0].id == "G216170" and summary.years == [2023, 2024, 2025]
    assert "0000" in summary.municipalities and summary.kpis == ["U40406", "U40409", "U40455", "U40800"]
    rows = cached(db)
    assert len(rows) == summary.values == 300
    assert rows[("U40800", "0000", 2024, "T")][:3] == (None, 0, "Missing")
    with db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(KoladaGroup)) == 1
    # A single page (not a list) is read too, and reading again updates rather than duplicates.
    one = tmp_path / "one.json"
    one.write_text(json.dumps(page([item("U40455", "0428", 2024, 99.9)])), encoding="utf-8")
    with db.transaction() as s:
        assert kc.import_response_file(s, one).values == 1
    rows = cached(db)
    assert len(rows) == 300 and rows[("U40455", "0428", 2024, "T")][0] == 99.9


@pytest.mark.parametrize("content,text", [
    ("inte json", "inte JSON"),
    ('{"count": 0, "values": []}', "inga värden"),
    ('[{"values": [{"kpi": "U40455", "municipality": "Hultsfred", "period": 2024, "values": []}]}]',
     "okänd kommunkod"),
    ('{"count": 1, "values": [{"kpi": "U40455", "municipality": "0860", "period": 2025, "values": []}], '
     '"metadata": {"program": "AME Desktop"}}', "enhetens egna siffror"),
])
def test_import_refuses_what_is_not_a_kolada_answer(db, tmp_path, content, text):
    path = tmp_path / "svar.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as err, db.transaction() as s:
        kc.import_response_file(s, path)
    assert text in err.value.message
    assert cached(db) == {}


# --- the comparison -------------------------------------------------------------------------
def test_comparison_combines_own_figures_peers_and_riket(db):
    build_register(db)
    with db.transaction() as s:
        kc.import_response_file(s, SAMPLE)
    with db.reading() as s:
        c = cmp.compare(s, "0860", ["U40455", "U40800"], [2024, 2025], today=TODAY)
    assert c.group.id == "G216170"
    assert c.peers == ["0428", "0481", "0767", "0862", "1315", "1492", "2084"]
    roles = [ln.role for ln in c.lines]
    assert roles == [cmp.OWN, cmp.OWN_KOLADA] + [cmp.PEER] * 7 + [cmp.MEDIAN, cmp.RIKET_ROLE]
    assert [ln.name for ln in c.lines if ln.role == cmp.PEER] == sorted(
        ["Vingåker", "Oxelösund", "Markaryd", "Emmaboda", "Hylte", "Åmål", "Avesta"])
    # Own figures from the register (tests/test_kolada.py: 2025 A + B 2 of 7 exited; 9 participants).
    own = c.line(cmp.OWN).cell("U40455", 2025)
    assert (own.value, own.source, own.cached) == (28.6, "register", True)
    assert "preliminär" in own.note and "2 av 7" in own.note
    assert c.value(cmp.OWN, "U40800", 2025) == 9
    # Published values from the cache; the own municipality's published 2025 is not in the file.
    sample = {(i["kpi"], i["municipality"], i["period"]): i["values"][0]["value"]
              for i in json.loads(SAMPLE.read_text(encoding="utf-8"))[1]["values"]}
    assert c.value(cmp.PEER, "U40455", 2024, "0428") == sample[("U40455", "0428", 2024)]
    assert c.value(cmp.RIKET_ROLE, "U40455", 2025) == sample[("U40455", "0000", 2025)]
    assert c.value(cmp.OWN_KOLADA, "U40455", 2024) == sample[("U40455", "0860", 2024)]
    assert not c.line(cmp.OWN_KOLADA).cell("U40455", 2025).cached
    assert not c.line(cmp.PEER, "1492").cell("U40455", 2025).cached  # Åmål: nothing for 2025
    riket = c.line(cmp.RIKET_ROLE).cell("U40800", 2024)
    assert riket.cached and riket.value is None and riket.status == "Missing"
    peers_2024 = sorted(sample[("U40455", p, 2024)] for p in c.peers)
    assert c.value(cmp.MEDIAN, "U40455", 2024) == peers_2024[3]
    assert c.not_fetched == 2  # Åmål 2025, both KPIs
    # The long form for the export has every line × KPI × year.
    assert len(c.rows()) == len(c.lines) * 2 * 2


def test_comparison_with_own_peers_and_a_year_without_data(db):
    build_register(db)
    with db.reading() as s:
        c = cmp.compare(s, "0860", ["U40455"], [2020, 2025], ["0428", "0860", "0000"], today=TODAY)
        assert c.peers == ["0428"] and c.group is None
        assert "2020" in c.own_notes[2020] and c.value(cmp.OWN, "U40455", 2020) is None
        assert [ln.role for ln in c.lines] == [cmp.OWN, cmp.PEER, cmp.MEDIAN, cmp.RIKET_ROLE]
        with pytest.raises(UserError):
            cmp.compare(s, "0860", ["U40455"], [2025], ["9999"], today=TODAY)
        with pytest.raises(UserError):
            cmp.compare(s, "0000", ["U40455"], [2025], today=TODAY)


def test_comparison_export(db, tmp_path):
    from openpyxl import load_workbook

    from ame_desktop.io.compare_export import write_comparison

    build_register(db)
    with db.transaction() as s:
        kc.import_response_file(s, SAMPLE)
    with db.reading() as s:
        c = cmp.compare(s, "0860", ["U40455", "U40800"], [2024, 2025], today=TODAY)
    out = write_comparison(c, tmp_path / "jamforelse.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Jämförelse", "Data", "Om filen"]
    ws = wb["Jämförelse"]
    assert ws["A6"].value == "Hultsfred – egna siffror (prel.)" and ws["C6"].value == 28.6
    assert ws["B4"].value.startswith("U40455") and ws["B5"].value == 2024
    assert ws.cell(row=6 + len(c.lines) - 1, column=1).value == "Riket"
    data = wb["Data"]
    assert [cell.value for cell in data[1]][:6] == ["kpi", "nyckeltal", "kommunkod", "kommun", "rad", "år"]
    assert data.max_row == 1 + len(c.rows())
    assert "inga personuppgifter" in " ".join(str(cell.value) for row in wb["Om filen"].iter_rows() for cell in row)
    with pytest.raises(UserError):
        write_comparison(c, tmp_path / "jamforelse.csv")


# --- the command line -----------------------------------------------------------------------
def test_cli_kolada_fetch(cli, db_url, kolada, monkeypatch):
    monkeypatch.setenv(kc.URL_ENV, kolada.url)
    kolada.answer = lambda path, query: Reply(page([item("U40455", "0860", 2024, 34.0),
                                                    item("U40406", "0000", 2025, 30.5)]))
    r = cli("kolada-fetch", "--kpi", "U40455,U40406", "--municipality", "860,0000", "--year", "2024,2025")
    assert r.code == 0, r
    assert "2 värden från Kolada sparades" in r.out
    assert kolada.paths() == ["/v3/data/kpi/U40455,U40406/municipality/0860,0000/year/2024,2025"]
    from ame_desktop.store.schema import open_register

    db = open_register(db_url)
    try:
        assert set(cached(db)) == {("U40455", "0860", 2024, "T"), ("U40406", "0000", 2025, "T")}
    finally:
        db.dispose()


def test_cli_kolada_fetch_bad_arguments_and_offline(cli, monkeypatch):
    r = cli("kolada-fetch", "--kpi", "19640823-3234", "--municipality", "0860", "--year", "2024")
    assert r.code == 2 and "inget nyckeltals-id" in r.err
    r = cli("kolada-fetch", "--kpi", "U40455", "--municipality", "9999", "--year", "2024")
    assert r.code == 2 and "finns inte i Koladas lista" in r.err
    r = cli("kolada-fetch", "--kpi", "U40455", "--municipality", "0860", "--year", "förra året")
    assert r.code == 2 and "inget år" in r.err
    r = cli("kolada-fetch", "--kpi", "U40455")
    assert r.code == 2 and "--year" in r.err and "--municipality" in r.err
    monkeypatch.setenv(kc.URL_ENV, f"http://127.0.0.1:{unused_port()}/v3")
    r = cli("kolada-fetch", "--kpi", "U40455", "--municipality", "0860", "--year", "2024")
    assert r.code == 1 and "Kan inte nå Kolada" in r.err


def test_cli_kolada_fetch_from_file(cli, db_url, tmp_path):
    r = cli("kolada-fetch", "--from-file", str(SAMPLE))
    assert r.code == 0, r
    assert "300 värden lästes in från kolada_sample.json" in r.out and "G216170" in r.out
    bad = tmp_path / "trasig.json"
    bad.write_text("[", encoding="utf-8")
    r = cli("kolada-fetch", "--from-file", str(bad))
    assert r.code == 2 and "inget sparat svar från Kolada" in r.err
    r = cli("kolada-fetch", "--from-file", str(tmp_path / "finns-inte.json"))
    assert r.code == 2 and "finns inte" in r.err


def test_no_fetch_on_start(db, kolada, monkeypatch):
    """Opening the comparison (service or window) never goes to the network by itself."""
    monkeypatch.setenv(kc.URL_ENV, kolada.url)
    build_register(db)
    with db.reading() as s:
        cmp.compare(s, "0860", today=date(2026, 11, 22))
    assert kolada.requests == []
