"""The mutation self-test through the real path: every catalogued variant is detected and
diagnosed, precisely (its own id and nothing else, alone and paired with a variant of another
function), and no correct submission (the reference or an independent style) loses a point."""

import re

from autograder.cli import main
from autograder.selftest.command import selftest


def test_selftest_is_perfect_for_every_assignment(capsys):
    code = main(["selftest", "-j", "2"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    for name in ("perceptron", "backprop"):
        assert f"{name}: detection" in printed
    assert "(100%)" in printed and "false failures 0" in printed
    precision = re.findall(r"precision (\d+)/(\d+)", printed)
    assert len(precision) == 2 and all(n == total and int(total) > 0 for n, total in precision), printed


def test_selftest_counts_what_it_graded():
    tally = selftest("perceptron", jobs=2)
    assert tally.variants >= 10 and tally.correct >= 4  # the reference and three styles
    assert tally.detected == tally.variants and tally.diagnosed == tally.variants
    # every single variant plus one pair per two functions with variants (11 functions: 55 pairs)
    assert tally.precision_trials >= tally.variants + 55
    assert tally.precise == tally.precision_trials
