"""Failed authentications per client address: a bucket of failures that refills."""

from __future__ import annotations

from judging.http.limits import FailedLogins


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_address_is_held_off_after_its_burst_of_failures() -> None:
    clock = Clock()
    failures = FailedLogins(burst=3, per_second=0.5, clock=clock)
    for _ in range(3):
        assert failures.wait("10.0.0.1") is None
        failures.failed("10.0.0.1")
    assert failures.wait("10.0.0.1") == 2  # one failure back after 2 s
    assert failures.wait("10.0.0.2") is None  # other addresses are not affected
    clock.now += 2
    assert failures.wait("10.0.0.1") is None


def test_the_addresses_remembered_are_bounded() -> None:
    failures = FailedLogins(burst=1, per_second=0.01, max_addresses=100, clock=Clock())
    for n in range(1000):
        failures.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(failures) <= 100
    assert failures.wait("10.0.3.231") is not None  # the most recent are kept
