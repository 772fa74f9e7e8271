"""`python -m policyscope.cli` runs the CLI."""

from policyscope.cli import main

main()
