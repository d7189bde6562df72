"""Whether JS ``new URL(text)`` (no base) accepts ``text``: the WHATWG URL parser's failure
cases, for ``serverVariables``' substitution check. Covers what decides validity for server
URLs: the scheme, and for special schemes the host (forbidden code points after
percent-decoding, IPv4 and IPv6 syntax) and the port. Internationalised domain names are
accepted without UTS 46 processing."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_SPECIAL = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
_FORBIDDEN_HOST = frozenset("\x00\t\n\r #/:<>?@[\\]^|")
_FORBIDDEN_DOMAIN = _FORBIDDEN_HOST | frozenset(chr(c) for c in range(0x20)) | {"%", "\x7f"}
_C0_SPACE = "".join(chr(c) for c in range(0x21))


def _valid_ipv4(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]
    if len(parts) > 4:
        return False
    numbers: list[int] = []
    for part in parts:
        try:
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            return False
    if any(n > 255 for n in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))


def _ends_in_number(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]
    last = parts[-1]
    return last.isdigit() or (last[:2].lower() == "0x" and all(
        c in "0123456789abcdefABCDEF" for c in last[2:]))


def _valid_host(host: str, special: bool) -> bool:
    if host.startswith("["):
        if not host.endswith("]"):
            return False
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if not special:
        return not any(c in _FORBIDDEN_HOST for c in host)
    domain = unquote(host, errors="strict") if "%" in host else host
    if not domain or any(c in _FORBIDDEN_DOMAIN for c in domain):
        return False
    return not _ends_in_number(domain.lower()) or _valid_ipv4(domain)


def _valid_port(port: str) -> bool:
    return port == "" or (port.isdigit() and int(port) <= 65535)


def is_valid_url(text: str) -> bool:
    text = text.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    scheme_end = text.find(":")
    if scheme_end < 0 or not _SCHEME.fullmatch(text[:scheme_end]):
        return False
    scheme, rest = text[:scheme_end].lower(), text[scheme_end + 1:]
    special = scheme in _SPECIAL
    if special:
        rest = rest.lstrip("/\\")
        if scheme == "file":
            return True
    elif rest.startswith("//"):
        rest = rest[2:]
    else:
        return True  # an opaque path
    authority = re.split(r"[/?#\\]" if special else r"[/?#]", rest, maxsplit=1)[0]
    hostport = authority.rpartition("@")[2]
    match = re.fullmatch(r"(\[[^\]]*\]|[^:]*)(?::(.*))?", hostport)
    if match is None:
        return False
    host, port = match.group(1), match.group(2) or ""
    if host == "":
        return not special and port == ""
    try:
        return _valid_host(host, special) and _valid_port(port)
    except UnicodeDecodeError:
        return False
