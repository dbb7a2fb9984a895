"""Lesson 06's exercises on who is refused: 1, 5, 6 and 8, which no variant changes.

Exercises 1 and 8 use the policy model at its default inputs (exercise 8 sends the student to
exercise 1's table to find the number they computed), and exercises 5 and 6 the simulator's
"Biased matcher" preset, which the exercise names: varying them would break those links.
:mod:`facenumbers.checks.policy` puts them in the lesson beside the varied ones.

>>> FIXED["honest_refused_c"].judge(29_835)[0]
'correct'
"""

from __future__ import annotations

from facenumbers.checks import Exercise, WrongAnswer, choice_judge, number_judge
from facenumbers.checks.policy_inputs import BIASED, DEFAULTS, OUTCOMES
from facenumbers.models.policy import PolicyInputs, compare_policies

__all__ = ["FIXED"]

_c, _d = OUTCOMES.loc["C"], OUTCOMES.loc["D"]
_extra_refused = _d["honest_refused"] - _c["honest_refused"]
_prevented = _c["fraud_not_stopped"] - _d["fraud_not_stopped"]
_extra_stopped = _d["fraud_stopped"] - _c["fraud_stopped"]

_biased = compare_policies(BIASED)
_refused_c = _biased[2].honest_refused_by_group
_refused_d = _biased[3].honest_refused_by_group
_share_b = _refused_c["Group B"] / sum(_refused_c.values())
_honest_by_group = {name: _biased[2].honest_registrations * group.share
                    for name, group in BIASED.groups.items()}
_rate = {name: _refused_c[name] / _honest_by_group[name] for name in _refused_c}
_rate_ratio = _rate["Group B"] / _rate["Group A"]
_share_b_customers = BIASED.groups["Group B"].share
_multiplier_b = BIASED.groups["Group B"].false_non_match_multiplier

# Exercise 8: policy C's honest people refused, computed from the model's default inputs.
_inputs = PolicyInputs()
_all_registrations = float(_inputs.registrations_per_year)
_honest = _all_registrations * (1 - sum(_inputs.fraud_shares.values()))
_fnmr_c = _inputs.false_non_match_rate
_retries_fail = (1 - _inputs.retry_success) ** (_inputs.tries - 1)
_manual_refuses = 1 - _inputs.manual_fallback_success
_refused_c_total = DEFAULTS[2].honest_refused        # = _honest x FNMR x retries fail x manual
_machine_refused_c = _honest * _fnmr_c * _retries_fail


def _people(value: float) -> str:
    return f"{value:,.0f}"


def _refusals_exercise() -> Exercise:
    return Exercise(
    "refusals_per_fraud_prevented",
    "1. Honest people refused for each fraudulent number the 1:N search prevents",
    number_judge(
        _extra_refused / _prevented,
        wrong=[
            WrongAnswer(
                _extra_refused / _extra_stopped,
                "You used the fraud stopped at the counter. Half of the fraudsters "
                "stopped buy an already registered card instead (displacement): compare "
                "the fraudulent numbers obtained, fraud_not_stopped.",
            ),
            WrongAnswer(
                _prevented / _extra_refused,
                "You divided the other way round: fraudulent numbers prevented per "
                "honest person refused. The question asks for honest people refused per "
                "fraudulent number prevented.",
            ),
            WrongAnswer(
                _d["honest_refused"] / (OUTCOMES.loc["A", "fraud_not_stopped"]
                                        - _d["fraud_not_stopped"]),
                "You compared D with no check at all (policy A). The question is what "
                "adding the search to policy C changes: take the differences between D "
                "and C.",
            ),
            WrongAnswer(
                _d["honest_refused"] / _d["fraud_not_stopped"],
                "You divided by the fraudulent numbers D lets through. The question asks "
                "per fraudulent number D prevents beyond C: C's fraud_not_stopped minus "
                "D's.",
            ),
            WrongAnswer(
                _d["honest_refused"] / _d["fraud_stopped"],
                "You used D's totals. The question is about what the search adds to "
                "policy C: take the differences between D and C.",
            ),
            WrongAnswer(
                _extra_refused,
                "That is the number of extra honest people refused. Divide it by the "
                "number of extra fraudulent numbers prevented.",
            ),
            WrongAnswer(
                _prevented,
                "That is the number of fraudulent numbers prevented. Divide the extra "
                "honest people refused by it.",
            ),
            WrongAnswer(
                (_extra_refused + _d["false_duplicate_flags"]) / _prevented,
                "You added the people flagged as duplicates. A flag leads to a manual "
                "check that clears most of them; the flags that end in a refusal are "
                "already in honest_refused.",
            ),
        ],
        proportion=False,
        fallback_hint="Extra honest people refused = D's honest_refused - C's; fraudulent "
        "numbers prevented = C's fraud_not_stopped - D's. Divide the first by the second.",
    ),
)


def _share_exercise() -> Exercise:
    return Exercise(
        "group_b_share_of_refusals",
        "5. Group B's share of the honest people refused (policy C, biased matcher)",
        number_judge(
            _share_b,
            wrong=[
                WrongAnswer(
                    _share_b_customers,
                    f"{_share_b_customers:g} is Group B's share of the customers. The "
                    "question asks for its share of the people refused: divide Group B's "
                    "refusals by all refusals.",
                ),
                WrongAnswer(
                    1 - _share_b,
                    "That is Group A's share of the refusals. The question asks for Group B's.",
                ),
                WrongAnswer(
                    _refused_c["Group B"] / _refused_c["Group A"],
                    "You divided Group B's refusals by Group A's. A share divides by the "
                    "total: Group A's and Group B's refusals added together.",
                ),
                WrongAnswer(
                    _share_b_customers * _multiplier_b,
                    f"{_share_b_customers:g} x {_multiplier_b:g} is Group B's weight before "
                    f"you compare it with Group A's ({1 - _share_b_customers:g} x 1). Divide "
                    "by the sum of both weights, or use the model's refusal counts.",
                ),
                WrongAnswer(
                    _rate_ratio,
                    f"{_rate_ratio:.3g} is a ratio, not a share: how many times more likely "
                    "an honest member of Group B is to be refused (here it is also Group A's "
                    "count divided by Group B's). The question asks for Group B's share of all "
                    "the people refused: Group B's refusals divided by both groups'.",
                ),
                WrongAnswer(
                    _refused_d["Group B"] / sum(_refused_d.values()),
                    "That is policy D, where false duplicate flags add to the refusals. "
                    "The question is about policy C.",
                ),
                WrongAnswer(
                    _refused_c["Group B"],
                    "That is the number of Group B's people refused. Divide it by the "
                    "refusals of both groups to get a share.",
                ),
            ],
            fallback_hint="Run compare_policies(BIASED), take policy C (the third outcome), "
            "and divide honest_refused_by_group[\"Group B\"] by honest_refused.",
        ),
    )


def _who_exercise() -> Exercise:
    return Exercise(
        "who_bears_refusals",
        "6. Count or rate: who bears the refusals?",
        choice_judge(
            "b",
            {
                "a": f"Count them: {_people(_refused_c['Group B'])} refusals in Group B "
                f"against {_people(_refused_c['Group A'])} in Group A. Group B's RATE is "
                "higher, but Group A is 9 times bigger, so it has more refusals in COUNT. "
                "A count and a rate answer different questions.",
                "c": "The rule is the same for everyone, but the matcher is not: it fails "
                f"Group B's faces {_multiplier_b:g} times as often. Divide each group's "
                "refusals by its number of honest customers and compare.",
                "d": "Group A has more refusals in count, but divide each count by the "
                f"group's size: Group B's rate is {_rate_ratio:.3g} times Group A's. The "
                "bigger count comes from the bigger group.",
            },
            options=["a", "b", "c", "d"],
        ),
    )


def _honest_exercise() -> Exercise:
    return Exercise(
        "honest_refused_c",
        "8. Honest people refused a year under policy C, computed from the inputs",
        number_judge(
            _refused_c_total,
            wrong=[
                WrongAnswer(
                    _honest * _fnmr_c,
                    "That is the honest people who fail the FIRST try (1%). Most of them "
                    "get through on a retry or at the manual check: multiply by the chance "
                    "that both retries fail, then by the share the manual check does not "
                    "clear.",
                ),
                WrongAnswer(
                    _honest * _fnmr_c * _manual_refuses,
                    "You left out the retries: a customer who fails the first try has "
                    f"{_inputs.tries - 1} more, each succeeding with chance "
                    f"{_inputs.retry_success:g}. Multiply by the chance that they all fail.",
                ),
                WrongAnswer(
                    _machine_refused_c,
                    "That is the honest people the machine refuses after "
                    f"{_inputs.tries} tries. You forgot the manual check: it lets "
                    f"{_inputs.manual_fallback_success:.0%} of them through, so only "
                    f"{_manual_refuses:.0%} are refused in the end.",
                ),
                WrongAnswer(
                    _machine_refused_c * _inputs.manual_fallback_success,
                    f"You kept the {_inputs.manual_fallback_success:.0%} that the manual "
                    "check lets through. The people refused are the others: multiply by "
                    f"1 - {_inputs.manual_fallback_success:g}.",
                ),
                WrongAnswer(
                    _all_registrations * _fnmr_c * _retries_fail * _manual_refuses,
                    "You treated all 120 million registrations as honest. Subtract the "
                    "fraudulent attempts first: all four kinds, "
                    f"{sum(_inputs.fraud_shares.values()):.2%} of the registrations.",
                ),
                WrongAnswer(
                    _honest * _fnmr_c ** _inputs.tries * _manual_refuses,
                    f"{_fnmr_c:g} ** {_inputs.tries} treats each try as a fresh "
                    f"{_fnmr_c:.0%} chance of failing, independent of the last. It is not: "
                    "the same face, light and camera tend to fail again, so after a "
                    f"failure a retry succeeds only with chance {_inputs.retry_success:g}.",
                ),
                WrongAnswer(
                    _honest * _fnmr_c ** _inputs.tries,
                    f"{_fnmr_c:g} ** {_inputs.tries} treats each try as a fresh "
                    f"{_fnmr_c:.0%} chance of failing. After a failure a retry succeeds "
                    f"only with chance {_inputs.retry_success:g}; and then the manual "
                    "check clears most of those the machine refuses.",
                ),
                WrongAnswer(
                    _honest * _fnmr_c * (1 - _inputs.retry_success) ** _inputs.tries
                    * _manual_refuses,
                    f"{_inputs.tries} tries in all means the first try and "
                    f"{_inputs.tries - 1} retries: raise (1 - retry success) to the power "
                    f"{_inputs.tries - 1}, not {_inputs.tries}.",
                ),
                WrongAnswer(
                    DEFAULTS[3].honest_refused,
                    "That is policy D, where false duplicate flags add to the refusals. "
                    "The question is about policy C.",
                ),
            ],
            proportion=False,
            fallback_hint="Honest people = registrations x (1 - the four fraud shares). "
            "Refused by the machine = that x FNMR x (1 - retry success) ** (tries - 1). "
            "Refused in the end = that x (1 - manual fallback success).",
        ),
    )


#: The exercises no variant changes, by name, built once.
FIXED: dict[str, Exercise] = {
    "refusals_per_fraud_prevented": _refusals_exercise(),
    "group_b_share_of_refusals": _share_exercise(),
    "who_bears_refusals": _who_exercise(),
    "honest_refused_c": _honest_exercise(),
}
