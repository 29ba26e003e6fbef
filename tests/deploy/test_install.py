"""scripts/install.sh in a throw-away root (--root): the system user, the release and its
`current` link, configuration and state with their owners and modes, the units (checked by
systemd-analyze verify) and their enabling, the screen roles' lock-down, update and rollback,
and bad input refused with nothing changed."""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
INSTALL = ROOT / "scripts" / "install.sh"
UNITS = "etc/systemd/system"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="useradd --prefix and chown need root"),
]


@pytest.fixture
def target(tmp_path: pathlib.Path) -> pathlib.Path:
    """A root with the account files of a fresh Debian system (and the groups devices need)."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "etc/group").write_text("root:x:0:\nlp:x:7:\ndialout:x:20:\nvideo:x:44:\ninput:x:105:\n")
    (root / "etc/shadow").write_text("root:*:19000:0:99999:7:::\n")
    (root / "etc/gshadow").write_text("root:*::\nlp:*::\ndialout:*::\nvideo:*::\ninput:*::\n")
    for name in ("shadow", "gshadow"):
        (root / "etc" / name).chmod(0o640)
    return root


def install(root: pathlib.Path, *args: str, check: bool = True, venv: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HALL_INSTALL_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(INSTALL), "--root", str(root), *([] if venv else ["--no-venv"]), *args], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def mode(path: pathlib.Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def ids(root: pathlib.Path) -> tuple[int, int]:
    for line in (root / "etc/passwd").read_text().splitlines():
        fields = line.split(":")
        if fields[0] == "hall":
            return int(fields[2]), int(fields[3])
    raise AssertionError("no hall user")


def verify_units(root: pathlib.Path) -> None:
    """systemd-analyze verify every unit written, inside the root (its executables stubbed)."""
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True, dirs_exist_ok=True)
    release = (root / "opt/hall/current").resolve()
    for exe in [root / "usr/bin/cage", root / "usr/bin/systemctl", root / "usr/sbin/rtcwake",
                *(release / ".venv/bin" / name for name in ("hall-server", "device-host", "kiosk", "queue-display",
                                                            "window-terminal", "led-relay"))]:
        exe.parent.mkdir(parents=True, exist_ok=True)
        if not exe.exists():
            exe.write_text("#!/bin/sh\n")
            exe.chmod(0o755)
    units = sorted(p.name for p in (root / UNITS).glob("hall*") if p.is_file())
    done = subprocess.run(["systemd-analyze", "verify", f"--root={root}", *units], cwd=root / UNITS,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_kiosk_is_installed_under_its_own_user_with_a_locked_down_session(target) -> None:
    out = install(target, "--version", "v1", "kiosk").stdout
    assert "made the system user hall" in out
    passwd = (target / "etc/passwd").read_text()
    assert "hall:x:" in passwd and ":/var/lib/hall:/usr/sbin/nologin" in passwd
    groups = (target / "etc/group").read_text()
    assert "dialout:x:20:hall" in groups and "lp:x:7:hall" in groups and "video:x:44:hall" in groups
    uid, gid = ids(target)

    # The release: this checkout without its virtualenv, demo data or history, owned by root.
    opt = target / "opt/hall"
    assert os.readlink(opt / "current") == "releases/v1"
    release = opt / "releases/v1"
    assert (release / "kiosk/app.py").read_bytes() == (ROOT / "kiosk/app.py").read_bytes()
    assert not any((release / name).exists() for name in (".venv", ".git", "var"))
    assert release.stat().st_uid == 0 and not mode(release) & 0o022
    assert not mode(release / "kiosk/app.py") & 0o022

    # Configuration: root's, readable by the hall group only (it holds tokens); state: the user's.
    etc = target / "etc/hall"
    assert (mode(etc), etc.stat().st_uid, etc.stat().st_gid) == (0o750, 0, gid)
    for name in ("kiosk.env", "hall.env", "device-host.toml"):
        assert (mode(etc / name), (etc / name).stat().st_gid) == (0o640, gid), name
    assert (etc / "role").read_text() == "kiosk\n"
    # A kiosk keeps no hall file, only its machine copy: no staff PIN hashes, no device tokens.
    assert not (etc / "hall.toml").exists()
    copy = json.loads((etc / "maintenance.json").read_text(encoding="utf-8"))
    assert mode(etc / "maintenance.json") == 0o644
    assert "staff" not in copy and "devices" not in copy and copy["maintenance"]["restart_at"] == "03:30"
    assert "pin_hash" not in (etc / "maintenance.json").read_text() and "token" not in json.dumps(copy)
    assert "HALL_KIOSK_TOKEN=" in (etc / "kiosk.env").read_text()
    assert not (etc / "server.env").exists()
    for folder in ("var/lib/hall", "var/log/hall", "var/spool/hall/certificates"):
        path = target / folder
        assert (mode(path), path.stat().st_uid, path.stat().st_gid) == (0o750, uid, gid), folder

    # Units: the kiosk's own and the common ones, enabled; no other role's.
    units = target / UNITS
    kiosk_unit = (units / "hall-kiosk.service").read_text()
    assert "Type=notify" in kiosk_unit and "WatchdogSec=30" in kiosk_unit and "Restart=always" in kiosk_unit
    assert "NotifyAccess=all" in kiosk_unit and "User=hall" in kiosk_unit and "TTYPath=/dev/tty1" in kiosk_unit
    assert "ExecStart=/usr/bin/cage -d $CAGE_ARGS -- " in kiosk_unit and " -s " not in kiosk_unit  # -s: VT switches
    assert "MemoryMax=" in kiosk_unit and "StandardOutput=journal" in kiosk_unit
    assert mode(units / "hall-kiosk.service") == 0o644
    assert not (units / "hall-server.service").exists() and not (units / "hall-display.service").exists()
    wants = {p.name for p in (units / "hall.target.wants").iterdir()}
    assert wants == {"hall-kiosk.service", "hall-device-host.service"}
    assert (units / "multi-user.target.wants/hall.target").is_symlink()
    assert (units / "timers.target.wants/hall-restart.timer").is_symlink()
    assert (units / "timers.target.wants/hall-wake.timer").is_symlink()
    restart = (units / "hall-restart.timer.d/maintenance.conf").read_text()
    assert "OnCalendar=\nOnCalendar=*-*-* 03:30:00 Asia/Shanghai\nRandomizedDelaySec=1800\n" in restart

    # The lock-down: no desktop, no getty on tty1 or any other VT, no Ctrl+Alt+Del, no SysRq, X without VT switch.
    assert os.readlink(units / "default.target") == "/lib/systemd/system/multi-user.target"
    assert os.readlink(units / "getty@tty1.service") == "/dev/null"
    assert os.readlink(units / "ctrl-alt-del.target") == "/dev/null"
    assert "NAutoVTs=0" in (target / "etc/systemd/logind.conf.d/hall-kiosk.conf").read_text()
    assert "PAMName=hall-session" in kiosk_unit
    assert "pam_systemd.so" in (target / "etc/pam.d/hall-session").read_text()
    assert "kernel.sysrq = 0" in (target / "etc/sysctl.d/90-hall-kiosk.conf").read_text()
    xorg = (target / "etc/X11/xorg.conf.d/10-hall-kiosk.conf").read_text()
    assert 'Option "DontVTSwitch" "true"' in xorg and 'Option "DontZap" "true"' in xorg
    session = release / "deploy/session/hall-session"
    assert mode(session) == 0o755 and "unset WATCHDOG_PID" in session.read_text()
    verify_units(target)


def test_a_server_is_updated_and_rolled_back_keeping_its_configuration(target) -> None:
    install(target, "--version", "v1", "server")
    units, opt, etc = target / UNITS, target / "opt/hall", target / "etc/hall"
    server_unit = (units / "hall-server.service").read_text()
    assert "Type=notify" in server_unit and "WatchdogSec=" in server_unit and "ProtectSystem=strict" in server_unit
    assert "--hall /etc/hall/hall.toml $SERVER_ARGS" in server_unit
    assert (etc / "hall.toml").read_bytes() == (ROOT / "assets/halls/sample_district.toml").read_bytes()
    assert mode(etc / "hall.toml") == 0o640 and "staff" not in json.loads((etc / "maintenance.json").read_text())
    assert not (units / "hall-kiosk.service").exists() and not (units / "default.target").exists()
    assert not (target / "etc/X11").exists(), "a server gets no screen lock-down"
    (etc / "server.env").write_text("SERVER_ARGS=--port 9000\n")
    # The hall file edited on the server: the update takes its restart window to the timer.
    (etc / "hall.toml").write_text((etc / "hall.toml").read_text(encoding="utf-8").replace(
        'restart_at = "03:30"', 'restart_at = "02:00"'), encoding="utf-8")

    out = install(target, "--version", "v2", "update").stdout
    assert "current release: v2 (before: v1)" in out
    assert os.readlink(opt / "current") == "releases/v2" and os.readlink(opt / "previous") == "releases/v1"
    assert (etc / "server.env").read_text() == "SERVER_ARGS=--port 9000\n", "an update keeps the configuration"
    assert "OnCalendar=*-*-* 02:00:00 Asia/Shanghai" in (units / "hall-restart.timer.d/maintenance.conf").read_text()

    out = install(target, "rollback").stdout
    assert "current release: v1 (before: v2)" in out
    assert os.readlink(opt / "current") == "releases/v1" and os.readlink(opt / "previous") == "releases/v2"
    assert (units / "hall-server.service").exists()
    verify_units(target)
    # Rolling back twice goes forward again: previous is the release just left.
    install(target, "rollback")
    assert os.readlink(opt / "current") == "releases/v2"


def test_old_releases_are_pruned_but_never_current_or_previous(target) -> None:
    for n in range(1, 8):
        install(target, "--version", f"v{n}", "server" if n == 1 else "update")
    releases = sorted(p.name for p in (target / "opt/hall/releases").iterdir())
    assert releases == ["v3", "v4", "v5", "v6", "v7"]
    assert os.readlink(target / "opt/hall/previous") == "releases/v6"


@pytest.mark.parametrize(("role", "args", "services"), [
    ("display", (), {"hall-display.service"}),
    ("display", ("--leds",), {"hall-display.service", "hall-device-host.service", "hall-led-relay.service"}),
    ("terminal", (), {"hall-terminal.service"}),
])
def test_the_other_screen_roles(target, role, args, services) -> None:
    install(target, *args, "--version", "v1", role)
    units = target / UNITS
    assert {p.name for p in (units / "hall.target.wants").iterdir()} == services
    assert os.readlink(units / "getty@tty1.service") == "/dev/null"
    assert (target / "etc/hall/role").read_text() == f"{role}\n"
    verify_units(target)


def test_a_screen_machine_takes_a_new_hall_file_at_its_update(target, tmp_path) -> None:
    install(target, "--version", "v1", "display")
    hall = tmp_path / "hall.toml"
    hall.write_text((ROOT / "assets/halls/sample_district.toml").read_text(encoding="utf-8")
                    .replace("wake_before_open_minutes = 15", "wake_before_open_minutes = 40"), encoding="utf-8")
    install(target, "--version", "v2", "--hall", str(hall), "update")
    copy = json.loads((target / "etc/hall/maintenance.json").read_text(encoding="utf-8"))
    assert copy["maintenance"]["wake_before_open_minutes"] == 40
    install(target, "--version", "v3", "update")  # without --hall: the copy it has stays
    assert json.loads((target / "etc/hall/maintenance.json").read_text(encoding="utf-8")) == copy


def test_a_hall_without_a_nightly_restart_gets_no_timer(target, tmp_path) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text((ROOT / "assets/halls/sample_district.toml").read_text(encoding="utf-8")
                    .replace('restart_at = "03:30"', 'restart_at = "off"'), encoding="utf-8")
    install(target, "--hall", str(hall), "--version", "v1", "server")
    units = target / UNITS
    assert not (units / "hall-restart.timer.d/maintenance.conf").exists()
    assert not (units / "timers.target.wants/hall-restart.timer").exists()
    assert (target / "etc/hall/hall.toml").read_text(encoding="utf-8") == hall.read_text(encoding="utf-8")


def snapshot(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("args", "said", "code"), [
    (("desktop",), "unknown role or action 'desktop'", 2),
    (("--colour", "kiosk"), "unknown option --colour", 2),
    (("--version", "../x", "kiosk"), "--version may hold letters, digits and . _ + - only", 1),
    (("update",), "nothing installed here yet", 1),
    (("rollback",), "nothing installed here yet", 1),
])
def test_bad_input_is_refused_and_changes_nothing(target, args, said, code) -> None:
    before = snapshot(target)
    done = install(target, *args, check=False)
    assert done.returncode == code and said in done.stderr
    assert snapshot(target) == before and not (target / "opt").exists()


def test_a_bad_hall_file_is_refused_before_anything_changes(target, tmp_path) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text((ROOT / "assets/halls/sample_district.toml").read_text(encoding="utf-8")
                    .replace('restart_at = "03:30"', 'restart_at = "09:00"'), encoding="utf-8")
    before = snapshot(target)
    done = install(target, "--hall", str(hall), "kiosk", check=False)
    assert done.returncode == 1
    assert "falls in the issuing hours" in done.stderr and "nothing was changed" in done.stderr
    assert snapshot(target) == before and not (target / "opt").exists()


def test_a_virtualenv_that_cannot_be_made_changes_nothing(target) -> None:
    before = snapshot(target)
    done = install(target, "--pip-args", "--no-index", "kiosk", check=False, venv=True)  # no packages to be had
    assert done.returncode == 1 and "the release's virtualenv could not be made" in done.stderr
    assert snapshot(target) == before and not (target / "opt").exists()


def test_a_rollback_without_an_earlier_release_is_refused(target) -> None:
    install(target, "--version", "v1", "terminal")
    before = snapshot(target)
    done = install(target, "rollback", check=False)
    assert done.returncode == 1 and "no earlier release to go back to" in done.stderr
    assert snapshot(target) == before
