# shellcheck shell=bash
# kfi_kernel_reports: the lines of stdin that are kernel reports (panic,
# oops, BUG, WARNING, KASAN, UBSAN, lockdep, kmemleak, hung tasks, RCU
# stalls, list and refcount debugging).  The one definition for the host's
# scan of the console (tests/vm/run-guest) and the guest suite's checks
# after each case and over the whole boot (tests/guest/run-suite,
# tests/guest/cases/zz-kernel-log).
#
# A user-space fault, injected on purpose, is logged as "traps: NAME[PID]
# general protection fault ip:..." and is no report; a kernel one has the
# die() header ("...: 0000 [#1] PREEMPT SMP") and no "traps:".
kfi_report_pattern='Kernel panic|Oops|BUG:|kernel BUG at|WARNING:|KASAN|UBSAN'
kfi_report_pattern+='|: [0-9a-f]{4} \[#[0-9]+\]|general protection fault'
kfi_report_pattern+='|sleeping function called from invalid context'
kfi_report_pattern+='|possible circular locking|possible recursive locking'
kfi_report_pattern+='|inconsistent lock state|unreferenced object'
kfi_report_pattern+='|blocked for more than|rcu_.*detected stall'
kfi_report_pattern+='|list_add corruption|list_del corruption|refcount_t:'

kfi_kernel_reports() {
	grep -aE "$kfi_report_pattern" |
		grep -avE '\] traps: [^ ]+\[[0-9]+\] general protection fault ip:'
}
