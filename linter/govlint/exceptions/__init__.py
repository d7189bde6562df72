"""Where a finding is suppressed: waivers, sandbox zones (SBX-004) and baselines.

Suppressed findings are never dropped: they stay in the report with ``suppressed`` set
(``{"kind": "waiver"|"sandbox"|"baseline", ...}``) and do not count towards the exit code.
The stage also reports on the exceptions themselves (``waiver-invalid``, ``waiver-expired``,
``waiver-unused``, ``baseline-fixed``).
Entry point: :func:`govlint.exceptions.apply.apply_exceptions`.
"""
