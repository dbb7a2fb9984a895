"""The validators every model and calculator shares refuse what they cannot compute with."""

from __future__ import annotations

import pytest

from facenumbers.models.validation import (
    EXACT_COUNT_LIMIT,
    require_count,
    require_number,
    require_rate,
)


@pytest.mark.parametrize("check", [require_number, require_rate,
                                   lambda v, n: require_count(v, n)])
@pytest.mark.parametrize("value", [10**400, -10**400, complex(1, 2), float("nan"), "0.5", None,
                                   [0.5], True])
def test_hostile_values_are_refused_with_the_inputs_name(check, value):
    with pytest.raises(ValueError, match="crowd_size"):
        check(value, "crowd_size")


def test_a_huge_integer_is_described_not_printed():
    with pytest.raises(ValueError) as problem:
        require_number(10**400, "crowd_size")
    assert "401 digits" in str(problem.value) and len(str(problem.value)) < 200


def test_a_long_input_is_quoted_cut():
    with pytest.raises(ValueError) as problem:
        require_rate("x" * 1_000_000, "hit_rate")
    assert len(str(problem.value)) < 200


def test_counts_beyond_exact_arithmetic_are_refused():
    assert require_count(EXACT_COUNT_LIMIT, "people") == EXACT_COUNT_LIMIT
    with pytest.raises(ValueError, match="holds exactly"):
        require_count(EXACT_COUNT_LIMIT + 2, "people")


def test_an_object_whose_repr_raises_is_still_refused_cleanly():
    class Strange:
        def __repr__(self):
            raise RuntimeError("no")

    with pytest.raises(ValueError, match="a Strange"):
        require_number(Strange(), "threshold")


def test_an_iterator_of_attributes_is_refused_not_read_twice():
    from facenumbers.models.uniqueness import cells_for

    with pytest.raises(TypeError, match="list of names"):
        cells_for(iter(["sex", "birth_year"]))
    assert cells_for(("sex", "birth_year")) == cells_for(["sex", "birth_year"])


def test_unknown_group_names_are_refused_not_ignored():
    from facenumbers.models.templates import make_population

    with pytest.raises(ValueError, match="Group Z"):
        make_population(people=10, group_likeness={"Group Z": 0.3})


def test_size_arguments_have_limits_that_still_answer():
    import numpy as np

    from facenumbers.charts.base_rates import gallery_sizes
    from facenumbers.models.error_rates import _sorted_quantile, det_curve

    with pytest.raises(ValueError, match="points must be a whole number from 2 to 10,000"):
        gallery_sizes(2**63)
    scores = np.sort(np.random.default_rng(1).random(5_001))
    shares = np.linspace(0, 1, 77)
    assert np.allclose(_sorted_quantile(scores, shares), np.quantile(scores, shares))
    curve = det_curve(scores, scores[::-1] * 0.5, points=1_000_000)   # the maximum
    assert curve["false_match_rate"].is_monotonic_increasing
