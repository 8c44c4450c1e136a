# shellcheck shell=bash
# inject-lib.sh - what the inject-* and lib-* guest cases share (sourced,
# not a case: not executable).  kfi-inject and libkfi come from the host's
# build in the checkout.
. tests/guest/lib.sh
export LD_LIBRARY_PATH=$PWD/src/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
KFI_INJECT=$PWD/src/bin/kfi-inject/kfi-inject
[ -x "$KFI_INJECT" ] && [ -e src/lib/libkfi.so.0 ] ||
	die "kfi-inject/libkfi are not built: run make on the host first"

# inject ARGS...: kfi-inject (as $INJECT_AS if set); sets RC, OUT, ERR
inject() {
	if [ -n "${INJECT_AS:-}" ]; then
		as_user "$INJECT_AS" "$KFI_INJECT" "$@"
	else
		"$KFI_INJECT" "$@"
	fi >"$KFI_CASE_TMP/inject.out" 2>"$KFI_CASE_TMP/inject.err"
	RC=$?
	OUT=$(cat "$KFI_CASE_TMP/inject.out")
	ERR=$(cat "$KFI_CASE_TMP/inject.err")
}

check_exit() {
	[ "$RC" = "$2" ] || fail "$1: exit status $RC, expected $2 (stderr: $ERR)"
}

check_err() {
	[[ $ERR == *"$2"* ]] || fail "$1: stderr lacks '$2': $ERR"
}

# json_get JSON KEY
json_get() {
	local re="\"$2\":(\"[^\"]*\"|[^,}]*)"
	[[ $1 =~ $re ]] || return 1
	local v=${BASH_REMATCH[1]}
	v=${v#\"}
	echo "${v%\"}"
}

# inject_and_check NAME TID REG MASK BACKEND [ARGS...]: the record and the
# victim's report are both exactly old -> old ^ MASK
inject_and_check() {
	local name=$1 tid=$2 reg=$3 mask=$4 backend=$5 before seen old want got
	shift 5
	before=$(victim_count "$name" '^(resumed|blocked) ')
	seen=$(victim_count "$name" '^changed ')
	old=$(victim_pattern "$name" "$tid" "$reg") ||
		{ fail "$name: no pattern for $reg"; return; }
	inject --backend "$backend" -q --json -r "$reg" --mask "$mask" \
		--tid "$tid" "$@" "${VICTIM_PIDS[$name]}"
	[ "$RC" = 0 ] || { fail "$name: $backend $reg $mask: exit $RC: $ERR"; return; }
	check_eq "$name $backend $reg $mask: record reg" "$reg" "$(json_get "$OUT" reg_name)"
	check_eq "$name $backend $reg $mask: record tid" "$tid" "$(json_get "$OUT" tid)"
	check_eq "$name $backend $reg $mask: record old" "$(hex "$old")" \
		"$(json_get "$OUT" old_value_hex)"
	check_eq "$name $backend $reg $mask: record new" "$(hex "$old ^ $mask")" \
		"$(json_get "$OUT" new_value_hex)"
	check_eq "$name $backend: backend" "$backend" "$(json_get "$OUT" backend)"
	wait_for 20 eval "[ \"\$(victim_count "$name" '^(resumed|blocked) ')\" -ge $((before + 1)) ]" ||
		{ fail "$name: no report after $backend $reg $mask"; return; }
	want="changed tid=$tid reg=$reg old=$(hex "$old") new=$(hex "$old ^ $mask")"
	got=$(victim_changes "$name" | tail -n +$((seen + 1)))
	check_eq "$name $backend $reg $mask: victim's report" "$want" "$got"
}
