#!/bin/sh
# Install what hb needs to build and test on Debian 12 (as root or via sudo).
set -e
pkgs="build-essential autoconf automake pkg-config libsqlite3-dev sqlite3
libcsv-dev libncurses-dev libreadline-dev libxml2-dev libxml2-utils
clang libclang-rt-dev tmux mandoc python3"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
