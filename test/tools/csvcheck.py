"""What the event checkers share: a failure that ends the check, and a CSV
file of numbers read as its header and its rows."""
import csv
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def table(path):
    """The header and the rows (floats) of the CSV file at path."""
    with open(path) as f:
        r = csv.reader(f)
        return next(r), [[float(x) for x in row] for row in r]
