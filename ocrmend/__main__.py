"""``python -m ocrmend``: the same command as the ``ocrmend`` console script."""

from ocrmend.cli import main

if __name__ == "__main__":
    main()
