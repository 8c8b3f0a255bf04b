"""Gradescope feedback as Markdown (results.json `output_format: "md"`).

Each results.json test entry says in Markdown what report.html says about it: what the check
found, the misconception the item's evidence points to (title, plain explanation, the lecture's
formula, where in which deck) and the hint, or, when nothing is diagnosed, what the case tests.
The top-level output gives the score the student may already see and the first thing to fix.

Every student-visible string is Markdown built here. Text the submission controls (exception
messages, a mistyped option, file names) goes through `md_text`, so it cannot open a link, an
image, a heading or raw HTML; and through `redact`, because student code can put its own
arguments (hidden inputs) into an exception message. The checks' sentences never hold hidden
inputs or expected values (suites/checks.py), so nothing else needs redacting.
"""

from __future__ import annotations

import re

from ..diagnosis.catalogue import describe
from ..grading.outcome import Entry, Outcome
from ..grading.wording import misconception_sentences

CODE_SPAN = re.compile(r"`([^`\n]+)`")
# A decimal with 4 or more digits after the point is data, never grader prose (tolerances are
# printed with at most 3, e.g. ±0.001); random draws print with 8 (numpy) or 17 (Python) digits.
LONG_DECIMAL = re.compile(r"\d*\.\d{4,}(?:[eE][-+]?\d+)?")
REDACTED = "…"
# Outside code spans: what could start emphasis, strikethrough, a code span, raw HTML or an
# entity. `[x](y)` and `[x][y]` are broken at the "](" / "][" joint; a lone "[1]" stays readable.
_ESCAPES = {
    "\\": "\\\\",
    "*": "\\*",
    "_": "\\_",
    "~": "\\~",
    "`": "\\`",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_PLAIN = re.compile(r"[\\*_~`&<>]|\](?=[(\[])")
LECTURE_QUESTION = "lecture question"  # assignments.KINDS: their feedback gives the answer away


def redact(text: str) -> str:
    """`text` with every long decimal replaced by an ellipsis (see LONG_DECIMAL)."""
    return LONG_DECIMAL.sub(REDACTED, text)


def _plain(text: str) -> str:
    return _PLAIN.sub(lambda m: "]\\" if m.group() == "]" else _ESCAPES[m.group()], text)


def md_text(text: str) -> str:
    """Prose as one line of inert Markdown: `name` spans stay code (as report.html shows them),
    everything else is literal text. Line breaks become spaces, so no text can start a block."""
    text = " ".join(str(text).split())
    parts, last = [], 0
    for match in CODE_SPAN.finditer(text):
        parts += [_plain(text[last : match.start()]), md_code(match.group(1))]
        last = match.end()
    parts.append(_plain(text[last:]))
    return "".join(parts)


def md_code(text: str) -> str:
    """`text` as one code span, whatever backticks it holds."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith((".", "!", "?")) else ".")


def misconception_markdown(misconception: str, lead: str = "Likely misconception") -> list[str]:
    """The catalogue entry as report.html shows it: title, explanation, formula, deck, hint."""
    info = describe(misconception)
    blocks = [f"**{lead}: {md_text(info['title'])}** ({md_code(misconception)})"]
    if info.get("explanation"):
        blocks.append(md_text(info["explanation"]))
    details = []
    if info.get("formula"):
        details.append(f"- Lecture formula: {md_code(info['formula'])}")
    if info.get("deck"):
        where = f", slide “{md_text(info['where'])}”" if info.get("where") else ""
        details.append(f"- See {md_text(info['deck'])}{where}.")
    if info.get("hint"):
        details.append(f"- **Hint:** {md_text(info['hint'])}")
    return blocks + (["\n".join(details)] if details else [])


def entry_markdown(entry: Entry) -> str:
    """One test entry's output. Entries without a problem (passed, carried forward, not graded,
    a late penalty) keep their sentence; a failing case gets the whole diagnosis."""
    if entry.problem is None:  # the grader's own sentence: no case was run to say more
        return md_text(entry.output)
    blocks = [f"**What the check found:** {md_text(_sentence(redact(entry.problem)))}"]
    blocks += [md_text(misconception_sentences(entry.function, [d])) for d in entry.diagnoses if d.via]
    own = [d.misconception for d in entry.diagnoses if not d.via]
    if len(own) == 1:
        blocks += misconception_markdown(own[0])
    elif own:  # outputs alone cannot tell these apart: offer each, as misconception_sentences does
        blocks.append(
            f"**Likely misconception, one of these {len(own)}** (your outputs alone cannot tell them apart):"
        )
        for number, misconception in enumerate(own, 1):
            blocks += misconception_markdown(misconception, lead=f"{number}")
    if not entry.diagnoses and entry.message:
        blocks.append(f"**What this case checks:** {md_text(entry.message)}")
    return "\n\n".join(blocks)


def _first_to_fix(entries: list[Entry]) -> str:
    """The first failing item in notebook order (entries follow the items, which follow the
    notebook): functions first, then worked examples; lecture questions wait for publication."""
    for kind in ("function", "worked example"):
        failing = [e for e in entries if e.kind == kind and not e.passed]
        if not failing:
            continue
        qid = failing[0].qid
        cases = [e for e in failing if e.qid == qid]
        score = sum(e.score for e in entries if e.qid == qid)
        points = sum(e.max_score for e in entries if e.qid == qid)
        lines = [
            f"**First thing to fix: {md_code(qid)}** ({score:g} of {points:g} points; "
            f"{len(cases)} hidden case{'s' if len(cases) != 1 else ''} failed)."
        ]
        own = next((d for e in cases for d in e.diagnoses if not d.via), None)
        via = next((d for e in cases for d in e.diagnoses if d.via), None)
        if own is not None:
            info = describe(own.misconception)
            lines.append(
                f"Likely misconception: {md_text(info['title'])} ({md_code(own.misconception)})."
                + (f" **Hint:** {md_text(info['hint'])}" if info.get("hint") else "")
            )
        elif via is not None:
            lines.append(md_text(misconception_sentences(qid, [via])))
        elif cases[0].problem:
            lines.append(md_text(_sentence(redact(cases[0].problem))))
        return " ".join(lines) + " Its entry below says more."
    return ""


def summary_markdown(outcome: Outcome, visibility: str) -> str:
    """The results' top-level output. Gradescope's specification does not say that any visibility
    hides it, so it is written to be seen at once: with `after_published` it holds no score; with
    `visible`, the score of the entries students see. Lecture questions stay hidden, and while a
    test is hidden Gradescope hides the total score too ("If test cases are hidden, students will
    not be able to see their total score")."""
    paragraphs = []
    if outcome.problem:
        paragraphs.append(
            f"**This notebook could not be graded:** {md_text(_sentence(redact(outcome.problem)))}"
        )
    paragraphs += [md_text(redact(note)) for note in outcome.notes]
    if visibility == "visible":
        shown = [e for e in outcome.entries if e.kind != LECTURE_QUESTION]
        later = sum(e.max_score for e in outcome.entries if e.kind == LECTURE_QUESTION)
        score = round(sum(e.score for e in shown), 4)
        points = round(sum(e.max_score for e in shown if e.max_score > 0), 4)
        carried = (
            (
                f" ({outcome.carried:g} of them carried forward: right given your own helper functions' "
                "results)"
            )
            if outcome.carried
            else ""
        )
        line = (
            f"**Score so far: {score:g} / {points:g}**{carried}, "
            "on the functions and worked examples listed below."
        )
        if later:
            line += (
                f" The {later:g} point{'s' if later != 1 else ''} of lecture questions, and so your total, "
                "appear when your instructor publishes the grades."
            )
        paragraphs.append(line)
        if not outcome.problem:
            paragraphs.append(
                _first_to_fix(outcome.entries)
                or "Every function and worked example passed all its hidden cases."
            )
    elif not outcome.problem:
        paragraphs.append(
            "Your notebook was graded. Your score and the feedback on each question appear "
            "when your instructor publishes the grades."
        )
    paragraphs.append(
        "These are the hidden tests. The public checks in the notebook are only a small subset "
        "of them: passing every public check does not mean full marks."
    )
    return "\n\n".join(p for p in paragraphs if p)
