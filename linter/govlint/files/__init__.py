"""Files: expand command-line PATHS into the files to lint."""
