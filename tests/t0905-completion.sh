#!/bin/sh
# Completion in bash: the built share/completion/hb-household (installed
# for every command) completes subcommands, options, record types, their
# fields, kinds and household codes from the store.
. "$top_srcdir/tests/lib.sh"
command -v bash >/dev/null 2>&1 || skip_all "bash is not installed"
COMPLETION=$top_builddir/share/completion/hb-household
test -f "$COMPLETION" || skip_all "no $COMPLETION: run make"

# complete LINE: what bash offers at the end of LINE, one a line, sorted
complete_line() {
	last_cmd="complete '$1'"
	bash -c '
		. "$1"
		COMP_LINE=$2
		COMP_POINT=${#2}
		read -r -a COMP_WORDS <<<"$2"
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		complete -p "${COMP_WORDS[0]}" >/dev/null || exit 9
		_hb_bash
		printf "%s\n" "${COMPREPLY[@]}"
	' x "$COMPLETION" "$1" 2>"$T/err" | sort >"$T/out"
	status=$?
}
offers() { check "'$1' offers '$2'" grep -qxF -- "$2" "$T/out"; }
lacks() { check "'$1' does not offer '$2'" sh -c '! grep -qxF -- "$1" "$2"' \
    x "$2" "$T/out"; }

run hb-household init
run hb-household intake "$top_srcdir/share/hb/examples/municipality.csv"

complete_line "hb-household ad"
offers "hb-household ad" add
offers "hb-household ad" add-iban
lacks "hb-household ad" init
complete_line "hb-household add "
offers "hb-household add " agreement
offers "hb-household add " consent
complete_line "hb-household add agreement ki"
offers "hb-household add agreement ki" kind=
# bash puts the word break "=" between a field and its value
complete_line "hb-household add agreement kind=hu"
offers "hb-household add agreement kind=hu" huur
complete_line "hb-household add household composition=alleen"
offers "hb-household add household composition=alleen" alleenstaande_ouder
complete_line "hb-household add agreement household="
offers "hb-household add agreement household=" HB-000002
complete_line "hb-household add agreement organisation=Groene"
offers "organisation=Groene" 'Groene\ Kracht\ Energie'
complete_line "hb-household -o "
offers "hb-household -o " tsv
complete_line "hb-household show HB-00000"
offers "hb-household show HB-00000" HB-000003
complete_line "hb-plan ru"
offers "hb-plan ru" run
complete_line "hb-plan run "
offers "hb-plan run " HB-000001
complete_line "hb-plan --v"
offers "hb-plan --v" --version
complete_line "hb-escalate list -"
offers "hb-escalate list -" -H
lacks "hb-escalate list -" -q
complete_line "hb-plan export -"
offers "hb-plan export -" -9
complete_line "hb-escalate file HB-000001 urgency="
offers "hb-escalate file HB-000001 urgency=" urgent
complete_line "hb-explain -f "
offers "hb-explain -f " letter
complete_line "hb-import -F "
offers "hb-import -F " mt940
complete_line "hb-overview HB"
offers "hb-overview HB" HB-000002

# the fixed values are hb's own: what hb accepts is what is offered
for kind in $(hb-household add agreement household=HB-000001 kind=x \
    organisation=x amount=1 schedule=monthly:1 valid_from=2026-12-01 2>&1 |
    sed -n "s/.*expected one of \(.*\)/\1/p" | tr -d ',' ); do
	case $kind in or) continue ;; esac
	complete_line "hb-household add agreement kind=$kind"
	offers "kind=$kind" "$kind"
done

done_testing
