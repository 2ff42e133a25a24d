#!/usr/bin/env python3
"""Measures every stage of the saliency map against an evaluation kit's salient-object masks.

Reads the model's feature maps dumped by `SaliencyLab features` (NAME_s<scale>_<output>.npy, output 0 =
the /32 layer, 1 = the /16 layer) and the kit's masks (KIT/masks/NAME.pgm), rebuilds the map under
variants of each stage, and scores them the way the kit's saliency_auc.py does: pixel AUC of the map
(upsampled to the mask, 8-bit) against mask > 127, photos with under 2% salient pixels left out, beside
a centre-weighted Gaussian. A measuring tool, not a training loop: the masks never reach the product.

  measure.py stages      --features DIR [--kit KIT]   the ablation table (models/README.md)
  measure.py calibration --features DIR [--kit KIT]   reliability of the default map, logistic fit per scale
  measure.py gate        --features DIR [--kit KIT] [--synthetic DIR]   peak / spread / confidence per photo
  measure.py score       --maps DIR [--suffix=-saliency] [--kit KIT]   AUC of PNG maps (Get-ImageSaliency -OutFile DIR)

Python 3 + numpy; re-executes itself with /usr/bin/python3 when the python on PATH lacks numpy.
"""
import argparse, json, os, subprocess, sys
try:
    import numpy as np
except ImportError:
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

# The product's defaults (SaliencyOptions, models/resnet18.json).
MIDPOINT, WIDTH = 0.6, 0.05
NO_SUBJECT_PEAK, SUBJECT_PEAK, SUBJECT_SPREAD, NO_SUBJECT_SPREAD = 0.1, 0.5, 0.75, 0.95


def read_pgm(path):
    raw = open(path, "rb").read()
    parts, i = [], 0
    while len(parts) < 4:
        while raw[i:i + 1].isspace(): i += 1
        if raw[i:i + 1] == b"#":
            while raw[i:i + 1] != b"\n": i += 1
            continue
        j = i
        while not raw[j:j + 1].isspace(): j += 1
        parts.append(raw[i:j]); i = j
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(raw[i + 1:i + 1 + w * h], np.uint8).reshape(h, w)


def read_png_grey(path):
    raw = subprocess.run(["/usr/bin/convert", path, "-colorspace", "Gray", "-depth", "8", "pgm:-"], check=True, capture_output=True).stdout
    tmp = "/tmp/measure-%d.pgm" % os.getpid()
    open(tmp, "wb").write(raw)
    try: return read_pgm(tmp) / 255.0
    finally: os.remove(tmp)


class Kit:
    def __init__(self, kit, features=None):
        self.kit, self.features = kit, features
        self.names = sorted(f[:-4] for f in os.listdir(os.path.join(kit, "photos")) if f.endswith(".png"))
        self._masks, self._feat = {}, {}
        self.scored = [n for n in self.names if self.mask(n).mean() >= 0.02]
        self.no_subject = [n for n in self.names if n not in self.scored]

    def mask(self, n):
        if n not in self._masks: self._masks[n] = read_pgm(os.path.join(self.kit, "masks", n + ".pgm")) > 127
        return self._masks[n]

    def feat(self, n, scale, output, folder=None):
        key = (folder, n, scale, output)
        if key not in self._feat: self._feat[key] = np.load(os.path.join(folder or self.features, f"{n}_s{scale}_{output}.npy"))
        return self._feat[key]

    def size(self, n, folder=None):
        return json.load(open(os.path.join(folder or self.features, n + ".json")))


_taps = {}
def taps(src, dst):
    """The product's Resampler: half-pixel triangle filter, widening when shrinking, clamped edges."""
    if (src, dst) in _taps: return _taps[(src, dst)]
    scale = src / dst; support = max(1.0, scale); m = np.zeros((dst, src))
    for i in range(dst):
        c = (i + 0.5) * scale - 0.5
        for j in range(int(np.ceil(c - support)), int(np.floor(c + support)) + 1):
            w = 1 - abs(j - c) / support
            if w > 0: m[i, min(max(j, 0), src - 1)] += w
        if m[i].sum() == 0: m[i, min(max(int(round(c)), 0), src - 1)] = 1
        m[i] /= m[i].sum()
    _taps[(src, dst)] = m
    return m


def resize(g, w, h):
    return g if g.shape == (h, w) else taps(g.shape[0], h) @ g @ taps(g.shape[1], w).T


def auc(score, positive):
    """Pixel AUC on 256 levels, ties counted half (= saliency_auc.py's average ranks on an 8-bit map)."""
    q = np.clip(np.round(score.ravel() * 255), 0, 255).astype(np.int64); p = positive.ravel()
    hp = np.bincount(q[p], minlength=256).astype(float); hn = np.bincount(q[~p], minlength=256).astype(float)
    below = np.concatenate([[0], np.cumsum(hn)[:-1]])
    return float((hp * (below + 0.5 * hn)).sum() / (hp.sum() * hn.sum()))


def centre(w, h):
    yy, xx = np.mgrid[0:h, 0:w]
    return np.exp(-(((xx - w / 2) / (0.25 * w)) ** 2 + ((yy - h / 2) / (0.25 * h)) ** 2) / 2)


def sigmoid(x): return 1 / (1 + np.exp(-x))


def unit(x): return x / np.maximum(np.linalg.norm(x, axis=0, keepdims=True), 1e-12)


def border_distance(f, sides=True):
    """1 - mean cosine similarity to the four sides' mean features (sides=False: one prototype, the whole border ring)."""
    c, h, w = f.shape; x = unit(f.reshape(c, -1))
    if sides:
        protos = [f[:, 0, :].mean(1), f[:, -1, :].mean(1), f[:, :, 0].mean(1), f[:, :, -1].mean(1)]
    else:
        ring = np.zeros((h, w), bool); ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = True
        protos = [f.reshape(c, -1)[:, ring.ravel()].mean(1)]
    q = np.mean([p / max(np.linalg.norm(p), 1e-12) for p in protos], axis=0)
    return np.maximum(0, 1 - q @ x).reshape(h, w)


def channel_mean(f): return f.mean(0)


def normalise(g, low=0.0, high=0.99):
    a, b = np.quantile(g, low), np.quantile(g, high)
    return np.clip((g - a) / max(b - a, 1e-12), 0, 1)


def prior(h, w, sigma=0.35):
    yy = (np.arange(h) + 0.5) / h - 0.5; xx = (np.arange(w) + 0.5) / w - 0.5
    return np.exp(-(xx[None, :] ** 2 + yy[:, None] ** 2) / (2 * sigma * sigma))


def blur(g, sigma):
    if sigma < 0.05: return g
    r = max(1, int(np.ceil(3 * sigma))); k = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * sigma * sigma)); k /= k.sum()
    h, w = g.shape
    p = np.pad(g, ((0, 0), (r, r)), mode="edge"); t = sum(k[i] * p[:, i:i + w] for i in range(2 * r + 1))
    p = np.pad(t, ((r, r), (0, 0)), mode="edge"); return sum(k[i] * p[i:i + h, :] for i in range(2 * r + 1))


def spread_top(g, share=0.3):
    """Spatial variance of the top share of cells about their centroid, over a uniform spread's (1/6)."""
    h, w = g.shape; sel = g >= np.quantile(g, 1 - share)
    yy, xx = np.mgrid[0:h, 0:w]; fx = (xx[sel] + 0.5) / w; fy = (yy[sel] + 0.5) / h
    return float((fx.var() + fy.var()) / (1 / 6))


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0, 1); return t * t * (3 - 2 * t)


def build(kit, n, scales=(256,), cue="sides", weights=(1, 1), norm="calibrated", smooth=0.0, prior_strength=0.0, folder=None):
    """The map on the /16 grid of the largest scale; weights = (/32, /16). norm: calibrated (the
    product: the fused border distance through the fixed logistic), distance (the fused distance
    itself), relative (each layer and the fusion stretched per image between min and q99), clipped
    (relative between the 30% quantile and q99, then the 0.15 threshold: the previous map's ties at 0)."""
    per_scale = []
    for s in scales:
        layers = []
        for output, wt in zip((0, 1), weights):
            if wt == 0: continue
            f = kit.feat(n, s, output, folder)
            g = channel_mean(f) if cue == "mean" else border_distance(f, sides=(cue == "sides"))
            if norm in ("relative", "clipped"): g = g / max(np.quantile(g, 0.99), 1e-12) if cue == "mean" else normalise(g)
            layers.append((g, wt))
        hh = max(g.shape[0] for g, _ in layers); ww = max(g.shape[1] for g, _ in layers)
        per_scale.append(sum(wt * resize(g, ww, hh) for g, wt in layers) / sum(wt for _, wt in layers))
    hh = max(g.shape[0] for g in per_scale); ww = max(g.shape[1] for g in per_scale)
    g = sum(resize(x, ww, hh) for x in per_scale) / len(per_scale)
    if norm == "calibrated": g = sigmoid((g - MIDPOINT) / WIDTH)
    elif norm == "relative": g = normalise(g)
    elif norm == "clipped": g = normalise(g, 0.3)
    if smooth > 0:
        size = kit.size(n, folder); g = blur(g, smooth * min(size["width"], size["height"]) / (size["width"] / ww))
    if prior_strength > 0:
        g = g * prior(hh, ww) ** prior_strength
        if norm != "calibrated": g = g / max(g.max(), 1e-12)
    if norm == "clipped": g = np.maximum(0, g - 0.15) / 0.85
    return g


def score_maps(kit, maps):
    res = {}
    for n in kit.scored:
        m = kit.mask(n); h, w = m.shape
        res[n] = auc(np.clip(resize(maps[n], w, h) if maps[n].shape != (h, w) else maps[n], 0, 1), m)
    return res


def centre_aucs(kit):
    return {n: auc(centre(*kit.mask(n).shape[::-1]), kit.mask(n)) for n in kit.scored}


def summary(res, cen):
    worst = min(res, key=lambda n: res[n] - cen[n])
    return float(np.mean(list(res.values()))), res[worst] - cen[worst], worst


def stages(kit):
    cen = centre_aucs(kit)
    default = dict(scales=(256,), cue="sides", weights=(1, 1), norm="calibrated")
    old = dict(scales=(224, 448), cue="mean", weights=(0.75, 0.25), norm="relative", smooth=0.02, prior_strength=0.5)
    variants = [
        ("previous cue: channel mean, 224+448, /32:/16 = 3:1, smoothing 0.02, prior 0.5", old),
        ("  ... with its 30% low quantile and 0.15 threshold (ties at 0)", dict(old, norm="clipped")),
        ("border distance, one prototype for the whole border", dict(default, cue="ring")),
        ("border distance per side (default: 256, /32 + /16, calibrated)", default),
        ("  /32 layer only", dict(default, weights=(1, 0))),
        ("  /16 layer only", dict(default, weights=(0, 1))),
        ("  /32:/16 = 3:1", dict(default, weights=(3, 1))),
        ("  /32:/16 = 1:3", dict(default, weights=(1, 3))),
    ]
    variants += [(f"  scale {s}", dict(default, scales=(s,))) for s in (160, 192, 224, 288, 320, 384, 448, 512)]
    variants += [(f"  scales {a}+{b}", dict(default, scales=(a, b))) for a, b in ((224, 320), (256, 384), (224, 448), (256, 512))]
    variants += [
        ("  per-image normalisation (min..q99) instead of the fixed calibration", dict(default, norm="relative")),
        ("  ... then the old 0.15 threshold (ties at 0)", dict(default, norm="clipped")),
        ("  smoothing 0.02", dict(default, smooth=0.02)),
        ("  smoothing 0.05", dict(default, smooth=0.05)),
        ("  centre prior 0.25", dict(default, prior_strength=0.25)),
        ("  centre prior 0.5", dict(default, prior_strength=0.5)),
        ("  centre prior 1", dict(default, prior_strength=1.0)),
    ]
    print(f"{len(kit.scored)} photos with a subject; centre baseline AUC {np.mean(list(cen.values())):.3f}")
    print(f"| variant | AUC mean | worst vs centre |\n|---|---|---|")
    rows = {}
    for label, kw in variants:
        res = score_maps(kit, {n: build(kit, n, **kw) for n in kit.scored})
        rows[label] = res
        m, d, worst = summary(res, cen)
        print(f"| {label} | {m:.3f} | {d:+.3f} ({worst}) |")
    base = rows[variants[3][0]]; prev = rows[variants[0][0]]
    print("\n| photo | centre | previous cue | default |\n|---|---|---|---|")
    for n in kit.scored: print(f"| {n} | {cen[n]:.3f} | {prev[n]:.3f} | {base[n]:.3f} |")


def calibration(kit):
    edges = np.linspace(0, 1, 11); share = np.zeros(10); hits = np.zeros(10); brier = []
    raw = {}
    for n in kit.scored:
        m = kit.mask(n); h, w = m.shape
        g = build(kit, n); v = np.clip(resize(g, w, h), 0, 1)
        b = np.minimum((v * 10).astype(int), 9)
        share += np.bincount(b.ravel(), minlength=10) / v.size
        hits += np.bincount(b.ravel(), weights=m.ravel().astype(float), minlength=10) / v.size
        brier.append(np.mean((v - m) ** 2))
    print(f"default map, Brier score {np.mean(brier):.4f} (0.5 everywhere: 0.25); each photo weighs the same")
    print("| map value | share of pixels | salient |\n|---|---|---|")
    for i in range(10): print(f"| {edges[i]:.1f}-{edges[i + 1]:.1f} | {share[i] / len(kit.scored):.3f} | {hits[i] / max(share[i], 1e-12):.3f} |")
    print("\nlogistic fit of P(salient | border distance), pooled, every 4th pixel:")
    for s in (224, 256, 288, 320, 384, 448):
        data = []
        for n in kit.scored:
            m = kit.mask(n); h, w = m.shape
            d = build(kit, n, scales=(s,), norm="distance")
            data.append((resize(d, w, h)[::4, ::4].ravel(), m[::4, ::4].ravel().astype(float)))
        best = min((np.mean([np.mean((sigmoid((d - a) / b) - y) ** 2) for d, y in data]), a, b)
                   for a in np.arange(0.50, 0.70, 0.005) for b in np.arange(0.02, 0.09, 0.005))
        print(f"  scale {s}: midpoint {best[1]:.3f}, width {best[2]:.3f}, Brier {best[0]:.4f}")


def gate(kit, synthetic=None):
    def row(n, folder=None):
        g = build(kit, n, folder=folder)
        peak = float(np.quantile(g, 0.99))
        sp = spread_top(border_distance(kit.feat(n, 256, 0, folder)))
        conf = smoothstep(NO_SUBJECT_PEAK, SUBJECT_PEAK, peak) * (1 - smoothstep(SUBJECT_SPREAD, NO_SUBJECT_SPREAD, sp))
        return peak, sp, conf
    print("| image | peak | spread | confidence |\n|---|---|---|---|")
    for n in kit.names:
        p, s, c = row(n)
        print(f"| {n}{' (no subject)' if n in kit.no_subject else ''} | {p:.3f} | {s:.3f} | {c:.2f} |")
    if synthetic:
        for n in sorted(f[:-5] for f in os.listdir(synthetic) if f.endswith(".json")):
            p, s, c = row(n, synthetic)
            print(f"| {n} (synthetic) | {p:.3f} | {s:.3f} | {c:.2f} |")


def score(kit, maps_dir, suffix=""):
    cen = centre_aucs(kit)
    maps = {n: read_png_grey(os.path.join(maps_dir, n + suffix + ".png")) for n in kit.scored}
    res = score_maps(kit, maps)
    for n in kit.scored: print(f"{n:16s} map {res[n]:.3f}  centre {cen[n]:.3f}")
    m, d, worst = summary(res, cen)
    print(f"AUC mean: map {m:.3f} centre {np.mean(list(cen.values())):.3f}; worst vs centre {d:+.3f} ({worst})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["stages", "calibration", "gate", "score"])
    ap.add_argument("--kit", default=os.environ.get("KIT", os.path.join(os.path.dirname(__file__), "../../../shared/eval-kit")))
    ap.add_argument("--features"); ap.add_argument("--synthetic"); ap.add_argument("--maps")
    ap.add_argument("--suffix", default="", help="score: maps are NAME<suffix>.png (Get-ImageSaliency -OutFile DIR: -saliency)")
    a = ap.parse_args()
    kit = Kit(a.kit, a.features)
    if a.command == "stages": stages(kit)
    elif a.command == "calibration": calibration(kit)
    elif a.command == "gate": gate(kit, a.synthetic)
    else: score(kit, a.maps, a.suffix)


if __name__ == "__main__":
    main()
