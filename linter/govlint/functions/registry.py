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


_FUNCTION_SUFFIXES = (".py", ".js", ".mjs", ".cjs")


def function_file(directory: Path, name: str) -> Path:
    """The file of function ``name`` in a ``functionsDir``: ``<name>.py`` (a govlint
    port wins), else Spectral's ``<name>.js``/``.mjs``/``.cjs``; ``<name>.py`` when none is
    there (the message then names it)."""
    for suffix in _FUNCTION_SUFFIXES:
        path = directory / f"{name}{suffix}"
        if path.is_file():
            return path
    return directory / f"{name}.py"


def load_functions_dir(directory: Path, names: list[str], source: str) -> dict[str, RuleFunction]:
    """Load ``<directory>/<name>.py`` (or Spectral's ``<name>.js``, run in Node.js) for each
    name a ruleset lists under ``functions``.

    This runs the ruleset author's own local code, like Spectral's ``functionsDir``: only
    local paths are accepted, never a URL.
    """
    functions: dict[str, RuleFunction] = {}
    js_files: dict[str, Path] = {}
    for name in names:
        path = function_file(directory, name)
        if not path.is_file():
            raise RulesetError(source, f"function {name!r} not found: {path} does not exist "
                               "(nor .js, .mjs, .cjs)")
        if path.suffix != ".py":
            js_files[name] = path.resolve()
            continue
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
    if js_files:
        from govlint.functions.js.bridge import load_js_functions

        functions.update(load_js_functions(js_files, source, directory, {
            name: _shown(path) for name, path in js_files.items()}))
    return functions


def _shown(path: Path) -> str:
    """A function file as messages name it: relative to the working directory when inside."""
    import os

    try:
        return Path(os.path.relpath(path)).as_posix() if Path.cwd() in path.parents \
            else str(path)
    except ValueError:
        return str(path)


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
