#!/bin/sh
# Schema migrations: a fresh store replays them all; an old store upgrades
# to the same schema; a newer store is refused.
. "$top_srcdir/tests/lib.sh"
need_sqlite3
pm=$top_builddir/tests/unit/print-migration
latest=$("$pm" 0)

run hb-household -d "$T/fresh.db" init
status_is 0 "a fresh store"
check "a fresh store is at the latest version" \
    test "$("$SQLITE3" "$T/fresh.db" 'PRAGMA user_version')" = "$latest"

# a store made by the first release, with data in it
{ "$pm" 1; echo "PRAGMA user_version = 1;"
  echo "INSERT INTO household (code, name, composition, adults, children,
      buffer_limit, caseworker, start_date) VALUES ('HB-000001', 'Old',
      'single', 1, 0, 150000, 'x', '2025-01-01');"; } |
    "$SQLITE3" "$T/old.db"
chmod 600 "$T/old.db"
run hb-household -d "$T/old.db" list
status_is 0 "an old store is upgraded on open"
out_has "HB-000001" "its data survives the upgrade"
check "the upgraded store is at the latest version" \
    test "$("$SQLITE3" "$T/old.db" 'PRAGMA user_version')" = "$latest"
"$SQLITE3" "$T/fresh.db" .schema >"$T/fresh.schema"
"$SQLITE3" "$T/old.db" .schema >"$T/old.schema"
check "an upgraded store has the same schema as a fresh one" \
    cmp -s "$T/fresh.schema" "$T/old.schema"
check "tables are STRICT" grep -q ') STRICT;' "$T/fresh.schema"

"$SQLITE3" "$T/fresh.db" "PRAGMA user_version = $((latest + 1))"
run hb-household -d "$T/fresh.db" list
status_is 1 "a newer store is refused"
err_has "has schema version $((latest + 1)), newer than this hb knows ($latest): upgrade hb" \
    "it says to upgrade hb"
check "the refused store is left as it was" \
    test "$("$SQLITE3" "$T/fresh.db" 'PRAGMA user_version')" = "$((latest + 1))"

run "$SQLITE3" "$T/old.db" "PRAGMA journal_mode; PRAGMA foreign_key_list(agreement);"
out_has "wal" "the store uses the write-ahead log"
done_testing
