"""`python -m transpress.cli`: the same as the `transpress` command."""

from transpress.cli import main

main()
