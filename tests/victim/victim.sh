# shellcheck shell=bash
# victim.sh - start the victim and read what it reports.  Sourced by the
# host self-test and by tests/guest/lib.sh.
#
#   victim_start NAME [victim options]   start build/victim/victim (or
#       $VICTIM_BIN; prefixed by the command in array VICTIM_WRAP if set)
#       in the background with stdout to $VICTIM_DIR/NAME.out, wait for its
#       "ready" line; sets VICTIM_PID (from "ready") and VICTIM_TIDS (array)
#   victim_pattern NAME TID REG          print the pattern of REG in TID
#   victim_count NAME REGEX              lines of NAME's output matching
#   victim_wait NAME REGEX [N] [SECS]    wait until N (1) lines match
#   victim_changes NAME                  the "changed" lines, in order
#   victim_kill NAME                     kill it (and reap it)
#   hex VALUE                            VALUE as 0x%x (64-bit wrap)

: "${VICTIM_BUILD:=${KFI_BUILD:-$PWD/build}/victim}"
: "${VICTIM_DIR:=${KFI_GUEST_TMP:-${TMPDIR:-/tmp}}/victim.$$}"
mkdir -p "$VICTIM_DIR"

declare -A VICTIM_PIDS=() VICTIM_JOBS=()

hex() {
	printf '0x%x' "$(($1))"
}

victim_count() {
	grep -cE -- "$2" "$VICTIM_DIR/$1.out" 2>/dev/null || true
}

victim_wait() {
	local name=$1 regex=$2 want=${3:-1} secs=${4:-${VICTIM_TIMEOUT:-20}}
	local deadline=$((SECONDS + secs))

	while [ "$(victim_count "$name" "$regex")" -lt "$want" ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "victim_wait: no $want line(s) /$regex/ from $name" \
			     "after ${secs}s; its output:" >&2
			sed 's/^/    /' "$VICTIM_DIR/$name.out" >&2
			return 1
		fi
		sleep 0.05
	done
}

victim_start() {
	local name=$1 bin=${VICTIM_BIN:-$VICTIM_BUILD/victim} line
	shift
	: > "$VICTIM_DIR/$name.out"
	${VICTIM_WRAP:+"${VICTIM_WRAP[@]}"} "$bin" "$@" \
		> "$VICTIM_DIR/$name.out" 2> "$VICTIM_DIR/$name.err" &
	VICTIM_JOBS[$name]=$!
	VICTIM_PIDS[$name]=$!
	victim_wait "$name" '^ready ' 1 || return 1
	line=$(grep -m1 '^ready ' "$VICTIM_DIR/$name.out")
	VICTIM_PID=${line#ready pid=}
	VICTIM_PID=${VICTIM_PID%% *}
	VICTIM_PIDS[$name]=$VICTIM_PID
	line=${line#*tids=}
	IFS=, read -r -a VICTIM_TIDS <<< "${line%% *}"
	# the announcer thread exits right after printing "ready"
	local deadline=$((SECONDS + 10))
	while [ "$(ls "/proc/$VICTIM_PID/task" 2>/dev/null | wc -l)" \
		-ne "${#VICTIM_TIDS[@]}" ] && [ "$SECONDS" -lt "$deadline" ]; do
		sleep 0.02
	done
}

victim_pattern() {
	local line
	line=$(grep -m1 "^pattern tid=$2 " "$VICTIM_DIR/$1.out") || return 1
	line=" $line "
	case $line in *" $3="*) ;; *) return 1 ;; esac
	line=${line#* "$3"=}
	echo "${line%% *}"
}

victim_changes() {
	grep '^changed ' "$VICTIM_DIR/$1.out"
}

victim_kill() {
	local pid=${VICTIM_PIDS[$1]:-} job=${VICTIM_JOBS[$1]:-}
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "$job" ] && kill -KILL "$job" 2>/dev/null
	[ -n "$job" ] && wait "$job" 2>/dev/null
	unset "VICTIM_PIDS[$1]" "VICTIM_JOBS[$1]"
	return 0
}

victim_kill_all() {
	local name
	for name in "${!VICTIM_JOBS[@]}"; do
		victim_kill "$name"
	done
}
