"""Plots the soak record (scripts/soak.sh): resident memory, entities and asset counts
against frames, one panel each, so growth shows at a glance."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(csv_path: str, png_path: str) -> None:
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{csv_path} has no rows")
    frames = [int(r["frame"]) for r in rows]
    fig, axes = plt.subplots(3, 1, figsize=(9, 8), sharex=True)
    axes[0].plot(frames, [int(r["resident_kib"]) / 1024 for r in rows], marker="o")
    axes[0].set_ylabel("resident memory (MiB)")
    axes[0].set_ylim(bottom=0)
    axes[1].plot(frames, [int(r["entities"]) for r in rows], marker="o", color="tab:green")
    axes[1].set_ylabel("entities")
    axes[1].set_ylim(bottom=0)
    for name in ["meshes", "materials", "images", "scenes", "fonts", "venues"]:
        axes[2].plot(frames, [int(r[name]) for r in rows], marker=".", label=name)
    axes[2].set_ylabel("assets alive")
    axes[2].set_ylim(bottom=0)
    axes[2].legend(ncol=3, fontsize="small")
    axes[2].set_xlabel("frame (half a second of booth time each)")
    resets = rows[-1]["resets"]
    fig.suptitle(f"venue-guide kiosk soak: {frames[-1]} frames, {resets} resets")
    fig.tight_layout()
    fig.savefig(png_path, dpi=100)
    print(f"wrote {png_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
