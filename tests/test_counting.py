"""Counting worked examples: anyone recounting from the published list must get these."""

from __future__ import annotations

from api.democracy.counting import Rules, count, meets_majority, ranked_count
from api.democracy.enums import Majority, VoteMethod


def repeat(ballots: list[tuple[int, list[str]]]) -> list[list[str]]:
    return [ranking for times, ranking in ballots for _ in range(times)]


def test_instant_run_off_with_exhausted_ballots() -> None:
    """C's two voters ranked nobody else: their ballots leave the count, and the quota is a
    majority of the ballots still in play."""
    result = ranked_count(["A", "B", "C"], 1, repeat([(4, ["A"]), (3, ["B", "C"]), (2, ["C"])]))
    first, second = result["rounds"]
    assert first["tallies"] == {"A": "4", "B": "3", "C": "2"}
    assert (first["quota"], first["excluded"]) == ("5", ["C"])
    assert second["tallies"] == {"A": "4", "B": "3"}
    assert (second["exhausted"], second["quota"], second["elected"]) == ("2", "4", ["A"])
    assert result["elected"] == ["A"]


def test_tie_for_last_goes_against_who_was_behind_earlier() -> None:
    ballots = repeat([(6, ["A"]), (3, ["B"]), (4, ["C"]), (1, ["D", "B"])])
    result = ranked_count(["A", "B", "C", "D"], 1, ballots)
    rounds = result["rounds"]
    assert rounds[0]["excluded"] == ["D"]
    assert rounds[1]["tallies"] == {"A": "6", "B": "4", "C": "4"}
    assert (rounds[1]["excluded"], rounds[1]["tie_settled_by"]) == (["B"], "earlier_round")
    assert (rounds[2]["exhausted"], rounds[2]["elected"]) == ("4", ["A"])


def test_tie_level_throughout_goes_against_the_last_on_the_paper() -> None:
    ballots = repeat([(5, ["A"]), (3, ["C", "A"]), (3, ["D", "C"])])
    result = ranked_count(["A", "C", "D"], 1, ballots)
    first = result["rounds"][0]
    assert (first["excluded"], first["tie_settled_by"]) == (["D"], "ballot_paper_order")
    assert result["elected"] == ["C"]  # 6 of 11 once D's ballots move to C


def test_single_transferable_vote_moves_a_surplus_at_reduced_value() -> None:
    """Two seats, nine ballots: Droop quota 4. A's surplus of 1 moves on from A's five ballots
    at a fifth each."""
    ballots = repeat([(5, ["A", "B"]), (3, ["C"]), (1, ["B"])])
    result = ranked_count(["A", "B", "C"], 2, ballots)
    first, second, third = result["rounds"]
    assert (first["quota"], first["elected"]) == ("4", ["A"])
    assert second["tallies"] == {"B": "2", "C": "3"}
    assert second["excluded"] == ["B"]
    assert third["elected"] == ["C"]
    assert result["elected"] == ["A", "C"]


def test_fractional_transfers_are_published_to_four_places() -> None:
    """Droop quota for 2 seats of 11 is 4; A's surplus of 3 moves on from A's 7 ballots at
    3/7 each: B gets 1 + 6 x 3/7 = 25/7, C gets 3 + 3/7 = 24/7."""
    ballots = repeat([(6, ["A", "B"]), (1, ["A", "C"]), (3, ["C"]), (1, ["B"])])
    result = ranked_count(["A", "B", "C"], 2, ballots)
    second = result["rounds"][1]
    assert second["tallies"] == {"B": "3.5714", "C": "3.4286"}
    assert second["excluded"] == ["C"]
    assert result["elected"] == ["A", "B"]


def test_majorities_leave_abstentions_out() -> None:
    assert meets_majority(5, 4, Majority.simple)
    assert not meets_majority(4, 4, Majority.simple)
    assert meets_majority(8, 4, Majority.two_thirds)
    assert not meets_majority(7, 4, Majority.two_thirds)
    assert not meets_majority(0, 0, Majority.two_thirds)


def test_choose_one_tie_and_lack_of_majority() -> None:
    rules = Rules(VoteMethod.choose_one, ["Tues", "Weds", "Thurs"])
    assert count(rules, [["Tues"], ["Weds"]])["outcome"] == "tied"
    plurality = count(rules, [["Tues"], ["Tues"], ["Weds"], ["Thurs"]])
    assert plurality["outcome"] == "no_majority"  # 2 of 4 is not more than half
    won = count(rules, [["Tues"], ["Tues"], ["Weds"]])
    assert (won["outcome"], won["elected"]) == ("elected", ["Tues"])


def test_quorum_counts_every_ballot_cast() -> None:
    rules = Rules(VoteMethod.for_against_abstain, ["for", "against", "abstain"], quorum=3)
    assert count(rules, [["for"], ["abstain"]])["outcome"] == "no_quorum"
    assert count(rules, [["for"], ["abstain"], ["abstain"]])["outcome"] == "carried"
