"""Analyses from Python: a dotterel database as pandas DataFrames.

    import dotterel
    db = dotterel.open("events.duckdb")
    db.events(actor="KOR", recipient="RUS", since="2024-06-01")      # one row per event
    db.dyad_series("KOR", "RUS", interval="month")                    # one row per direction and month
    db.network(min_count=2)                                            # one row per directed edge

The queries are the HTTP API's (`dotterel.serve.queries`): one implementation each, so a
figure computed here matches the one the server and the explorer show.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .errors import InputError, ResourceError
from .serve import queries

if TYPE_CHECKING:
    import pandas as pd

Codes = str | Sequence[str] | None


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is a dependency; this names the fix if it is missing
        raise ResourceError("dotterel.open() needs pandas: pip install 'pandas<3'") from exc
    return pd


def open(db: str | Path) -> EventDB:  # noqa: A001 - `dotterel.open(db)` reads like the builtin on purpose
    """Open a dotterel database read-only for analysis (raises StoreError when it cannot)."""
    return EventDB(db)


def _join(actors: list[dict[str, Any]], key: str) -> str | None:
    vals = [str(a.get(key)) if a.get(key) is not None else "?" for a in actors]
    return ";".join(vals) if vals else None


class EventDB:
    """A read-only dotterel database with DataFrame-returning queries; close it, or use `with`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db = queries.Database(self.path, writable=False)

    def __enter__(self) -> EventDB:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def events(self, actor: Codes = None, recipient: Codes = None, type: Codes = None,  # noqa: A002
               quad: str | int | Sequence[str | int] | None = None, since: date | str | None = None,
               until: date | str | None = None, q: str | None = None, doc_id: str | None = None,
               include_flagged: bool = False, limit: int | None = None, order: str = "asc",
               cluster: str | None = None) -> pd.DataFrame:
        """One row per event matching the filters (same meaning as GET /v1/events), oldest first.

        Actor and recipient columns join several actors with ';' as POLECAT does
        (`actor` codes, `actor_sector`, `actor_text`); `date` is a datetime64 column.
        """
        pd = _pandas()
        if order not in ("asc", "desc"):
            raise InputError("order must be 'asc' or 'desc'")
        f = queries.EventFilters.make(actor, recipient, type, quad, since, until, q, doc_id, include_flagged, cluster)
        _, items = queries.list_events(self._db, f, limit, 0, order)  # type: ignore[arg-type]
        rows = []
        for ev in items:
            loc = ev["event_loc"] or {}
            rows.append({
                "id": ev["id"], "doc_id": ev["doc_id"], "date": ev["date"], "date_precision": ev["date_precision"],
                "event": ev["event"], "mode": ev["mode"], "quad_code": ev["quad_code"], "quad_class": ev["quad_class"],
                "event_scale": ev["event_scale"],
                "actor": _join(ev["actor"], "code"), "actor_sector": _join(ev["actor"], "sector"),
                "actor_text": _join(ev["actor"], "entity_text"),
                "recipient": _join(ev["recipient"], "code"), "recipient_sector": _join(ev["recipient"], "sector"),
                "recipient_text": _join(ev["recipient"], "entity_text"),
                "place": loc.get("name"), "place_country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                "event_text": ev["event_text"], "text": ev["text"], "confidence": ev["confidence"],
                "negated": ev["negated"], "hypothetical": ev["hypothetical"], "future": ev["future"],
                "historical": ev["historical"], "cluster_id": ev["cluster_id"], "cluster_sources": ev["cluster_sources"],
                "title": ev["document"]["title"], "pub_date": ev["document"]["pub_date"],
            })
        df = pd.DataFrame(rows, columns=list(rows[0]) if rows else _EVENT_COLUMNS)
        df["date"] = pd.to_datetime(df["date"])
        df["pub_date"] = pd.to_datetime(df["pub_date"])
        return df

    def dyad_series(self, a: str, b: str, interval: str = "week", since: date | str | None = None,
                    until: date | str | None = None, include_flagged: bool = False) -> pd.DataFrame:
        """Events between `a` and `b` per interval, both directions (same figures as GET /v1/dyads/a/b/series).

        One row per (direction, period), empty periods included: `actor`, `recipient`,
        `period` (first day), `end`, `n`, `mean_score`, one column per quad class (counts)
        and one per event type (counts).
        """
        pd = _pandas()
        f = queries.EventFilters.make(since=since, until=until, include_flagged=include_flagged)
        data = queries.dyad_series(self._db, a, b, interval, f)
        quads, types = data["quad_classes"], data["types"]
        rows = []
        for s in data["series"]:
            for p in s["points"]:
                row = {"actor": s["actor"], "recipient": s["recipient"], "period": p["period"], "end": p["end"],
                       "n": p["n"], "mean_score": p["mean_score"]}
                row.update({q: p["by_quad"].get(q, 0) for q in quads})
                row.update({t: p["by_type"].get(t, 0) for t in types})
                rows.append(row)
        cols = ["actor", "recipient", "period", "end", "n", "mean_score", *quads, *types]
        df = pd.DataFrame(rows, columns=cols)
        df["period"] = pd.to_datetime(df["period"])
        df["end"] = pd.to_datetime(df["end"])
        df["mean_score"] = df["mean_score"].astype("float64")
        df.attrs.update(a=a, b=b, interval=interval, quad_classes=quads, types=types,
                        undated={f"{s['actor']}->{s['recipient']}": s["undated"] for s in data["series"]})
        return df

    def network(self, since: date | str | None = None, until: date | str | None = None, type: Codes = None,  # noqa: A002
                quad: str | int | Sequence[str | int] | None = None, min_count: int = 1, limit: int = 10_000,
                include_flagged: bool = False, self_loops: bool = False) -> pd.DataFrame:
        """Directed edges `source -> target` with `n` events, `mean_score` and counts per quad class (GET /v1/network)."""
        pd = _pandas()
        f = queries.EventFilters.make(type=type, quad=quad, since=since, until=until, include_flagged=include_flagged)
        data = queries.network(self._db, f, min_count, limit, self_loops)
        quads = [str(q["name"]) for q in queries.quad_classes(self._db)]
        rows = [{"source": e["source"], "target": e["target"], "n": e["n"], "mean_score": e["mean_score"],
                 **{q: e["by_quad"].get(q, 0) for q in quads}} for e in data["edges"]]
        return pd.DataFrame(rows, columns=["source", "target", "n", "mean_score", *quads])

    def actors(self, role: str = "any", limit: int = 50, since: date | str | None = None,
               until: date | str | None = None, include_flagged: bool = False) -> pd.DataFrame:
        """Coded actors by number of events (GET /v1/actors)."""
        pd = _pandas()
        if role not in ("any", "actor", "recipient"):
            raise InputError("role must be 'any', 'actor' or 'recipient'")
        f = queries.EventFilters.make(since=since, until=until, include_flagged=include_flagged)
        rows = queries.top_actors(self._db, f, role, None, limit)
        return pd.DataFrame(rows, columns=["code", "name", "kind", "n", "as_actor", "as_recipient", "mean_score"])

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """An article with its events, quotes and highlight spans (GET /v1/documents/{id}); None when unknown."""
        return queries.get_document(self._db, doc_id)


_EVENT_COLUMNS = [
    "id", "doc_id", "date", "date_precision", "event", "mode", "quad_code", "quad_class", "event_scale", "actor",
    "actor_sector", "actor_text", "recipient", "recipient_sector", "recipient_text", "place", "place_country",
    "lat", "lon", "event_text", "text", "confidence", "negated", "hypothetical", "future", "historical",
    "cluster_id", "cluster_sources", "title", "pub_date",
]


def plot_dyad(df: pd.DataFrame, path: str | Path) -> Path:
    """Draw a `dyad_series` frame to a PNG with matplotlib: per direction, bars of counts by quad class
    stacked per period, and the mean score as a line on a -10..+10 axis."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
        from pandas import Timedelta
    except ImportError as exc:
        raise ResourceError("--plot needs matplotlib: pip install matplotlib") from exc
    def pd_timedelta(days: float) -> Timedelta:
        return Timedelta(days=days)

    quads: list[str] = list(df.attrs.get("quad_classes", []))
    colours = {"verbal cooperation": "#7fbf7b", "material cooperation": "#1b7837",
               "verbal conflict": "#f4a582", "material conflict": "#b2182b"}
    directions = list(dict.fromkeys(zip(df["actor"], df["recipient"]))) or [(df.attrs.get("a"), df.attrs.get("b"))]
    fig, axes = plt.subplots(len(directions), 1, figsize=(10, 3.0 * len(directions) + 0.8), squeeze=False, sharex=True)
    interval = str(df.attrs.get("interval", "week"))
    days = {"day": 1.0, "week": 7.0, "month": 30.0}.get(interval, 7.0)
    width, centre = pd_timedelta(days * 0.8), pd_timedelta(days * 0.4)
    for ax, (src, dst) in zip(axes[:, 0], directions):
        part = df[(df["actor"] == src) & (df["recipient"] == dst)]
        bottom = None
        for i, q in enumerate(quads):
            if q not in part:
                continue
            vals = part[q].to_numpy()
            ax.bar(part["period"], vals, width=width, bottom=bottom, label=q, align="edge",
                   color=colours.get(q, f"C{i}"))
            bottom = vals if bottom is None else bottom + vals
        ax.set_ylabel("events")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{src} \u2192 {dst}: {int(part['n'].sum())} dated events, by {interval}", loc="left", fontsize=10)
        ax2 = ax.twinx()
        ax2.plot(part["period"] + centre, part["mean_score"], color="black", marker="o", linewidth=1.2,
                 label="mean score (right axis)")
        ax2.set_ylim(-10.5, 10.5)
        ax2.axhline(0, color="grey", linewidth=0.5)
        ax2.set_ylabel("mean score")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    h2, l2 = fig.axes[-1].get_legend_handles_labels()
    fig.legend(handles + h2, labels + l2, loc="lower center", fontsize=8, ncol=5, frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
