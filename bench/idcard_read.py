"""Benchmark: find -> select -> read -> parsed record through the SAM simulator with wire delay.

The simulator paces every byte at 10 bits per byte at the baud rate, both ways, so the time
a read cycle takes can be set against the wire time of the bytes it moves; what is left is
the driver's overhead (port reads, framing, parsing) plus the simulator's scheduling. A real
SAM also spends time on the card's RF exchange, which is not simulated.

    python bench/idcard_read.py [--iterations 60] [--baud 115200] [--transport pty|tcp]

The last line printed is one JSON object: read_ms_p50, wire_ms, overhead_ms_p50, overhead_ms_p99.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from drivers.idcard import SamCommand, SamReader
from drivers.idcard.frame import answer, decode_frame
from drivers.idcard.record import parse_read_answer
from drivers.sim.idcard_sim import IdCardSimulator


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> int:
    """Run the benchmark and print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--transport", choices=("pty", "tcp"), default="pty")
    args = parser.parse_args()

    cycle = (SamCommand.FIND_CARD, SamCommand.SELECT_CARD, SamCommand.READ_CARD)
    wire_bytes = sum(len(c.wire) + c.answer_size for c in cycle)
    wire_ms = wire_bytes * 10 / args.baud * 1000

    sim = IdCardSimulator(baudrate=args.baud, wire_delay=True)
    if args.transport == "pty":
        sim.start_pty()
    else:
        sim.start_tcp()
    sim.place("adult")
    times_ms: list[float] = []
    parse_us: list[float] = []
    try:
        with SamReader(sim.url, baudrate=args.baud) as reader:
            reader.read_once()  # warm up: imports, first open, page faults
            for _ in range(args.iterations):
                started = time.perf_counter()
                record = reader.read_once()
                times_ms.append((time.perf_counter() - started) * 1000)
                assert record is not None and record.name
            # Decoding alone, to show how little of the overhead is parsing.
            card = sim.card
            wire = answer(0x90, b"\x01\x00\x04\x00" + card.text + card.photo).encode()
            for _ in range(200):
                t = time.perf_counter()
                parse_read_answer(decode_frame(wire).answer_data)
                parse_us.append((time.perf_counter() - t) * 1e6)
    finally:
        sim.stop()

    overheads = [t - wire_ms for t in times_ms]
    p50, p99 = percentile(times_ms, 50), percentile(times_ms, 99)
    print(f"transport          {args.transport} at {args.baud} baud, {args.iterations} cycles")
    print(f"bytes per cycle    {wire_bytes} (find 10+15, select 10+19, read 10+1295)")
    read_answer_ms = SamCommand.READ_CARD.answer_size * 10 / args.baud * 1000
    print(f"wire time          {wire_ms:.1f} ms (read answer alone {read_answer_ms:.1f} ms)")
    print(f"cycle p50 / p99    {p50:.1f} / {p99:.1f} ms  "
          f"(min {min(times_ms):.1f}, max {max(times_ms):.1f}, mean {statistics.mean(times_ms):.1f})")
    print(f"overhead p50 / p99 {percentile(overheads, 50):.2f} / {percentile(overheads, 99):.2f} ms")
    print(f"frame decode + record parse alone: p50 {percentile(parse_us, 50):.0f} µs")
    print(json.dumps({
        "read_ms_p50": round(p50, 2),
        "wire_ms": round(wire_ms, 2),
        "overhead_ms_p50": round(percentile(overheads, 50), 2),
        "overhead_ms_p99": round(percentile(overheads, 99), 2),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
