"""Actor knowledge: names, codes and sectors of states, organisations, groups and office holders.

Built from data files loaded by name (`data/actors/*.yaml`) plus pycountry for ISO
names, optionally extended or overridden by a user dictionary (YAML or CSV).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..isodate import iso_date
from ..resources import DATA_DIR, load_yaml

_SPLIT = re.compile(r"\w+|[^\w\s]")


def key_of(text: str) -> tuple[str, ...]:
    """Tokenise a name the way lookups do (words and punctuation, case kept)."""
    return tuple(_SPLIT.findall(text))


@dataclass(frozen=True)
class Entry:
    """What a name refers to."""

    code: str | None
    sector: str | None
    name: str
    kind: str  # state, demonym, metonym, igo, group, person
    office: str | None = None
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class ActorKnowledge:
    """Name lookup with longest match over token sequences, plus office and institution sectors."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], list[Entry]] = {}
        self.max_len = 1
        self.offices: dict[tuple[str, ...], str] = {}
        self.institutions: dict[tuple[str, ...], str] = {}
        self.state_names: dict[str, str] = {}

    # -- building -------------------------------------------------------------
    def add(self, alias: str, entry: Entry, override: bool = False) -> None:
        alias = alias.strip()
        if not alias:
            return
        variants = {alias}
        if alias.lower().startswith("the "):
            variants.add(alias[4:])
        for v in variants:
            for form in {v, v[0].upper() + v[1:]}:
                k = key_of(form)
                if not k:
                    continue
                bucket = self.names.setdefault(k, [])
                if override:
                    bucket[:] = [e for e in bucket if e.kind != entry.kind or e.code == entry.code]
                    bucket.insert(0, entry)
                elif entry not in bucket:
                    bucket.append(entry)
                self.max_len = max(self.max_len, len(k))

    def add_office(self, phrase: str, sector: str, table: dict[tuple[str, ...], str]) -> None:
        table[tuple(w.lower() for w in key_of(phrase))] = sector

    # -- lookup ---------------------------------------------------------------
    def lookup(self, words: list[str], i: int, day: date | None = None) -> tuple[int, Entry] | None:
        """Longest known name starting at word `i`: (length, best entry) or None."""
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            entries = self.names.get(tuple(words[i:i + n]))
            if entries:
                valid = [e for e in entries if e.kind != "person" or e.valid_on(day)]
                if valid:
                    return n, valid[0]
        return None

    def office_at(self, lowers: list[str], i: int, table: dict[tuple[str, ...], str] | None = None) -> tuple[int, str] | None:
        """Longest office (or institution) phrase starting at lower-cased word `i`."""
        table = self.offices if table is None else table
        for n in range(min(6, len(lowers) - i), 0, -1):
            sector = table.get(tuple(lowers[i:i + n]))
            if sector:
                return n, sector
        return None


def _load_builtin(kb: ActorKnowledge) -> None:
    base = DATA_DIR / "actors"
    countries = load_yaml(base / "countries.yaml") or {}
    for code, spec in countries.items():
        name = spec.get("name") or code
        kb.state_names[code] = name
        state = Entry(code, "GOV", name, "state")
        for alias in [name, *(spec.get("aliases") or [])]:
            kb.add(str(alias), state)
        for dem in spec.get("demonyms") or []:
            kb.add(str(dem), Entry(code, None, name, "demonym"))
        for met in spec.get("metonyms") or []:
            kb.add(str(met), Entry(code, "GOV", name, "metonym"))
    _add_pycountry(kb)
    for code, spec in (load_yaml(base / "igos.yaml") or {}).items():
        entry = Entry(str(code), spec.get("sector", "IGO"), spec.get("name", code), "igo")
        for alias in [spec.get("name", code), *(spec.get("aliases") or [])]:
            kb.add(str(alias), entry)
    for _gid, spec in (load_yaml(base / "groups.yaml") or {}).items():
        entry = Entry(spec.get("country"), spec.get("sector"), spec.get("name", _gid), "group")
        for alias in [spec.get("name", _gid), *(spec.get("aliases") or [])]:
            kb.add(str(alias), entry)
    for n, spec in enumerate(load_yaml(base / "leaders.yaml") or []):
        _add_person(kb, spec, f"{base / 'leaders.yaml'}: entry {n + 1}")
    offices = load_yaml(base / "offices.yaml") or {}
    for phrase, sector in (offices.get("offices") or {}).items():
        kb.add_office(str(phrase), str(sector), kb.offices)
    for phrase, sector in (offices.get("institutions") or {}).items():
        kb.add_office(str(phrase), str(sector), kb.institutions)
    for name, (code, sector) in (offices.get("national_bodies") or {}).items():
        kb.add(str(name), Entry(str(code), str(sector), kb.state_names.get(str(code), str(code)), "metonym"))


def _add_pycountry(kb: ActorKnowledge) -> None:
    """ISO 3166 names and official names of every state (pycountry), beside the curated news names."""
    import pycountry

    for c in pycountry.countries:
        name = kb.state_names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
        entry = Entry(c.alpha_3, "GOV", name, "state")
        for alias in {name, c.name, getattr(c, "official_name", name)}:
            kb.add(alias, entry)


def _add_person(kb: ActorKnowledge, spec: dict[str, Any], where: str, override: bool = False) -> None:
    if not isinstance(spec, dict) or not spec.get("name"):
        raise ResourceError(f"{where}: each person needs a 'name'")
    entry = Entry(
        spec.get("code"), spec.get("sector", "GOV"), str(spec["name"]), "person",
        office=spec.get("office"), start=iso_date(spec.get("start"), where, ResourceError), end=iso_date(spec.get("end"), where, ResourceError),
    )
    for alias in [spec["name"], *(spec.get("aliases") or [])]:
        kb.add(str(alias), entry, override=override)


USER_FIELDS = {"name", "aliases", "code", "sector", "kind", "office", "start", "end"}


def load_user_dictionary(kb: ActorKnowledge, path: str | Path) -> None:
    """Extend or override the knowledge with a user file (YAML list or CSV with a header).

    Each entry: name, optional aliases (list, or `;`-separated in CSV), code, sector,
    kind (state, igo, group, person; default person when office/start/end given, else group),
    office, start/end (ISO dates, for office holders). Errors name the file, line and problem.
    """
    path = Path(path)
    if not path.exists():
        raise ResourceError(f"{path}: actor dictionary not found")
    rows: list[tuple[str, dict[str, Any]]] = []
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"name", "code"} - set(reader.fieldnames or [])
            if missing:
                raise ResourceError(f"{path}: line 1: header lacks column(s) {', '.join(sorted(missing))}")
            for row in reader:
                spec = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
                spec["aliases"] = [a.strip() for a in (spec.get("aliases") or "").split(";") if a.strip()]
                rows.append((f"{path}: line {reader.line_num}", spec))
    else:
        raw = load_yaml(path)
        items = raw.get("actors") if isinstance(raw, dict) else raw
        if not isinstance(items, list):
            raise ResourceError(f"{path}: line 1: expected a list of actors (or a mapping with an 'actors' list)")
        lines = _item_lines(path)
        for n, spec in enumerate(items):
            rows.append((f"{path}: line {lines[n] if n < len(lines) else '?'}", spec))
    for where, spec in rows:
        if not isinstance(spec, dict):
            raise ResourceError(f"{where}: expected a mapping with name and code")
        unknown = set(spec) - USER_FIELDS
        if unknown:
            raise ResourceError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if not spec.get("name"):
            raise ResourceError(f"{where}: missing 'name'")
        code = spec.get("code") or None
        if code is not None and not re.fullmatch(r"[A-Z][A-Z0-9_]{1,11}", str(code)):
            raise ResourceError(f"{where}: code {code!r} must be upper-case letters/digits (e.g. ISO alpha-3)")
        if not isinstance(spec.get("aliases") or [], list):
            raise ResourceError(f"{where}: 'aliases' must be a list")
        kind = spec.get("kind") or ("person" if spec.get("office") or spec.get("start") or spec.get("end") else "group")
        if kind == "person":
            _add_person(kb, spec, where, override=True)
        else:
            entry = Entry(code, spec.get("sector") or None, str(spec["name"]), str(kind))
            for alias in [spec["name"], *(spec.get("aliases") or [])]:
                kb.add(str(alias), entry, override=True)


def _item_lines(path: Path) -> list[int]:
    """Line numbers where top-level list items start (for error messages)."""
    lines = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if re.match(r"^\s{0,2}-\s", line):
                lines.append(n)
    return lines


_CACHE: dict[tuple[str, ...], ActorKnowledge] = {}


def load_knowledge(user_dicts: tuple[str, ...] = ()) -> ActorKnowledge:
    """Built-in knowledge plus user dictionaries, cached per combination."""
    if user_dicts not in _CACHE:
        kb = ActorKnowledge()
        _load_builtin(kb)
        for p in user_dicts:
            load_user_dictionary(kb, p)
        _CACHE[user_dicts] = kb
    return _CACHE[user_dicts]
