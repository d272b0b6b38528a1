"""Fetching news from the web safely, and extracting articles from HTML.

`fetch` refuses private, loopback, link-local, multicast, reserved and cloud-metadata
addresses (checked on every DNS answer and again on every redirect hop) unless the
caller allows private addresses; it enforces a timeout, a size limit and a polite
minimum interval between requests to the same host.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InputError

MAX_BYTES = 5_000_000
TIMEOUT_S = 15.0
MAX_REDIRECTS = 5
USER_AGENT = "dotterel/0.1 (+https://github.com/dotterel; event-data research)"


class FetchRefused(InputError):
    """A URL that dotterel will not fetch (address, scheme, size)."""

    code = "fetch_refused"


def _check_host(host: str, port: int, allow_private: bool,
                allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()) -> None:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError(f"{host}: cannot resolve host ({exc.strerror})") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if allow_private or any(ip in net for net in allow):
            continue
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
            raise FetchRefused(f"{host}: refusing to fetch a private, loopback or link-local address ({ip})")


@dataclass
class Fetcher:
    allow_private: bool = False
    allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()  # explicitly allowed networks
    min_interval_s: float = 1.0
    timeout_s: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    _last: dict[str, float] = field(default_factory=dict)

    def fetch(self, url: str) -> tuple[str, bytes, str]:
        """(final url, body, content type); each redirect hop is checked like the first request."""
        import httpx

        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchRefused(f"{url}: only http(s) URLs can be fetched")
            _check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), self.allow_private,
                        self.allow)
            wait = self._last.get(parts.hostname, 0.0) + self.min_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[parts.hostname] = time.monotonic()
            try:
                with httpx.Client(timeout=self.timeout_s, follow_redirects=False,
                                  headers={"User-Agent": USER_AGENT}) as client, client.stream("GET", url) as resp:
                    if resp.is_redirect:
                        url = urljoin(url, resp.headers.get("location", ""))
                        continue
                    if resp.status_code >= 400:
                        raise InputError(f"{url}: HTTP {resp.status_code}")
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise FetchRefused(f"{url}: larger than {self.max_bytes:,} bytes")
                    return str(resp.url), bytes(body), resp.headers.get("content-type", "")
            except httpx.TimeoutException as exc:
                raise InputError(f"{url}: timed out after {self.timeout_s:.0f} s") from exc
            except httpx.HTTPError as exc:
                raise InputError(f"{url}: {type(exc).__name__}: {exc}") from exc
        raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects")


def extract_html(html: str, url: str | None = None, source: str = "html") -> tuple[str, dict[str, Any]]:
    """Main text and metadata (title, author, date, site, url) of an HTML page, boilerplate removed."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(f"{source}: HTML page with no article text")
    meta = {k: data.get(k) for k in ("title", "author", "date", "sitename", "url") if data.get(k)}
    if url and "url" not in meta:
        meta["url"] = url
    return text, meta


def is_feed(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "rss" in content_type or "atom" in content_type or head.startswith(b"<rss") or b"<feed" in head[:200]


def feed_links(body: bytes) -> list[str]:
    import feedparser

    parsed = feedparser.parse(body)
    return [e.link for e in parsed.entries if getattr(e, "link", None)]
