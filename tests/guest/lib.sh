# shellcheck shell=bash
# lib.sh - helpers for guest cases (tests/guest/cases/*), sourced as
#   . tests/guest/lib.sh
# A case runs as root in the guest, cwd = the checkout, with KFI_KO,
# KFI_BUILD and KFI_GUEST_TMP set.  Exit 0 pass, 77 skip, else fail: use
# check_* for assertions (they print expected vs got and count failures)
# and end the case with "finish".
set -u -o pipefail

: "${KFI_BUILD:=$PWD/build}"
: "${KFI_GUEST_TMP:=/tmp/kfi-guest}"
: "${KFI_KO:=}"
KFI_CASE=${KFI_CASE:-$(basename "$0")}
KFI_CASE_TMP=$KFI_GUEST_TMP/$KFI_CASE.$$
mkdir -p "$KFI_CASE_TMP"
chmod 755 "$KFI_GUEST_TMP" "$KFI_CASE_TMP" 2>/dev/null
VICTIM_DIR=$KFI_CASE_TMP/victims
. tests/victim/victim.sh
chmod 755 "$VICTIM_DIR"

KFI_TEST=$KFI_BUILD/guest/kfi-test
KFI_USER=kfiuser	# in group kfi: may open /dev/kfi
KFI_OTHER=kfiother	# not in group kfi
KFI_FAILURES=0

# The debug kernel is much slower: scale every bound by this.
KFI_SLOW=1
[[ $(uname -r) == *kfi-debug* ]] && KFI_SLOW=4

# A note also goes to the kernel log, so the console shows a long case's
# progress (the case's own output is only shown when it ends).
note() {
	echo "# $*"
	echo "kfi-suite: $KFI_CASE: $*" > /dev/kmsg 2>/dev/null
	return 0
}

fail() {
	echo "FAIL: $*"
	KFI_FAILURES=$((KFI_FAILURES + 1))
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
	[ "$KFI_FAILURES" = 0 ] || { echo "$KFI_FAILURES failure(s)"; exit 1; }
	exit 0
}

kfi_cleanup() {
	victim_kill_all
	for pid in $(jobs -p); do
		kill -KILL "$pid" 2>/dev/null
	done
	wait 2>/dev/null
}
trap kfi_cleanup EXIT

# --- assertions --------------------------------------------------------

# check_eq WHAT EXPECTED GOT
check_eq() {
	if [ "$2" = "$3" ]; then
		echo "  ok: $1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# kv LINE KEY: the value of KEY=value in LINE (empty if absent)
kv() {
	local line=" $1 "
	case $line in *" $2="*) ;; *) return 0 ;; esac
	line=${line#* "$2"=}
	echo "${line%% *}"
}

# check_kv WHAT LINE KEY=VALUE...: every KEY has VALUE in LINE
check_kv() {
	local what=$1 line=$2 pair
	shift 2
	for pair in "$@"; do
		check_eq "$what: ${pair%%=*}" "${pair#*=}" "$(kv "$line" "${pair%%=*}")"
	done
}

# wait_for SECS CMD...: run CMD until it succeeds, at most SECS (scaled).
# CMD's arguments are expanded once, by the caller: to re-evaluate a
# command substitution each time use  wait_for 10 eval '[ "$(f)" = x ]'.
wait_for() {
	local deadline=$((SECONDS + $1 * KFI_SLOW))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# --- the module --------------------------------------------------------

need_module() {
	[ -n "$KFI_KO" ] && [ -f "$KFI_KO" ] || skip "no module for $(uname -r)"
	[ -x "$KFI_TEST" ] || die "no $KFI_TEST (make -C tests/guest)"
}

kfi_loaded() { [ -d /sys/module/kfi ]; }

# kfi_load [PARAM=VALUE...]: insmod, wait for /dev/kfi, root:kfi 0660
kfi_load() {
	need_module
	kfi_loaded && kfi_unload
	insmod "$KFI_KO" "$@" || die "insmod $KFI_KO $* failed"
	wait_for 10 test -c /dev/kfi || die "no /dev/kfi after insmod"
	kfi_users
	chgrp kfi /dev/kfi && chmod 0660 /dev/kfi || die "cannot chmod /dev/kfi"
}

# kfi_unload: rmmod; EBUSY while works are queued is retried (bounded)
kfi_unload() {
	kfi_loaded || return 0
	wait_for 20 rmmod kfi 2>/dev/null || die "rmmod kfi kept failing"
}

# --- users -------------------------------------------------------------

kfi_users() {
	getent group kfi >/dev/null || groupadd -r kfi || die "groupadd kfi"
	id "$KFI_USER" >/dev/null 2>&1 ||
		useradd -M -d /nonexistent -s /bin/bash -G kfi "$KFI_USER" ||
		die "useradd $KFI_USER"
	id "$KFI_OTHER" >/dev/null 2>&1 ||
		useradd -M -d /nonexistent -s /bin/bash "$KFI_OTHER" ||
		die "useradd $KFI_OTHER"
}

# as_user USER CMD...: run CMD with USER's uid, gid and groups
as_user() {
	local user=$1
	shift
	setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
		--inh-caps=-all -- "$@"
}

# --- kfi-test ----------------------------------------------------------

# kt ARGS...: run kfi-test (as user $KT_AS if set), its output on stdout
# (status ignored)
kt() {
	if [ -n "${KT_AS:-}" ]; then
		as_user "$KT_AS" "$KFI_TEST" "$@"
	else
		"$KFI_TEST" "$@"
	fi
	return 0
}

# reg_index NAME: the module's index for a register name
reg_index() {
	local line
	line=$(kt info | grep -m1 "^reg .* name=$1 ") || return 1
	kv "$line" index
}

# reg_allowed NAME: the allowed mask of a register (native task)
reg_allowed() {
	local line
	line=$(kt info | grep -m1 "^reg .* name=$1 ") || return 1
	kv "$line" allowed
}

# pool_regs POOL-BIT: names of the registers in pool (1 << POOL-BIT)
pool_regs() {
	kt info | while read -r line; do
		[[ $line == reg\ * ]] || continue
		(( $(kv "$line" pools) & (1 << $1) )) && kv "$line" name
	done
}

# --- injections checked against the victim -------------------------------

# inject_check NAME TID ARGS...: inject into victim NAME's thread TID with
# kfi-test inject ARGS (pid and tid are added) and "expect" (see
# kfi-test.c): the record is what was asked and the victim reports exactly
# it.  Sets REC to the inject line.
inject_check() {
	local name=$1 tid=$2 out
	shift 2
	out=$(kt victim "$VICTIM_DIR/$name.out" -- inject \
		pid="${VICTIM_PIDS[$name]}" tid="$tid" "$@" -- expect)
	REC=${out%%$'\n'*}
	case $out in
	*"expect ok"*) echo "  ok: inject $*"; return 0 ;;
	esac
	fail "inject $*: ${out#*$'\n'}"
	return 1
}

# inject_batch NAME OUT ARGSET...: one kfi-test for many injections into
# victim NAME, each ARGSET a string of inject arguments (pid added, tid too
# unless given), each followed by "expect".  The output goes to OUT; every
# "expect FAIL" is a failure.  Returns the number of failures.
inject_batch() {
	local name=$1 out=$2 set args=() n
	shift 2
	for set in "$@"; do
		# shellcheck disable=SC2206
		args+=(-- inject pid="${VICTIM_PIDS[$name]}" $set -- expect)
	done
	kt victim "$VICTIM_DIR/$name.out" "${args[@]}" > "$out"
	n=$(grep -c '^expect FAIL' "$out")
	if [ "$n" != 0 ]; then
		fail "$n of $# injections into $name:"
		grep -B1 '^expect FAIL' "$out" | head -n 20 | sed 's/^/    /'
	fi
	check_eq "expect lines" "$#" "$(grep -c '^expect ' "$out")"
	return "$n"
}

# in_syscall PID NR: PID is in system call NR (x86_64 numbers)
in_syscall() {
	local nr rest
	read -r nr rest < "/proc/$1/syscall" 2>/dev/null && [ "$nr" = "$2" ]
}
