"""``serverVariables`` (rule oas3-server-variables). Expectations recorded from Spectral
6.16.3 with ``checkSubstitutions`` and ``requireDefault``, as spectral:oas runs it."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.server_variables import server_variables

OPTIONS = {"checkSubstitutions": True, "requireDefault": True}


def lint(server: object) -> list[dict]:
    return run(server_variables, {"servers": [server]}, OPTIONS, given=("servers", 0))


def test_defined_and_valid_passes() -> None:
    assert lint({"url": "https://{host}/v1", "variables": {"host": {"default": "a.com"}}}) == []


def test_default_outside_enum_and_invalid_port() -> None:
    server = {"url": "{scheme}://api.example.com:{port}/v1", "variables": {
        "scheme": {"enum": ["https", "ftp"], "default": "http"}, "port": {"default": "99999"}}}
    assert lint(server) == [
        {"path": ["servers", 0, "variables", "scheme", "default"],
         "message": 'Server Variable "scheme" has a default not listed in the enum.'},
        {"path": ["servers", 0, "variables"],
         "message": "A few substitutions of server variables resulted in invalid URLs: "
         "https://api.example.com:99999/v1, ftp://api.example.com:99999/v1"},
    ]


def test_invalid_hosts_and_unused_variable() -> None:
    server = {"url": "https://{host}/x", "variables": {
        "host": {"enum": ["a b", "ok.com", "1.2.3.999", "[::1]", "x%41y"], "default": "ok.com"},
        "unused": {"default": "a"}}}
    assert lint(server) == [
        {"path": ["servers", 0, "variables", "unused"],
         "message": 'Server\'s "variables" object has unused defined "unused" url variable.'},
        {"path": ["servers", 0, "variables"],
         "message": "A few substitutions of server variables resulted in invalid URLs: "
         "https://a%20b/x, https://1.2.3.999/x, https://%5B::1%5D/x, https://x%2541y/x"},
    ]


def test_missing_variables_default_and_relative_url() -> None:
    server = {"url": "{base}/x/{missing}",
              "variables": {"base": {"enum": ["/rel", "mailto:x", "https://h"]}}}
    assert lint(server) == [
        {"path": ["servers", 0, "variables"], "message": "Not all server's variables are "
         'described with "variables" object. Missed: missing.'},
        {"path": ["servers", 0, "variables", "base"],
         "message": 'Server Variable "base" has a missing default.'},
        {"path": ["servers", 0, "variables"], "message": "A few substitutions of server "
         "variables resulted in invalid URLs: /rel/x/{missing}"},
    ]


def test_five_invalid_substitutions_stop_the_check() -> None:
    server = {"url": "{a}", "variables": {"a": {"enum": list("abcdefg"), "default": "a"}}}
    assert lint(server) == [{
        "path": ["servers", 0, "variables"],
        "message": "At least 5 substitutions of server variables resulted in invalid URLs: "
        "a, b, c, d, e and more",
    }]


def test_invalid_server_object() -> None:
    assert lint({"url": 5}) == [{"path": ["servers", 0], "message": "Invalid Server Object"}]
    assert lint({"url": "u", "variables": {"v": {"foo": 1}}}) == [
        {"path": ["servers", 0], "message": "Invalid Server Object"}
    ]
