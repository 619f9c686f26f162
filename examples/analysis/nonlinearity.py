"""Non-linearity of a pulse-response curve G(P), shared by the Fig. 11b
(ltp_ltd.py) and Fig. 4a (ecram.py) analyses so that both figures use one
measure."""
import math


def nonlinearity(g):
    """The largest distance of the normalised G(P) from the straight line
    between its ends (0: linear)."""
    s = [(x - g[0]) / (g[-1] - g[0]) for x in g]
    return max(abs(s[p] - p / (len(g) - 1)) for p in range(len(g)))


def neurosim_a(g):
    """A / Pmax of G(P) = B (1 - exp(-P / A)) + G0 through both ends (Chen
    et al., ICCAD 2015; REFERENCE.md 8.1), by a least-squares search over
    log A (LTD: fit to -G, whose fall saturates the same way). Bounded at
    100: straighter curves than that read as linear."""
    p_max = len(g) - 1
    g0, g1 = g[0], g[-1]

    def err(a):
        b = (g1 - g0) / (1 - math.exp(-p_max / a))
        return sum((b * (1 - math.exp(-p / a)) + g0 - x) ** 2 for p, x in enumerate(g))

    lo, hi = math.log(0.01 * p_max), math.log(100 * p_max)
    for _ in range(200):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if err(math.exp(m1)) < err(math.exp(m2)):
            hi = m2
        else:
            lo = m1
    return math.exp((lo + hi) / 2) / p_max


def fmt_a(a):
    return "> 100 (linear)" if a > 99 else f"{a:.2f}"
