# shellcheck shell=bash
# guest-lib.sh - what the tests/guest/cases/pkg-* cases share.  They test
# what the packages installed (the DKMS-built module, /usr/bin/kfi-inject,
# the udev rule, the group), not the checkout's build, and skip when the
# packages are not installed in the guest's view (tests/pkg/run installs
# them on the host before it boots the guest).
. tests/guest/lib.sh

PKG_VERSION=$(cat VERSION)
PKG_INJECT=/usr/bin/kfi-inject
PKG_UDEVD=/lib/systemd/systemd-udevd
pkg_udevd_started=0

pkg_need_installed() {
	local p
	for p in kfi-dkms kfi-tools libkfi0; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null |
			grep -q '^ii' || skip "package $p is not installed"
	done
	dkms status -m kfi -v "$PKG_VERSION" -k "$(uname -r)" 2>/dev/null |
		grep -q ': installed' ||
		skip "DKMS has not installed kfi $PKG_VERSION for $(uname -r)"
	[ -x "$PKG_UDEVD" ] || die "no $PKG_UDEVD (package udev)"
}

# A real systemd-udevd, as on an installed system (ours unless one runs).
pkg_udevd_start() {
	udevadm control --ping 2>/dev/null && return 0
	"$PKG_UDEVD" --daemon </dev/null >>"$KFI_CASE_TMP/udevd.log" 2>&1 ||
		die "$PKG_UDEVD --daemon failed"
	pkg_udevd_started=1
	wait_for 10 udevadm control --ping 2>/dev/null || die "udevd does not answer"
}

# The guest's /lib/modules/RELEASE is its kernel image's own tree (tests/vm
# keeps what the host installed there out), so put the module DKMS built on
# the host where DKMS installs it and index just that file: a full depmod
# over 9p under TCG takes many minutes.  Then load it as a user would.
pkg_modprobe() {
	local rel built
	rel=$(uname -r)
	built=$(ls /var/lib/dkms/kfi/"$PKG_VERSION"/"$rel"/*/module/kfi.ko* 2>/dev/null | head -n1)
	[ -n "$built" ] || die "DKMS has no built kfi.ko for $rel"
	PKG_KO=/lib/modules/$rel/updates/dkms/${built##*/}
	if ! cmp -s "$built" "$PKG_KO"; then
		install -D -m 0644 "$built" "$PKG_KO" || die "cannot install $PKG_KO"
		depmod "$rel" "$PKG_KO" || die "depmod $PKG_KO failed"
	fi
	kfi_unload
	modprobe kfi || die "modprobe kfi failed"
	wait_for 10 test -c /dev/kfi || die "no /dev/kfi after modprobe kfi"
	udevadm settle --timeout=30 || die "udevadm settle timed out"
}

pkg_cleanup() {
	kfi_cleanup
	kfi_unload 2>/dev/null
	[ "$pkg_udevd_started" = 1 ] && udevadm control --exit 2>/dev/null
	return 0
}
trap pkg_cleanup EXIT

# pkg_setup: installed packages, udevd, the module, the test users
pkg_setup() {
	pkg_need_installed
	pkg_udevd_start
	pkg_modprobe
	kfi_users
}

# pkg_victim_as USER NAME: start victim NAME with USER's ids (no caps)
pkg_victim_as() {
	local user=$1 name=$2
	VICTIM_BIN=setpriv victim_start "$name" --reuid="$user" \
		--regid="$(id -g "$user")" --init-groups --inh-caps=-all -- \
		"$VICTIM_BUILD/victim" ||
		die "victim $name as $user did not start"
	check_eq "victim $name runs as" "$(id -u "$user")" \
		"$(awk '/^Uid:/ {print $2}' "/proc/$VICTIM_PID/status")"
}

# pkg_expect_flip NAME REG BIT: the victim reported exactly that flip
pkg_expect_flip() {
	local name=$1 reg=$2 bit=$3 pid=${VICTIM_PIDS[$1]} old
	old=$(victim_pattern "$name" "$pid" "$reg") ||
		{ fail "$name: no pattern for $reg"; return 1; }
	victim_wait "$name" '^changed ' 1 ||
		{ fail "$name: the victim reported no change"; return 1; }
	check_eq "$name: victim report" \
		"changed tid=$pid reg=$reg old=$(hex "$old") new=$(hex "$old ^ (1 << $bit)")" \
		"$(victim_changes "$name")"
}
