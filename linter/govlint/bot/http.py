"""The comment bot's one HTTP client (on httpx): auth header, pagination of both forges,
bounded retries, token redaction and a dry-run recorder.

Why its own layer and not python-gitlab/PyGithub: the bot needs a dozen endpoints, one
retry policy for both forges (429 and 5xx honouring ``Retry-After``, bounded in count *and*
total time so a CI job never hangs on an outage), one place that guarantees the token is
never printed, and a dry run that records instead of sending. httpx is the only dependency.

Limits (overridable for tests and impatient pipelines): ``GOVLINT_HTTP_RETRIES`` (default
5 retries), ``GOVLINT_HTTP_MAX_WAIT`` (total seconds spent waiting between attempts,
default 60), ``GOVLINT_HTTP_BACKOFF`` (first backoff in seconds, default 1, doubled each
time), ``GOVLINT_HTTP_TIMEOUT`` (per request, default 30 s). Redirects are not followed
(the token would go along), nor is a pagination link to another origin.
"""

from __future__ import annotations

import email.utils
import json as jsonlib
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import httpx

MAX_PAGES = 500  # 50,000 items at per_page=100: far past any real MR
PER_PAGE = 100  # the most both forges allow
EXCERPT = 300  # characters of an error body quoted in an ApiError
_RETRIED = frozenset({429, 500, 502, 503, 504})
# Query parameters whose value is a credential whatever the token is (never printed).
_SECRET_PARAM = re.compile(r"token|secret|password|passwd|key|auth|sig|credential", re.I)
_LINK_NEXT = re.compile(r'<([^<>\s]{1,2000})>\s{0,10};[^,]{0,200}?\brel="?next"?', re.I)


class ApiError(Exception):
    """The forge refused a request, or kept failing after the retries: exit 5. The message
    names the method, the URL (query credentials and the token redacted) and a short
    excerpt of the response body."""

    def __init__(self, message: str, *, status: int = 0, method: str = "", url: str = "",
                 excerpt: str = "") -> None:
        super().__init__(message)
        self.uncertain = False  # a POST that may have been applied (5xx, lost connection)
        self.status = status
        self.method = method
        self.url = url
        self.excerpt = excerpt


@dataclass(frozen=True)
class Response:
    """What the bot reads of a response: status, headers (lower-case names), body."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    method: str = "GET"
    url: str = ""

    def json(self) -> Any:
        """The body as JSON; a body that is not JSON is an :class:`ApiError` (a proxy's
        HTML error page answering 200), not a traceback."""
        if not self.content:
            return None
        try:
            return jsonlib.loads(self.content)
        except ValueError:
            raise ApiError(f"{self.method} {self.url}: the response is not JSON: "
                           f"{_excerpt(self.content)!r}", status=self.status,
                           method=self.method, url=self.url) from None


@dataclass(frozen=True)
class Recorded:
    """One request a dry run would have made."""

    method: str
    url: str
    body: Any = None


@dataclass
class Client:
    """A session against one API base URL (``https://gitlab.example.com/api/v4``,
    ``https://api.github.com``). ``token_header``/``token_prefix`` say how the token is
    sent (``PRIVATE-TOKEN: t``, ``Authorization: Bearer t``)."""

    base_url: str
    token: str = ""
    token_header: str = "PRIVATE-TOKEN"
    token_prefix: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    dry_run: bool = False
    retries: int | None = None
    max_wait: float | None = None
    backoff: float | None = None
    timeout: float | None = None
    sleep: Callable[[float], None] = time.sleep
    recorded: list[Recorded] = field(default_factory=list)
    _http: httpx.Client | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        if self.retries is None:
            self.retries = _env_number("GOVLINT_HTTP_RETRIES", 5, int)
        if self.max_wait is None:
            self.max_wait = _env_number("GOVLINT_HTTP_MAX_WAIT", 60.0, float)
        if self.backoff is None:
            self.backoff = _env_number("GOVLINT_HTTP_BACKOFF", 1.0, float)
        if self.timeout is None:
            self.timeout = _env_number("GOVLINT_HTTP_TIMEOUT", 30.0, float)
        self.waited = 0.0  # seconds slept between attempts, over the client's life

    # -- public -----------------------------------------------------------------------

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """The absolute URL of ``path`` (relative to the base, or absolute on its origin)."""
        if path.startswith(("http://", "https://")):
            if _origin(path) != _origin(self.base_url):
                raise ApiError(f"refusing to follow {self.redact(_strip_query(path))}: "
                               f"not on {_origin(self.base_url)}", url=_strip_query(path))
            url = path
        else:
            url = self.base_url + "/" + path.lstrip("/")
        if params:
            parts = urlsplit(url)
            query = parse_qsl(parts.query, keep_blank_values=True)
            query += [(k, _param(v)) for k, v in params.items() if v is not None]
            url = urlunsplit(parts._replace(query=urlencode(query)))
        return url

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                json: Any = None) -> Response:
        """Send one request, retrying 429/5xx and connection failures; raise
        :class:`ApiError` on any other 4xx/3xx or when the retries run out. A dry run
        records the request and answers 200 with an empty body."""
        method = method.upper()
        url = self.url(path, params)
        if self.dry_run:
            self.recorded.append(Recorded(method, self.redact(url), json))
            return Response(200, {}, b"", method, self.shown(url))
        attempt = 0
        while True:
            response = self._send(method, url, json)
            status = response.status if response is not None else 0
            if response is not None and status < 300:
                return response
            if response is not None and not _retryable(response):
                raise self._error(method, url, response, "")
            if method == "POST" and (response is None or status >= 500):
                # The forge may have created the note before failing (a proxy's 502, a
                # lost answer): posting again would duplicate it. The caller re-reads.
                error = self._error(method, url, response,
                                    "not retried: the write may have been applied")
                error.uncertain = True
                raise error
            assert self.retries is not None and self.max_wait is not None
            delay = self._delay(attempt, response)
            if attempt >= self.retries or self.waited + delay > self.max_wait:
                why = (f"gave up after {attempt + 1} attempt{'s' if attempt else ''}"
                       f" and {self.waited:.0f} s of waiting")
                if delay > self.max_wait - self.waited and attempt < self.retries:
                    why += f" (the server asked to wait {delay:.0f} s more)"
                raise self._error(method, url, response, why)
            self.sleep(delay)
            self.waited += delay
            attempt += 1

    def whoami(self, path: str) -> dict[str, Any] | None:
        """The token's user as the forge describes it (``GET path``), or None when the forge
        will not say for this kind of token (401/403/404: installation and project tokens)."""
        try:
            data = self.request("GET", path).json()
        except ApiError as exc:
            if exc.status not in (401, 403, 404):
                raise
            return None
        return data if isinstance(data, dict) else None

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a list endpoint: follows GitLab's ``X-Next-Page`` and GitHub's
        ``Link: <…>; rel="next"`` with ``per_page=100``, at most :data:`MAX_PAGES` pages."""
        query = {"per_page": PER_PAGE, **(params or {})}
        items: list[Any] = []
        next_url: str | None = self.url(path, query)
        seen: set[str] = set()
        while next_url is not None:
            if next_url in seen:  # a server pointing back at a page it served: stop
                break
            seen.add(next_url)
            if len(seen) > MAX_PAGES:
                raise ApiError(f"GET {self.shown(next_url)}: more than {MAX_PAGES} pages",
                               method="GET", url=self.shown(next_url))
            response = self.request("GET", next_url)
            if self.dry_run:
                return []
            page = response.json()
            if not isinstance(page, list):
                raise ApiError(f"GET {self.shown(next_url)}: expected a JSON list, got "
                               f"{type(page).__name__}", status=response.status,
                               method="GET", url=self.shown(next_url))
            items.extend(page)
            next_url = self._next(next_url, response)
        return items

    def redact(self, text: str) -> str:
        """``text`` with the token (raw and URL-encoded) replaced by ``[REDACTED]``."""
        for secret in self._secrets():
            text = text.replace(secret, "[REDACTED]")
        return text

    def shown(self, url: str) -> str:
        """``url`` as it may be printed: query credentials and the token redacted."""
        parts = urlsplit(url)
        if parts.query:
            query = [(k, "[REDACTED]" if _SECRET_PARAM.search(k) else v)
                     for k, v in parse_qsl(parts.query, keep_blank_values=True)]
            url = urlunsplit(parts._replace(query=urlencode(query, safe="[]")))
        if parts.username or parts.password:
            url = url.replace(parts.netloc, parts.netloc.rsplit("@", 1)[-1], 1)
        return self.redact(url)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        if len(self.token) < 4:  # redacting "a" everywhere would garble every message
            return []
        return sorted({self.token, quote(self.token, safe=""), quote(self.token)},
                      key=len, reverse=True)

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            from govlint import __version__

            headers = {"User-Agent": f"govlint/{__version__}", "Accept": "application/json",
                       **self.headers}
            if self.token:
                headers[self.token_header] = self.token_prefix + self.token
            self._http = httpx.Client(headers=headers, follow_redirects=False,
                                      trust_env=True)
        return self._http

    def _send(self, method: str, url: str, body: Any) -> Response | None:
        """One attempt; ``None`` when the connection failed (retried like a 503)."""
        import httpx

        assert self.timeout is not None
        try:
            raw = self._client().request(method, url, json=body, timeout=self.timeout)
        except httpx.HTTPError as exc:
            self._last_failure = self.redact(" ".join(str(exc).split()) or type(exc).__name__)
            return None
        return Response(raw.status_code, {k.lower(): v for k, v in raw.headers.items()},
                        raw.content, method, self.shown(url))

    def _delay(self, attempt: int, response: Response | None) -> float:
        """Seconds to wait before the next attempt: the server's ``Retry-After`` (seconds
        or an HTTP date), else exponential backoff from :attr:`backoff`."""
        assert self.backoff is not None
        if response is not None:
            after = _retry_after(response.headers)
            if after is not None:
                return after
            reset = response.headers.get("x-ratelimit-reset") \
                if response.status in (403, 429) else None
            if reset and reset.isdigit() and len(reset) < 12:
                return max(0.0, float(reset) - time.time())
        return self.backoff * (2 ** attempt)

    def _error(self, method: str, url: str, response: Response | None, why: str) -> ApiError:
        shown = self.shown(url)
        if response is None:
            detail = getattr(self, "_last_failure", "connection failed")
            message = f"{method} {shown}: {detail}"
            return ApiError(message + (f"; {why}" if why else ""), method=method, url=shown)
        excerpt = self.redact(_excerpt(response.content))
        message = f"{method} {shown}: HTTP {response.status}"
        hint = _HINTS.get(response.status)
        if response.status == 403 and _retryable(response):
            hint = "rate limited"  # GitHub's rate limits are 403s too; not a scope problem
        if hint:
            message += f" ({hint})"
        if excerpt:
            message += f": {excerpt}"
        if why:
            message += f"; {why}"
        return ApiError(message, status=response.status, method=method, url=shown,
                        excerpt=excerpt)

    def _next(self, current: str, response: Response) -> str | None:
        next_page = response.headers.get("x-next-page", "").strip()
        if next_page:
            if not next_page.isdigit() or len(next_page) > 9:
                return None
            parts = urlsplit(current)
            query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                     if k != "page"] + [("page", next_page)]
            return urlunsplit(parts._replace(query=urlencode(query)))
        link = response.headers.get("link", "")
        match = _LINK_NEXT.search(link[:10_000]) if link else None
        return match.group(1) if match else None


def _retryable(response: Response) -> bool:
    """429 and 5xx; also GitHub's rate limits, which it answers with 403: a secondary
    limit carries ``Retry-After``, an exhausted primary one ``x-ratelimit-remaining: 0``."""
    if response.status in _RETRIED:
        return True
    return response.status == 403 and ("retry-after" in response.headers
                                       or response.headers.get("x-ratelimit-remaining") == "0")


_HINTS = {
    401: "the token is missing, invalid or expired",
    403: "the token lacks a scope or permission for this",
    404: "not found, or not visible to this token",
}


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value or len(value) > 64:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _excerpt(content: bytes) -> str:
    from govlint.reports.text import printable

    text = content[: EXCERPT * 4].decode("utf-8", "replace")
    text = printable(" ".join(text.split()))
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower() + f":{parts.port or ''}"


def _strip_query(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _env_number(name: str, default: Any, kind: type) -> Any:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        from govlint.errors import GovlintError

        raise GovlintError(f"{name}={raw!r} is not a number") from None
    return max(value, 0)
