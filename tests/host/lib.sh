# shellcheck shell=bash
# lib.sh - what the host cases (tests/host/cases/inject-*, lib-*) share:
#   . "$(dirname "$0")/../lib.sh"
# Sets TOP (cwd), KFI_INJECT, LD_LIBRARY_PATH for the in-tree libkfi,
# HOST_TMP (removed at exit), sources tests/victim/victim.sh.  Assertions
# count failures; end a case with "finish".
set -u -o pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$TOP" || exit 1
export LD_LIBRARY_PATH=$TOP/src/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
KFI_INJECT=$TOP/src/bin/kfi-inject/kfi-inject
HOST_TMP=$(mktemp -d /tmp/kfi-host.XXXXXX)
chmod 755 "$HOST_TMP"
VICTIM_DIR=$HOST_TMP/victims
# shellcheck source=../victim/victim.sh
. tests/victim/victim.sh
chmod 755 "$VICTIM_DIR"
FAILURES=0

host_cleanup() {
	victim_kill_all
	rm -rf "$HOST_TMP"
}
trap host_cleanup EXIT

fail() {
	echo "FAIL: $*"
	FAILURES=$((FAILURES + 1))
}

skip() {
	echo "skip: $*"
	exit 77
}

die() {
	echo "FAIL (fatal): $*"
	exit 1
}

finish() {
	[ "$FAILURES" = 0 ] || { echo "$FAILURES failure(s)"; exit 1; }
	exit 0
}

[ -x "$KFI_INJECT" ] || die "$KFI_INJECT is not built (make -C src/bin)"
[ -x "$VICTIM_BUILD/victim" ] || die "the victim is not built (make -C tests/victim)"

# inject ARGS...: run kfi-inject; sets RC, OUT (stdout), ERR (stderr)
inject() {
	"$KFI_INJECT" "$@" >"$HOST_TMP/inject.out" 2>"$HOST_TMP/inject.err"
	RC=$?
	OUT=$(cat "$HOST_TMP/inject.out")
	ERR=$(cat "$HOST_TMP/inject.err")
}

# as_user USER ARGS...: inject as USER (no capabilities, no extra groups)
inject_as() {
	local user=$1
	shift
	setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
		--inh-caps=-all --bounding-set=-all -- \
		env LD_LIBRARY_PATH="$LD_LIBRARY_PATH" "$KFI_INJECT" "$@" \
		>"$HOST_TMP/inject.out" 2>"$HOST_TMP/inject.err"
	RC=$?
	OUT=$(cat "$HOST_TMP/inject.out")
	ERR=$(cat "$HOST_TMP/inject.err")
}

# check WHAT WANT GOT
check() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# check_exit WHAT WANT: RC of the last inject
check_exit() {
	[ "$RC" = "$2" ] || fail "$1: exit status $RC, expected $2 (stderr: $ERR)"
}

# check_err WHAT TEXT: stderr of the last inject is one line containing TEXT
check_err() {
	[ "$(printf '%s\n' "$ERR" | grep -c .)" -le 2 ] ||
		fail "$1: more than one message line: $ERR"
	[[ $ERR == *"$2"* ]] || fail "$1: stderr lacks '$2': $ERR"
}

# json_get JSON KEY: the value of KEY (strings without quotes)
json_get() {
	local re="\"$2\":(\"[^\"]*\"|[^,}]*)"
	[[ $1 =~ $re ]] || return 1
	local v=${BASH_REMATCH[1]}
	v=${v#\"}
	echo "${v%\"}"
}

# build_helper NAME: compile tests/host/helpers/NAME.c (with libkfi) into
# $HOST_TMP/NAME
build_helper() {
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -O1 \
		-I"$TOP/src/lib" -I"$TOP/src/kmod/uapi" \
		-o "$HOST_TMP/$1" "$TOP/tests/host/helpers/$1.c" \
		-L"$TOP/src/lib" -lkfi ||
		die "tests/host/helpers/$1.c does not build"
}

# inject_and_check NAME TID REG MASK [ARGS...]: flip REG of TID with the
# ptrace backend; the record and the victim's report must both be exactly
# old -> old ^ MASK
inject_and_check() {
	local name=$1 tid=$2 reg=$3 mask=$4 before seen old want got
	shift 4
	before=$(victim_count "$name" '^(resumed|blocked) ')
	seen=$(victim_count "$name" '^changed ')
	old=$(victim_pattern "$name" "$tid" "$reg") ||
		{ fail "$name: no pattern for $reg"; return; }
	inject --backend ptrace -q --json -r "$reg" --mask "$mask" \
		--tid "$tid" "$@" "$VICTIM_PID"
	[ "$RC" = 0 ] || { fail "$name: $reg $mask: exit $RC: $ERR"; return; }
	check "$name $reg $mask: record reg" "$reg" "$(json_get "$OUT" reg_name)"
	check "$name $reg $mask: record tid" "$tid" "$(json_get "$OUT" tid)"
	check "$name $reg $mask: record mask" "$(hex "$mask")" \
		"$(json_get "$OUT" mask_hex)"
	check "$name $reg $mask: record old" "$(hex "$old")" \
		"$(json_get "$OUT" old_value_hex)"
	check "$name $reg $mask: record new" "$(hex "$old ^ $mask")" \
		"$(json_get "$OUT" new_value_hex)"
	check "$name $reg $mask: status" 0 "$(json_get "$OUT" status)"
	check "$name $reg $mask: backend" ptrace "$(json_get "$OUT" backend)"
	if [[ $name == block* ]]; then
		printf x > "$VICTIM_DIR/$name.fifo"
	fi
	victim_wait "$name" '^(resumed|blocked) ' $((before + 1)) ||
		{ fail "$name: no report after injecting $reg $mask"; return; }
	want="changed tid=$tid reg=$reg old=$(hex "$old") new=$(hex "$old ^ $mask")"
	got=$(victim_changes "$name" | tail -n +$((seen + 1)))
	check "$name: victim's report" "$want" "$got"
}
