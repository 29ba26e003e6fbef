"""Configuration, back-off, the test page and the layer rule: no Qt anywhere in devices/."""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

from devices.backoff import Backoff
from devices.config import DEFAULT_DEMO_CONFIG, ConfigError, config_from_dict, load_config
from devices.testpage import certificate_test_page
from drivers.printing.certificate import check_pdf

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_toml_config(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "devices.toml"
    path.write_text('''
idcard = "serial:///dev/ttyUSB0?baud=115200"
receipt = "escpos+tcp://10.1.2.9:9100"
certificate = "cups://Certificates"
scanner = "camera://0"

[window_led]
"01" = "eq+tcp://10.1.2.3:5005?addr=001"
"02" = "eq+serial:///dev/ttyUSB1?baud=9600&addr=002"

[host]
listen = "unix:/run/hall/devices.sock"
status_interval = 3
''', encoding="utf-8")
    config = load_config(path)
    assert config.status_interval == 3.0 and config.listen == "unix:/run/hall/devices.sock"
    assert config.devices() == {
        "idcard": ("idcard", "serial:///dev/ttyUSB0?baud=115200"),
        "receipt": ("receipt", "escpos+tcp://10.1.2.9:9100"),
        "certificate": ("certificate", "cups://Certificates"),
        "scanner": ("scanner", "camera://0"),
        "window_led.01": ("window_led", "eq+tcp://10.1.2.3:5005?addr=001"),
        "window_led.02": ("window_led", "eq+serial:///dev/ttyUSB1?baud=9600&addr=002"),
    }


def test_demo_config_is_all_simulated_and_valid() -> None:
    config = config_from_dict(DEFAULT_DEMO_CONFIG)
    assert config.certificate.startswith("pdfdir:///")
    assert all(url == "sim://" for name, (_, url) in config.devices().items() if name != "certificate")
    assert len(config.window_led) >= 1


@pytest.mark.parametrize("data, words", [
    ({"printer": "sim://"}, "unknown configuration keys: printer"),
    ({"idcard": "usb://reader"}, "idcard"),
    ({"receipt": "escpos+tcp://p:9100?model=nonesuch"}, "unknown receipt printer model"),
    ({"certificate": "sim://"}, "no simulator"),
    ({"scanner": "webcam://0"}, "scanner"),
    ({"window_led": {"01": "led://x"}}, "window_led"),
    ({"window_led": {"a b": "sim://"}}, "window code"),
    ({"host": {"listen": "0.0.0.0:8790"}}, "not a loopback address"),
    ({"host": {"status_interval": "fast"}}, "expected a float"),
    ({"host": {"status_interval": 0}}, "more than 0"),
    ({"host": {"colour": "red"}}, "unknown setting"),
])
def test_bad_config_names_the_problem(data: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(words)):
        config_from_dict(data)


def test_every_problem_at_once_one_line_each_naming_its_place(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "devices.toml"
    path.write_text('''
printer = "sim://"
receipt = "escpos+tcp://10.1.2.9:0?modle=gb18030-58"
certificate = "sim://"

[window_led]
"01" = "eq+tcp://10.1.2.3:5005?addr=001"
"02" = "eq+tcp://10.1.2.3:5005?adr=002"
"03" = 3

[host]
status_interval = "fast"
reconect_max = 1.0
''', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert refused.value.problems == tuple(f"{path}: {line}" for line in [
        "unknown configuration keys: printer",
        "receipt: escpos+tcp://10.1.2.9:0?modle=gb18030-58: bad port 0: a number 1-65535 (like escpos+tcp://printer:9100)",
        "receipt: escpos+tcp://10.1.2.9:0?modle=gb18030-58: unknown parameter 'modle' for escpos+tcp:// "
        "(known: model, timeout)",
        "certificate: sim://: certificate devices have no simulator; use cups://, pdfdir://",
        "window_led.02: eq+tcp://10.1.2.3:5005?adr=002: unknown parameter 'adr' for eq+tcp:// "
        "(known: addr, width, rows, timeout)",
        "window_led.03: must be text",
        "host.status_interval: expected a float",
        "host: unknown setting 'reconect_max'",
    ])
    assert str(refused.value) == "\n".join(refused.value.problems)


def test_a_config_is_frozen_and_strict() -> None:
    config = config_from_dict({"receipt": "sim://", "host": {"status_interval": 1}})
    with pytest.raises(ValueError):
        config.receipt = "escpos+dummy://"  # type: ignore[misc]  # the frozen model must refuse it
    assert config.status_interval == 1.0 and config.idcard is None and config.window_led == {}
    with pytest.raises(ConfigError, match="host.max_message_bytes: expected an int"):
        config_from_dict({"host": {"max_message_bytes": "8M"}})
    with pytest.raises(ConfigError, match="host.status_interval: expected a float"):
        config_from_dict({"host": {"status_interval": True}})
    with pytest.raises(ConfigError, match="the configuration must be a table"):
        config_from_dict(["idcard"])  # type: ignore[arg-type]  # not a table, on purpose


def test_bad_toml_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("idcard = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_backoff_doubles_to_its_ceiling_and_resets() -> None:
    backoff = Backoff(0.25, 1.0)
    assert [backoff.next() for _ in range(5)] == [0.25, 0.5, 1.0, 1.0, 1.0]
    backoff.reset()
    assert backoff.next() == 0.25


def test_test_page_is_a_whole_pdf_with_a_true_xref() -> None:
    pdf = certificate_test_page(["Test (1) \\ page"])
    check_pdf(pdf)  # the certificate printer accepts it
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref\n0 6\n")
    offsets = [int(line[:10]) for line in pdf[xref_at:].split(b"\n")[3:8]]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
    assert b"(Test \\(1\\) \\\\ page) Tj" in pdf
    length = int(re.search(rb"/Length (\d+)", pdf).group(1))
    stream = pdf.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0]
    assert len(stream) == length


def test_devices_import_no_qt() -> None:
    modules = sorted(p.stem for p in (ROOT / "devices").glob("*.py") if p.stem != "__init__")
    code = ("import sys\n" + "".join(f"import devices.{m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert {"api", "client", "diag", "host", "services"} <= set(modules)
    for path in (ROOT / "devices").glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+(PySide|PyQt|shiboken)", path.read_text(encoding="utf-8"), re.M)
