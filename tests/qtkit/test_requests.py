"""The request book: each request's outcome finds its handlers once, and the UI is busy while a command is out."""
from __future__ import annotations

import pytest

from qtkit.requests import RequestBook


def test_an_outcome_finds_its_booking_once(qapp) -> None:
    book = RequestBook()
    answers: list = []
    book.book("r1", answers.append)
    booking = book.take("r1")
    assert booking is not None and not booking.command
    booking.answer("first")
    assert answers == ["first"]
    assert book.take("r1") is None  # a second outcome of the same request finds nothing
    assert len(book) == 0


def test_busy_while_a_command_is_unanswered(qapp) -> None:
    book = RequestBook()
    told: list[bool] = []
    book.busyChanged.connect(lambda: told.append(book.busy))
    book.book("read", print)
    assert not book.busy and told == []  # a read does not make the UI wait
    book.book("c1", print, command=True)
    book.book("c2", print, command=True)
    assert book.busy and told == [True]
    assert book.peek("c1") is not None and book.busy  # looking does not take it
    book.take("c1")
    assert book.busy
    book.take("c2")
    assert not book.busy and told == [True, False]


def test_clear_forgets_everything_and_ends_busy(qapp) -> None:
    book = RequestBook()
    told: list[bool] = []
    book.busyChanged.connect(lambda: told.append(book.busy))
    book.book("c1", print, command=True)
    book.book("r1", print, lost=print)
    book.clear()
    assert len(book) == 0 and "c1" not in book and not book.busy and told == [True, False]
    assert book.take("r1") is None


def test_a_request_is_booked_once(qapp) -> None:
    book = RequestBook()
    book.book("r1", print, command=True)
    with pytest.raises(ValueError):
        book.book("r1", print)
    assert book.busy and book.peek("r1").command  # the first booking stands
