"""Find a rule function by name: a ruleset's own ``functionsDir``, then the built-in
core and governance functions, then third-party ones from the ``govlint.functions``
entry point group (scanned only when a name is not built in)."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from pathlib import Path

from govlint.errors import RulesetError
from govlint.functions.api import RuleFunction

_BUILTIN_MODULES = ("govlint.functions.core", "govlint.functions.governance",
                    "govlint.functions.oas")


@cache
def builtin_module_functions(module_name: str) -> dict[str, RuleFunction]:
    """The ``FUNCTIONS`` of one built-in module, imported on first need: a run whose rules
    use only core functions never imports the governance or spectral:oas ones (~40 ms)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return {}
    return dict(getattr(module, "FUNCTIONS", {}))


def builtin_functions() -> dict[str, RuleFunction]:
    """Every built-in function (imports all built-in modules)."""
    functions: dict[str, RuleFunction] = {}
    for module_name in _BUILTIN_MODULES:
        functions.update(builtin_module_functions(module_name))
    return functions


@cache
def entry_point_functions() -> dict[str, RuleFunction]:
    from importlib.metadata import entry_points

    functions: dict[str, RuleFunction] = {}
    for ep in sorted(entry_points(group="govlint.functions"), key=lambda e: e.name):
        if ep.value.split(":")[0] in _BUILTIN_MODULES:
            continue
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            raise RulesetError(
                f"entry point {ep.name!r}", f"cannot load functions: {exc}"
            ) from None
        functions.update(_as_functions(loaded, f"entry point {ep.name!r}"))
    return functions


def load_functions_dir(directory: Path, names: list[str], source: str) -> dict[str, RuleFunction]:
    """Load ``<directory>/<name>.py`` for each name a ruleset lists under ``functions``.

    This runs the ruleset author's own local Python code, like Spectral's ``functionsDir``
    runs JavaScript: only local paths are accepted, never a URL.
    """
    functions: dict[str, RuleFunction] = {}
    for name in names:
        path = directory / f"{name}.py"
        if not path.is_file():
            raise RulesetError(source, f"function {name!r} not found: {path} does not exist")
        spec = importlib.util.spec_from_file_location(f"govlint_user_functions.{name}", path)
        if spec is None or spec.loader is None:
            raise RulesetError(source, f"cannot load function file {path}")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise RulesetError(source, f"function file {path} failed to load: {exc}") from None
        exported = getattr(module, "FUNCTIONS", None)
        if exported is not None:
            functions.update(_as_functions(exported, str(path)))
        candidate = getattr(module, name, None)
        if isinstance(candidate, RuleFunction):
            functions[name] = candidate
        elif callable(candidate):
            functions[name] = RuleFunction(name, candidate)
        if name not in functions:
            raise RulesetError(source, f"{path} defines no function named {name!r}")
    return functions


def lookup(name: str, local: dict[str, RuleFunction]) -> RuleFunction | None:
    if name in local:
        return local[name]
    for module_name in _BUILTIN_MODULES:
        found = builtin_module_functions(module_name).get(name)
        if found is not None:
            return found
    return entry_point_functions().get(name)


def _as_functions(value: object, where: str) -> dict[str, RuleFunction]:
    if isinstance(value, dict) and all(isinstance(v, RuleFunction) for v in value.values()):
        return dict(value)
    raise RulesetError(where, "must export FUNCTIONS = {name: RuleFunction}")
