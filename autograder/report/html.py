"""report.html: the student's graded report. Everything from the submission is escaped."""

from __future__ import annotations

from html import escape

from .. import decks
from ..assignments import Assignment
from ..diagnosis.catalogue import describe
from ..grading.outcome import Outcome
from .prose import prose_html

STYLE = (
    "\nbody{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\n"
    "h1{margin-bottom:.2rem} .score{font-size:1.4rem} .muted{color:#666}\n"
    "table{border-collapse:collapse;width:100%;margin:1rem 0} "
    "td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}\n"
    ".full{color:#17692e} .part{color:#a35a00} .zero{color:#b3261e}\n"
    ".note{background:#fff6e0;border-left:4px solid #e0a000;padding:.6rem 1rem;margin:1rem 0}\n"
    ".bad{background:#fdecea;border-left:4px solid #b3261e;padding:.6rem 1rem;margin:1rem 0}\n"
    "ul.cases{margin:.2rem 0;padding-left:1.2rem} "
    ".carried{color:#17692e;margin:.2rem 0} "
    "pre{white-space:pre-wrap;background:#f6f6f6;padding:.6rem;font-size:.85rem}\n"
)


_text = prose_html


def _grade_class(score: float, max_score: float) -> str:
    if score >= max_score - 1e-9:
        return "full"
    return "zero" if score <= 1e-9 else "part"


def report_html(assignment: Assignment, outcome: Outcome) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(assignment.name)}: {escape(outcome.student)}</title>"
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(assignment.title)}</h1>",
        f"<p class='muted'>Assignment <code>{escape(assignment.name)}</code> · {_who(outcome)}</p>",
        f"<p class='score'>Score: <strong>{outcome.score:g}</strong> / {assignment.total_points:g}"
        + (
            f" <span class='muted'>(of which {outcome.carried:g} carried forward: right given your own "
            f"helper functions' results)</span>"
            if outcome.carried
            else ""
        )
        + "</p>",
    ]
    late = outcome.extra.get("late") or {}
    if late.get("penalty"):
        parts.append(
            f"<div class='bad'>Late: submitted {escape(str(late.get('late_by')))} after the due date; "
            f"{float(late['penalty']):g} point(s) deducted (included in the score above).</div>"
        )
    if outcome.problem:
        parts.append(f"<div class='bad'><strong>Not graded.</strong> {_text(outcome.problem)}.</div>")
    for note in outcome.notes:
        parts.append(f"<div class='bad'>{_text(note)}</div>")
    parts.append(
        "<div class='note'>This report comes from the hidden tests. The public checks you ran with "
        "<code>grader.check(...)</code> are only a small subset of them: “all public checks passed” "
        "does not mean full marks.</div>"
    )
    parts.append(_misconceptions(outcome))
    parts.append(_question_table(assignment, outcome))
    if outcome.cell_errors:
        items = "".join(
            f"<li>code cell {c['cell'] + 1}: <code>{escape(c.get('error', ''))}</code></li>"
            for c in outcome.cell_errors[:50]
        )
        parts.append(
            f"<h2>Cells that raised an error</h2><p>The grader ran every code cell in order, "
            f"as Jupyter would, and carried on after these:</p><ul>{items}</ul>"
        )
    if outcome.output_tail.strip():
        parts.append(
            "<details><summary>What your notebook printed while grading</summary>"
            f"<pre>{escape(outcome.output_tail)}</pre></details>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _who(outcome: Outcome) -> str:
    """Whose submission this is and which files it came from."""
    student = outcome.extra.get("student") or {}
    name, sid = student.get("name") or "", student.get("id") or outcome.student
    who = f"{escape(name)} (<code>{escape(sid)}</code>)" if name else f"<code>{escape(sid)}</code>"
    files, chosen = outcome.extra.get("source_files") or [], outcome.extra.get("graded_file")
    others = len(files) - (chosen in files)
    graded = (f" · graded <code>{escape(str(chosen))}</code>" if chosen else "") + (
        f" ({others} other file{'s' if others != 1 else ''} submitted)" if chosen and others > 0 else ""
    )
    when = outcome.extra.get("submitted_at")
    return f"submission of {who}{graded}" + (f" · submitted {escape(str(when))}" if when else "")


def _misconceptions(outcome: Outcome) -> str:
    """Each diagnosed misconception once: what it is, the lecture's formula, where, and a hint."""
    seen: dict[str, set] = {}
    for entry in outcome.entries:
        for d in entry.diagnoses:
            seen.setdefault(d.misconception, set()).add(entry.qid if not d.via else d.via)
    if not seen:
        return ""
    items = []
    for misconception, functions in seen.items():
        info = describe(misconception)
        where = ", ".join(f"<code>{escape(f)}</code>" for f in sorted(functions))
        items.append(
            f"<li><strong>{_text(info['title'])}</strong> "
            f"<span class='muted'>({escape(misconception)}, in {where})</span>"
            f"<br>{_text(info['explanation'])}"
            + (f"<br>Lecture formula: <code>{escape(info['formula'])}</code>" if info["formula"] else "")
            + (f"<br>See {escape(info['deck'])}, slide “{_text(info['where'])}”." if info["deck"] else "")
            + (f"<br><em>Hint:</em> {_text(info['hint'])}" if info["hint"] else "")
            + "</li>"
        )
    return (
        "<h2>What seems to have gone wrong</h2><p>Judged from your functions' outputs on the hidden "
        "cases, these are the likely misconceptions:</p><ul>" + "".join(items) + "</ul>"
    )


def _carried(entries: list) -> str:
    """Cases credited as error carried forward, one line per distinct reason."""
    reasons: dict[str, int] = {}
    for entry in entries:
        if entry.carried_from:
            reasons[entry.output] = reasons.get(entry.output, 0) + 1
    return "".join(
        f"<p class='carried'>{n} hidden case{'s' if n != 1 else ''}: {_text(reason)}</p>"
        for reason, n in reasons.items()
    )


def _question_table(assignment: Assignment, outcome: Outcome) -> str:
    rows = ["<table><tr><th>Question</th><th>Kind</th><th>Score</th><th>Feedback</th></tr>"]
    by_question: dict[str, list] = {}
    for entry in outcome.entries:
        by_question.setdefault(entry.qid, []).append(entry)
    for item in assignment.items:
        entries = by_question.get(item.id, [])
        score = sum(e.score for e in entries)
        failed = [e for e in entries if not e.passed]
        carried = _carried(entries)
        feedback = (
            ("" if carried else "All hidden cases passed.")
            if not failed
            else "<ul class='cases'>"
            + "".join(
                f"<li><strong>{_text(e.name.split(': ', 1)[-1])}</strong>: {_text(e.output)}</li>"
                for e in failed
            )
            + "</ul>"
        )
        feedback += carried
        rows.append(
            f"<tr><td><code>{escape(item.id)}</code><br>"
            f"<span class='muted'>{escape(decks.label(item.deck))}</span></td>"
            f"<td>{escape(item.kind)}</td><td class='{_grade_class(score, item.points)}'>"
            f"{score:g} / {item.points:g}</td><td>{feedback}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)
