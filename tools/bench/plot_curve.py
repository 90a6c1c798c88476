#!/usr/bin/python3
"""Draws a growth curve from `apply_bench --curve FILE` as an SVG image, with no library
beyond Python's own: the rate over each million operations against the operations logged,
the 80% line of the first million's rate, and the ledger's bytes per operation on disk. Prints
the first and last tenth's rates.

    tools/bench/plot_curve.py curve.csv docs/growth.svg "title"
"""
import csv
import sys

WIDTH, HEIGHT = 900, 480
LEFT, RIGHT, TOP, BOTTOM = 80, 80, 50, 60


def read(path):
    rows = []
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            rows.append((int(row["operations"]), float(row["operations_per_second"]),
                         int(row["ledger_bytes"])))
    if len(rows) < 2:
        sys.exit(f"{path}: a curve needs at least two points, found {len(rows)}")
    return rows


def nice_ceiling(value):
    step = 10 ** (len(str(int(value))) - 1)
    return (int(value / step) + 1) * step


def polyline(points, colour, dashed=False):
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{text}"/>'


def draw(rows, title):
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    max_ops = rows[-1][0]
    max_rate = nice_ceiling(max(rate for _, rate, _ in rows))
    per_op = [(ops, size / ops) for ops, _, size in rows]
    max_bytes = nice_ceiling(max(b for _, b in per_op))

    def x(ops):
        return LEFT + plot_w * ops / max_ops

    def y_rate(rate):
        return TOP + plot_h * (1 - rate / max_rate)

    def y_bytes(b):
        return TOP + plot_h * (1 - b / max_bytes)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="sans-serif" font-size="13">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{WIDTH / 2}" y="28" text-anchor="middle" font-size="16">{title}</text>']
    for i in range(6):
        rate = max_rate * i / 5
        y = y_rate(rate)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{rate:,.0f}</text>')
        out.append(f'<text x="{WIDTH - RIGHT + 8}" y="{y + 4:.1f}" fill="#b35900">'
                   f'{max_bytes * i / 5:,.0f}</text>')
    for i in range(6):
        ops = max_ops * i / 5
        out.append(f'<text x="{x(ops):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">'
                   f'{ops / 1e6:,.0f}M</text>')
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 15}" text-anchor="middle">'
               f'operations in the ledger</text>')
    out.append(f'<text x="18" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {TOP + plot_h / 2})">operations/s over each million'
               f'</text>')
    out.append(f'<text x="{WIDTH - 18}" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'fill="#b35900" transform="rotate(90 {WIDTH - 18} {TOP + plot_h / 2})">'
               f'ledger bytes on disk per operation</text>')
    floor = 0.8 * rows[0][1]
    out.append(polyline([(x(0), y_rate(floor)), (x(max_ops), y_rate(floor))], "#c00", True))
    out.append(f'<text x="{WIDTH - RIGHT - 4}" y="{y_rate(floor) - 6:.1f}" text-anchor="end" '
               f'fill="#c00">80% of the first million</text>')
    out.append(polyline([(x(ops), y_rate(rate)) for ops, rate, _ in rows], "#1f5fbf"))
    out.append(polyline([(x(ops), y_bytes(b)) for ops, b in per_op], "#b35900"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def summary(rows):
    """The rates of the first and last tenth of the run, as operations over time (harmonic
    means of the per-step rates, the steps being of equal size), and the slowest step."""
    rates = [rate for _, rate, _ in rows]
    tenth = max(1, len(rates) // 10)

    def mean(part):
        return len(part) / sum(1 / rate for rate in part)

    first, last = mean(rates[:tenth]), mean(rates[-tenth:])
    slowest = min(range(len(rates)), key=lambda i: rates[i])
    return (f"overall {mean(rates):.0f}/s; first tenth {first:.0f}/s; last tenth {last:.0f}/s "
            f"({100 * last / first:.1f}% of the first); slowest step {rates[slowest]:.0f}/s "
            f"at {rows[slowest][0]:,} operations; {rows[-1][2] / rows[-1][0]:.1f} bytes per "
            f"operation at the end")


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: plot_curve.py CURVE.csv OUT.svg TITLE")
    rows = read(sys.argv[1])
    if not rows:
        sys.exit(f"{sys.argv[1]}: no rows")
    with open(sys.argv[2], "w") as file:
        file.write(draw(rows, sys.argv[3]))
    print(summary(rows))


if __name__ == "__main__":
    main()
