# KFI top-level Makefile.
#
# Everything derives its version from ./VERSION.  Each part owns the
# Makefile in its directory; this one only sequences them.
#
#   make                 module (against KDIR) + library + tools + man pages
#   make module          just the module        (KDIR=/lib/modules/REL/build)
#   make check           unit tests + host tests + guest suite (KERNEL=6.1)
#   make check-guest     harness self-test + guest suite (KERNEL=6.1|6.12|debug)
#   make check-vm        the guest harness's self-test only (KERNEL=...)
#   make demo            the README's quick start
#   make bench           benchmarks in a 6.1 guest -> docs/bench/REPORT.md
#   make insert          insmod the freshly built module
#   make install         module + library + tools + man + udev (DESTDIR, PREFIX)
#   make uninstall       undo install

VERSION := $(shell cat $(CURDIR)/VERSION)
KDIR    ?= /lib/modules/$(shell uname -r)/build
PREFIX  ?= /usr/local
DESTDIR ?=
KERNEL  ?= 6.1

export VERSION KDIR PREFIX DESTDIR KERNEL

# User-space parts, in build order; a part joins once its Makefile exists.
USER_DIRS := $(wildcard src/lib/Makefile src/bin/Makefile man/Makefile)
USER_DIRS := $(patsubst %/Makefile,%,$(USER_DIRS))

.PHONY: all module user check check-unit check-guest check-stress check-vm \
	demo insert install uninstall clean $(USER_DIRS)

all: module user

# The module is skipped, with a note, when there are no headers for KDIR.
module:
	@if [ -d "$(KDIR)" ]; then \
		$(MAKE) -C src/kmod KDIR=$(KDIR); \
	else \
		echo "make: no kernel headers at $(KDIR); module not built" \
		     "(set KDIR=/lib/modules/RELEASE/build)" >&2; \
	fi

user: $(USER_DIRS)

$(USER_DIRS):
	$(MAKE) -C $@

src/bin: src/lib
man: src/bin

check:
	tests/run-all

check-unit:
	tests/run-all --unit

check-guest:
	tests/run-all --guest --kernel $(KERNEL)

# The stress case alone (concurrent injectors, rmmod/insmod with requests
# pending) in a guest of its own; make check runs it with the rest.
check-stress:
	tests/vm/run-guest --kernel $(KERNEL) --timeout 3600 -- \
		tests/guest/run-suite stress

check-vm:
	tests/vm/selftest --kernel $(KERNEL)

demo:
	tests/demo

# Benchmarks (never part of check): one guest boot, docs/bench/REPORT.md.
.PHONY: bench
bench:
	bench/run

insert: module
	insmod src/kmod/kfi.ko

install: all
	$(MAKE) -C src/kmod KDIR=$(KDIR) install
	@for d in $(USER_DIRS); do $(MAKE) -C $$d install || exit 1; done

uninstall:
	-$(MAKE) -C src/kmod KDIR=$(KDIR) uninstall
	@for d in $(USER_DIRS); do $(MAKE) -C $$d uninstall || exit 1; done

clean:
	-$(MAKE) -C src/kmod KDIR=$(KDIR) clean
	@for d in $(USER_DIRS); do $(MAKE) -C $$d clean; done
	rm -rf build

# ---------------------------------------------------------------------------
# Packaging: udev rule + group, DKMS, .deb, .rpm  (see debian/, kfi.spec)
#
#   make dkms-install    stage /usr/src/kfi-VERSION, dkms add + install
#   make dkms-remove     dkms remove --all, delete what dkms-install staged
#   make deb             build/deb/*.deb  (dpkg-buildpackage -us -uc -b)
#   make rpm             build/rpm/RPMS/*/*.rpm  (rpmbuild, Debian's rpm)

# udev and systemd-sysusers read only these places, whatever PREFIX is.
ifeq ($(PREFIX),/usr)
UDEVRULESDIR ?= /usr/lib/udev/rules.d
SYSUSERSDIR  ?= /usr/lib/sysusers.d
else
UDEVRULESDIR ?= /etc/udev/rules.d
SYSUSERSDIR  ?= /etc/sysusers.d
endif
DKMS_SRC     := /usr/src/kfi-$(VERSION)
# Marks a DKMS tree staged from a checkout, so dkms-remove never deletes
# the one the kfi-dkms package owns.
DKMS_MARK    := .staged-from-checkout
KMOD_SOURCES  = $(shell cd src/kmod && find . -type f \( -name '*.c' \
		-o -name '*.h' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c' | sort)

.PHONY: install-data uninstall-data dkms-source dkms-install dkms-remove \
	pkg-tree deb rpm

install: install-data
uninstall: uninstall-data

# The group first, so udev never sees a rule naming a missing group.
install-data:
	install -D -m 0644 src/data/kfi.sysusers $(DESTDIR)$(SYSUSERSDIR)/kfi.conf
	install -D -m 0644 src/data/60-kfi.rules $(DESTDIR)$(UDEVRULESDIR)/60-kfi.rules
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		if command -v systemd-sysusers >/dev/null; then \
			systemd-sysusers $(SYSUSERSDIR)/kfi.conf; \
		elif ! getent group kfi >/dev/null; then \
			groupadd --system kfi; \
		fi; \
		if [ -d /run/udev ]; then udevadm control --reload-rules || true; fi; \
		if [ -e /sys/class/misc/kfi ]; then \
			udevadm trigger --action=change /sys/class/misc/kfi || true; \
		fi; \
	fi

uninstall-data:
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-kfi.rules $(DESTDIR)$(SYSUSERSDIR)/kfi.conf

# The tree DKMS builds from: src/kmod's sources flattened to the top (so
# Kbuild finds $(src)/VERSION), VERSION, and dkms.conf with its version.
dkms-source:
	@test -n "$(KMOD_SOURCES)" || { echo "no module sources in src/kmod" >&2; exit 1; }
	@set -e; cd src/kmod; for f in $(KMOD_SOURCES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRC)/$$f; done
	install -m 0644 VERSION $(DESTDIR)$(DKMS_SRC)/VERSION
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DESTDIR)$(DKMS_SRC)/dkms.conf

# KERNELVER=RELEASE builds for that kernel instead of the running one.
dkms-install:
	@if [ -d $(DKMS_SRC) ] && [ ! -e $(DKMS_SRC)/$(DKMS_MARK) ]; then \
		echo "$(DKMS_SRC) belongs to a package (kfi-dkms?); remove it first" >&2; \
		exit 1; fi
	-dkms remove -m kfi -v $(VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	$(MAKE) dkms-source DESTDIR=
	touch $(DKMS_SRC)/$(DKMS_MARK)
	dkms add -m kfi -v $(VERSION)
	dkms install -m kfi -v $(VERSION) $(if $(KERNELVER),-k $(KERNELVER))

dkms-remove:
	@if [ -d $(DKMS_SRC) ] && [ ! -e $(DKMS_SRC)/$(DKMS_MARK) ]; then \
		echo "$(DKMS_SRC) belongs to a package (kfi-dkms?); not removing" >&2; \
		exit 1; fi
	-dkms remove -m kfi -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

# Packages are built from a copy of the tracked files, so a package build
# never cleans or writes into the working tree.
PKG_TREE = build/$(1)/kfi-$(VERSION)
pkg-tree:
	@test -n "$(PKG)" || { echo "pkg-tree: set PKG=deb|rpm" >&2; exit 1; }
	rm -rf build/$(PKG)
	mkdir -p $(call PKG_TREE,$(PKG))
	git ls-files -z | xargs -0 cp -a --parents -t $(call PKG_TREE,$(PKG))

deb:
	@v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || { \
		echo "debian/changelog says $$v, VERSION says $(VERSION):" \
		     "add a changelog entry (dch -v $(VERSION))" >&2; exit 1; }
	$(MAKE) pkg-tree PKG=deb
	cd $(call PKG_TREE,deb) && dpkg-buildpackage -us -uc -b
	@ls build/deb/*.deb

# --nodeps: Debian's rpm database is empty, BuildRequires can't be checked.
rpm:
	$(MAKE) pkg-tree PKG=rpm
	mkdir -p build/rpm/SOURCES
	tar -C build/rpm -czf build/rpm/SOURCES/kfi-$(VERSION).tar.gz kfi-$(VERSION)
	rpmbuild -bb --nodeps --define '_topdir $(CURDIR)/build/rpm' \
		--define 'kfi_version $(VERSION)' kfi.spec
	@ls build/rpm/RPMS/*/*.rpm
