#!/bin/sh
# The trust boundary: hb uses a store only when the store, its journal,
# its lock file and its audit key belong to the user running it and none is
# a symbolic link, and when the directory they live in is that user's (or
# root's) and no one else can write to it.  A store hb cannot write to is
# refused before anything is shown, with a message that says so.
. "$top_srcdir/tests/lib.sh"

run hb-household init
out_has "audit key $HB_DB.key made: back it up apart from the store" \
    "init names the new audit key and says to back it up"
perm() { stat -c %a "$1"; }
check "the audit key is made beside the store, 0600" \
    test "$(perm "$HB_DB.key")" = 600

# --- files beside the store -----------------------------------------------
ln -s "$T/elsewhere" "$HB_DB.lock"
run hb-household list
status_is 1 "a lock file that is a symbolic link is refused"
err_has "refusing store '$HB_DB': its lock file '$HB_DB.lock' is a symbolic link" \
    "it names the lock file"
rm "$HB_DB.lock"
ln -s "$T/elsewhere" "$HB_DB-journal"
run hb-household list
status_is 1 "a journal that is a symbolic link is refused"
err_has "its journal '$HB_DB-journal' is a symbolic link" "it names the journal"
rm "$HB_DB-journal"
for f in wal:"write-ahead log" shm:"write-ahead log index"; do
	rm -f "$HB_DB-${f%%:*}"
	ln -s "$T/elsewhere" "$HB_DB-${f%%:*}"
	run hb-household list
	status_is 1 "a ${f#*:} that is a symbolic link is refused"
	err_has "its ${f#*:} '$HB_DB-${f%%:*}' is a symbolic link" "it names it"
	rm "$HB_DB-${f%%:*}"
done

# --- a log left by a store that was removed -------------------------------
# SQLite would apply it to a new store made under the same name
mkdir -m 700 "$T/gone"
HB_DB=$T/gone/hb.db hb-household -q init
rm "$T/gone/hb.db"
run env HB_DB="$T/gone/hb.db" hb-household init
status_is 0 "an empty log left beside no store is no obstacle"
rm "$T/gone/hb.db"
printf 'frames of another store' >"$T/gone/hb.db-wal"
run env HB_DB="$T/gone/hb.db" hb-household init
status_is 1 "a log with content beside no store is refused"
err_has "no store at '$T/gone/hb.db', but '$T/gone/hb.db-wal' is there" \
    "it names the log"
check "and no store is made" test ! -e "$T/gone/hb.db"

# --- the store's directory ------------------------------------------------
mkdir -m 700 "$T/shared"
hb-household -q -d "$T/shared/hb.db" init
for mode in 777 1777 770; do
	chmod $mode "$T/shared"
	run hb-household -d "$T/shared/hb.db" list
	status_is 1 "a store directory with mode $mode is refused"
	err_has "others can write to its directory '$T/shared' (mode $(perm "$T/shared" | sed 's/^1//')" \
	    "mode $mode: it says others can write to the directory"
	out_is_empty "mode $mode: nothing is shown"
done
chmod 1777 "$T/shared"
run hb-household -d "$T/shared/hb.db" list
err_has ", sticky)" "a sticky directory is no exception, and the message says it is sticky"
chmod 700 "$T/shared"
run hb-household -d "$T/shared/hb.db" list
status_is 0 "back to 0700, the store opens"

mkdir -m 700 "$T/real"
hb-household -q -d "$T/real/hb.db" init
ln -s "$T/real" "$T/link"
run hb-household -d "$T/link/hb.db" list
status_is 1 "a store reached through a symlinked directory is refused"
err_has "refusing store '$T/link/hb.db': '$T/link' is a symbolic link to '$T/real'; give the store by its real path" \
    "the message names the link and the real path"

# --- files of another user (needs root to make them) ----------------------
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	other=$(id -u nobody)
	for f in "$HB_DB" "$HB_DB.key"; do
		chown nobody "$f"
		run hb-household list
		status_is 1 "${f##*/} owned by another user: refused"
		err_has "belongs to uid $other, not to you (uid 0)" \
		    "${f##*/}: it names the owner"
		chown 0 "$f"
	done
	: >"$HB_DB-journal"
	chown nobody "$HB_DB-journal"
	run hb-household list
	status_is 1 "a journal owned by another user is refused"
	err_has "its journal '$HB_DB-journal' belongs to uid $other" "it says whose"
	rm "$HB_DB-journal"
	: >"$HB_DB.lock"
	chown nobody "$HB_DB.lock"
	run hb-household list
	status_is 1 "a lock file owned by another user is refused"
	err_has "its lock file '$HB_DB.lock' belongs to uid $other" "it says whose"
	rm "$HB_DB.lock"
	chown nobody "$T/real"
	run hb-household -d "$T/real/hb.db" list
	status_is 1 "a store directory owned by another user is refused"
	err_has "its directory '$T/real' belongs to uid $other" "it says whose"
	chown 0 "$T/real"

	# a read-only store, for a user who cannot write it
	if command -v setpriv >/dev/null 2>&1; then
		as_nobody() {
			setpriv --reuid=nobody --regid="$(id -g nobody)" \
			    --clear-groups "$@"
		}
		chmod 711 "$T"
		mkdir -m 700 "$T/ro"
		chown nobody "$T/ro"
		as_nobody env HB_DB="$T/ro/hb.db" hb-household -q init
		as_nobody env HB_DB="$T/ro/hb.db" hb-household -q add household \
		    name=A composition=single caseworker=x start=2026-01-01
		chmod 500 "$T/ro"
		run as_nobody env HB_DB="$T/ro/hb.db" hb-household list
		status_is 1 "a store in a read-only directory is refused"
		out_is_empty "before it lists anything"
		err_has "store '$T/ro/hb.db' is read-only: cannot write to its directory '$T/ro' (Permission denied)" \
		    "the message says the store is read-only, and why"
		chmod 700 "$T/ro"
		chmod 400 "$T/ro/hb.db"
		run as_nobody env HB_DB="$T/ro/hb.db" hb-household list
		status_is 1 "a read-only store file is refused"
		out_is_empty "before it lists anything"
		err_has "store '$T/ro/hb.db' is read-only (Permission denied): every hb command writes an audit entry" \
		    "the message says why hb needs to write"
		chmod 700 "$T"
	else
		for i in 1 2 3 4 5 6; do skip "setpriv not installed"; done
	fi
else
	for i in $(seq 1 16); do skip "needs root to make files of another user"; done
fi
done_testing
