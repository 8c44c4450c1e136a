# KFI top-level Makefile.
#
# Everything derives its version from ./VERSION.  Each part owns the
# Makefile in its directory; this one only sequences them.
#
#   make                 module (against KDIR) + library + tools + man pages
#   make module          just the module        (KDIR=/lib/modules/REL/build)
#   make check           unit tests + host tests + guest suite (KERNEL=6.1)
#   make check-guest     guest suite only       (KERNEL=6.1|6.12|debug)
#   make demo            the README's quick start
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

.PHONY: all module user check check-unit check-guest demo insert install \
	uninstall clean $(USER_DIRS)

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

demo:
	tests/demo

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
