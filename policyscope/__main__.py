"""`python -m policyscope` runs the CLI."""

from policyscope.cli import main

main()
