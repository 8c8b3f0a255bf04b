"""Decks are cited by title: autograder/decks.py maps titles to files, and nothing a student or an
instructor reads names a deck by its hashed file name or by its number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support import document, report

from autograder import assignments, decks
from autograder.cli import main
from autograder.diagnosis.catalogue import catalogue, describe

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"  # the course decks, outside the repository
SAMPLES = ROOT / "assignments" / "backprop" / "samples"
HASHED = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
NUMBERED = re.compile(r"\bdecks?\s+00\d\b", re.IGNORECASE)
# What students and instructors read, besides the notebooks (which are retitled with decks.retitle).
SHIPPED = sorted(
    p
    for p in [
        *(ROOT / "autograder").rglob("*"),
        *(ROOT / "solutions").rglob("*.py"),
        *(ROOT / "assignments").glob("*/*.ipynb"),
        *(ROOT / "student_template").glob("*/*.ipynb"),
    ]
    if p.suffix in (".py", ".yaml", ".html", ".css", ".ipynb")
    and p.name != "decks.py"
    and "__pycache__" not in p.parts
)


def _first_slide(path: Path, lines: int = 12) -> str:
    """The deck's first non-blank lines, without markdown heading marks, in lower case."""
    text = [row.strip().lstrip("#").strip() for row in path.read_text(encoding="utf-8").splitlines()]
    return "\n".join([row for row in text if row][:lines]).lower()


# ---- the mapping ----


def test_every_deck_has_a_distinct_title_and_file():
    assert (
        len({d.file for d in decks.DECKS})
        == len({d.title for d in decks.DECKS})
        == len({d.label for d in decks.DECKS})
        == 5
    )
    for d in decks.DECKS:
        assert re.fullmatch(r"00\d_[0-9a-f]{16}\.txt", d.file)
        assert (
            decks.deck(d.file) is decks.deck(d.title) is decks.deck(d.number) is decks.deck(d.file[:-4]) is d
        )
    with pytest.raises(KeyError, match="unknown lecture deck"):
        decks.deck("Neural Networks: Learning and more")


@pytest.mark.parametrize("name", assignments.NAMES)
def test_every_item_cites_a_mapped_deck(name):
    data = yaml.safe_load((assignments.ITEMS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    assert data["items"] and all(item["deck"] in decks.TITLES for item in data["items"])


def test_every_catalogue_entry_cites_a_mapped_deck():
    assert all(entry["deck"] in decks.TITLES for entry in catalogue().values())


def test_solutions_cite_mapped_titles():
    cited = []
    for path in sorted((ROOT / "solutions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        cited += re.findall(r"Decks?:? “([^”]+)”", text) + re.findall(r"# “([^”]+)”", text)
    assert cited and set(cited) <= decks.TITLES, set(cited) - decks.TITLES


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_deck_named_by_file_or_number(path):
    text = path.read_text(encoding="utf-8")
    assert not HASHED.findall(text) and not NUMBERED.findall(text)


def test_readme_cites_decks_by_title():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not HASHED.findall(text) and not NUMBERED.findall(text)
    assert all(d.title in text.replace("\n", " ") for d in decks.DECKS)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the course decks are not next to the repository")
def test_the_mapping_covers_the_seeds_folder():
    assert {d.file for d in decks.DECKS} == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the course decks are not next to the repository")
@pytest.mark.parametrize("deck", decks.DECKS, ids=lambda d: d.number)
def test_title_and_tag_come_from_the_decks_first_slide(deck):
    slide = _first_slide(SEEDS / deck.file)
    for part in deck.title.split(" — "):
        assert part.lower() in slide, (deck.file, part)
    for part in (deck.tag or "").split(", "):
        assert part.lower() in slide, (deck.file, part)


# ---- citations ----


def test_cite_label_possessive():
    assert decks.title("001_2411a2f08f3c83ed.txt") == "Neural Networks: Learning"
    assert decks.label("004") == "“Neural Networks” (Serra)"
    assert decks.label("002") == "“Neural Networks: Multi-layer perceptron”"
    assert (
        decks.cite("Neural Networks: Learning", "Backpropagation (Idea)")
        == "the deck “Neural Networks: Learning” (Racharak), slide “Backpropagation (Idea)”"
    )
    assert decks.possessive("003") == "the “Multilayer Perceptron 1” (Kim, KAIST) deck's"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "*From:* `001_2411a2f08f3c83ed.txt` (deck 001), *Cost function*.",
            "*From:* the deck “Neural Networks: Learning” (Racharak), *Cost function*.",
        ),
        (
            "> **Deck note.** Deck 000 (`000_86790086ad6a4e65.txt`) writes",
            "> **Deck note.** The deck “BMB3015 Artificial Intelligence — Neural Networks” writes",
        ),
        (
            "- deck 002 = `002_7436c054a802622f.txt` (MLPs),",
            "- the deck “Neural Networks: Multi-layer perceptron” (MLPs),",
        ),
        (
            "This is deck 001's formula; see DECK 004.",
            "This is the “Neural Networks: Learning” (Racharak) deck's formula; see the deck “Neural Networks” (Serra).",
        ),
        (
            "## Deck 003's forward/backward example",
            "## The “Multilayer Perceptron 1” (Kim, KAIST) deck's forward/backward example",
        ),
        (
            "as in the deck 004 and 003_b5f3b8f24e02b994.txt",
            "as in the deck “Neural Networks” (Serra) and the deck “Multilayer Perceptron 1” (Kim, KAIST)",
        ),
        (
            "Deck ``003_b5f3b8f24e02b994.txt``'s slide",
            "The “Multilayer Perceptron 1” (Kim, KAIST) deck's slide",
        ),
        (
            "'002_7436c054a802622f' or \"004_16b96bb34a000152.txt\"",
            "The deck “Neural Networks: Multi-layer perceptron” or the deck “Neural Networks” (Serra)",
        ),
        (
            "deck 000 (`001_2411a2f08f3c83ed.txt`)",  # two different decks stay two citations
            "The deck “BMB3015 Artificial Intelligence — Neural Networks” (the deck “Neural Networks: Learning” (Racharak))",
        ),
        (
            "ex_deck003_forward, _deck001_gradients, deck 005, decks",
            "ex_deck003_forward, _deck001_gradients, deck 005, decks",
        ),
    ],
)
def test_retitle(text, expected):
    assert decks.retitle(text) == expected
    assert decks.retitle(expected) == expected


def test_describe_gives_a_readable_citation():
    for misconception, entry in catalogue().items():
        info = describe(misconception)
        assert info["deck"] == decks.cite(entry["deck"]) and info["where"] == entry["where"]
        assert not any(HASHED.search(str(v)) or NUMBERED.search(str(v)) for v in info.values()), misconception
    assert describe("no-such-misconception")["deck"] == ""


# ---- what the student gets ----


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    assert main(["grade", "-a", "backprop", str(SAMPLES / "carol.ipynb"), "-o", str(out)]) == 0
    return out


def test_report_cites_decks_by_title(graded):
    html = report(graded, "carol")
    assert not HASHED.search(html) and not NUMBERED.search(html)
    for title in {item.deck for item in assignments.load("backprop").items}:
        assert decks.label(title) in html  # under each question in the table
    info = describe("sigmoid-grad-of-activation")  # carol's mistake
    assert f"See {info['deck']}, slide “{info['where']}”." in html


def test_results_json_names_no_deck_file(graded):
    doc = document(graded, "carol")
    assert not any(HASHED.search(t.output) or NUMBERED.search(t.output) for t in doc.tests)
