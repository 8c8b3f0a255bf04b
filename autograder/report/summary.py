"""summary.html: the instructor's one-page view of a graded class, rendered from its statistics.

The statistics come from class_statistics.py, which OUT feeds one results document at a time.
Everything that comes from a results file (student names, problems, notes, tags) is escaped:
students choose their file names and can put text into what the grader reports.
"""

from __future__ import annotations

import base64
import io
import statistics
from html import escape
from pathlib import Path
from urllib.parse import quote

import numpy as np

from ..assignments import Assignment, load
from ..batch.outdir import OutDir
from ..diagnosis.catalogue import describe
from .class_statistics import ClassStatistics, class_statistics
from .prose import prose_html

KIND_COLOURS = {"function": "#3b6ea5", "lecture question": "#d08a2c", "worked example": "#4f9a5a"}
STYLE = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:2px solid #eee;padding-bottom:.2rem}
.muted{color:#666} code{font-size:.92em}
.stats{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.2rem 0}
.stat{background:#f4f6f9;border-radius:6px;padding:.6rem 1rem;min-width:7rem}
.stat b{display:block;font-size:1.5rem} .stat.warn{background:#fdecea}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95rem}
td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#fafafa} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.hard td{background:#fff4f2}
img{width:100%;height:auto;display:block;margin:.5rem 0} td.id{white-space:nowrap}
"""


def _png(fig, alt: str) -> str:
    """A figure as an embedded <img> (base64 PNG), with `alt` saying what it shows, in numbers."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img alt='{escape(alt)}' src='data:image/png;base64,{data}'>"


def histogram(scores: list[float], total: float) -> str:
    """Distribution of total scores, from 0 to the assignment's points."""
    from matplotlib.figure import Figure  # imported here: matplotlib costs ~0.6 s at CLI start
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(9.6, 3), layout="constrained")
    ax = fig.add_subplot()
    ax.hist(scores, bins=10, range=(0, total), color="#3b6ea5", edgecolor="white")
    mean = statistics.fmean(scores)
    ax.axvline(mean, color="#b3261e", linestyle="--", linewidth=1.2, label=f"mean {mean:.2f}")
    ax.legend(loc="upper left", frameon=False)
    ax.set(xlim=(0, total), xlabel=f"total score (out of {total:g})", ylabel="submissions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    counts, edges = np.histogram(scores, bins=10, range=(0, total))
    bins = "; ".join(f"{n} from {lo:g} to {hi:g}" for n, lo, hi in zip(counts, edges[:-1], edges[1:]) if n)
    return _png(fig, f"Histogram of {len(scores)} total scores out of {total:g}, mean {mean:.2f}: {bins}.")


def question_chart(assignment: Assignment, stats: ClassStatistics) -> str:
    """Each question's mean score as a fraction of its points, coloured by kind."""
    n, items = len(stats.scores), list(reversed(assignment.items))
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    fig = Figure(figsize=(9.6, 1.0 + 0.24 * len(items)), layout="constrained")
    ax = fig.add_subplot()
    fractions = [stats.earned[i.id] / n / i.points if i.points else 0 for i in items]
    bars = ax.barh(
        [i.id for i in items], fractions, height=0.7, color=[KIND_COLOURS.get(i.kind, "#888") for i in items]
    )
    ax.bar_label(bars, labels=[f"{f:.0%}" for f in fractions], padding=3, fontsize=8)
    ax.margins(y=0.01)
    ax.set(xlim=(0, 1), xlabel="mean score, share of the question's points")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    for kind, colour in KIND_COLOURS.items():
        ax.bar(0, 0, color=colour, label=kind)
    ax.legend(loc="lower right", fontsize=8, bbox_to_anchor=(1, 1), ncols=3, frameon=False)
    shares = "; ".join(f"{i.id} {f:.0%}" for i, f in zip(reversed(items), reversed(fractions)))
    return _png(
        fig,
        f"Bar chart of each question's mean score as a share of its points, over {n} submissions: {shares}.",
    )


def _header(assignment: Assignment, stats: ClassStatistics) -> str:
    scores, total = stats.scores, assignment.total_points
    figures = [("submissions", str(len(scores)), "submissions", "")]
    if scores:
        figures += [
            (name, f"{value:.2f}", f"{name} / {total:g}", "")
            for name, value in (
                ("mean", statistics.fmean(scores)),
                ("median", statistics.median(scores)),
                ("max", max(scores)),
            )
        ]
    figures.append(
        ("not-graded", str(stats.not_graded), "could not be graded", " warn" if stats.not_graded else "")
    )
    cards = "".join(
        f"<div class='stat{cls}'><b id='{key}'>{value}</b>{label}</div>" for key, value, label, cls in figures
    )
    return (
        f"<h1>{escape(assignment.title)}</h1><p class='muted'>Class summary for assignment "
        f"<code>{escape(assignment.name)}</code>. Every submission counts, including those "
        f"that could not be graded (they score 0).</p><div class='stats'>{cards}</div>"
    )


def question_table(assignment: Assignment, stats: ClassStatistics) -> str:
    """id, kind, points, mean, difficulty and share with full marks, per question."""
    n = len(stats.scores)
    rows = []
    for item in assignment.items:
        mean = stats.earned[item.id] / n
        difficulty = 1 - mean / item.points if item.points else 0.0
        rows.append(
            f"<tr{' class=hard' if difficulty >= 0.5 else ''}><td class=id>"
            f"<code>{escape(item.id)}</code></td><td>{escape(item.kind)}</td>"
            f"<td class=num>{item.points:g}</td><td class=num>{mean:.2f}</td>"
            f"<td class=num>{difficulty:.2f}</td>"
            f"<td class=num>{stats.full[item.id] / n:.0%}</td></tr>"
        )
    return (
        "<p class='muted'>Difficulty is 1 − mean / points; shaded rows are at 0.5 or above.</p>"
        "<table><tr><th>question</th><th>kind</th><th class=num>points</th><th class=num>mean</th>"
        "<th class=num>difficulty</th><th class=num>full marks</th></tr>" + "".join(rows) + "</table>"
    )


def misconception_table(assignment: Assignment, stats: ClassStatistics) -> str:
    """Misconceptions by the number of submissions that showed them."""
    if not stats.misconceptions:
        return "<p class='muted'>No misconception was diagnosed.</p>"
    rank = {item.id: i for i, item in enumerate(assignment.items)}  # list functions in notebook order

    def seen_in(mid: str) -> str:
        qids = sorted(stats.seen_in[mid], key=lambda q: (rank.get(q, len(rank)), q))
        return ", ".join(f"<code>{escape(q)}</code>" for q in qids)

    ranked = sorted(stats.misconceptions.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = "".join(
        f"<tr><td class=id><code>{escape(mid)}</code></td><td>{prose_html(str(describe(mid)['title']))}</td>"
        f"<td>{seen_in(mid)}</td><td class=num>{count}</td></tr>"
        for mid, count in ranked
    )
    return (
        "<table><tr><th>misconception</th><th>title</th><th>seen in</th>"
        "<th class=num>submissions</th></tr>" + rows + "</table>"
    )


def trouble_table(stats: ClassStatistics, out: OutDir) -> str:
    """Submissions that could not be graded or ran into trouble, and unreadable results files."""
    parts = []
    if stats.trouble:
        rows = "".join(
            f"<tr><td><a href='{escape(quote(out.relative(out.report(t.key))))}'>{escape(t.student)}</a>"
            f"</td><td>{prose_html(t.why)}</td></tr>"
            for t in stats.trouble
        )
        parts.append(f"<table><tr><th>student</th><th>why</th></tr>{rows}</table>")
    if stats.unreadable:
        items = "".join(f"<li><code>{escape(p)}</code></li>" for p in stats.unreadable)
        parts.append(f"<p>Results files that could not be read (skipped):</p><ul>{items}</ul>")
    return "".join(parts) or "<p class='muted'>Every submission ran without trouble.</p>"


def summary_html(assignment: Assignment | str, out: Path | OutDir) -> str:
    """The class summary page for every results.json of `assignment` in OUT, self-contained HTML."""
    assignment = load(assignment) if isinstance(assignment, str) else assignment
    out = out if isinstance(out, OutDir) else OutDir(Path(out))
    stats = class_statistics(assignment, out)
    body = [_header(assignment, stats)]
    if stats.scores:
        body += [
            "<h2>Total scores</h2>",
            histogram(stats.scores, assignment.total_points),
            "<h2>Questions</h2>",
            question_chart(assignment, stats),
            question_table(assignment, stats),
            "<h2>Most frequent misconceptions</h2>",
            misconception_table(assignment, stats),
        ]
    else:
        body.append("<p class='muted'>No graded submissions of this assignment were found.</p>")
    body += ["<h2>Submissions that failed or ran into trouble</h2>", trouble_table(stats, out)]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(assignment.name)}: class summary</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
