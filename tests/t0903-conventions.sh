#!/bin/sh
# The conventions of a Unix tool, on every command and subcommand:
# --help and -h print the usage message to stdout and exit 0, --version
# prints "COMMAND (hb) VERSION" and exits 0; none of them opens a store.
# A usage error still goes to stderr with status 2.
. "$top_srcdir/tests/lib.sh"

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
    "$top_builddir/config.h")

# every command with its subcommands ("" is the command alone)
subcommands() {
	case $1 in
	hb-household) echo "'' init add set end end-agreement add-iban intake" \
	    "list show load-parameters verify verify-audit" ;;
	hb-import) echo "'' lines unmatched signals imports income book" \
	    "resolve" ;;
	hb-plan) echo "'' run approve export payouts decisions batches" ;;
	hb-escalate) echo "'' file list show take assign comment resolve" \
	    "reopen report" ;;
	*) echo "''" ;;
	esac
}

for cmd in hb-household hb-import hb-plan hb-explain hb-escalate \
    hb-overview; do
	eval "set -- $(subcommands $cmd)"
	for sub; do
		name="$cmd${sub:+ $sub}"
		for opt in --help -h; do
			run $cmd $sub $opt
			status_is 0 "$name $opt exits 0"
			check "$name $opt prints the usage to stdout" \
			    grep -q "^usage: $cmd " "$T/out"
			err_is_empty "$name $opt prints nothing on stderr"
		done
		run $cmd $sub --version
		status_is 0 "$name --version exits 0"
		out_is "$name --version names the command, hb and the version" <<EOT
$cmd (hb) $version
EOT
	done
done
check "neither --help nor --version opened or made a store" \
    test ! -e "$HB_DB"

# the usage message of --help is the one of a usage error
run hb-plan --help
cp "$T/out" "$T/help"
run hb-plan approve
status_is 2 "a usage error exits 2"
out_is_empty "a usage error prints nothing on stdout"
check "a usage error prints the same usage message on stderr" \
    cmp -s "$T/help" "$T/err"

# after "--" the arguments are the user's: a --help there is no request
run hb-household show -- --help
check "after -- a --help is an argument, not a request for help" \
    sh -c '! grep -q "^usage:" "$1" && test "$2" -ne 0' x "$T/out" "$status"

# hb-escalate list takes the household with -H, since -h is help
run hb-household -q init
run hb-household -q intake "$top_srcdir/share/hb/examples/municipality.csv"
run hb-escalate -o tsv list -H HB-000001
status_is 0 "hb-escalate list -H CODE filters by household"
run hb-escalate list -h HB-000001
check "hb-escalate list -h is help, not a household filter" \
    grep -q "^usage: hb-escalate" "$T/out"

done_testing
