#!/bin/sh
# Install what hb needs to build and test on Debian 12 (as root or via sudo).
set -e
pkgs="build-essential autoconf automake pkg-config libsqlite3-dev sqlite3
libcsv-dev libncurses-dev libreadline-dev libxml2-dev libxml2-utils
clang libclang-rt-dev tmux mandoc gettext locales python3 gcovr valgrind"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
if [ -n "$missing" ]; then
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
# The Dutch locale, so that the tests of the Dutch texts run rather than
# skip.
if ! locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
	$sudo sed -i 's/^# *\(nl_NL\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	$sudo locale-gen
fi
