# tests/faults.sh - the stores and operations of the fault and crash tests
# (sourced after lib.sh, camt.sh and export.sh).
#
#	fault_store		the export tests' store (export_store) and
#				$T/in.xml, a statement of two new lines for
#				HB-000001's managed account
#	facts_dump		a fingerprint of every table of facts and
#				plans (not the audit log, which records
#				failed attempts, nor an export's message id,
#				file name and hash, nor the times of day,
#				which carry the clock, nor which export batch
#				exported a payout)
#	kept_plans MONTH	households with their kept plans of MONTH
#	plan_outcome		the payouts of the kept plans: what a replan
#				with nothing new must leave as it was
#	op_import, op_plan,	the operation under test, on $HB_DB (the
#	op_export		export writes into $T/out-dir)

fault_store() {
	export_store
	camt_begin "$T/in.xml" NL50BNGH0285000101 STMT-2 2000.00 2027-05-20 \
	    2587.66 2027-05-25
	camt_entry "$T/in.xml" 1200.00 CRDT 2027-05-21 R1 NL86INGB0002445588 \
	    SVB "Uitkering mei"
	camt_entry "$T/in.xml" 612.34 DBIT 2027-05-22 R2 NL91ABNA0417164300 \
	    "Cafe en Zoon" "Huur juni"
	camt_end "$T/in.xml"
}

facts_dump() {
	"$SQLITE3" "$HB_DB" "SELECT name FROM sqlite_master WHERE type =
	    'table' AND name NOT IN ('audit', 'seal', 'verify_checkpoint',
	    'export_batch', 'export_lease', 'payout') AND name NOT LIKE
	    'sqlite_%'
	    ORDER BY 1" | while read -r t; do
		echo "== $t"
		"$SQLITE3" "$HB_DB" "SELECT * FROM $t ORDER BY 1"
	done | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z?/TIME/g'
	# which batch exported a payout is left out: an export that failed
	# leaves a batch that the next one abandons
	echo "== payout, export_batch"
	"$SQLITE3" "$HB_DB" "SELECT id, idem_key, plan_id, decision_id,
	    household_id, agreement_id, due_date, exec_date, amount, creditor,
	    creditor_iban, debtor_iban, remittance, end_to_end, status,
	    approved_by, approval_reason, line_id FROM payout ORDER BY 1;
	    SELECT count, control_sum FROM export_batch WHERE status = 'done'"
}

# kept_plans MONTH: each household with its number of kept plans
kept_plans() {
	"$SQLITE3" "$HB_DB" "SELECT household_id, count(*) FROM plan WHERE
	    month = '$1' AND superseded_by IS NULL GROUP BY 1 ORDER BY 1"
}

op_import() { hb-import -q "$T/in.xml"; }
op_plan() { hb-plan run -a -q -m 2027-07; }
op_export() {
	mkdir -p "$T/out-dir"
	hb-plan export -q -D "$T/out-dir" -w 2027-05-27:2027-06-30
}

plan_outcome() {
	"$SQLITE3" "$HB_DB" "SELECT p.idem_key, p.exec_date, p.amount,
	    p.creditor_iban, p.status FROM payout p JOIN plan ON plan.id =
	    p.plan_id WHERE plan.superseded_by IS NULL ORDER BY 1, 2"
	kept_plans 2027-07
}
