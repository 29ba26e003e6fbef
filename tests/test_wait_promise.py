"""hall_rules.wait_promise: the range a ticket is promised, from people ahead, open windows,
the pace of service and how far off the last promises were."""
from __future__ import annotations

import pytest

from hall_rules import wait_promise as wp

EXACT = [0.0] * 40  # the last promises were kept to the minute


def test_nobody_ahead_is_called_soon():
    p = wp.promise(0, 2, 8.0, EXACT)
    assert p.soon and (p.low, p.high) == (0, wp.STEP_MINUTES) and p.point == 0


def test_more_people_ahead_promise_a_later_range():
    scores = [-0.3, -0.1, 0.0, 0.1, 0.4] * 8
    ranges = [wp.promise(ahead, 2, 8.0, scores) for ahead in (1, 3, 6, 12)]
    for nearer, further in zip(ranges, ranges[1:], strict=False):
        assert further.low >= nearer.low and further.high > nearer.high
    assert all(r.low % 5 == 0 and r.high % 5 == 0 and 0 <= r.low < r.high for r in ranges)
    assert all(r.low <= r.point <= r.high for r in ranges)


def test_more_open_windows_promise_a_sooner_range():
    one, three = wp.promise(6, 1, 8.0, EXACT), wp.promise(6, 3, 8.0, EXACT)
    assert (one.point, three.point) == (48, 16)
    assert three.high < one.high


def test_no_window_open_is_unknown_and_says_so():
    p = wp.promise(5, 0, 8.0, EXACT)
    assert not p.known and (p.low, p.high, p.point) == (None, None, None)
    assert not p.holds(10)


def test_without_history_the_default_band_is_wide():
    cold, calibrated = wp.promise(4, 1, 8.0, []), wp.promise(4, 1, 8.0, EXACT)
    assert (cold.low, cold.high) == (10, 70)  # point 32: 32 − ½·37 = 13.5 … 32 + 37 = 69
    assert (calibrated.low, calibrated.high) == (30, 35)
    assert cold.high - cold.low > calibrated.high - calibrated.low


def test_a_run_of_slow_services_shifts_and_widens_the_range():
    before = wp.promise(4, 1, 8.0, EXACT)
    slow = [wp.score(point, point * 1.8 + 5) for point in (10, 20, 30, 40)] * 5  # 20 recent waits far longer
    after = wp.promise(4, 1, 8.0, slow + EXACT)  # newest first: the slow run is the latest
    assert after.high > before.high and after.high - after.low > before.high - before.low
    settled = wp.promise(4, 1, 8.0, EXACT * 4 + slow)  # once the hall settles, only the latest 120 count
    assert (settled.low, settled.high) == (before.low, before.high)


def test_the_range_holds_the_real_waits_it_was_calibrated_on():
    scores = [wp.score(20, real) for real in range(10, 40)]
    p = wp.promise(5, 2, 8.0, scores)
    assert p.point == 20 and p.holds(p.low) and p.holds(p.high) and not p.holds(p.high + 1)


def test_display_rounds_outwards_to_whole_steps():
    assert wp.display_range(-3.0, 2.0) == (0, 5)
    assert wp.display_range(12.0, 23.0) == (10, 25)
    assert wp.display_range(20.0, 20.0) == (20, 25)


def test_negative_people_ahead_is_refused():
    with pytest.raises(ValueError):
        wp.promise(-1, 1, 8.0, EXACT)
