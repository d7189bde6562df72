"""Health score: per-document scores (``score``), rolled up to services, teams and the
organisation (``rollup``), metrics beside them (``metrics``), history in SQLite
(``history``) and the static dashboard (``dashboard``). See docs/score.md."""
