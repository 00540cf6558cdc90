"""`python -m whatapplies ...`: the same command line as the `whatapplies` script."""

from whatapplies.cli import run

run()
