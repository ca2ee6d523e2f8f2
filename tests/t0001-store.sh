#!/bin/sh
# Where the store lives and who may read it.
. "$top_srcdir/tests/lib.sh"

perm() { stat -c %a "$1"; }

run hb-household -d "$T/a/b/my.db" init
status_is 0 "-d creates the store and its directories"
check "the store file is 0600" test "$(perm "$T/a/b/my.db")" = 600
check "a created directory is 0700" test "$(perm "$T/a/b")" = 700

run hb-household -d "$T/typo.db" list
status_is 1 "only init creates a store"
err_has "no store at '$T/typo.db': create one with 'hb-household init'" \
    "a mistyped store path is an error"
check "and no file appears" test ! -e "$T/typo.db"

unset HB_DB
mkdir "$T/xdg"
run env XDG_DATA_HOME="$T/xdg" hb-household init
status_is 0 "the XDG default location"
out_has "$T/xdg/hb/hb.db" "init names the store it made"
check "the XDG store directory is 0700" test "$(perm "$T/xdg/hb")" = 700

mkdir "$T/home"
run env -u XDG_DATA_HOME HOME="$T/home" hb-household init
status_is 0 "the home default location"
check "the store is under ~/.local/share/hb" test -f "$T/home/.local/share/hb/hb.db"

HB_DB=$T/env.db
export HB_DB
run hb-household init
status_is 0 "HB_DB names the store"
check "the store is where HB_DB says" test -f "$T/env.db"
run hb-household -d "$T/opt.db" init
check "-d wins over HB_DB" test -f "$T/opt.db"

ln -s "$T/env.db" "$T/link.db"
run hb-household -d "$T/link.db" list
status_is 1 "a symlinked store is refused"
err_has "refusing store '$T/link.db': it is a symbolic link" "it says why"

chmod 644 "$T/env.db"
run hb-household list
status_is 1 "a store others can read is refused"
err_has "others can read it (mode 644); run chmod 600" "it says how to fix it"
chmod 600 "$T/env.db"
run hb-household list
status_is 0 "after chmod 600 it opens"

mkdir "$T/dir.db"
run hb-household -d "$T/dir.db" list
status_is 1 "a directory is not a store"
err_has "not a regular file" "it says so"

run env HB_NOW=2026-13-01 hb-household list
status_is 1 "a malformed HB_NOW is refused"
err_has "invalid HB_NOW '2026-13-01'" "it names the variable"
done_testing
