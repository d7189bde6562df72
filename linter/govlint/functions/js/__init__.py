"""JavaScript rule functions (Spectral's ``functionsDir`` ``.js``/``.mjs``/``.cjs``), run in
a Node.js process: ``bridge.py`` (Python side) and ``host.mjs`` (Node side)."""
