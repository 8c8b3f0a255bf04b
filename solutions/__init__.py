"""Reference solutions of nngrade: the single source of truth for every expected value.

``backprop`` and ``perceptron`` implement the contract's graded functions,
``worked_examples`` computes the decks' worked examples with them, and ``answers``
holds the lecture-question answer key.
"""
