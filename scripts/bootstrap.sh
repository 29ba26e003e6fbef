# Sourced by ./hall: installs what the project needs on a fresh Debian machine, idempotently.
# Debian packages: Qt's runtime libraries for PySide6 (and its Virtual Keyboard), the xcb
# libraries of Qt's X11 platform plugin (the demo's windows on a screen), CJK fonts, zbar for
# pyzbar, the CUPS client for the certificate printer, libusb for USB receipt printers,
# PostgreSQL for the tests that run the hall server on it, python3-venv; the offline speech engine
# of the kiosk's voice guidance and the displays' spoken calls: speech-dispatcher (Qt TextToSpeech's
# "speechd" plug-in links libspeechd2) with espeak-ng, whose data holds the Mandarin voice (cmn).
apt_packages=(
  python3 python3-venv python3-dev gcc
  libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libglib2.0-0 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxshmfence1 libasound2
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1
  fonts-noto-cjk libzbar0 cups-client libusb-1.0-0
  chromium chromium-driver
  postgresql
  speech-dispatcher speech-dispatcher-espeak-ng libspeechd2 espeak-ng espeak-ng-data
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

py="${HALL_PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv with $($py --version)" >&2
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  echo "bootstrap: installing Python packages" >&2
  .venv/bin/python -m pip install -q --upgrade pip >&2
  .venv/bin/python -m pip install -q -e '.[test]' >&2
  rm -f .venv/.installed-*
  touch "$stamp"
fi
