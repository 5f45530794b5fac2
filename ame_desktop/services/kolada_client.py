"""Kolada's public API v3: published KPI values and municipality groups, cached in the register.

Only what the user asks for goes out, and only KPI ids, municipality codes, years, group ids and
(to find a municipality's peer group) a municipality's name: every one is checked against a
strict pattern before it is put into a URL, so nothing from the register about people can reach
Kolada. Nothing is fetched on start; the window and `ame-desktop kolada-fetch` fetch on request.

The API (https://api.kolada.se/v3):
- `/kpi/{ids}` – KPI metadata;
- `/municipality_groups?title=…` and `/municipality_groups/{id}` – groups, members as
  `{"member_id", "member_title"}` (older shape: `{"id", "title"}`; both are read);
- `/data/kpi/{ids}/municipality/{ids}/year/{years}` – values as
  `{kpi, municipality, period, values: [{gender, count, status, value, isdeleted}]}`.
Every answer is `{"count": N, "values": [...], "next_url": …}`; `next_url` is followed until it
is empty (only on the same host as the base URL).

Decisions where the issue was silent (also in the README):
- Errors: `KoladaError(StoreError)` – like a database that cannot be reached, Kolada being
  unreachable is nothing the user typed wrong, so the CLI exits 1 and the window shows it as an
  error; `kind` says which (offline, timeout, malformed, http, rate_limited). Wrong arguments and
  unreadable saved files are `UserError` (exit 2). A cancelled fetch is `FetchCancelled`.
- 429 and 502/503/504 are retried (at most `max_retries` times) after Retry-After (seconds,
  decimals accepted, or an HTTP date) or else `backoff · 2^attempt`; a Retry-After longer than
  `max_wait` is not waited out: the user is told to try later. Timeouts are not retried (the
  user would wait minutes for nothing); the user can press the button again.
- A fetch stores nothing until every request has succeeded (one transaction afterwards, so no
  network wait ever holds the database), and a cancelled fetch stores nothing.
- A value Kolada marks `isdeleted` is removed from the cache; a value with `value: null`
  (status e.g. "Missing") is kept, so "Kolada has no value" differs from "not fetched".
- A saved response file may hold one page or a list of pages, of data or of groups (both shapes
  above). Its values are stamped with the file's modification time, the best guess of when it
  was fetched. Our own Kolada export (.json, same shape) is refused: it holds the unit's own
  figures, and caching them as published values would pass them off as Kolada's.
- The own "Liknande kommuner arbetsmarknad" group is found by its title: it starts with
  "Liknande kommuner arbetsmarknad" and one of its comma-separated parts is the municipality's
  name (Kolada titles them "Liknande kommuner arbetsmarknad, Hultsfred"). Kolada is asked for
  groups whose title contains the name; among several matches, the one with the latest year in
  its title (then the highest id) wins. Its members are the peers (the municipality itself is
  left out if listed).
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop import __version__
from ame_desktop.domain.errors import StoreError, UserError
from ame_desktop.domain.models import KoladaGroup, KoladaValue, Municipality
from ame_desktop.services import authz

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
URL_ENV = "AME_KOLADA_URL"
MAX_IDS = 25  # ids per path part; Kolada refuses very long lists
RETRY_STATUSES = (429, 502, 503, 504)
MAX_PAGES = 1000  # a next_url loop must end somewhere
RIKET = "0000"
SIMILAR_PREFIX = "Liknande kommuner arbetsmarknad"

OFFLINE_MESSAGE = ("Kan inte nå Kolada ({host}). Datorn verkar sakna internetanslutning, eller så stoppas "
                   "anslutningen av en brandvägg eller proxy. Jämförelsen visar det som redan är hämtat; på en "
                   "dator utan internet kan du läsa in ett sparat svar från Kolada (en .json-fil).")
TIMEOUT_MESSAGE = ("Kolada ({host}) svarade inte inom {seconds:g} sekunder. Försök igen om en stund; inget "
                   "sparades.")
MALFORMED_MESSAGE = ("Kolada svarade med något som inte gick att läsa ({detail}). Försök igen senare; om felet "
                     "består kan Koladas API ha ändrats. Inget sparades.")
RATE_MESSAGE = ("Kolada tar inte emot fler frågor just nu (HTTP {status}) och bad oss vänta. Försök igen om "
                "en stund; inget sparades.")
HTTP_MESSAGE = "Kolada svarade med fel (HTTP {status}) på frågan {path}. Inget sparades."

Progress = Callable[[str, float], None]
Cancelled = Callable[[], bool]

_KPI = re.compile(r"^[A-Z]\d{5}$")
_CODE = re.compile(r"^\d{4}$")
_GROUP = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
_NAME = re.compile(r"^[\w .'-]{1,60}$")  # a municipality's name, e.g. "Upplands Väsby", "Malung-Sälen"
GENDERS = ("T", "K", "M")


class KoladaError(StoreError):
    """Kolada cannot be used right now (offline, timeout, an unreadable answer, HTTP error)."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


class FetchCancelled(UserError):
    """The user cancelled the fetch; nothing was stored."""


class _Malformed(ValueError):
    """An answer (or a saved file) that is not in Kolada's v3 shape; the text says where."""


# --- what is cached ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PublishedValue:
    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    count: int | None
    status: str | None
    deleted: bool = False


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    members: tuple[tuple[str, str], ...]  # (code, name)
    fetched_at: datetime | None = None

    @property
    def codes(self) -> list[str]:
        return [c for c, _ in self.members]


@dataclass
class FetchSummary:
    values: int = 0  # values stored (inserted or updated)
    deleted: int = 0
    groups: list[Group] = field(default_factory=list)
    requests: int = 0
    similar_group: Group | None = None
    note: str = ""  # e.g. that no peer group was found

    def text(self) -> str:
        parts = [f"{self.values} värden från Kolada sparades"]
        if self.deleted:
            parts.append(f"{self.deleted} borttagna i Kolada togs bort")
        if self.groups:
            parts.append("grupp " + ", ".join(f"{g.title} ({g.id})" for g in self.groups))
        text = "; ".join(parts) + "."
        return f"{text} {self.note}".strip()


# --- checking what goes out ---------------------------------------------------------------------
def _split(items: str | Iterable[object]) -> list[str]:
    raw = items.split(",") if isinstance(items, str) else [str(i) for i in items]
    return [x.strip() for x in raw if x.strip()]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def clean_kpis(items: str | Iterable[object]) -> list[str]:
    out = [x.upper() for x in _split(items)]
    bad = [x for x in out if not _KPI.match(x)]
    if bad:
        raise UserError(f"”{bad[0]}” är inget nyckeltals-id i Kolada. Ett id är en bokstav och fem siffror, "
                        "t.ex. U40455.")
    if not out:
        raise UserError("Ange minst ett nyckeltal, t.ex. U40455.")
    return _unique(out)


def clean_codes(items: str | Iterable[object], s: Session | None = None) -> list[str]:
    """Four-digit codes (a shorter number gets its leading zeros); with a session, each must be a
    municipality, region or Riket (0000) in the reference table."""
    out = []
    for x in _split(items):
        code = x.zfill(4) if x.isdigit() and len(x) < 4 else x
        if not _CODE.match(code):
            raise UserError(f"”{x}” är ingen kommunkod. En kod har fyra siffror, t.ex. 0860 för Hultsfred "
                            "(0000 är riket).")
        out.append(code)
    if s is not None and out:
        known = {c for (c,) in s.execute(sa.select(Municipality.code).where(Municipality.code.in_(out)))}
        unknown = [c for c in out if c not in known]
        if unknown:
            raise UserError(f"Kommunkoden {unknown[0]} finns inte i Koladas lista över kommuner och regioner.")
    if not out:
        raise UserError("Ange minst en kommunkod, t.ex. 0860.")
    return _unique(out)


def clean_years(items: str | Iterable[object], today: date | None = None) -> list[int]:
    this_year = (today or date.today()).year
    out = []
    for x in _split(items):
        if not x.isdigit() or not 1990 <= int(x) <= this_year:
            raise UserError(f"”{x}” är inget år att hämta; ange år mellan 1990 och {this_year}, "
                            "t.ex. 2024,2025.")
        out.append(int(x))
    if not out:
        raise UserError("Ange minst ett år, t.ex. 2025.")
    return sorted(set(out))


def clean_group_id(group_id: str) -> str:
    g = str(group_id).strip()
    if not _GROUP.match(g):
        raise UserError(f"”{group_id}” är inget grupp-id i Kolada (t.ex. G216170).")
    return g


def _chunks(items: list, size: int = MAX_IDS) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- reading Kolada's shapes ----------------------------------------------------------------------
def _values_list(page: object) -> list:
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise _Malformed("väntade ett objekt med listan ”values”")
    return page["values"]


def _number(v: object, what: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        if isinstance(v, str):
            try:
                v = float(v.replace(",", "."))
            except ValueError:
                raise _Malformed(f"{what} är inget tal: {v[:20]!r}") from None
        else:
            raise _Malformed(f"{what} är inget tal")
    if v != v or v in (float("inf"), float("-inf")):
        raise _Malformed(f"{what} är inget ändligt tal")
    return float(v)


def _data_item(item: object) -> list[PublishedValue]:
    if not isinstance(item, dict):
        raise _Malformed("ett värde är inget objekt")
    kpi, muni, period = item.get("kpi"), item.get("municipality"), item.get("period")
    if not isinstance(kpi, str) or not _KPI.match(kpi):
        raise _Malformed(f"okänt nyckeltals-id {str(kpi)[:20]!r}")
    if not isinstance(muni, str) or not _CODE.match(muni):
        raise _Malformed(f"okänd kommunkod {str(muni)[:20]!r}")
    if isinstance(period, str) and period.isdigit():
        period = int(period)
    if isinstance(period, bool) or not isinstance(period, int) or not 1900 <= period <= 2200:
        raise _Malformed(f"okänt år {str(period)[:20]!r}")
    out = []
    genders = item.get("values")
    if not isinstance(genders, list):
        raise _Malformed(f"{kpi} {muni} {period} saknar listan ”values”")
    for g in genders:
        if not isinstance(g, dict) or g.get("gender") not in GENDERS:
            raise _Malformed(f"{kpi} {muni} {period}: okänt kön")
        value = _number(g.get("value"), f"värdet för {kpi} {muni} {period}")
        count = g.get("count")
        count = int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else None
        status = g.get("status")
        status = str(status)[:40] if status not in (None, "") else None
        out.append(PublishedValue(kpi, muni, period, g["gender"], value, count, status, bool(g.get("isdeleted"))))
    return out


def _group_item(item: object) -> Group:
    if not isinstance(item, dict) or not isinstance(item.get("members"), list):
        raise _Malformed("en grupp saknar listan ”members”")
    gid, title = str(item.get("id", "")).strip(), str(item.get("title", "")).strip()
    if not _GROUP.match(gid) or not title:
        raise _Malformed(f"grupp med okänt id {gid[:20]!r}")
    members = []
    for m in item["members"]:
        if not isinstance(m, dict):
            raise _Malformed(f"gruppen {gid} har en medlem som inte är ett objekt")
        code = str(m.get("member_id", m.get("id", ""))).strip()
        name = str(m.get("member_title", m.get("title", code))).strip()
        if not _CODE.match(code):
            raise _Malformed(f"gruppen {gid} har en medlem med okänd kod {code[:20]!r}")
        members.append((code, name[:100]))
    return Group(gid, title[:300], tuple(members))


def parse_page(page: object) -> tuple[list[PublishedValue], list[Group]]:
    """Values and groups in one v3 page (`{"values": [...]}`), told apart item by item."""
    values: list[PublishedValue] = []
    groups: list[Group] = []
    for item in _values_list(page):
        if isinstance(item, dict) and "members" in item:
            groups.append(_group_item(item))
        else:
            values.extend(_data_item(item))
    return values, groups


def similar_group_matches(title: str, name: str) -> bool:
    """Is this the "Liknande kommuner arbetsmarknad" group of the municipality called `name`?"""
    parts = [p.strip().lower() for p in title.split(",")]
    if not parts or not parts[0].startswith(SIMILAR_PREFIX.lower()):
        return False
    name = name.strip().lower()
    # A part may carry a year ("Hultsfred 2024"); compare the words before it.
    return any(re.sub(r"\s+\d{4}$", "", p) == name for p in parts[1:])


def _title_year(title: str) -> int:
    years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", title)
    return max((int(y) for y in years), default=0)


def pick_similar_group(groups: Iterable[Group], name: str) -> Group | None:
    matches = [g for g in groups if similar_group_matches(g.title, name)]
    if not matches:
        return None
    return max(matches, key=lambda g: (_title_year(g.title), g.id))


# --- the client -----------------------------------------------------------------------------
def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds, also with decimals, or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class KoladaClient:
    """A small client for Kolada API v3 on the standard library (no Qt, no extra packages).

    `base_url`: the API root (default AME_KOLADA_URL, else https://api.kolada.se/v3).
    `timeout`: seconds per request. `max_retries`, `backoff`, `max_wait`: see the module text.
    `sleep` is what waits between retries (tests pass a quicker or recording one)."""

    def __init__(self, base_url: str | None = None, *, timeout: float = 20.0, max_retries: int = 4,
                 backoff: float = 1.0, max_wait: float = 60.0, sleep: Callable[[float], None] = time.sleep):
        url = (base_url or os.environ.get(URL_ENV) or DEFAULT_BASE_URL).strip().rstrip("/")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(f"”{url}” är ingen adress till Kolada (den ska börja med https://).")
        self.base_url = url
        self._base = parts
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.requests = 0
        # Proxies from the environment (municipal networks often need one), never for loopback.
        proxies = {} if _is_loopback(parts.hostname) else None
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies))

    @property
    def host(self) -> str:
        return self._base.netloc

    # -- HTTP ------------------------------------------------------------------------------------
    def _url(self, path: str, query: dict | None = None) -> str:
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return url

    def _follow(self, next_url: object, current: str) -> str:
        """next_url, resolved against the current URL; only on Kolada's own host."""
        if not isinstance(next_url, str):
            raise KoladaError(MALFORMED_MESSAGE.format(detail="next_url är ingen adress"), "malformed")
        target = urllib.parse.urlsplit(urllib.parse.urljoin(current, next_url))
        if (target.hostname or "").lower() != (self._base.hostname or "").lower():
            raise KoladaError(MALFORMED_MESSAGE.format(detail="next_url pekar till en annan server"), "malformed")
        # Same host: keep our scheme (an http next_url must not downgrade an https fetch).
        return urllib.parse.urlunsplit(target._replace(scheme=self._base.scheme, netloc=self._base.netloc))

    def _wait(self, seconds: float, cancelled: Cancelled | None) -> None:
        """Wait in short steps so that Avbryt is heard during a long Retry-After."""
        left = seconds
        while True:
            if cancelled is not None and cancelled():
                raise FetchCancelled("Hämtningen från Kolada avbröts; inget sparades.")
            if left <= 0:
                return
            step = min(left, 0.2)
            self.sleep(step)
            left -= step

    def get_json(self, url: str, cancelled: Cancelled | None = None) -> object:
        """One GET with retries on 429/502/503/504; the parsed JSON body."""
        path = urllib.parse.urlsplit(url).path
        attempt = 0
        while True:
            if cancelled is not None and cancelled():
                raise FetchCancelled("Hämtningen från Kolada avbröts; inget sparades.")
            request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                           "User-Agent": f"AME-Desktop/{__version__}"})
            self.requests += 1
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    body = response.read()
            except urllib.error.HTTPError as exc:
                status, header = exc.code, exc.headers.get("Retry-After") if exc.headers else None
                exc.close()
                if status not in RETRY_STATUSES:
                    raise KoladaError(HTTP_MESSAGE.format(status=status, path=path), "http") from None
                asked = _retry_after(header)
                if attempt >= self.max_retries or (asked is not None and asked > self.max_wait):
                    kind = "rate_limited" if status == 429 else "http"
                    text = RATE_MESSAGE if status == 429 else HTTP_MESSAGE
                    raise KoladaError(text.format(status=status, path=path), kind) from None
                wait = asked if asked is not None else min(self.max_wait, self.backoff * 2 ** attempt)
                log.info("Kolada answered %s; retry %d in %.2f s", status, attempt + 1, wait)
                attempt += 1
                self._wait(wait, cancelled)
                continue
            except TimeoutError:
                raise KoladaError(TIMEOUT_MESSAGE.format(host=self.host, seconds=self.timeout), "timeout") from None
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    raise KoladaError(TIMEOUT_MESSAGE.format(host=self.host, seconds=self.timeout),
                                      "timeout") from None
                log.info("Kolada unreachable: %s", type(exc.reason).__name__)
                raise KoladaError(OFFLINE_MESSAGE.format(host=self.host), "offline") from None
            except (OSError, http.client.HTTPException) as exc:
                # The connection broke mid-answer (reset, incomplete read): as good as offline.
                log.info("Kolada connection failed: %s", type(exc).__name__)
                raise KoladaError(OFFLINE_MESSAGE.format(host=self.host), "offline") from None
            try:
                return json.loads(body.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise KoladaError(MALFORMED_MESSAGE.format(detail="inte JSON"), "malformed") from None
            except RecursionError:  # nesting deeper than Python's parser goes; Kolada's is 4 levels
                raise KoladaError(MALFORMED_MESSAGE.format(detail="för djupt nästlad JSON"), "malformed") from None

    def pages(self, url: str, cancelled: Cancelled | None = None) -> Iterator[object]:
        """Every page of one answer, following next_url."""
        seen = set()
        for _ in range(MAX_PAGES):
            seen.add(url)
            page = self.get_json(url, cancelled)
            if not isinstance(page, dict):
                raise KoladaError(MALFORMED_MESSAGE.format(detail="svaret är inget objekt"), "malformed")
            yield page
            nxt = page.get("next_url")
            if not nxt:
                return
            url = self._follow(nxt, url)
            if url in seen:
                raise KoladaError(MALFORMED_MESSAGE.format(detail="next_url leder tillbaka"), "malformed")
        raise KoladaError(MALFORMED_MESSAGE.format(detail=f"fler än {MAX_PAGES} sidor"), "malformed")

    def _parsed(self, url: str, cancelled: Cancelled | None) -> tuple[list[PublishedValue], list[Group]]:
        values: list[PublishedValue] = []
        groups: list[Group] = []
        for page in self.pages(url, cancelled):
            try:
                v, g = parse_page(page)
            except _Malformed as exc:
                raise KoladaError(MALFORMED_MESSAGE.format(detail=str(exc)), "malformed") from None
            values.extend(v)
            groups.extend(g)
        return values, groups

    # -- the API ---------------------------------------------------------------------------------
    def kpi_metadata(self, kpis: Iterable[str], cancelled: Cancelled | None = None) -> list[dict]:
        """Kolada's description of the KPIs: dicts with at least `id` and `title`."""
        out = []
        for batch in _chunks(clean_kpis(kpis)):
            for page in self.pages(self._url("/kpi/" + ",".join(batch)), cancelled):
                try:
                    items = _values_list(page)
                except _Malformed as exc:
                    raise KoladaError(MALFORMED_MESSAGE.format(detail=str(exc)), "malformed") from None
                for item in items:
                    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                        raise KoladaError(MALFORMED_MESSAGE.format(detail="ett nyckeltal saknar id"), "malformed")
                    out.append(item)
        return out

    def municipality_groups(self, title: str | None = None, cancelled: Cancelled | None = None) -> list[Group]:
        """Groups whose title contains `title` (all groups without one)."""
        query = None
        if title is not None:
            if not _NAME.match(title.strip()):
                raise UserError(f"”{title}” går inte att söka efter bland Koladas kommungrupper.")
            query = {"title": title.strip()}
        return self._parsed(self._url("/municipality_groups", query), cancelled)[1]

    def municipality_group(self, group_id: str, cancelled: Cancelled | None = None) -> Group:
        gid = clean_group_id(group_id)
        groups = self._parsed(self._url("/municipality_groups/" + urllib.parse.quote(gid)), cancelled)[1]
        match = [g for g in groups if g.id == gid]
        if not match:
            raise UserError(f"Kolada har ingen kommungrupp med id {gid}.")
        return match[0]

    def similar_group(self, name: str, cancelled: Cancelled | None = None) -> Group | None:
        """The municipality's "Liknande kommuner arbetsmarknad" group (see the module text)."""
        return pick_similar_group(self.municipality_groups(name, cancelled), name)

    def data(self, kpis: Iterable[str], municipalities: Iterable[str], years: Iterable[int], *,
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> list[PublishedValue]:
        """Values for every KPI × municipality × year, at most MAX_IDS ids per path part."""
        kpis = clean_kpis(kpis)
        munis = clean_codes(municipalities)
        years = clean_years(years)
        batches = [(k, m, y) for k in _chunks(kpis) for m in _chunks(munis) for y in _chunks(years)]
        out: list[PublishedValue] = []
        for i, (k, m, y) in enumerate(batches):
            if progress is not None:
                progress(f"Hämtar från Kolada ({i + 1} av {len(batches)})…", i / len(batches))
            path = f"/data/kpi/{','.join(k)}/municipality/{','.join(m)}/year/{','.join(map(str, y))}"
            out.extend(self._parsed(self._url(path), cancelled)[0])
        if progress is not None:
            progress("Hämtat från Kolada.", 1.0)
        return out


# --- the cache ------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def store_values(s: Session, values: Iterable[PublishedValue], fetched_at: datetime | None = None) -> tuple[int, int]:
    """Upsert the values (delete those Kolada marks deleted); returns (stored, deleted).
    Changes the register: a role that may write (services/authz.py)."""
    authz.require_write(s)
    at = fetched_at or _now()
    latest: dict[tuple, PublishedValue] = {}
    for v in values:
        latest[(v.kpi, v.municipality, v.period, v.gender)] = v  # the last answer wins
    if not latest:
        return 0, 0
    t = KoladaValue
    # A superset by each key column, narrowed here (portable, unlike tuple IN).
    q = sa.select(t).where(t.kpi.in_({k[0] for k in latest}), t.municipality.in_({k[1] for k in latest}),
                           t.period.in_({k[2] for k in latest}))
    existing = {key: r for r in s.scalars(q) if (key := (r.kpi, r.municipality, r.period, r.gender)) in latest}
    stored = deleted = 0
    for key, v in latest.items():
        row = existing.get(key)
        if v.deleted:
            if row is not None:
                s.delete(row)
                deleted += 1
            continue
        if row is None:
            s.add(KoladaValue(kpi=v.kpi, municipality=v.municipality, period=v.period, gender=v.gender,
                              value=v.value, count=v.count, status=v.status, fetched_at=at))
        else:
            row.value, row.count, row.status, row.fetched_at = v.value, v.count, v.status, at
        stored += 1
    s.flush()
    return stored, deleted


def store_groups(s: Session, groups: Iterable[Group], fetched_at: datetime | None = None) -> int:
    authz.require_write(s)
    at = fetched_at or _now()
    n = 0
    for g in groups:
        members = json.dumps([{"id": c, "title": name} for c, name in g.members], ensure_ascii=False)
        row = s.get(KoladaGroup, g.id)
        if row is None:
            s.add(KoladaGroup(id=g.id, title=g.title, members=members, fetched_at=at))
        else:
            row.title, row.members, row.fetched_at = g.title, members, at
        n += 1
    s.flush()
    return n


def _group_from_row(row: KoladaGroup) -> Group:
    try:
        members = tuple((str(m["id"]), str(m.get("title", m["id"]))) for m in json.loads(row.members))
    except (ValueError, TypeError, KeyError):
        members = ()
    return Group(row.id, row.title, members, row.fetched_at)


def cached_groups(s: Session) -> list[Group]:
    return [_group_from_row(r) for r in s.scalars(sa.select(KoladaGroup).order_by(KoladaGroup.id))]


def cached_group(s: Session, group_id: str) -> Group | None:
    row = s.get(KoladaGroup, group_id)
    return _group_from_row(row) if row is not None else None


def cached_similar_group(s: Session, municipality: str) -> Group | None:
    """The municipality's "Liknande kommuner arbetsmarknad" group, if it has been fetched."""
    m = s.get(Municipality, municipality)
    if m is None:
        return None
    return pick_similar_group(cached_groups(s), m.name)


def fetch_to_cache(db, client: KoladaClient, kpis: Iterable[str], municipalities: Iterable[str],
                   years: Iterable[int], *, group_ids: Iterable[str] = (), similar_to: str | None = None,
                   progress: Progress | None = None, cancelled: Cancelled | None = None) -> FetchSummary:
    """Fetch groups (by id; and, with `similar_to`, that municipality's peer group) and the values
    of the KPIs for the municipalities plus the groups' members; then store it all at once.

    `db` is a Database: the network work happens outside any transaction. Fills the register's
    cache: a role that may write, checked before anything goes out on the network."""
    with db.reading() as s:
        authz.require_write(s)
    progress = progress or (lambda _t, _f: None)
    summary = FetchSummary()
    munis = list(municipalities)
    groups: list[Group] = []
    for gid in group_ids:
        progress(f"Hämtar kommungruppen {gid}…", 0.0)
        groups.append(client.municipality_group(gid, cancelled))
    if similar_to is not None:
        with db.reading() as s:
            m = s.get(Municipality, similar_to)
            name = m.name if m is not None else None
        if name is not None:
            progress(f"Söker {SIMILAR_PREFIX.lower()} för {name}…", 0.0)
            found = client.similar_group(name, cancelled)
            if found is None:
                summary.note = f"Kolada har ingen grupp ”{SIMILAR_PREFIX}, {name}”."
            else:
                summary.similar_group = found
                groups.append(found)
    for g in groups:
        munis.extend(c for c in g.codes if c != similar_to)
    values = client.data(kpis, _unique(munis), years, progress=progress, cancelled=cancelled) if munis else []
    if cancelled is not None and cancelled():
        raise FetchCancelled("Hämtningen från Kolada avbröts; inget sparades.")
    progress("Sparar i registret…", 1.0)
    at = _now()
    with db.transaction() as s:
        summary.values, summary.deleted = store_values(s, values, at)
        store_groups(s, groups, at)
    summary.groups = groups
    summary.requests = client.requests
    log.info("Kolada fetch: %d requests, %d values, %d groups", client.requests, summary.values, len(groups))
    return summary


@dataclass
class ImportSummary:
    path: Path
    values: int
    deleted: int
    groups: list[Group]
    kpis: list[str]
    municipalities: list[str]
    years: list[int]

    def text(self) -> str:
        text = f"{self.values} värden lästes in från {self.path.name}"
        if self.years:
            text += f" ({len(self.kpis)} nyckeltal, {len(self.municipalities)} kommuner, " \
                    f"{', '.join(map(str, self.years))})"
        if self.groups:
            text += "; grupp " + ", ".join(f"{g.title} ({g.id})" for g in self.groups)
        return text + "."


def import_response_file(s: Session, path: Path | str) -> ImportSummary:
    """Cache a saved Kolada answer: one v3 page or a list of pages, of data and/or groups.
    Changes the register: a role that may write (checked before the file is read)."""
    authz.require_write(s)
    path = Path(path)
    bad = f"Filen {path.name} är inget sparat svar från Kolada"
    try:
        if path.stat().st_size > 200 * 1024 * 1024:
            raise UserError(f"{bad}: den är för stor.")
        text = path.read_bytes().decode("utf-8-sig")
        stamp = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except FileNotFoundError:
        raise UserError(f"Filen {path} finns inte.") from None
    except UnicodeDecodeError:
        raise UserError(f"{bad} (texten är inte UTF-8).") from None
    except OSError as exc:
        raise UserError(f"Filen {path} går inte att läsa: {exc.strerror or exc}.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{bad} (inte JSON: rad {exc.lineno}).") from None
    except RecursionError:  # a hand-made file nested thousands of levels deep; Kolada's are 4 deep
        raise UserError(f"{bad}: JSON-texten är för djupt nästlad.") from None
    pages = doc if isinstance(doc, list) else [doc]
    values: list[PublishedValue] = []
    groups: list[Group] = []
    for i, page in enumerate(pages, start=1):
        if isinstance(page, dict) and isinstance(page.get("metadata"), dict) and \
                page["metadata"].get("program") == "AME Desktop":
            raise UserError(f"Filen {path.name} är en Kolada-export från AME Desktop med enhetens egna siffror, "
                            "inte ett svar från Kolada. Egna siffror beräknas direkt ur registret.")
        try:
            v, g = parse_page(page)
        except _Malformed as exc:
            where = f", sida {i}" if len(pages) > 1 else ""
            raise UserError(f"{bad}{where}: {exc}.") from None
        values.extend(v)
        groups.extend(g)
    if not values and not groups:
        raise UserError(f"{bad}: den innehåller inga värden eller grupper.")
    stored, deleted = store_values(s, values, stamp)
    store_groups(s, groups, stamp)
    kept = [v for v in values if not v.deleted]
    return ImportSummary(path, stored, deleted, groups, sorted({v.kpi for v in kept}),
                         sorted({v.municipality for v in kept}), sorted({v.period for v in kept}))


def cached_values(s: Session, kpis: Iterable[str], municipalities: Iterable[str],
                  years: Iterable[int], gender: str = "T") -> dict[tuple[str, str, int], KoladaValue]:
    """(kpi, municipality, period) → the cached row, for one gender."""
    kpis, munis, years = list(kpis), list(municipalities), list(years)
    if not (kpis and munis and years):
        return {}
    t = KoladaValue
    q = sa.select(t).where(t.kpi.in_(kpis), t.municipality.in_(munis), t.period.in_(years), t.gender == gender)
    return {(r.kpi, r.municipality, r.period): r for r in s.scalars(q)}
