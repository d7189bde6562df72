"""govlint.bot.http against a tiny local server: pagination (GitLab headers, GitHub Link),
429 with Retry-After, a persistent 500, the total-time bound, redaction, dry run."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from govlint.bot.http import ApiError, Client

TOKEN = "glpat-SECRET-token-123"

Reply = tuple[int, dict[str, str], Any]


class Server:
    """Answers each request with ``handler(method, path_with_query, body)``; logs them."""

    def __init__(self, handler: Callable[[str, str, Any], Reply]) -> None:
        self.handler = handler
        self.log: list[tuple[str, str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                outer.log.append((self.command, self.path, dict(self.headers), body))
                status, headers, payload = outer.handler(self.command, self.path, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v4"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[str, str, Any], Reply]], Server]]:
    servers: list[Server] = []

    def start(handler: Callable[[str, str, Any], Reply]) -> Server:
        servers.append(Server(handler))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def _client(server: Server, **kw: Any) -> Client:
    sleeps: list[float] = []
    client = Client(server.url, token=TOKEN, sleep=sleeps.append, backoff=0.5, **kw)
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def _page(path: str) -> int:
    from urllib.parse import parse_qs, urlsplit

    return int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])


def test_gitlab_pagination_follows_x_next_page(serve):
    items = list(range(250))

    def handler(method: str, path: str, body: Any) -> Reply:
        assert "per_page=100" in path
        page = _page(path)
        chunk = items[(page - 1) * 100 : page * 100]
        nxt = str(page + 1) if page * 100 < len(items) else ""
        return 200, {"X-Next-Page": nxt, "X-Page": str(page), "X-Total-Pages": "3"}, chunk

    server = serve(handler)
    with _client(server) as client:
        assert client.paginate("/projects/1/merge_requests/2/notes", {"sort": "asc"}) == items
    assert [_page(p) for _, p, _, _ in server.log] == [1, 2, 3]
    assert all(h.get("PRIVATE-TOKEN") == TOKEN for _, _, h, _ in server.log)


def test_github_pagination_follows_link_next(serve):
    def handler(method: str, path: str, body: Any) -> Reply:
        page = _page(path)
        headers = {}
        if page < 3:
            base = server.url.replace("/api/v4", "")
            headers["Link"] = (f'<{base}/repos/o/r/issues/1/comments?per_page=100&page='
                               f'{page + 1}>; rel="next", <{base}/x?page=3>; rel="last"')
        return 200, headers, [page]

    server = serve(handler)
    client = Client(server.url.replace("/api/v4", ""), token=TOKEN,
                    token_header="Authorization", token_prefix="Bearer ")
    assert client.paginate("/repos/o/r/issues/1/comments") == [1, 2, 3]
    assert server.log[0][2]["Authorization"] == f"Bearer {TOKEN}"
    client.close()


def test_link_to_another_origin_is_not_followed(serve):
    def handler(method: str, path: str, body: Any) -> Reply:
        return 200, {"Link": '<http://evil.example/steal?page=2>; rel="next"'}, [1]

    server = serve(handler)
    with _client(server) as client, pytest.raises(ApiError, match="refusing to follow"):
        client.paginate("/x")
    assert len(server.log) == 1


def test_429_honours_retry_after_then_succeeds(serve):
    calls = {"n": 0}

    def handler(method: str, path: str, body: Any) -> Reply:
        calls["n"] += 1
        if calls["n"] <= 2:
            return 429, {"Retry-After": "3"}, {"message": "slow down"}
        return 201, {}, {"id": 7}

    server = serve(handler)
    with _client(server) as client:
        response = client.request("POST", "/projects/1/merge_requests/2/notes",
                                  json={"body": "hi"})
        assert response.status == 201 and response.json() == {"id": 7}
        assert client.sleeps == [3.0, 3.0]  # type: ignore[attr-defined]
    assert [b for _, _, _, b in server.log] == [{"body": "hi"}] * 3


def test_persistent_500_raises_api_error_after_bounded_retries(serve):
    server = serve(lambda m, p, b: (500, {}, {"message": f"boom {TOKEN}"}))
    with _client(server, retries=3) as client, pytest.raises(ApiError) as info:
        client.request("GET", "/projects/1", params={"private_token": TOKEN})
    assert len(server.log) == 4
    assert client.sleeps == [0.5, 1.0, 2.0]  # type: ignore[attr-defined]  # exponential
    err = info.value
    assert err.status == 500 and err.method == "GET"
    assert "HTTP 500" in str(err) and "gave up after 4 attempts" in str(err)
    assert TOKEN not in str(err) and "[REDACTED]" in str(err)


def test_total_wait_is_bounded(serve):
    server = serve(lambda m, p, b: (503, {"Retry-After": "20"}, b"down"))
    with _client(server, retries=10, max_wait=45) as client, pytest.raises(ApiError) as info:
        client.request("GET", "/x")
    assert client.sleeps == [20.0, 20.0]  # type: ignore[attr-defined]  # a third would pass 45 s
    assert len(server.log) == 3
    assert "server asked to wait 20 s more" in str(info.value)


def test_client_errors_are_not_retried_and_say_why(serve):
    server = serve(lambda m, p, b: (403, {}, {"message": "403 Forbidden"}))
    with _client(server) as client, pytest.raises(ApiError) as info:
        client.request("PUT", "/projects/1/merge_requests/2/notes/3", json={"body": "x"})
    assert len(server.log) == 1
    assert "lacks a scope" in str(info.value) and "403 Forbidden" in str(info.value)


def test_connection_refused_is_retried_then_clear(serve):
    server = serve(lambda m, p, b: (200, {}, []))
    url = server.url
    server.close()
    client = Client(url, token=TOKEN, sleep=lambda s: None, retries=2, backoff=0)
    with pytest.raises(ApiError) as info:
        client.request("GET", "/x")
    assert url.split("//")[1].split("/")[0] in str(info.value)
    assert TOKEN not in str(info.value)


def test_not_json_body_is_api_error(serve):
    server = serve(lambda m, p, b: (200, {}, b"<html>proxy</html>"))
    with _client(server) as client, pytest.raises(ApiError, match="not JSON"):
        client.paginate("/x")


def test_dry_run_records_and_sends_nothing(serve):
    server = serve(lambda m, p, b: (200, {}, []))
    client = Client(server.url, token=TOKEN, dry_run=True)
    assert client.paginate("/projects/a%2Fb/merge_requests/1/notes") == []
    client.request("POST", "/projects/1/merge_requests/1/notes", json={"body": "hello"})
    assert server.log == []
    assert [(r.method, r.body) for r in client.recorded] == [("GET", None),
                                                            ("POST", {"body": "hello"})]
    assert client.recorded[0].url.endswith("/projects/a%2Fb/merge_requests/1/notes?per_page=100")


def test_redaction_of_url_forms():
    client = Client("https://user:pw@gitlab.example/api/v4", token="a/b+c token")
    shown = client.shown(client.url("/x", {"private_token": "zzz", "page": 2}))
    assert "zzz" not in shown and "pw" not in shown and "page=2" in shown
    assert client.redact("a/b+c token a%2Fb%2Bc%20token") == "[REDACTED] [REDACTED]"


def test_github_403_rate_limits_are_retried_plain_403_is_not(serve):
    calls = {"n": 0}

    def handler(method: str, path: str, body: Any) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return 403, {"Retry-After": "2"}, {"message": "secondary rate limit"}
        if calls["n"] == 2:
            import time

            reset = str(int(time.time()) + 1)
            return 403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}, {}
        return 200, {}, {"ok": True}

    server = serve(handler)
    with _client(server) as client:
        assert client.request("GET", "/repos/o/r").json() == {"ok": True}
        sleeps = client.sleeps  # type: ignore[attr-defined]
        assert sleeps[0] == 2.0 and 0 <= sleeps[1] <= 2
