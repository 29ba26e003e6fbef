#!/usr/bin/env bash
# Install the hall's software on a Debian machine as a system service, update it, roll it back.
#
#   scripts/install.sh [options] server|kiosk|display|terminal   install this checkout for a role
#   scripts/install.sh [options] update                          a new release of this checkout, switch, restart
#   scripts/install.sh [options] rollback                        back to the release before, restart
#
# Options:
#   --root DIR      install into DIR as if it were / (a throw-away root: no apt, no systemctl
#                   start, no restart; units are enabled offline with systemctl --root)
#   --hall FILE     the hall file: the server's /etc/hall/hall.toml (kept if one is there already);
#                   every machine keeps a copy without staff and devices, /etc/hall/maintenance.json,
#                   for its nightly restart and wake-up (renewed from FILE, or the server's hall.toml)
#   --version V     the release's name (default: UTC time and the git commit)
#   --leds          display: this machine's device host drives window LED screens (led-relay)
#   --no-venv       do not make the release's virtualenv (it is made elsewhere, e.g. an image build;
#                   the hall file is then read by $HALL_INSTALL_PYTHON, a python with the project's packages)
#   --pip-args ARGS extra pip arguments, e.g. "--no-index --find-links /media/wheels" (offline)
#
# Layout: the project in /opt/hall/releases/<version> with its own .venv, /opt/hall/current and
# /opt/hall/previous pointing at releases; configuration in /etc/hall (kept across updates),
# state in /var/lib/hall, crash files in /var/log/hall, logs in journald, units in
# /etc/systemd/system. Everything runs as the system user `hall`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root=""
hall_file=""
version=""
leds=0
venv=1
pip_args=""
KEEP_RELEASES=5
USER_NAME=hall

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(realpath -m "${2:?--root wants a folder}")"; shift 2 ;;
    --hall) hall_file="$(realpath "${2:?--hall wants a file}")"; shift 2 ;;
    --version) version="${2:?--version wants a name}"; shift 2 ;;
    --leds) leds=1; shift ;;
    --no-venv) venv=0; shift ;;
    --pip-args) pip_args="${2?}"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "install.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
action="$1"
case "$action" in
  server|kiosk|display|terminal|update|rollback) ;;
  *) echo "install.sh: unknown role or action '$action'" >&2; usage ;;
esac
if [ -n "$root" ]; then
  [ -d "$root" ] || die "--root $root is not a folder"
elif [ "$(id -u)" -ne 0 ]; then
  die "run as root (or give --root DIR)"
fi
case "$version" in
  ""|*[!A-Za-z0-9._+-]*) [ -z "$version" ] || die "--version may hold letters, digits and . _ + - only" ;;
esac

opt="$root/opt/hall"
etc="$root/etc/hall"
units="$root/etc/systemd/system"

# --- Debian packages --------------------------------------------------------------------------
server_packages=(python3 python3-venv libzbar0 fonts-noto-cjk util-linux)
screen_packages=(python3 python3-venv cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1
  libpulse0 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libnss3 libasound2
  libx11-xcb1 libxcb-cursor0 libxkbcommon-x11-0 fonts-noto-cjk libzbar0 cups-client libusb-1.0-0 util-linux)

apt_install() {
  [ -z "$root" ] || return 0
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# --- the system user --------------------------------------------------------------------------
make_user() {
  local prefix=() group
  [ -z "$root" ] || prefix=(--prefix "$root")
  if ! grep -q "^$USER_NAME:" "$root/etc/passwd" 2>/dev/null; then
    useradd "${prefix[@]}" --system --user-group --home-dir /var/lib/hall --no-create-home \
      --shell /usr/sbin/nologin --comment "government service hall" "$USER_NAME"
    say "made the system user $USER_NAME"
  fi
  # Serial ports, printers, USB devices, the screen and the touch panel: only groups this system has.
  for group in dialout lp plugdev video render input; do
    if grep -q "^$group:" "$root/etc/group"; then
      usermod "${prefix[@]}" -a -G "$group" "$USER_NAME"
    fi
  done
}

# Ids of the hall user and group in the target's own files (a throw-away root has its own).
hall_ids() {
  awk -F: -v u="$USER_NAME" '$1 == u { print $3 ":" $4 }' "$root/etc/passwd"
}

# --- releases ---------------------------------------------------------------------------------
make_release() {
  if [ -z "$version" ]; then
    version="$(date -u +%Y%m%d-%H%M%S)"
    if commit="$(git -C "$here" rev-parse --short=10 HEAD 2>/dev/null)"; then
      version="$version-$commit"
    fi
  fi
  local rel="$opt/releases/$version"
  [ ! -e "$rel" ] || die "release $version exists already (give another --version)"
  made_first=""  # the first folder this release had to make, so a refused install leaves none
  for d in "$root/opt" "$opt" "$opt/releases"; do
    [ -e "$d" ] || { made_first="$d"; break; }
  done
  install -d -m 0755 "$opt/releases"
  local tmp="$rel.partial"
  rm -rf "$tmp"
  install -d -m 0755 "$tmp"
  # The checkout as it is, without its own virtualenv, demo data, caches or git history.
  tar -C "$here" --exclude=./.venv --exclude=./var --exclude=./.git --exclude=__pycache__ \
    --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.pytest_cache -cf - . | tar -C "$tmp" -xf -
  if [ "$venv" -eq 1 ]; then
    say "making the release's virtualenv (pip install -e: the apps read their QML and assets from the release)"
    # shellcheck disable=SC2086  # pip_args is a list of words on purpose
    if ! { python3 -m venv "$tmp/.venv" && "$tmp/.venv/bin/python" -m pip install -q $pip_args -e "$tmp" \
           && "$tmp/.venv/bin/python" -m compileall -q "$tmp" >/dev/null; }; then
      rm -rf "$tmp"
      [ -z "$made_first" ] || rm -rf "${made_first:?}"
      die "the release's virtualenv could not be made (see above); nothing was changed"
    fi
  fi
  chown -R 0:0 "$tmp"
  chmod -R go-w "$tmp"
  mv -T "$tmp" "$rel"
  say "release $version in /opt/hall/releases/$version"
}

# Point `current` at a release (atomically: a new link renamed over the old one), `previous` at
# the one before.
switch_to() {
  local new="$1" old
  old="$(readlink "$opt/current" 2>/dev/null || true)"
  if [ -n "$old" ] && [ "$old" != "releases/$new" ]; then
    ln -sfn "$old" "$opt/previous.new" && mv -T "$opt/previous.new" "$opt/previous"
  fi
  ln -sfn "releases/$new" "$opt/current.new" && mv -T "$opt/current.new" "$opt/current"
  say "current release: $new${old:+ (before: ${old#releases/})}"
}

prune_releases() {
  local keep current previous r
  current="$(readlink "$opt/current" 2>/dev/null || true)"
  previous="$(readlink "$opt/previous" 2>/dev/null || true)"
  keep=0
  for r in $(ls -1 "$opt/releases" | sort -r); do
    case "$r" in *.partial) continue ;; esac
    keep=$((keep + 1))
    if [ "$keep" -gt "$KEEP_RELEASES" ] && [ "releases/$r" != "$current" ] && [ "releases/$r" != "$previous" ]; then
      rm -rf "${opt:?}/releases/$r"
      say "removed the old release $r"
    fi
  done
}

# --- configuration and state -------------------------------------------------------------------
# A file of deploy/etc goes to /etc/hall only when it is not there: configuration is the hall's,
# an update never overwrites it.
config_file() {
  local name="$1" mode="$2" from="${3:-$here/deploy/etc/$1}"
  if [ ! -e "$etc/$name" ]; then
    install -m "$mode" -o 0 -g "$gid" "$from" "$etc/$name"
    say "wrote /etc/hall/$name (edit it for this machine)"
  fi
}

configure() {
  local role="$1"
  install -d -m 0750 -o 0 -g "$gid" "$etc"
  printf '%s\n' "$role" > "$etc/role"
  chmod 0644 "$etc/role"
  if [ "$role" = server ] && [ -n "$hall_file" ] && [ -e "$etc/hall.toml" ] && ! cmp -s "$hall_file" "$etc/hall.toml"; then
    say "kept /etc/hall/hall.toml as it is (it differs from $hall_file: replace it by hand)"
  fi
  config_file hall.env 0640
  case "$role" in
    server) config_file hall.toml 0640 "${hall_file:-$here/assets/halls/sample_district.toml}"
            config_file server.env 0640 ;;
    kiosk) config_file kiosk.env 0640; config_file device-host.toml 0640 ;;
    display) config_file display.env 0640
             if [ "$leds" -eq 1 ]; then config_file led-relay.env 0640; config_file device-host.toml 0640; fi ;;
    terminal) config_file terminal.env 0640 ;;
  esac
  install -d -m 0750 -o "$uid" -g "$gid" "$root/var/lib/hall" "$root/var/log/hall"
  if [ "$role" = kiosk ] || [ "$leds" -eq 1 ]; then
    install -d -m 0750 -o "$uid" -g "$gid" "$root/var/spool/hall" "$root/var/spool/hall/certificates"
  fi
}

role_units() {
  case "$1" in
    server) echo hall-server.service ;;
    kiosk) echo hall-device-host.service hall-kiosk.service ;;
    display) echo hall-display.service
             [ "$leds" -eq 1 ] && echo hall-device-host.service hall-led-relay.service ;;
    terminal) echo hall-terminal.service ;;
  esac
  return 0
}

COMMON_UNITS=(hall.target hall-restart.service hall-restart.timer hall-wake.service hall-wake.timer
  hall-wake-refresh.service)

# Every machine keeps a machine copy of the hall file for its upkeep (restart window, wake-up):
# without staff and devices, so no PIN hash or device token leaves the server.
write_machine_copy() {
  local role="$1" rel="$2" source py
  source="$(upkeep_source "$role" "$rel")"
  [ "$source" != "$etc/maintenance.json" ] || return 0
  py="$(release_python "$rel")"
  PYTHONPATH="$rel" "$py" -m hall_server.cli maintenance --machine-copy "$source" > "$etc/maintenance.json.new"
  chmod 0644 "$etc/maintenance.json.new"
  mv -T "$etc/maintenance.json.new" "$etc/maintenance.json"
}

# The python that reads the hall file: the release's own, else $HALL_INSTALL_PYTHON (tests, --no-venv).
release_python() {
  local rel="$1"
  if [ -x "$rel/.venv/bin/python" ]; then echo "$rel/.venv/bin/python"; else echo "${HALL_INSTALL_PYTHON:-python3}"; fi
}

write_units() {
  local role="$1" rel="$2" unit lines calendar window py
  install -d -m 0755 "$units"
  # Units of other roles a machine had before go: one machine, one role.
  for unit in hall-server.service hall-device-host.service hall-kiosk.service hall-display.service \
              hall-terminal.service hall-led-relay.service; do
    if ! role_units "$role" | tr ' ' '\n' | grep -qx "$unit" && [ -e "$units/$unit" ]; then
      if [ -z "$root" ]; then systemctl disable --now "$unit" || true; else systemctl --root="$root" disable "$unit" || true; fi
      rm -f "$units/$unit"
    fi
  done
  for unit in "${COMMON_UNITS[@]}" $(role_units "$role"); do
    install -m 0644 "$rel/deploy/systemd/$unit" "$units/$unit"
  done
  # The hall's own restart window and zone ([maintenance] of the hall file).
  py="$(release_python "$rel")"
  lines="$(PYTHONPATH="$rel" "$py" -m hall_server.cli maintenance "$etc/maintenance.json")" \
    || die "/etc/hall/maintenance.json is not usable (see above)"
  calendar="$(printf '%s\n' "$lines" | sed -n 's/^restart_on_calendar=//p')"
  window="$(printf '%s\n' "$lines" | sed -n 's/^restart_window_seconds=//p')"
  install -d -m 0755 "$units/hall-restart.timer.d"
  if [ -n "$calendar" ]; then
    printf '# From the hall file'"'"'s [maintenance], /etc/hall/maintenance.json (scripts/install.sh).\n[Timer]\nOnCalendar=\nOnCalendar=%s\nRandomizedDelaySec=%s\n' \
      "$calendar" "$window" > "$units/hall-restart.timer.d/maintenance.conf"
  else
    rm -f "$units/hall-restart.timer.d/maintenance.conf"
  fi
  chmod 0644 "$units/hall-restart.timer.d/"*.conf 2>/dev/null || true
  restart_enabled=1
  [ -n "$calendar" ] || restart_enabled=0
}

# A screen role: no desktop, no getty on the panel's VT or any other, no Ctrl+Alt+Del, no SysRq,
# and the X fallback's VT switch and zap off (cage itself refuses VT switching unless given -s).
lock_down_screen() {
  install -d -m 0755 "$root/etc/X11/xorg.conf.d" "$root/etc/systemd/logind.conf.d" "$root/etc/sysctl.d" \
    "$root/etc/pam.d"
  install -m 0644 "$here/deploy/x11/10-hall-kiosk.conf" "$root/etc/X11/xorg.conf.d/10-hall-kiosk.conf"
  install -m 0644 "$here/deploy/pam/hall-session" "$root/etc/pam.d/hall-session"
  printf '# A hall screen: no login prompts on other VTs (scripts/install.sh).\n[Login]\nNAutoVTs=0\nReserveVT=0\n' \
    > "$root/etc/systemd/logind.conf.d/hall-kiosk.conf"
  printf '# A hall screen: no magic SysRq keys from the keyboard (scripts/install.sh).\nkernel.sysrq = 0\n' \
    > "$root/etc/sysctl.d/90-hall-kiosk.conf"
  chmod 0644 "$root/etc/systemd/logind.conf.d/hall-kiosk.conf" "$root/etc/sysctl.d/90-hall-kiosk.conf"
  # No desktop: the machine boots to the console targets, where only the hall's session runs.
  ln -sfn /lib/systemd/system/multi-user.target "$units/default.target"
  systemctl_do mask ctrl-alt-del.target getty@tty1.service
  systemctl_do disable display-manager.service 2>/dev/null || true
}

systemctl_do() {
  if [ -n "$root" ]; then systemctl --root="$root" "$@"; else systemctl "$@"; fi
}

enable_units() {
  local role="$1" list
  # shellcheck disable=SC2207
  list=(hall.target hall-wake.service hall-wake.timer $(role_units "$role"))
  [ "$restart_enabled" -eq 0 ] || list+=(hall-restart.timer)
  [ "$restart_enabled" -eq 1 ] || systemctl_do disable hall-restart.timer 2>/dev/null || true
  [ -z "$root" ] || { systemctl --root="$root" enable "${list[@]}"; return 0; }
  systemctl daemon-reload
  systemctl enable "${list[@]}"
  # A machine without a usable RTC (some virtual machines) still runs the hall: said, not fatal.
  systemctl start hall-wake.service hall-wake.timer || say "the RTC wake-up could not be set: see journalctl -u hall-wake"
  [ "$restart_enabled" -eq 0 ] || systemctl start hall-restart.timer
}

restart_services() {
  if [ -n "$root" ]; then
    say "not restarting anything: --root $root"
    return 0
  fi
  systemctl daemon-reload
  systemctl restart hall.target $(role_units "$(cat "$etc/role")")
  say "restarted: $(role_units "$(cat "$etc/role")")"
}

# The hall file this machine's upkeep follows: the server's own /etc/hall/hall.toml (else --hall,
# else the sample); on a screen machine --hall, else the machine copy it has, else the sample.
upkeep_source() {
  local role="$1" rel="$2"
  if [ "$role" = server ] && [ -e "$etc/hall.toml" ]; then echo "$etc/hall.toml"
  elif [ -n "$hall_file" ]; then echo "$hall_file"
  elif [ "$role" != server ] && [ -e "$etc/maintenance.json" ]; then echo "$etc/maintenance.json"
  else echo "$rel/assets/halls/sample_district.toml"
  fi
}

# Checked by the new release before anything changes: a bad file is said with its place and the
# new release goes again.
check_hall_file() {
  local role="$1" rel="$2" file py
  file="$(upkeep_source "$role" "$rel")"
  py="$(release_python "$rel")"
  if ! PYTHONPATH="$rel" "$py" -m hall_server.cli maintenance "$file" >/dev/null; then
    rm -rf "${rel:?}"
    [ -z "$made_first" ] || rm -rf "${made_first:?}"  # a first install leaves no trace
    die "the hall file $file is not usable (see above); nothing was changed"
  fi
}

# --- actions ----------------------------------------------------------------------------------
install_role() {
  local role="$1"
  case "$role" in
    server) apt_install "${server_packages[@]}" ;;
    *) apt_install "${screen_packages[@]}" ;;
  esac
  make_release
  check_hall_file "$role" "$opt/releases/$version"
  make_user
  IFS=: read -r uid gid < <(hall_ids)
  configure "$role"
  write_machine_copy "$role" "$opt/releases/$version"
  write_units "$role" "$opt/releases/$version"
  case "$role" in server) ;; *) lock_down_screen ;; esac
  switch_to "$version"
  enable_units "$role"
  prune_releases
  restart_services
}

installed_role() {
  [ -r "$etc/role" ] || die "nothing installed here yet: run scripts/install.sh ROLE first"
  cat "$etc/role"
}

case "$action" in
  update)
    role="$(installed_role)"
    [ "$role" != display ] || [ ! -e "$etc/led-relay.env" ] || leds=1
    install_role "$role"
    ;;
  rollback)
    role="$(installed_role)"
    [ "$role" != display ] || [ ! -e "$etc/led-relay.env" ] || leds=1
    back="$(readlink "$opt/previous" 2>/dev/null || true)"
    [ -n "$back" ] && [ -d "$opt/$back" ] || die "no earlier release to go back to"
    IFS=: read -r uid gid < <(hall_ids)
    write_units "$role" "$opt/$back"
    switch_to "${back#releases/}"
    enable_units "$role"
    restart_services
    ;;
  *)
    install_role "$action"
    ;;
esac
