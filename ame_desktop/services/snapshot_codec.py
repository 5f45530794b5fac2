"""A lossless JSON form of the report's dataclasses (MonthlyReport, PersonMonth, DayEntry,
PeriodInfo …), so a delivered report can be stored exactly and rendered again from the store.

Encoding: dataclasses as {"__dc__": name, "f": {field: value}}, dates {"__d__": iso}, tuples
{"__t__": [...]}, dicts with non-string keys {"__m__": [[k, v], ...]}. Decoding looks the
class name up in the given modules; fields the class no longer has are dropped, new ones take
their defaults (a snapshot outlives the code that wrote it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime


def encode(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__dc__": type(value).__name__,
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, datetime):
        return {"__dt__": value.isoformat()}
    if isinstance(value, date):
        return {"__d__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__t__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__s__": {k: encode(v) for k, v in value.items()}}
        return {"__m__": [[encode(k), encode(v)] for k, v in value.items()]}
    return value


def decode(value, classes: dict[str, type]):
    if isinstance(value, list):
        return [decode(v, classes) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dc__" in value:
        cls = classes[value["__dc__"]]
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        return cls(**{k: decode(v, classes) for k, v in value["f"].items() if k in names})
    if "__d__" in value:
        return date.fromisoformat(value["__d__"])
    if "__dt__" in value:
        return datetime.fromisoformat(value["__dt__"])
    if "__t__" in value:
        return tuple(decode(v, classes) for v in value["__t__"])
    if "__m__" in value:
        return {decode(k, classes): decode(v, classes) for k, v in value["__m__"]}
    if "__s__" in value:
        return {k: decode(v, classes) for k, v in value["__s__"].items()}
    return {k: decode(v, classes) for k, v in value.items()}


def report_classes() -> dict[str, type]:
    from ame_desktop.services import activity_report as ar

    return {name: obj for name, obj in vars(ar).items() if isinstance(obj, type) and dataclasses.is_dataclass(obj)}


def dump(data) -> str:
    """Canonical JSON (sorted keys, no spaces): what the content hash covers."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()
