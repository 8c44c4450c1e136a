#!/bin/bash
# tests/deps.sh PROFILE...: install the Debian packages the named profiles
# need (as root), or print the exact apt-get line and fail (not root).
# One line per profile: append the packages your part uses to its line.
set -u

declare -A profile
profile[build]="make gcc libc6-dev pkg-config libjson-c-dev scdoc man-db"
profile[kbuild]="make gcc linux-headers-amd64 sparse codespell binutils xz-utils linux-source-6.1 gcc-aarch64-linux-gnu gcc-i686-linux-gnu"
profile[unit]="make gcc libc6-dev pkg-config libcriterion-dev libjson-c-dev valgrind"
profile[guest]="qemu-system-x86 busybox-static cpio xz-utils zstd kmod file procps iproute2 util-linux linux-headers-amd64 make gcc gcc-i686-linux-gnu libc6-dev-i386-cross passwd"
profile[pkg]="dpkg-dev debhelper dkms dh-dkms rpm udev lintian rpmlint man-db scdoc fakeroot build-essential pkgconf criu libprotobuf-c-dev libjson-c-dev linux-headers-amd64 adduser"
profile[criu]="criu libprotobuf-c-dev python3 iproute2 kmod gcc"
profile[bench]="python3 gnuplot-nox gdb criu iproute2 kmod make gcc libc6-dev pkg-config libjson-c-dev"

usage() {
	echo "usage: tests/deps.sh PROFILE... (profiles: ${!profile[*]})" >&2
	exit 2
}

[ $# -gt 0 ] || usage
packages=()
for p in "$@"; do
	[ -n "${profile[$p]+set}" ] || {
		echo "tests/deps.sh: unknown profile '$p'" >&2
		usage
	}
	read -ra list <<<"${profile[$p]}"
	packages+=("${list[@]}")
done
# Unique, in order.
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | awk '!seen[$0]++')

missing=()
for pkg in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "tests/deps.sh: missing packages; as root run:" >&2
	echo "$line"
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
lock=(-o DPkg::Lock::Timeout=600)
echo "tests/deps.sh: installing ${missing[*]}" >&2
if ! apt-get "${lock[@]}" install -y -qq --no-install-recommends \
	"${missing[@]}" >&2; then
	# A fresh machine may have no package lists yet.
	apt-get "${lock[@]}" update -qq >&2 &&
		apt-get "${lock[@]}" install -y -qq --no-install-recommends \
			"${missing[@]}" >&2 || {
		echo "tests/deps.sh: failed: $line" >&2
		exit 1
	}
fi
