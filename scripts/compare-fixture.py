"""Compare a regenerated fixture with the committed one, field by field.

Text fields must match exactly; numbers must agree to 1e-9 relative or 5e-8 absolute
(in the file's own units: metres, degrees, seconds). numpy's vectorised maths takes
different code paths on different processors (AVX2, AVX-512), which changes the last
bits of its results; the tests that read the fixtures assert to a millimetre or 1e-9
degrees, far above that, while any real change of a generator shows up far beyond it.

Usage: compare-fixture.py COMMITTED REGENERATED   (exit 1 and a line saying where, if
they differ)
"""

import sys

REL, ABS = 1e-9, 5e-8


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(committed, regenerated):
    with open(committed) as f:
        ours = f.read().splitlines()
    with open(regenerated) as f:
        theirs = f.read().splitlines()
    if len(ours) != len(theirs):
        print(f"{committed}: {len(ours)} lines, regenerated {len(theirs)}")
        return 1
    for n, (a, b) in enumerate(zip(ours, theirs), start=1):
        if a == b:
            continue
        fa, fb = a.split(","), b.split(",")
        if len(fa) != len(fb):
            print(f"{committed}:{n}: {len(fa)} fields, regenerated {len(fb)}")
            return 1
        for k, (x, y) in enumerate(zip(fa, fb), start=1):
            if x == y:
                continue
            u, v = number(x), number(y)
            if u is None or v is None or abs(u - v) > max(REL * max(abs(u), abs(v)), ABS):
                print(f"{committed}:{n}: field {k} is {x}, regenerated {y}")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
