# shellcheck shell=bash
# autoci-lib.sh - what the autoci-* guest cases share; sourced after
# tests/guest/lib.sh.  Not executable, so the suite does not run it.

AUTOCI=$PWD/src/bin/autoci/autoci
AUTOCI_WORK=$KFI_CASE_TMP/autoci-work
AUTOCI_CHECK_JSON=(python3 tests/guest/cases/autoci-check-json.py)

# autoci_setup: autoci built, CRIU usable, the workload compiled.
autoci_setup() {
	[ -x "$AUTOCI" ] || die "autoci is not built (make -C src/bin/autoci)"
	command -v criu >/dev/null || skip "no criu (tests/deps.sh criu)"
	command -v python3 >/dev/null || die "no python3 (tests/deps.sh criu)"
	# CRIU's network locking needs lo up and nf_tables.
	ip link set lo up || die "ip link set lo up"
	# The guest kernel's own modules are in the harness's cache when
	# /lib/modules does not have them.
	modprobe nf_tables 2>/dev/null ||
		modprobe -d "${KFI_CACHE:-/var/cache/kfi}/$(uname -r)/root" nf_tables ||
		die "modprobe nf_tables: CRIU 3.17 needs it"
	# CRIU probes the kernel once per boot and caches it (tens of seconds
	# on TCG); do it here rather than in the first timed checkpoint.
	local t0=$SECONDS
	criu check >/dev/null 2>&1
	note "criu check took $((SECONDS - t0))s"
	gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$AUTOCI_WORK" \
		tests/guest/cases/autoci-work.c || die "autoci-work does not build"
	# The faults kill the workload on purpose: keep the kernel from logging
	# each one ("traps: ... general protection fault"), which the suite
	# would take for a kernel problem.
	AUTOCI_TRACE=$(sysctl -n debug.exception-trace)
	sysctl -qw debug.exception-trace=0
	trap 'sysctl -qw debug.exception-trace="$AUTOCI_TRACE"; kfi_cleanup' EXIT
	export TMPDIR=$KFI_CASE_TMP/tmp
	mkdir -p "$TMPDIR"
}

# autoci_expected STEPS: the result a fault-free run gives
autoci_expected() {
	"$AUTOCI_WORK" "$1" "$KFI_CASE_TMP/expected" 0 >/dev/null ||
		die "autoci-work does not run"
	cat "$KFI_CASE_TMP/expected"
}

# autoci_run OUT ARGS...: run autoci, its output in OUT; sets AUTOCI_STATUS
autoci_run() {
	local out=$1
	shift
	note "autoci $*"
	"$AUTOCI" "$@" > "$out" 2>&1
	AUTOCI_STATUS=$?
	sed 's/^/    | /' "$out" | tail -n 40
}

# autoci_check_clean DIR: nothing autoci made is left behind
autoci_check_clean() {
	local left
	left=$(find "$1" "$TMPDIR" -name 'checkpoint-*' 2>/dev/null)
	check_eq "checkpoint directories left behind" "" "$left"
	left=$(find "$TMPDIR" -mindepth 1 -maxdepth 1 -name 'autoci.*' 2>/dev/null)
	check_eq "work directories left behind" "" "$left"
	left=$(pgrep -f "$AUTOCI_WORK" || true)
	check_eq "workload processes left running" "" "$left"
}

# autoci_check_json FILE [KEY OP VALUE]...
autoci_check_json() {
	local out
	out=$("${AUTOCI_CHECK_JSON[@]}" "$@" 2>&1) || fail "report $1: $out"
}
