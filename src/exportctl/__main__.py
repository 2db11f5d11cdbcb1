"""``python -m exportctl``: the same command line as the ``exportctl`` script."""

from exportctl.cli import main

main()
