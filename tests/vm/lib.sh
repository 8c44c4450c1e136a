# shellcheck shell=bash
# Host-side helpers of the guest harness: resolve a kernel name to a release,
# fetch and unpack its image into a cache, get its headers, build kfi.ko for
# it and make the busybox initramfs that boots into the host's root over 9p.
# Sourced by tests/vm/run-guest and tests/demo; every function dies loudly.

KFI_TOP=${KFI_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KFI_CACHE=${KFI_CACHE:-/var/cache/kfi}
KFI_SHARED=${KFI_SHARED:-$KFI_TOP/../shared}
KFI_APT_LOCK=(-o DPkg::Lock::Timeout=600)

# Exit codes of run-guest (also used by callers of these helpers).
KFI_EXIT_SETUP=120	# kernel/headers/module/initramfs could not be prepared
KFI_EXIT_TIMEOUT=121	# the guest did not finish in time (QEMU killed)
KFI_EXIT_KERNEL=122	# panic, oops, BUG, WARNING, KASAN, ... in the guest
KFI_EXIT_LOST=123	# the guest ended without reporting the command's status

kfi_say() { printf 'run-guest: %s\n' "$*" >&2; }
kfi_die() {
	printf 'run-guest: error: %s\n' "$*" >&2
	exit "$KFI_EXIT_SETUP"
}

kfi_is_root() { [ "$(id -u)" = 0 ]; }

# Not root: say exactly what root has to run, then stop.
kfi_need_root() {
	kfi_is_root && return 0
	kfi_die "not root; as root run: $*"
}

kfi_have_backports() {
	grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list \
		/etc/apt/sources.list.d/
}

kfi_add_backports() {
	kfi_have_backports && return 0
	kfi_need_root "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/kfi-backports.list && apt-get update"
	kfi_say "adding bookworm-backports to the apt sources"
	echo 'deb http://deb.debian.org/debian bookworm-backports main' \
		>/etc/apt/sources.list.d/kfi-backports.list
	apt-get "${KFI_APT_LOCK[@]}" update -qq >&2 ||
		kfi_die "apt-get update failed"
}

# The package linux-image-amd64 depends on, in the default or a given suite.
kfi_meta_depends() {
	local dep
	dep=$(apt-cache depends "$@" linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-//p' | head -n1)
	if [ -z "$dep" ] && kfi_is_root; then
		apt-get "${KFI_APT_LOCK[@]}" update -qq >&2 || true
		dep=$(apt-cache depends "$@" linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: linux-image-//p' | head -n1)
	fi
	[ -n "$dep" ] || kfi_die "apt-cache knows no linux-image-amd64 $*"
	printf '%s\n' "$dep"
}

kfi_debug_deb() {
	local deb
	deb=$(ls "$KFI_SHARED"/debug-kernel/linux-"$1"-*_amd64.deb 2>/dev/null |
		head -n1)
	[ -n "$deb" ] || kfi_die "no linux-$1-*.deb in $KFI_SHARED/debug-kernel"
	printf '%s\n' "$deb"
}

# KERNEL (6.1, 6.12, debug or a literal release) -> release string.
kfi_resolve_release() {
	case "$1" in
	6.1) kfi_meta_depends ;;
	6.12)
		kfi_add_backports
		kfi_meta_depends -t bookworm-backports
		;;
	debug)
		dpkg-deb -f "$(kfi_debug_deb image)" Package |
			sed 's/^linux-image-//'
		;;
	*) printf '%s\n' "$1" ;;
	esac
}

# Unpack the image of RELEASE into $KFI_CACHE/RELEASE/root (once) and run
# depmod over it.  Prints nothing; sets KFI_ROOTFS and KFI_VMLINUZ.
kfi_fetch_kernel() {
	local rel=$1 dir=$KFI_CACHE/$1 deb tmp
	KFI_ROOTFS=$dir/root
	KFI_VMLINUZ=$KFI_ROOTFS/boot/vmlinuz-$rel
	[ -f "$dir/.unpacked" ] && [ -f "$KFI_VMLINUZ" ] && return 0
	mkdir -p "$dir" 2>/dev/null ||
		kfi_die "cannot create $dir (set KFI_CACHE to a writable directory)"
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	if [[ $rel == *-kfi-debug ]]; then
		deb=$(kfi_debug_deb image)
	else
		kfi_say "downloading linux-image-$rel"
		(cd "$tmp" && apt-get -o APT::Sandbox::User=root download "linux-image-$rel" >&2) ||
			kfi_die "apt-get download linux-image-$rel failed"
		deb=$(ls "$tmp"/linux-image-*.deb)
	fi
	kfi_say "unpacking $(basename "$deb") into $dir"
	rm -rf "$KFI_ROOTFS"
	dpkg -x "$deb" "$KFI_ROOTFS" || kfi_die "dpkg -x $deb failed"
	rm -rf "$tmp"
	[ -f "$KFI_VMLINUZ" ] || kfi_die "$deb has no boot/vmlinuz-$rel"
	depmod -b "$KFI_ROOTFS" "$rel" || kfi_die "depmod -b $KFI_ROOTFS failed"
	touch "$dir/.unpacked"
}

# Modules the host installed for RELEASE beside an image's kernel/ tree
# (DKMS's updates/, make install's extra/) are copied into the cached tree,
# replacing the previous copies, and depmod runs there: the guest then finds
# them with modprobe, as on an installed system.  (depmod inside a TCG guest
# over 9p takes minutes.)
kfi_sync_host_modules() {
	local rel=$1 host=/lib/modules/$1 list=$KFI_CACHE/$1/host-modules
	local mods=$KFI_ROOTFS/lib/modules/$1 want old f
	want=$(cd "$host" 2>/dev/null &&
		find . -path ./kernel -prune -o -name '*.ko*' -print | sort)
	old=$(cat "$list" 2>/dev/null)
	[ -z "$want" ] && [ -z "$old" ] && return 0
	for f in $old; do rm -f "$mods/$f"; done
	for f in $want; do
		mkdir -p "$mods/${f%/*}" && cp "$host/$f" "$mods/$f" ||
			kfi_die "cannot copy $host/$f into the cache"
	done
	printf '%s\n' $want >"$list"
	[ -n "$want" ] && kfi_say "host modules for $rel in the guest too:" $want
	depmod -b "$KFI_ROOTFS" "$rel" || kfi_die "depmod -b $KFI_ROOTFS failed"
}

# Headers of RELEASE; sets KFI_KDIR.  Debian kernels: the installed
# linux-headers package (installed here as root).  The debug kernel: its
# headers .deb unpacked next to the image, unless it is installed.
kfi_ensure_headers() {
	local rel=$1 hdr
	if [ -f "/usr/src/linux-headers-$rel/Makefile" ]; then
		KFI_KDIR=/usr/src/linux-headers-$rel
		return 0
	fi
	if [[ $rel == *-kfi-debug ]]; then
		hdr=$KFI_CACHE/$rel/headers
		if [ ! -f "$hdr/.unpacked" ]; then
			rm -rf "$hdr"
			dpkg -x "$(kfi_debug_deb headers)" "$hdr" ||
				kfi_die "dpkg -x of the debug headers failed"
			touch "$hdr/.unpacked"
		fi
		KFI_KDIR=$hdr/usr/src/linux-headers-$rel
		[ -f "$KFI_KDIR/Makefile" ] ||
			kfi_die "no linux-headers-$rel in the debug headers .deb"
		return 0
	fi
	kfi_need_root "apt-get install -y --no-install-recommends linux-headers-$rel"
	kfi_say "installing linux-headers-$rel"
	apt-get "${KFI_APT_LOCK[@]}" install -y -qq --no-install-recommends \
		"linux-headers-$rel" >&2 ||
		kfi_die "apt-get install linux-headers-$rel failed"
	KFI_KDIR=/usr/src/linux-headers-$rel
}

# Build kfi.ko for RELEASE in build/kmod/RELEASE; sets KFI_KO (empty when
# there is no module source yet).
kfi_build_module() {
	local rel=$1 out=$KFI_TOP/build/kmod/$1
	KFI_KO=
	if [ ! -f "$KFI_TOP/src/kmod/Makefile" ] &&
	   [ ! -f "$KFI_TOP/src/kmod/Kbuild" ]; then
		kfi_say "no src/kmod/Makefile yet: no module built, KFI_KO is empty"
		return 0
	fi
	mkdir -p "$out"
	# Sources only: objects built in src/kmod for another kernel must not
	# leak into this build.
	tar -C "$KFI_TOP/src/kmod" -cf - --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' \
		--exclude='*.a' --exclude=Module.symvers --exclude=modules.order \
		--exclude='.tmp_versions' . | tar -C "$out" -xf - ||
		kfi_die "cannot copy src/kmod to $out"
	cp -a "$KFI_TOP/VERSION" "$out/VERSION"
	kfi_say "building kfi.ko for $rel"
	make -s -C "$out" KDIR="$KFI_KDIR" >&2 ||
		kfi_die "building the module for $rel failed (in $out)"
	[ -f "$out/kfi.ko" ] || kfi_die "the module build made no $out/kfi.ko"
	KFI_KO=$out/kfi.ko
}

# modules.dep path of module NAME ('-' and '_' are the same), or nothing
# when the kernel has it built in.
kfi_module_path() {
	local moddir=$1 name=${2//-/_} path base
	while IFS=: read -r path _; do
		base=${path##*/}
		base=${base%%.ko*}
		if [ "${base//-/_}" = "$name" ]; then
			printf '%s\n' "$path"
			return 0
		fi
	done <"$moddir/modules.dep"
	grep -qE "/${name//_/[-_]}\.ko\$" "$moddir/modules.builtin" 2>/dev/null &&
		return 0
	kfi_die "module $2 is neither in modules.dep nor built in ($moddir)"
}

# Print PATH (and, before it, its dependencies) in load order, once each.
kfi_module_order() {
	local moddir=$1 path=$2 deps dep
	case " $KFI_SEEN " in *" $path "*) return 0 ;; esac
	deps=$(grep -m1 "^$path:" "$moddir/modules.dep" | cut -d: -f2)
	# modules.dep lists the dependencies so that the last loads first.
	for dep in $(printf '%s\n' $deps | tac); do
		kfi_module_order "$moddir" "$dep"
	done
	KFI_SEEN="$KFI_SEEN $path"
	printf '%s\n' "$path"
}

# The initramfs for RELEASE: static busybox, the 9p/overlay modules (with
# their dependencies, from modules.dep) and tests/vm/initramfs-init.
# Sets KFI_INITRD.
kfi_build_initramfs() {
	local rel=$1 moddir=$KFI_ROOTFS/lib/modules/$1 work mod path order n=0
	local busybox=/bin/busybox
	KFI_INITRD=$KFI_CACHE/$rel/initramfs.cpio.gz
	if [ -f "$KFI_INITRD" ] &&
	   [ "$KFI_INITRD" -nt "$KFI_TOP/tests/vm/initramfs-init" ] &&
	   [ "$KFI_INITRD" -nt "$KFI_TOP/tests/vm/lib.sh" ]; then
		return 0
	fi
	file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
		kfi_die "$busybox is not static (install busybox-static)"
	work=$(mktemp -d)
	mkdir -p "$work"/bin "$work"/modules "$work"/proc "$work"/sys \
		"$work"/dev "$work"/lower "$work"/rw "$work"/newroot
	cp "$busybox" "$work/bin/busybox"
	cp "$KFI_TOP/tests/vm/initramfs-init" "$work/init"
	chmod 755 "$work/init"
	KFI_SEEN=
	order=$(for mod in virtio_pci 9pnet_virtio 9p overlay; do
		path=$(kfi_module_path "$moddir" "$mod") || exit
		[ -z "$path" ] || kfi_module_order "$moddir" "$path"
	done) || kfi_die "cannot resolve the initramfs modules for $rel"
	: >"$work/modules/order"
	for path in $order; do
		n=$((n + 1))
		mod=$(printf '%02d-%s' "$n" "${path##*/}")
		mod=${mod%%.ko*}.ko
		case "$path" in
		*.ko.xz) xz -dc "$moddir/$path" >"$work/modules/$mod" ;;
		*.ko.zst) zstd -qdc "$moddir/$path" >"$work/modules/$mod" ;;
		*.ko.gz) gzip -dc "$moddir/$path" >"$work/modules/$mod" ;;
		*) cp "$moddir/$path" "$work/modules/$mod" ;;
		esac || kfi_die "cannot unpack $path"
		echo "$mod" >>"$work/modules/order"
	done
	(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$KFI_INITRD.tmp" ||
		kfi_die "cpio of the initramfs failed"
	mv "$KFI_INITRD.tmp" "$KFI_INITRD"
	rm -rf "$work"
}
