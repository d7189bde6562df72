"""Documents: turn files into parsed documents with kinds, formats and source positions."""
