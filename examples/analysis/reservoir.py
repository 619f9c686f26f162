#!/usr/bin/env python3
"""Fig. 17 signatures from examples/fig17-reservoir.nmc (run with Debian's
python3, which has numpy and scikit-learn).

  reservoir.py RUN_DIR [DIGITS_CSV]

Reads each device's read current after the stream (the last row of
states.csv) and the pulse file the model applied; 5 devices per image.
Prints: the order signature (two rows with one pulse each, 1000 and 0001,
end in different states; the later pulse leaves more); the readout's
accuracy on the ten clean digits it was trained on (a 5 -> 10 logistic
regression); its accuracy on the noisy copies at each flip probability;
and, for scale, a readout trained on half of the noisy copies and a
logistic regression on the 20 raw pixels, each tested on the other half.
Fails unless all ten digits are recognised, 1000 and 0001 differ, and
accuracy falls as noise grows.
"""
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROWS, NOISE, COPIES = 5, [0.05, 0.10, 0.20], 100


def load(run_dir, digits_csv):
    with open(Path(run_dir) / "states.csv") as f:
        last = list(csv.reader(f))[-1]
    current = np.array([float(x) for x in last[1:]])
    rows = [line.strip() for line in open(digits_csv)
            if line.strip() and not line.startswith("#")]
    bits = np.array([[int(b) for b in r.split(",")] for r in rows])
    return current.reshape(-1, ROWS), bits.reshape(-1, ROWS * bits.shape[1])


def readout(x, y):
    scale = StandardScaler().fit(x)
    clf = LogisticRegression(C=1e4, max_iter=20000).fit(scale.transform(x), y)
    return lambda z: clf.predict(scale.transform(z))


DIGITS_CSV = Path(__file__).resolve().parent.parent / "data" / "digits5x4.csv"


def analyse(states, pixels):
    """The numbers main() prints and examples/plot/fig17.py draws, from
    load()'s states and pixels: a dict of early and late (the read current
    after the rows 1000 and 0001), hits (clean digits the readout
    recognises) and noise, one (p, clean, noisy, raw) per flip probability
    p: the accuracy of the readout of the clean ten, of one trained on
    half of the noisy copies and of a regression on their 20 pixels."""
    row_bits = pixels.reshape(-1, ROWS, pixels.shape[1] // ROWS)
    # Order: the state after 1000 and after 0001 (one pulse each).
    by_row = {}
    for img in range(10):
        for r in range(ROWS):
            by_row.setdefault("".join(map(str, row_bits[img, r])), states[img, r])
    clean_x, clean_y = states[:10], np.arange(10)
    predict = readout(clean_x, clean_y)
    hits = int((predict(clean_x) == clean_y).sum())
    noise = []
    for k, p in enumerate(NOISE):
        lo = 10 + k * 10 * COPIES
        x = states[lo:lo + 10 * COPIES]
        px = pixels[lo:lo + 10 * COPIES]
        y = np.repeat(np.arange(10), COPIES)
        acc = (predict(x) == y).mean()
        half = np.tile(np.arange(COPIES) < COPIES // 2, 10)
        noisy = (readout(x[half], y[half])(x[~half]) == y[~half]).mean()
        raw = (readout(px[half], y[half])(px[~half]) == y[~half]).mean()
        noise.append((p, acc, noisy, raw))
    return {"early": by_row["1000"], "late": by_row["0001"], "hits": hits, "noise": noise}


def main():
    digits_csv = sys.argv[2] if len(sys.argv) > 2 else DIGITS_CSV
    res = analyse(*load(sys.argv[1], digits_csv))
    early, late = res["early"], res["late"]
    print(f"order: one pulse in slot 0 reads {early * 1e9:.2f} nA, in slot 3 {late * 1e9:.2f} nA")
    ok = late > early * 1.2
    print(f"clean digits recognised: {res['hits']}/10")
    ok &= res["hits"] == 10
    for p, acc, noisy, raw in res["noise"]:
        print(f"{p * 100:3.0f}% pixels flipped: readout of the clean ten {acc * 100:5.1f}%, "
              f"trained on noisy copies {noisy * 100:5.1f}% (logistic regression on the 20 "
              f"pixels: {raw * 100:5.1f}%)")
    accs = [acc for _, acc, _, _ in res["noise"]]
    ok &= accs[0] > accs[1] > accs[2] and accs[0] > 0.5
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
