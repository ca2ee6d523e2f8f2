# hb-complete.sh - what the hb-* commands' arguments may be, for bash and
# zsh alike (the build puts it into hb.bash and _hb).
#
#	_hb_candidates WORD...
#
# WORD... is the command line up to the word being completed, that word
# last (empty for a new one).  Prints the candidates, one a line, for the
# shell to filter by what is typed; "FILES" alone asks for file names.
# The shells call it in a subshell: its variables and IFS stay there.
# Household codes and organisations come from the store, through the
# commands' own tsv output (with the line's -d, else $HB_DB).

_hb_p() {
	printf '%s\n' "$@"
}

_hb_store() {
	# the -d of the command line, if any
	_hb_d=
	_hb_prev=
	for _hb_w in "$@"; do
		[ "$_hb_prev" = -d ] && _hb_d=$_hb_w
		_hb_prev=$_hb_w
	done
}

_hb_codes() {
	hb-household ${_hb_d:+-d "$_hb_d"} -o tsv list households \
	    2>/dev/null | awk -F '\t' 'NR > 1 { print $1 }'
}

_hb_organisations() {
	hb-household ${_hb_d:+-d "$_hb_d"} -o tsv list organisations \
	    2>/dev/null | awk -F '\t' 'NR > 1 { print $1 }'
}

# the values of FIELD of RECORD, each as FIELD=VALUE
_hb_values() {
	case $2 in
	kind)
		case $1 in
		agreement) _hb_v="salary benefit toeslag other_income rent
		    energy water health_insurance leefgeld other_fixed
		    reservation repayment offset collection huur energie
		    zorgverzekering zorgpremie overige_vaste_lasten vaste_last
		    reservering aflossing verrekening beslag inning salaris
		    loon uitkering overig_inkomen" ;;
		organisation) _hb_v="landlord energy water insurer
		    benefit_agency employer municipality creditor other
		    verhuurder woningcorporatie energieleverancier waterbedrijf
		    zorgverzekeraar uitkeringsinstantie werkgever gemeente
		    schuldeiser overig overige" ;;
		account) _hb_v="managed pooled own beheerd beheerrekening
		    derdengelden derdengeldenrekening eigen" ;;
		*) _hb_v= ;;
		esac ;;
	composition) _hb_v="single single_parent couple couple_children
	    alleenstaande alleenstaande_ouder stel echtpaar stel_met_kinderen
	    gezin" ;;
	schedule) _hb_v="monthly: weekly: 4weekly: yearly: once:
	    maandelijks: wekelijks: vierwekelijks: jaarlijks: eenmalig:" ;;
	category) _hb_v="income_missing wrong_amount collection_too_hard
	    not_standard other" ;;
	urgency) _hb_v="urgent normal" ;;
	on_behalf_of) _hb_v="citizen caseworker neighbourhood_team
	    debt_counsellor partner" ;;
	force) _hb_v="1 0" ;;
	household)
		_hb_codes | sed "s/^/$2=/"
		return ;;
	organisation)
		_hb_organisations | sed "s/^/$2=/"
		return ;;
	*) _hb_v= ;;
	esac
	for _hb_x in $_hb_v; do
		_hb_p "$2=$_hb_x"
	done
}

# the fields of RECORD, each as FIELD=
_hb_fields() {
	case $1 in
	organisation) _hb_v="name kind iban" ;;
	account) _hb_v="iban holder kind household" ;;
	household) _hb_v="household name composition adults children
	    buffer_limit caseworker start" ;;
	agreement) _hb_v="household kind organisation iban amount schedule
	    valid_from valid_to search reference amount_margin day_margin
	    legal_basis claim claim_total description protected_notice
	    force" ;;
	consent) _hb_v="household organisation reference valid_from
	    valid_to" ;;
	set) _hb_v="name composition adults children buffer_limit
	    caseworker" ;;
	escalation) _hb_v="household on_behalf_of category urgency reason
	    decision payout signal agreement" ;;
	*) _hb_v= ;;
	esac
	for _hb_x in $_hb_v; do
		_hb_p "$_hb_x="
	done
}

# field=value arguments of RECORD: the fields, or the values of one
_hb_pairs() {
	case $2 in
	*=*) _hb_values "$1" "${2%%=*}" ;;
	*) _hb_fields "$1" ;;
	esac
}

_hb_candidates() {
	# run in a subshell ($(...)), so these change nothing of the shell's
	IFS=' 	
'
	_hb_cmd=$1
	shift
	_hb_store "$@"
	# the word being completed, the one before it, and the arguments
	# after the options and the subcommand
	eval "_hb_cur=\${$#}"
	_hb_before=
	[ $# -ge 2 ] && eval "_hb_before=\${$(($# - 1))}"
	case $_hb_cmd in
	hb-household) _hb_opts="-q -d -o"; _hb_argopts="-d -o"
		_hb_subs="init add set end end-agreement add-iban intake list
		    show load-parameters verify verify-audit" ;;
	hb-import) _hb_opts="-f -n -q -a -d -F -o -p -t"
		_hb_argopts="-a -d -F -o -p -t"
		_hb_subs="lines unmatched signals imports income book resolve" ;;
	hb-plan) _hb_opts="-a -n -q -d -m -o"; _hb_argopts="-d -m -o -D -w"
		_hb_subs="run approve export payouts decisions batches" ;;
	hb-explain) _hb_opts="-d -f -o"; _hb_argopts="-d -f -o"
		_hb_subs= ;;
	hb-escalate) _hb_opts="-q -d -o"
		_hb_argopts="-d -o -a -H -s -u -m -f -t"
		_hb_subs="file list show take assign comment resolve reopen
		    report" ;;
	hb-overview) _hb_opts="-f -p -w -d -m -o"; _hb_argopts="-d -m -o"
		_hb_subs= ;;
	*) return ;;
	esac
	case $_hb_before in
	-o)
		if [ "$_hb_cmd" = hb-explain ]; then
			_hb_p human; _hb_p json
		else
			_hb_p human; _hb_p tsv; _hb_p csv; _hb_p json
		fi
		return ;;
	-f)
		[ "$_hb_cmd" = hb-explain ] && { _hb_p text; _hb_p letter
		    _hb_p markdown; }
		return ;;
	-F) _hb_p camt; _hb_p mt940; _hb_p csv; _hb_p income; return ;;
	-s) _hb_p open; _hb_p taken; _hb_p resolved; _hb_p all; return ;;
	-u) _hb_p urgent; _hb_p normal; return ;;
	-H) _hb_codes; return ;;
	-d|-D) _hb_p FILES; return ;;
	-a) [ "$_hb_cmd" = hb-plan ] || return ;;
	-m|-t|-w|-p) return ;;
	esac
	# the subcommand and the arguments before the current word
	_hb_sub=
	_hb_n=0
	_hb_a1=
	_hb_prev=
	_hb_i=0
	for _hb_w in "$@"; do
		_hb_i=$((_hb_i + 1))
		[ $_hb_i -eq $# ] && break
		_hb_skip=0
		for _hb_o in $_hb_argopts; do
			[ "$_hb_prev" = "$_hb_o" ] && _hb_skip=1
		done
		_hb_prev=$_hb_w
		case $_hb_w in
		-*) continue ;;
		esac
		[ $_hb_skip -eq 1 ] && continue
		if [ -z "$_hb_sub" ] && [ -n "$_hb_subs" ]; then
			for _hb_s in $_hb_subs; do
				[ "$_hb_w" = "$_hb_s" ] && _hb_sub=$_hb_w
			done
			[ -n "$_hb_sub" ] && continue
		fi
		_hb_n=$((_hb_n + 1))
		[ $_hb_n -eq 1 ] && _hb_a1=$_hb_w
	done
	case $_hb_cur in
	-*)
		case $_hb_cmd:$_hb_sub in
		hb-escalate:list) _hb_opts="-O -a -H -s -u -o" ;;
		hb-escalate:report) _hb_opts="-m -f -t -o" ;;
		hb-plan:run) _hb_opts="-a -q -m -o" ;;
		hb-plan:export) _hb_opts="-9 -q -D -w" ;;
		hb-plan:decisions) _hb_opts="-H" ;;
		*:) ;;
		*) _hb_opts= ;;
		esac
		for _hb_x in $_hb_opts; do _hb_p "$_hb_x"; done
		_hb_p --help --version
		return ;;
	esac
	case $_hb_cmd:$_hb_sub in
	hb-household:)
		for _hb_x in $_hb_subs; do _hb_p "$_hb_x"; done ;;
	hb-household:add)
		if [ $_hb_n -eq 0 ]; then
			for _hb_x in organisation account household agreement \
			    consent; do _hb_p "$_hb_x"; done
		else
			_hb_pairs "$_hb_a1" "$_hb_cur"
		fi ;;
	hb-household:set)
		if [ $_hb_n -eq 0 ]; then _hb_codes
		else _hb_pairs set "$_hb_cur"; fi ;;
	hb-household:end|hb-household:show)
		[ $_hb_n -eq 0 ] && _hb_codes ;;
	hb-household:add-iban)
		[ $_hb_n -eq 0 ] && _hb_organisations ;;
	hb-household:intake|hb-household:load-parameters)
		[ $_hb_n -eq 0 ] && _hb_p FILES ;;
	hb-household:list)
		if [ $_hb_n -eq 0 ]; then
			for _hb_x in households agreements taking \
			    organisations accounts consents parameters audit; do
				_hb_p "$_hb_x"
			done
		elif [ $_hb_n -eq 1 ]; then
			_hb_codes
		fi ;;
	hb-import:)
		for _hb_x in $_hb_subs; do _hb_p "$_hb_x"; done
		_hb_p FILES ;;
	hb-import:lines|hb-import:unmatched|hb-import:signals|hb-import:income)
		[ $_hb_n -eq 0 ] && _hb_codes ;;
	hb-import:book)
		[ $_hb_n -eq 1 ] && _hb_codes ;;
	hb-plan:)
		for _hb_x in $_hb_subs; do _hb_p "$_hb_x"; done
		_hb_codes ;;
	hb-plan:run) _hb_codes ;;
	hb-plan:payouts|hb-plan:decisions)
		[ $_hb_n -eq 0 ] && _hb_codes ;;
	hb-explain:|hb-overview:)
		[ $_hb_n -eq 0 ] && _hb_codes ;;
	hb-escalate:)
		for _hb_x in $_hb_subs; do _hb_p "$_hb_x"; done ;;
	hb-escalate:file)
		if [ $_hb_n -eq 0 ] && [ "${_hb_cur#*=}" = "$_hb_cur" ]; then
			_hb_codes
		fi
		_hb_pairs escalation "$_hb_cur" ;;
	hb-escalate:resolve)
		[ $_hb_n -eq 1 ] && { _hb_p upheld; _hb_p changed
		    _hb_p rejected; } ;;
	esac
}
