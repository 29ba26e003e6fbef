"""ID-card reader simulator that speaks the real SAM protocol on a pty or a TCP port.

    python -m drivers.sim.idcard_sim --tcp 7001          # socket://127.0.0.1:7001
    python -m drivers.sim.idcard_sim --pty --wire-delay  # prints serial:///dev/pts/N?baud=115200

then type commands on stdin: `place elder`, `remove`, `fault bad_checksum`, `cards`, `quit`.

Sample cards cover every card type a SAM reads; all names are 测试 names and all numbers are
synthetic (region 110101 with made-up sequence numbers) with correct check digits. The card
text is written here from its own field table, not from the driver's, so a driver test against
these bytes checks the driver's layouts rather than repeating them.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import enum
import hashlib
import os
import select
import socket
import sys
import threading
import time
import tty

from drivers.idcard.errors import SamFrameError
from drivers.idcard.frame import SamFrame, SamFrameParser, answer

# SW3 codes the simulator answers with (SAM_V protocol sheet, 状态 table).
OK, FOUND, NO_CARD, SELECT_FAILED, READ_FAILED = 0x90, 0x9F, 0x80, 0x81, 0x41
BAD_CHECKSUM, BAD_COMMAND, NO_CONTENT = 0x10, 0x21, 0x91


def _check_char(first17: str) -> str:
    # GB 11643-1999 MOD 11-2, written out again so the simulator does not borrow the driver's.
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def synthetic_id(prefix6: str, birth: str, seq3: str) -> str:
    """A checksum-valid 18-digit number: region/prefix, birth YYYYMMDD, sequence (gender digit last)."""
    body = prefix6 + birth + seq3
    return body + _check_char(body)


def _ucs2(value: str, size: int) -> bytes:
    raw = value.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"{value!r} does not fit {size} bytes")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def _text(fields: list[tuple[str, int]]) -> bytes:
    out = b"".join(_ucs2(value, size) for value, size in fields)
    assert len(out) == 256, len(out)
    return out


def _pseudo_bytes(seed: str, size: int) -> bytes:
    # Stand-in WLT/fingerprint blocks: deterministic noise, not a decodable photo.
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}/{counter}".encode()).digest()
        counter += 1
    return out[:size]


@dataclasses.dataclass(frozen=True)
class SampleCard:
    """A card the simulator can place: its 256-byte text and its other blocks."""

    key: str
    description: str
    text: bytes
    photo: bytes
    serial: bytes
    fingerprint: bytes | None = None
    additional_address: str | None = None


def _mainland(key, description, name, gender, nation, birth, address, seq, authority,
              valid_from, valid_to, fingerprint=False, additional_address=None) -> SampleCard:
    number = synthetic_id("110101", birth, seq)
    text = _text([
        (name, 30), (gender, 2), (nation, 4), (birth, 16), (address, 70), (number, 36),
        (authority, 30), (valid_from, 16), (valid_to, 16), ("", 36),
    ])
    return SampleCard(key, description, text, _pseudo_bytes(key + "/wlt", 1024),
                      hashlib.md5(key.encode()).digest()[:8],
                      _pseudo_bytes(key + "/fp", 1024) if fingerprint else None, additional_address)


def _today() -> dt.date:
    return dt.date.today()


def _sample_cards() -> dict[str, SampleCard]:
    today = _today()
    # Issued three years ago, so every sample is valid today whatever day the tests run.
    issued = dt.date(today.year - 3, today.month, min(today.day, 28)).strftime("%Y%m%d")
    expires = str(int(issued[:4]) + 20) + issued[4:]
    cards = [
        _mainland("adult", "mainland adult, 20-year card", "测试张三", "1", "01", "19880515",
                  "北京市东城区测试街道1号", "231", "北京市公安局东城分局", issued, expires,
                  fingerprint=True),
        _mainland("elder", "mainland elder (>= 70, green channel), 长期", "测试王奶奶", "2", "03",
                  "19480220", "北京市东城区测试胡同8号院", "142", "北京市公安局东城分局",
                  issued, "长期", additional_address="北京市东城区测试新村3号楼2单元"),
        _mainland("longterm", "mainland aged 55, 长期", "测试李四", "1", "08", "19700101",
                  "北京市东城区测试路66号", "315", "北京市公安局东城分局", issued, "长期"),
        _mainland("minor", "mainland minor, 5-year card", "测试小明", "1", "05", "20150609",
                  "北京市东城区测试小区5栋", "051", "北京市公安局东城分局", issued,
                  str(int(issued[:4]) + 5) + issued[4:]),
    ]
    # HK/Macao/Taiwan residence permit: layout of 港澳台居民居住证 with card type 'J'.
    hk_number = synthetic_id("810000", "19910304", "017")
    cards.append(SampleCard(
        "hkmotw", "Hong Kong resident, residence permit 'J'",
        _text([("测试陈大文", 30), ("1", 2), ("", 4), ("19910304", 16), ("广东省深圳市福田区测试大道9号", 70),
               (hk_number, 36), ("深圳市公安局福田分局", 30), (issued, 16),
               (str(int(issued[:4]) + 5) + issued[4:], 16), ("H00000001", 18), ("02", 4), ("", 6),
               ("J", 2), ("", 6)]),
        _pseudo_bytes("hkmotw/wlt", 1024), b"HKMOTW01"))
    # 2017 foreign permanent resident card 'I': English name first, 15-char number.
    cards.append(SampleCard(
        "foreign2017", "foreign permanent resident, 2017 card 'I'",
        _text([("TESTER, ALPHA", 120), ("2", 2), ("USA110085061501", 30), ("USA", 6), ("测试阿尔法", 30),
               (issued, 16), (str(int(issued[:4]) + 10) + issued[4:], 16), ("19850615", 16),
               ("01", 4), ("1100", 8), ("I", 2), ("", 6)]),
        _pseudo_bytes("foreign2017/wlt", 1024), b"FRGN2017"))
    # 2023 foreign permanent resident card 'Y': 18-digit number starting with 9; a 44-char
    # English name so it spills from the 35-char first part into the second.
    english = "TESTOVSKAYA-EXAMPLEVNA, BRAVO ALEXANDRA MARI"
    y_number = synthetic_id("984011", "19790712", "002")
    cards.append(SampleCard(
        "foreign2023", "foreign permanent resident, 2023 card 'Y'",
        _text([("测试布拉沃", 30), ("2", 2), ("01", 4), ("19790712", 16), (english[:35], 70),
               (y_number, 36), ("", 30), (issued, 16), (str(int(issued[:4]) + 10) + issued[4:], 16),
               (english[35:], 22), ("RUS", 6), ("Y", 2), ("110", 6)]),
        _pseudo_bytes("foreign2023/wlt", 1024), b"FRGN2023"))
    return {card.key: card for card in cards}


SAMPLE_CARDS: dict[str, SampleCard] = _sample_cards()


class SamFault(enum.Enum):
    """One-shot faults for the next answer."""

    BAD_CHECKSUM = "bad_checksum"  # flip the answer's checksum
    TRUNCATE = "truncate"  # send only the first half of the answer
    GARBAGE = "garbage"  # line noise (with a false preamble) before the answer
    FALSE_PREAMBLE = "false_preamble"  # a false preamble claiming a plausible 4095 bytes, then the answer
    SYNC_NOISE = "sync_noise"  # noise full of AA AA AA runs (one a whole preamble) before the answer
    CUT_THEN_ANSWER = "cut_then_answer"  # the first half of the answer, then the whole answer
    MUTE = "mute"  # do not answer at all
    READ_FAILED = "read_failed"  # status 41 instead of the answer
    SELECT_FAILED = "select_failed"  # status 81
    NOT_AUTHORISED = "not_authorised"  # status 66: SAM module fault
    STATUS_10 = "status_10"  # reader says our frame's checksum was bad


_FAULT_STATUS = {SamFault.READ_FAILED: READ_FAILED, SamFault.SELECT_FAILED: SELECT_FAILED,
                 SamFault.NOT_AUTHORISED: 0x66, SamFault.STATUS_10: BAD_CHECKSUM}
GARBAGE = b"\x00\xffnoise\xAA\xAA\xAA\x96\x69\x00\x05\x01\x02\xAA\x13"
FALSE_PREAMBLE = b"\xAA\xAA\xAA\x96\x69\x0F\xFF"
SYNC_NOISE = b"\xAA\xAA\xAA\x00\xAA\xAA\xAA\x96\x00\xAA\xAA\xAA\x96\x69\xAA"


class IdCardSimulator:
    """A SAM ID-card reader: protocol engine plus pty and TCP endpoints.

    Args:
        baudrate: the simulated line speed.
        wire_delay: pace bytes at 10 bits per byte at `baudrate`, both ways, so timings are honest.
    """

    def __init__(self, baudrate: int = 115200, wire_delay: bool = False) -> None:
        self.baudrate = baudrate
        self.wire_delay = wire_delay
        self.sam_id_bytes = bytes.fromhex("05000100") + (20240101).to_bytes(4, "little") \
            + (1234567890).to_bytes(4, "little") + (987654321).to_bytes(4, "little")
        self._lock = threading.Lock()
        self._card: SampleCard | None = None
        self._selected = False
        self._faults: collections.deque[SamFault] = collections.deque()
        self.commands_seen: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._closers: list[tuple[str, int | socket.socket]] = []
        self.slave_path: str | None = None
        self.tcp_port: int | None = None

    # --- cards and faults -----------------------------------------------------------------
    def place(self, card: str | SampleCard) -> SampleCard:
        """Put a card on the reader (a SAMPLE_CARDS key or a SampleCard)."""
        sample = SAMPLE_CARDS[card] if isinstance(card, str) else card
        with self._lock:
            self._card, self._selected = sample, False
        return sample

    def remove(self) -> None:
        """Take the card away."""
        with self._lock:
            self._card, self._selected = None, False

    @property
    def card(self) -> SampleCard | None:
        """The card on the reader, if any."""
        return self._card

    def inject(self, *faults: SamFault | str) -> None:
        """Queue one-shot faults; each spoils one following answer."""
        with self._lock:
            self._faults.extend(SamFault(f) for f in faults)

    # --- protocol engine ------------------------------------------------------------------
    def answer_to(self, cmd: SamFrame) -> SamFrame:
        """The answer frame a SAM gives to one command frame (no faults applied)."""
        if len(cmd.payload) < 2:
            return answer(BAD_COMMAND)
        key = (cmd.cmd, cmd.para)
        with self._lock:
            self.commands_seen.append(key)
            card = self._card
            if key in ((0x10, 0xFF), (0x11, 0xFF)):
                return answer(OK)
            if key == (0x12, 0xFF):
                return answer(OK, self.sam_id_bytes)
            if key == (0x20, 0x01):
                return answer(FOUND, bytes(4)) if card else answer(NO_CARD)
            if key == (0x20, 0x02):
                if not card:
                    return answer(SELECT_FAILED)
                self._selected = True
                return answer(OK, card.serial)
            if key in ((0x30, 0x01), (0x30, 0x10), (0x30, 0x03)):
                if not card or not self._selected:
                    return answer(READ_FAILED)
                if key == (0x30, 0x03):
                    if card.additional_address is None:
                        return answer(NO_CONTENT)
                    return answer(OK, _ucs2(card.additional_address, 70))
                sizes = len(card.text).to_bytes(2, "big") + len(card.photo).to_bytes(2, "big")
                if key == (0x30, 0x01):
                    return answer(OK, sizes + card.text + card.photo)
                fp = card.fingerprint or b""
                return answer(OK, sizes + len(fp).to_bytes(2, "big") + card.text + card.photo + fp)
            return answer(BAD_COMMAND)

    def _wire_bytes_for(self, cmd: SamFrame | None) -> bytes | None:
        """Answer bytes to send for one received command (or a bad frame), faults applied."""
        with self._lock:
            fault = self._faults.popleft() if self._faults else None
        if fault is SamFault.MUTE:
            if cmd is not None:
                with self._lock:
                    self.commands_seen.append((cmd.cmd, cmd.para) if len(cmd.payload) >= 2 else (-1, -1))
            return None
        frame = answer(BAD_CHECKSUM) if cmd is None else self.answer_to(cmd)
        if fault in _FAULT_STATUS:
            frame = answer(_FAULT_STATUS[fault])
        wire = frame.encode()
        if fault is SamFault.BAD_CHECKSUM:
            wire = wire[:-1] + bytes([wire[-1] ^ 0x5A])
        elif fault is SamFault.TRUNCATE:
            wire = wire[:max(7, len(wire) // 2)]
        elif fault is SamFault.GARBAGE:
            wire = GARBAGE + wire
        elif fault is SamFault.FALSE_PREAMBLE:
            wire = FALSE_PREAMBLE + wire
        elif fault is SamFault.SYNC_NOISE:
            wire = SYNC_NOISE + wire
        elif fault is SamFault.CUT_THEN_ANSWER:
            wire = wire[:max(7, len(wire) // 2)] + wire
        return wire

    def _serve_bytes(self, parser: SamFrameParser, data: bytes, send) -> None:
        parser.feed(data)
        while True:
            try:
                frame = parser.next_frame()
            except SamFrameError:
                frame = None
                reply = self._wire_bytes_for(None)
            else:
                if frame is None:
                    return
                if self.wire_delay:
                    # The command itself took its wire time to arrive.
                    time.sleep(len(frame.encode()) * 10 / self.baudrate)
                reply = self._wire_bytes_for(frame)
            if reply:
                self._send_paced(reply, send)

    def _send_paced(self, wire: bytes, send) -> None:
        if not self.wire_delay:
            send(wire)
            return
        # Each chunk leaves when its last byte would have finished on the wire: no early bytes.
        chunk, start, sent = 32, time.perf_counter(), 0
        while sent < len(wire):
            piece = wire[sent:sent + chunk]
            due = start + (sent + len(piece)) * 10 / self.baudrate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            send(piece)
            sent += len(piece)

    # --- endpoints ------------------------------------------------------------------------
    def start_pty(self) -> str:
        """Serve on a new pty; returns the slave path a reader opens (serial:///dev/pts/N)."""
        self._stop.clear()
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline: bytes pass as on a real UART
        self.slave_path = os.ttyname(slave)
        self._closers += [("fd", master), ("fd", slave)]

        def send(data: bytes) -> None:
            view = memoryview(data)
            while view:
                written = os.write(master, view)
                view = view[written:]

        def run() -> None:
            parser = SamFrameParser()
            while not self._stop.is_set():
                try:
                    ready, _, _ = select.select([master], [], [], 0.05)
                    if ready:
                        self._serve_bytes(parser, os.read(master, 4096), send)
                except OSError:
                    return  # fd closed by stop(): the device is unplugged

        self._spawn(run, "idcard-sim-pty")
        return self.slave_path

    def start_tcp(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Serve on TCP (one client at a time); returns the port."""
        self._stop.clear()
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, port))
        server.listen(1)
        server.settimeout(0.05)
        self.tcp_port = server.getsockname()[1]
        self._closers.append(("sock", server))

        def run() -> None:
            while not self._stop.is_set():
                try:
                    client, _ = server.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                with client:
                    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    client.settimeout(0.05)
                    with self._lock:
                        self._closers.append(("sock", client))
                    parser = SamFrameParser()
                    while not self._stop.is_set():
                        try:
                            data = client.recv(4096)
                        except TimeoutError:
                            continue
                        except OSError:
                            break
                        if not data:
                            break
                        try:
                            self._serve_bytes(parser, data, client.sendall)
                        except OSError:
                            break

        self._spawn(run, "idcard-sim-tcp")
        return self.tcp_port

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    @property
    def url(self) -> str:
        """The device URL a host configures for this simulator."""
        if self.tcp_port is not None:
            return f"socket://127.0.0.1:{self.tcp_port}"
        if self.slave_path is not None:
            return f"serial://{self.slave_path}?baud={self.baudrate}"
        raise RuntimeError("simulator not started")

    def stop(self) -> None:
        """Stop serving and close every fd and socket: to a reader, the device is unplugged."""
        self._stop.set()
        # Threads first (they poll the stop flag every 50 ms), then the fds: closing an fd a
        # thread still selects on could let it read a reused fd number.
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        with self._lock:
            closers, self._closers = self._closers, []
        for _, handle in closers:
            try:
                if isinstance(handle, int):  # kind "fd"
                    os.close(handle)
                else:
                    try:
                        handle.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    handle.close()
            except OSError:
                pass

    def __enter__(self) -> IdCardSimulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


HELP = """commands: place <card> | remove | fault <kind> | cards | faults | quit
cards: """ + ", ".join(SAMPLE_CARDS) + """
faults: """ + ", ".join(f.value for f in SamFault)


def handle_line(sim: IdCardSimulator, line: str) -> str | None:
    """Apply one console command; returns the reply to print, None to quit."""
    words = line.split()
    if not words:
        return ""
    verb, args = words[0].lower(), words[1:]
    if verb in ("quit", "exit"):
        return None
    if verb == "place" and len(args) == 1 and args[0] in SAMPLE_CARDS:
        return f"placed {sim.place(args[0]).description}"
    if verb == "remove":
        sim.remove()
        return "removed"
    if verb == "fault" and len(args) == 1 and args[0] in {f.value for f in SamFault}:
        sim.inject(args[0])
        return f"next answer: {args[0]}"
    if verb == "cards":
        return "\n".join(f"{k:12} {c.description}" for k, c in SAMPLE_CARDS.items())
    return HELP


def main(argv: list[str] | None = None) -> int:
    """Command line: serve on --tcp PORT and/or --pty, read console commands from stdin."""
    parser = argparse.ArgumentParser(description="SAM ID-card reader simulator")
    parser.add_argument("--tcp", type=int, metavar="PORT", help="serve on 127.0.0.1:PORT")
    parser.add_argument("--pty", action="store_true", help="serve on a new pty")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--wire-delay", action="store_true", help="pace bytes at the baud rate")
    parser.add_argument("--card", choices=sorted(SAMPLE_CARDS), help="card placed at start")
    args = parser.parse_args(argv)
    if args.tcp is None and not args.pty:
        parser.error("give --tcp PORT and/or --pty")
    sim = IdCardSimulator(baudrate=args.baud, wire_delay=args.wire_delay)
    try:
        if args.pty:
            print(f"pty: serial://{sim.start_pty()}?baud={args.baud}", flush=True)
        if args.tcp is not None:
            print(f"tcp: socket://127.0.0.1:{sim.start_tcp(args.tcp)}", flush=True)
        if args.card:
            sim.place(args.card)
        print(HELP, flush=True)
        for line in sys.stdin:
            reply = handle_line(sim, line)
            if reply is None:
                break
            if reply:
                print(reply, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
