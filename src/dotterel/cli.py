"""Command line: a thin layer over the library. DotterelError is translated to a message here, once."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .errors import DotterelError, InputError
from .events.extract import CONTEXT_GATE


def _coder(ontology: str = "plover", actors: tuple[str, ...] = (), context_gate: float = CONTEXT_GATE) -> Any:
    """The library's cached coder for these options."""
    import dotterel

    return dotterel.load(ontology=ontology, actor_dictionaries=actors, context_gate=context_gate)


CONTEXT_HELP = ("Read sentences in context (MiniLM) below this model confidence: 0 never (fastest), "
                "1 every sentence (slowest).")


def _read_source(path: str) -> str:
    from .ingest.clean import decode

    if path == "-":
        return decode(sys.stdin.buffer.read(), "stdin")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory (use `dotterel ingest` for folders)")
    return decode(p.read_bytes(), path)


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, int]]) -> str:
    out = ["  ".join(f"{name:<{w}}" for name, w in cols), "  ".join("-" * w for _, w in cols)]
    for r in rows:
        out.append("  ".join(f"{str(r.get(name, '') if r.get(name) is not None else '')[:w]:<{w}}" for name, w in cols))
    return "\n".join(out)


def _who(actors: list[dict[str, Any]]) -> str:
    return "+".join(f"{a['code'] or '?'}/{a['sector'] or '?'}" for a in actors) or "-"


def _flags(ev: dict[str, Any]) -> str:
    return ",".join(k for k in ("negated", "hypothetical", "future", "historical") if ev.get(k))


EVENT_COLS = [("date", 10), ("event", 9), ("mode", 12), ("actor", 14), ("recipient", 14), ("place", 12),
              ("flags", 12), ("conf", 5), ("event_text", 12), ("actor_text", 30), ("recipient_text", 30)]


def _event_row(ev: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": ev["date"], "event": ev["event"], "mode": ev["mode"], "actor": _who(ev["actor"]),
        "recipient": _who(ev["recipient"]), "place": (ev["event_loc"] or {}).get("name"), "flags": _flags(ev),
        "conf": f"{ev['confidence']:.2f}", "event_text": ev["event_text"],
        "actor_text": "; ".join(a["entity_text"] for a in ev["actor"]),
        "recipient_text": "; ".join(a["entity_text"] for a in ev["recipient"]),
    }


@click.group()
@click.version_option(package_name="dotterel")
def cli() -> None:
    """dotterel: political news in, PLOVER event data out."""


@cli.command()
@click.argument("source")
@click.option("--date", "pub_date", help="Publication date, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="PLOVER JSON Lines, one event per line.")
@click.option("--quotes", is_flag=True, help="Also print the quotations found.")
@click.option("--ontology", default="plover", show_default=True, help="Ontology name or YAML file.")
@click.option("--actors", "actor_dicts", multiple=True, help="User actor dictionary (YAML/CSV); repeatable.")
def code(source: str, pub_date: str | None, as_json: bool, quotes: bool, ontology: str, actor_dicts: tuple[str, ...]) -> None:
    """Code one article (FILE, or - for stdin) and print its events."""
    text = _read_source(source)
    doc = _coder(ontology, actor_dicts)(text, pub_date=pub_date)
    events = [doc.event_dict(e) for e in doc.events]
    if as_json:
        for ev in events:
            click.echo(json.dumps(ev, ensure_ascii=False))
        if quotes:
            for q in doc.quotes:
                click.echo(json.dumps({"quote": q.as_dict()}, ensure_ascii=False))
        return
    click.echo(_table([_event_row(e) for e in events], EVENT_COLS))
    click.echo(f"\n{len(events)} events ({sum(1 for e in doc.events if e.plain)} plain); "
               f"publication date {doc.pub_date or 'unknown'} ({doc.pub_date_source or 'none'})")
    if doc.main_event is not None:
        rep = next((e for e in doc.events if e.id == doc.main_event.event_id), None)
        why = ", ".join(f"{k} {v}" for k, v in doc.main_event.decided_by.items())
        click.echo(f"main event: {doc.main_event.event}" + (f" ({rep.event_text!r})" if rep else "") + f"; {why}")
    if quotes:
        for q in doc.quotes:
            sp = q.speaker
            who = f"{sp.entity_text} [{sp.code}/{sp.sector}]" if sp else "?"
            click.echo(f"- {who} {q.verb}: {q.text[:120]}")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", required=True, help="DuckDB database file (created if missing).")
@click.option("--date", "pub_date", help="Publication date for every document, YYYY-MM-DD.")
@click.option("--dates", "dates_file", type=click.Path(exists=True, dir_okay=False),
              help="JSON file mapping file names to publication dates.")
@click.option("--text-col", default="text", show_default=True, help="Text column of CSV/JSONL corpora.")
@click.option("--date-col", default="date", show_default=True, help="Date column of CSV/JSONL corpora.")
@click.option("--id-col", default="id", show_default=True, help="Id column of CSV/JSONL corpora.")
@click.option("--url-col", default="url", show_default=True, help="URL column of CSV/JSONL corpora.")
@click.option("--allow-private", is_flag=True, help="Allow fetching private/loopback addresses (off by default).")
@click.option("--workers", default=1, show_default=True, help="Worker processes (use the machine's cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a Dask cluster (local unless --scheduler).")
@click.option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask).")
@click.option("--ontology", default="plover", show_default=True)
@click.option("--actors", "actor_dicts", multiple=True)
@click.option("--context-gate", type=click.FloatRange(0, 1), default=CONTEXT_GATE, show_default=True, help=CONTEXT_HELP)
def ingest(sources: tuple[str, ...], db: str, pub_date: str | None, dates_file: str | None, text_col: str,
           date_col: str, id_col: str, url_col: str, allow_private: bool, workers: int, engine: str,
           scheduler: str | None, ontology: str, actor_dicts: tuple[str, ...], context_gate: float) -> None:
    """Code files, folders, globs, HTML, corpora (JSONL/CSV/Parquet, .gz), URLs, RSS feeds or stdin (-) into DuckDB."""
    from .ingest.run import Stats, ingest as run
    from .ingest.sources import Columns, read_sources
    from .ingest.web import Fetcher
    from .pipeline import Options
    from .store.duck import Store

    dates = json.loads(Path(dates_file).read_text()) if dates_file else {}
    store = Store(db)
    items, bad = read_sources(sources, Columns(text_col, date_col, id_col, url_col), pub_date, dates,
                              Fetcher(allow_private=allow_private))
    tty = sys.stderr.isatty()

    def progress(st: Stats) -> None:
        if tty:
            click.echo(f"\r{st.line()}", err=True, nl=False)

    options = Options(ontology=ontology, actor_dictionaries=actor_dicts, context_gate=context_gate)
    if engine == "dask":
        from .ingest.distributed import ingest_dask

        stats = ingest_dask(items, store, options, workers, scheduler, bad)
    else:
        stats = run(items, store, options, workers, progress, bad)
    store.close()
    click.echo(("\n" if tty else "") + stats.line(), err=True)
    if stats.failures:
        sys.exit(1)


@cli.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--actor", help="Actor code, e.g. KOR.")
@click.option("--recipient", help="Recipient code, e.g. RUS.")
@click.option("--type", "etype", help="Event type, e.g. THREATEN.")
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option("--limit", default=100, show_default=True)
@click.option("--all", "include_flagged", is_flag=True, help="Include negated and hypothetical events.")
@click.option("--json", "as_json", is_flag=True)
def events(db: str, actor: str | None, recipient: str | None, etype: str | None, since: str | None,
           until: str | None, limit: int, include_flagged: bool, as_json: bool) -> None:
    """Query coded events from a database."""
    from .store.duck import Store

    store = Store(db, read_only=True)
    rows = list(store.query_events(actor, recipient, etype, since, until, limit, include_flagged))
    store.close()
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, default=str, ensure_ascii=False))
        return
    cols = [("story_date", 10), ("event_type", 9), ("mode", 12), ("actor_country", 8), ("actor_sector", 6),
            ("recipient_country", 8), ("recipient_sector", 6), ("placename", 12), ("event_text", 12),
            ("actor_text", 28), ("recipient_text", 28)]
    click.echo(_table(rows, cols))
    click.echo(f"\n{len(rows)} events")


@cli.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--out", required=True, help="Output file.")
@click.option("--gdelt", is_flag=True, help="GDELT/CAMEO-style columns (csv, parquet).")
def export(db: str, fmt: str, out: str, gdelt: bool) -> None:
    """Export every event: PLOVER JSON Lines, or flat POLECAT-like rows as CSV/Parquet."""
    from .store.duck import Store
    from .store.export import export as run

    store = Store(db, read_only=True)
    n = run(store, out, fmt, gdelt)
    store.close()
    click.echo(f"{n} events written to {out}", err=True)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=int, help="Only the first N records.")
@click.option("--ontology", default="plover", show_default=True)
@click.option("--context-gate", type=click.FloatRange(0, 1), default=CONTEXT_GATE, show_default=True, help=CONTEXT_HELP)
def eval_cmd(gold: str, as_json: bool, limit: int | None, ontology: str, context_gate: float) -> None:
    """Compare the coder with gold-labelled records (JSON Lines)."""
    from .evaluate.harness import evaluate, format_report, read_gold

    report = evaluate(_coder(ontology, context_gate=context_gate), read_gold(gold, limit))
    click.echo(json.dumps(report, indent=1) if as_json else format_report(report))


@cli.command()
@click.option("--ontology", default="plover", show_default=True, help="Ontology name or YAML file with examples.")
def train(ontology: str) -> None:
    """Rebuild the model weights of an ontology from its training sentences."""
    from .events.train import train as run
    from .ontology import load_ontology

    click.echo(json.dumps(run(load_ontology(ontology)), indent=1))


@cli.command()
@click.option("--db", required=True, help="DuckDB database written by `dotterel ingest`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--write-token", envvar="DOTTEREL_WRITE_TOKEN", help="Allow POST /v1/code {\"store\": true} with "
              "'Authorization: Bearer TOKEN' (prefer the DOTTEREL_WRITE_TOKEN variable). Without it: read-only.")
@click.option("--max-body", default=1_000_000, show_default=True, type=int, help="Largest request body, bytes.")
@click.option("--code-rate", default=60.0, show_default=True, type=float,
              help="Coding requests per minute per client address (0: no limit).")
@click.option("--code-burst", default=10, show_default=True, type=int, help="Coding requests a client may burst.")
@click.option("--code-queue", default=32, show_default=True, type=int,
              help="Coding requests running or waiting per process before 503 busy.")
@click.option("--workers", default=1, show_default=True, type=int,
              help="Server processes (read-only servers only); each codes one text at a time.")
@click.option("--ontology", default="plover", show_default=True)
@click.option("--actors", "actor_dicts", multiple=True)
def serve(db: str, host: str, port: int, write_token: str | None, max_body: int, code_rate: float, code_burst: int,
          code_queue: int, workers: int, ontology: str, actor_dicts: tuple[str, ...]) -> None:
    """Serve the HTTP API (/v1, spec at /openapi.json) and the web explorer (/ui/)."""
    import os

    import uvicorn

    from .serve.app import CONFIG_ENV, create_app

    if workers < 1:
        raise InputError("--workers must be at least 1")
    if workers > 1 and write_token:
        raise InputError("--workers above 1 needs a read-only server: a DuckDB file has one writer")
    options = {"db_path": db, "max_body_bytes": max_body, "code_rate_per_minute": code_rate, "code_burst": code_burst,
               "code_queue": code_queue, "ontology": ontology, "actor_dictionaries": list(actor_dicts),
               "preload_coder": True}
    app = create_app(write_token=write_token, **options)  # opens the database: errors show here, once
    click.echo(f"dotterel: serving {db} ({'read-write' if write_token else 'read-only'}) on http://{host}:{port}/ui/"
               + (f" with {workers} worker processes" if workers > 1 else ""), err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
        return
    app.state.db.close()
    os.environ[CONFIG_ENV] = json.dumps(options)
    uvicorn.run("dotterel.serve.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning", server_header=False)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--db", required=True, help="DuckDB database written by `dotterel ingest`.")
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="week", show_default=True)
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option("--all", "include_flagged", is_flag=True, help="Include negated and hypothetical events.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series to this PNG (matplotlib).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of a table.")
def dyad(a: str, b: str, db: str, interval: str, since: str | None, until: str | None, include_flagged: bool,
         plot_path: str | None, as_csv: bool) -> None:
    """Events between actors A and B per interval, both directions: counts by quad class and mean score."""
    import dotterel

    from .analysis import plot_dyad

    with dotterel.open(db) as edb:
        df = edb.dyad_series(a, b, interval, since=since, until=until, include_flagged=include_flagged)
    if as_csv:
        click.echo(df.to_csv(index=False), nl=False)
    else:
        quads = list(df.attrs["quad_classes"])
        rows = [{"period": r["period"].date().isoformat(), "direction": f"{r['actor']}->{r['recipient']}", "n": r["n"],
                 "mean_score": "" if r["mean_score"] != r["mean_score"] else f"{r['mean_score']:+.2f}",
                 **{q: r[q] for q in quads}} for r in df.to_dict("records")]
        click.echo(_table(rows, [("period", 10), ("direction", 9), ("n", 4), ("mean_score", 10),
                                 *[(q, max(len(q), 4)) for q in quads]]))
        undated = ", ".join(f"{k}: {v}" for k, v in df.attrs["undated"].items() if v)
        click.echo(f"\n{int(df['n'].sum())} dated events" + (f"; undated: {undated}" if undated else ""))
    if plot_path:
        click.echo(f"chart written to {plot_dyad(df, plot_path)}", err=True)


def main() -> None:
    """Entry point: the one place where library errors become messages and exit codes."""
    try:
        cli(standalone_mode=False)
    except DotterelError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
