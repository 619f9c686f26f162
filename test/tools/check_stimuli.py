#!/usr/bin/env python3
"""test/run/Inputs/stimuli.nmc against the definitions of its stimuli
(docs/LANGUAGE.md), computed here independently of nmc:
 - image: pixel i fires in a step with probability level_i * rate * dt;
 - sequence: line i, value k = 1 is a spike of element i at k * slot;
 - bar: pixel (row, col) at x = col - (cols-1)/2, y = (rows-1)/2 - row is
   reached by the leading edge at ta = (u + reach) / speed, where u is its
   coordinate along the direction and reach the grid's half extent along it;
   it fires at ta and every 1 / rate while the bar covers it (width /
   speed); a spike at s is reported in the step that holds it;
 - images: line k is image k, shown from k (show + rest) for show: pixel
   i fires in a step that starts then with probability level * rate * dt,
   and never while no image is shown (the rest, after the last image);
 - sine: a Poisson source of rate 100 Hz * (1 + sin(2 pi 10 Hz t)), read
   at the step's start."""
import csv
import math
import sys

DT, T = 1e-4, 2.0
STEPS = round(T / DT)


def spikes(out, name):
    with open(f"{out}/{name}_spikes.csv") as f:
        return [(int(r[0]), float(r[1])) for r in list(csv.reader(f))[1:]]


def rows(path):
    with open(path) as f:
        lines = [l for l in f if l.strip() and not l.lstrip().startswith("#")]
    return [[float(v) for v in l.split(",")] for l in lines]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_image(inputs, out):
    levels = [v for row in rows(f"{inputs}/stimuli-image.csv") for v in row]
    got = [0] * len(levels)
    for i, _ in spikes(out, "img"):
        got[i] += 1
    p = [lv * 200.0 * DT for lv in levels]
    for i, (n, pi_) in enumerate(zip(got, p)):
        mean, sd = STEPS * pi_, math.sqrt(STEPS * pi_ * (1 - pi_))
        if (pi_ == 0 and n != 0) or abs(n - mean) > 5 * sd:
            fail(f"image pixel {i}: {n} spikes, expected {mean:.1f} +- {sd:.1f}")
    print(f"image: {len(levels)} pixels, {sum(got)} spikes, "
          "each pixel within 5 sigma of level * rate * T")


def check_sequence(inputs, out):
    want = sorted((i, k * 2e-3) for i, row in enumerate(rows(f"{inputs}/stimuli-sequence.csv"))
                  for k, v in enumerate(row) if v == 1)
    got = sorted(spikes(out, "seq"))
    if len(got) != len(want) or any(a[0] != b[0] or abs(a[1] - b[1]) > 1e-12
                                    for a, b in zip(got, want)):
        fail(f"sequence: {got} != {want}")
    print(f"sequence: {len(got)} spikes, as listed")


def bar_spikes(nrows, ncols, angle, speed, width, rate):
    c, s = math.cos(angle), math.sin(angle)
    reach = (ncols - 1) / 2 * abs(c) + (nrows - 1) / 2 * abs(s)
    want = []
    for r in range(nrows):
        for col in range(ncols):
            u = (col - (ncols - 1) / 2) * c + ((nrows - 1) / 2 - r) * s
            ta = (u + reach) / speed
            td = ta + width / speed
            times = [ta]
            while rate > 0 and times[-1] + 1 / rate < td - 1e-12:
                times.append(ta + len(times) / rate)
            for t in times:
                if t < T:
                    want.append((r * ncols + col, math.floor(t / DT + 1e-9)))
    return sorted(want)


def check_bar(out, name, nrows, ncols, angle, speed, width, rate):
    want = bar_spikes(nrows, ncols, angle, speed, width, rate)
    got = sorted((i, round(t / DT)) for i, t in spikes(out, name))
    if got != want:
        fail(f"{name}: steps {got[:8]}... != {want[:8]}...")
    print(f"{name}: {len(got)} spikes at the times of a bar of width {width:g} "
          f"at {speed:g} pixels/s")


def check_sine(out):
    # Expected counts in the rising (first) and falling half of each period.
    mean, var = [0.0, 0.0], [0.0, 0.0]
    for n in range(STEPS):
        p = 100.0 * (1 + math.sin(2 * math.pi * 10 * n * DT)) * DT
        half = 0 if (n % 1000) < 500 else 1
        mean[half] += 200 * p
        var[half] += 200 * p * (1 - p)
    got = [0, 0]
    for _, t in spikes(out, "sine"):
        got[0 if (round(t / DT) % 1000) < 500 else 1] += 1
    for h in range(2):
        if abs(got[h] - mean[h]) > 5 * math.sqrt(var[h]):
            fail(f"sine half {h}: {got[h]} spikes, expected {mean[h]:.0f}")
    print(f"sine: rising half {got[0]}, falling half {got[1]}, each within 5 sigma")


def check_images(inputs, out):
    images = rows(f"{inputs}/stimuli-images.csv")
    show, period, rate = 0.5, 0.6, 100.0
    got = {}
    for i, t in spikes(out, "shown"):
        n = round(t / DT)
        k = n // round(period / DT)
        if k >= len(images) or n - k * round(period / DT) >= round(show / DT):
            fail(f"images: pixel {i} fired at {t} s, while no image is shown")
        got[(k, i)] = got.get((k, i), 0) + 1
    for k, levels in enumerate(images):
        for i, lv in enumerate(levels):
            n, p = got.get((k, i), 0), lv * rate * DT
            mean, sd = round(show / DT) * p, math.sqrt(round(show / DT) * p * (1 - p))
            if (p == 0 and n != 0) or abs(n - mean) > 5 * sd:
                fail(f"images: image {k} pixel {i}: {n} spikes, expected {mean:.1f} +- {sd:.1f}")
    print(f"images: {len(images)} images of {len(images[0])} pixels, {sum(got.values())} spikes, "
          "each pixel of each image within 5 sigma of level * rate * show, none while dark")


def main(inputs, out):
    check_image(inputs, out)
    check_sequence(inputs, out)
    check_bar(out, "right", 5, 7, 0.0, 1300.0, 2.0, 2000.0)
    check_bar(out, "diagonal", 4, 4, math.pi / 4, 500.0, 1.0, 0.0)
    check_bar(out, "left", 1, 3, math.pi, 1300.0, 1.0, 0.0)
    check_sine(out)
    check_images(inputs, out)
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
