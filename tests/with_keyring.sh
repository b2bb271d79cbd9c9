#!/bin/sh
# with_keyring.sh EXECUTABLE [ARGS...]
# Runs a test inside its own D-Bus session with a fresh gnome-keyring, unlocked with a
# throwaway password, so QtKeychain has a real Secret Service even headless, as root, in
# CI. A throwaway HOME keeps the user's own keyring (and its password) out of it. If the
# keyring cannot start, this fails: keychain tests never skip.
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 EXECUTABLE [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with_keyring.sh: $tool not found (Debian packages dbus, gnome-keyring)" >&2
        exit 1
    fi
done

T=$(mktemp -d)
# The daemons leave when the session bus closes, and may still be writing for a moment.
cleanup() {
    rm -rf "$T" 2>/dev/null || { sleep 1; rm -rf "$T"; }
}
trap cleanup EXIT
mkdir -p "$T/.local/share" "$T/.cache"
mkdir -m 700 "$T/run"

export HOME="$T" XDG_DATA_HOME="$T/.local/share" XDG_CACHE_HOME="$T/.cache" XDG_RUNTIME_DIR="$T/run"
# No desktop hints: QtKeychain then picks the Secret Service (libsecret), not KWallet.
unset DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION \
      KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID DBUS_SESSION_BUS_ADDRESS

status=0
dbus-run-session -- sh -c '
    if ! echo throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
        echo "with_keyring.sh: gnome-keyring-daemon did not start" >&2
        exit 1
    fi
    exec "$@"' with_keyring "$@" || status=$?
exit "$status"
