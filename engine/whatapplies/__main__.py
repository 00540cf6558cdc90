"""`python -m whatapplies ...`: the same command line as the `whatapplies` script."""

from whatapplies.entry import main

main()
