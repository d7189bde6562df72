"""``python -m govlint``."""

from govlint.cli.main import main

if __name__ == "__main__":
    main()
