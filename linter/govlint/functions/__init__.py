"""Rule functions: Spectral's core functions, govlint's governance functions, and custom ones."""
