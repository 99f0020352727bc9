"""``python -m newsweave``: the command line."""

from newsweave.cli import main

main()
