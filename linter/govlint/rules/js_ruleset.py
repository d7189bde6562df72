"""JavaScript rulesets (``.spectral.js``/``.mjs``/``.cjs``, ``ruleset.js``, an npm package
whose entry is JavaScript): loaded in the run's Node.js host (``op: load-ruleset``,
``functions/js/rulesets.mjs``) and returned as the plain definition a YAML ruleset would
give, so ``rules/ruleset.py`` builds them like any other.

Importing the file runs its code, so it needs the custom-function opt-in
(``--allow-custom-functions``), as ``functionsDir`` does; without it, or without Node.js,
the run stops (exit 2) naming the file. Spectral's core functions and formats are mapped
to govlint's built-ins by identity (in Node); other functions stay in the host and run
there, like ``functionsDir`` JavaScript functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError, RulesetError
from govlint.functions.api import RuleFunction

JS_SUFFIXES = (".js", ".mjs", ".cjs")
LOAD_TIMEOUT = 60.0  # seconds: IBM's ruleset (130 rules, 78 functions) loads in ~1 s


@dataclass(slots=True, frozen=True)
class InlineRuleset:
    """A ruleset object a JavaScript ruleset extends (``extends: [myBase]``): no file of its
    own. YAML cannot produce one, so only JavaScript rulesets extend inline."""

    name: str
    definition: Mapping[str, Any]


def is_script(path: Path) -> bool:
    return path.suffix.lower() in JS_SUFFIXES


def load(path: Path, name: str, *, allow: bool) -> tuple[dict[str, Any], dict[str, RuleFunction]]:
    """(definition, functions) of the JavaScript ruleset at ``path`` (a realpath)."""
    if not allow:
        raise RulesetError(
            name, "is a JavaScript ruleset: loading it runs its code (and the functions it "
            "defines); govlint runs a repository's code only when told to: pass "
            "--allow-custom-functions or set GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1 if you trust who "
            "wrote it (never for fork merge requests or pull_request_target; see "
            "docs/security.md), or use a YAML/JSON ruleset")
    from govlint.functions.js import bridge

    if bridge.node_executable() is None:
        raise RulesetError(
            name, f"is a JavaScript ruleset and needs Node.js >= {bridge.MIN_NODE}, which is "
            "not on PATH: install Node.js (e.g. `apt-get install nodejs`, or from nodejs.org) "
            "or set GOVLINT_NODE to its path, or use a YAML/JSON ruleset")
    message = _message(path)
    try:
        answer = bridge.host().request({"op": "load-ruleset", **message}, path.parent,
                                       timeout=LOAD_TIMEOUT)
    except RulesetError:
        raise
    except GovlintError as exc:
        raise RulesetError(name, f"JavaScript ruleset failed to load: {_short(str(exc))}") \
            from None
    definition = answer.get("definition")
    names = answer.get("functions")
    if not isinstance(definition, dict) or not isinstance(names, list):
        raise RulesetError(name, "JavaScript ruleset: the Node host gave no ruleset")
    functions: dict[str, RuleFunction] = {}
    for key, function_name in enumerate(names):
        js = bridge.JsFunction(
            str(function_name), path, name, path.parent,
            display=f"defined in {name}",
            load={"op": "load-ruleset-function", "key": key, **message},
        )
        functions[str(function_name)] = bridge.host().register(js).rule_function()
    return _convert(definition, name, 0), functions


def _message(path: Path) -> dict[str, Any]:
    """What the host needs to map Spectral's objects: the names govlint has built in."""
    from govlint.functions.registry import builtin_functions
    from govlint.rules.ruleset import _FORMATS

    return {"file": str(path), "builtins": sorted(builtin_functions()),
            "formats": sorted(_FORMATS)}


def _short(text: str) -> str:
    return text if len(text) <= 600 else text[:600] + "..."


def _convert(value: Any, name: str, depth: int) -> Any:
    """The host's JSON as a ruleset definition: ``{"$ruleset": ...}`` extends entries
    become :class:`InlineRuleset`, ``{"$function": name}`` the function's name."""
    if depth > 64:
        raise RulesetError(name, "JavaScript ruleset nested too deeply")
    if isinstance(value, dict):
        if "$function" in value and set(value) <= {"$function", "key"}:
            return str(value["$function"])
        out = {k: _convert(v, name, depth + 1) for k, v in value.items() if k != "extends"}
        if "extends" in value:
            out["extends"] = _extends(value["extends"], name, depth)
        return out
    if isinstance(value, list):
        return [_convert(v, name, depth + 1) for v in value]
    return value


def _extends(value: Any, name: str, depth: int) -> Any:
    items = value if isinstance(value, list) else [value]
    out: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, list) and len(item) == 2:
            out.append([_inline(item[0], f"{name} extends[{index}]", depth), item[1]])
        else:
            out.append(_inline(item, f"{name} extends[{index}]", depth))
    return out


def _inline(item: Any, name: str, depth: int) -> Any:
    if isinstance(item, dict) and isinstance(item.get("$ruleset"), dict):
        label = str(item.get("name") or name)
        return InlineRuleset(label, _convert(item["$ruleset"], label, depth + 1))
    return item
