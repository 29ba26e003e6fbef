"""Write assets/sounds/chime.wav: the display's call chime, two soft tones (E5 then C5), made here
with Python's wave module so the product carries no one else's sound.

    python scripts/make_chime.py            # rewrites the file (the same bytes each time)
    python scripts/make_chime.py OUT.wav    # writes it elsewhere
"""
from __future__ import annotations

import math
import pathlib
import struct
import sys
import wave

RATE = 22050
OUT = pathlib.Path(__file__).resolve().parents[1] / "assets" / "sounds" / "chime.wav"
#: (frequency in Hz, seconds): a falling major third, as hall chimes ring ("ding-dong").
TONES = ((659.25, 0.45), (523.25, 0.75))
VOLUME = 0.45


def tone(freq: float, seconds: float) -> list[int]:
    """One bell-like tone: a sine with its octave, a quick attack and an exponential decay."""
    n = int(RATE * seconds)
    samples = []
    for i in range(n):
        t = i / RATE
        envelope = min(1.0, t / 0.01) * math.exp(-3.5 * t / seconds) * min(1.0, (n - i) / (0.02 * RATE))
        value = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
        samples.append(int(32767 * VOLUME * envelope * value / 1.3))
    return samples


def main(argv: list[str]) -> None:
    path = pathlib.Path(argv[0]) if argv else OUT
    samples = [s for freq, seconds in TONES for s in tone(freq, seconds)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    print(f"{path} ({len(samples) / RATE:.2f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
