"""Thin click commands; one module per command, imported only when that command runs."""
