// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * regs.c - finding registers in a handle's table, the bits a request may
 * touch, and the names of the enumerations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

KFI_EXPORT unsigned int kfi_nr_regs(const struct kfi_handle *h)
{
	return h->nr_regs;
}

KFI_EXPORT const struct kfi_reg_desc *kfi_reg(const struct kfi_handle *h,
					      unsigned int index)
{
	if (index >= h->nr_regs) {
		kfi_fail(EINVAL, "no register with index %u (there are %u): use kfi-inject --list-registers",
			 index, h->nr_regs);
		return NULL;
	}
	return &h->regs[index];
}

/* Is name one of the comma-separated names in list (case-insensitive)? */
static bool name_in_list(const char *name, const char *list, size_t list_len)
{
	size_t name_len = strlen(name);
	const char *end = list + strnlen(list, list_len);

	while (list < end) {
		const char *comma = memchr(list, ',', end - list);
		size_t len = (comma ? comma : end) - list;

		if (len == name_len && !strncasecmp(list, name, len))
			return true;
		if (!comma)
			break;
		list = comma + 1;
	}
	return false;
}

KFI_EXPORT int kfi_reg_lookup(const struct kfi_handle *h, const char *name)
{
	if (!name || !*name)
		return kfi_fail(EINVAL, "empty register name: name one (e.g. ax) or give an index");

	if (strspn(name, "0123456789") == strlen(name)) {
		char *end;
		unsigned long index;

		errno = 0;
		index = strtoul(name, &end, 10);
		if (errno || index >= h->nr_regs)
			return kfi_fail(EINVAL, "no register with index %s (there are %u): use kfi-inject --list-registers",
					name, h->nr_regs);
		return (int)index;
	}

	for (unsigned int i = 0; i < h->nr_regs; i++) {
		const struct kfi_reg_desc *r = &h->regs[i];

		if (name_in_list(name, r->name, sizeof(r->name)) ||
		    name_in_list(name, r->aliases, sizeof(r->aliases)))
			return (int)i;
	}
	return kfi_fail(EINVAL, "no register named '%s': use kfi-inject --list-registers",
			name);
}

KFI_EXPORT uint64_t kfi_reg_allowed_mask(const struct kfi_handle *h,
					 unsigned int index, int compat)
{
	const struct kfi_reg_desc *r;

	if (index >= h->nr_regs)
		return 0;
	r = &h->regs[index];
	if (!compat)
		return r->allowed_mask & kfi_width_mask(r->width);
	/* a 32-bit task has no r8-r15 and only the low 32 bits of the rest */
	if (r->flags & KFI_REG_NATIVE_ONLY)
		return 0;
	return r->allowed_mask & kfi_width_mask(r->width < 32 ? r->width : 32);
}

static const char *const backend_names[] = {
	[KFI_BACKEND_AUTO] = "auto",
	[KFI_BACKEND_KMOD] = "kmod",
	[KFI_BACKEND_PTRACE] = "ptrace",
};

static const char *const pool_names[] = {
	[KFI_POOL_GPR] = "gpr",
	[KFI_POOL_ALL] = "all",
	[KFI_POOL_LEGACY] = "legacy",
};

static const char *const model_names[] = {
	[KFI_MODEL_FLIP] = "flip",
	[KFI_MODEL_SET] = "set",
	[KFI_MODEL_CLEAR] = "clear",
};

static const char *const method_names[] = {
	[KFI_METHOD_TASKWORK] = "taskwork",
	[KFI_METHOD_STOP] = "stop",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int parse_name(const char *name, const char *const *names,
		      size_t nr, const char *what, const char *choices)
{
	for (size_t i = 0; name && i < nr; i++)
		if (names[i] && !strcmp(name, names[i]))
			return (int)i;
	return kfi_fail(EINVAL, "unknown %s '%s': use one of %s", what,
			name ? name : "", choices);
}

KFI_EXPORT int kfi_backend_parse(const char *name, enum kfi_backend *out)
{
	int v = parse_name(name, backend_names, ARRAY_SIZE(backend_names),
			   "backend", "auto, kmod, ptrace");

	if (v < 0)
		return -1;
	*out = (enum kfi_backend)v;
	return 0;
}

KFI_EXPORT int kfi_pool_parse(const char *name, enum kfi_pool *out)
{
	int v = parse_name(name, pool_names, ARRAY_SIZE(pool_names),
			   "register pool", "gpr, all, legacy");

	if (v < 0)
		return -1;
	*out = (enum kfi_pool)v;
	return 0;
}

KFI_EXPORT int kfi_model_parse(const char *name, enum kfi_model *out)
{
	int v = parse_name(name, model_names, ARRAY_SIZE(model_names),
			   "fault model", "flip, set, clear");

	if (v < 0)
		return -1;
	*out = (enum kfi_model)v;
	return 0;
}

KFI_EXPORT int kfi_method_parse(const char *name, enum kfi_method *out)
{
	int v = parse_name(name, method_names, ARRAY_SIZE(method_names),
			   "method", "taskwork, stop");

	if (v < 0)
		return -1;
	*out = (enum kfi_method)v;
	return 0;
}

static const char *name_of(unsigned int v, const char *const *names,
			   size_t nr)
{
	return v < nr && names[v] ? names[v] : "?";
}

KFI_EXPORT const char *kfi_backend_name(enum kfi_backend backend)
{
	return name_of(backend, backend_names, ARRAY_SIZE(backend_names));
}

KFI_EXPORT const char *kfi_pool_name(enum kfi_pool pool)
{
	return name_of(pool, pool_names, ARRAY_SIZE(pool_names));
}

KFI_EXPORT const char *kfi_model_name(enum kfi_model model)
{
	return name_of(model, model_names, ARRAY_SIZE(model_names));
}

KFI_EXPORT const char *kfi_method_name(enum kfi_method method)
{
	return name_of(method, method_names, ARRAY_SIZE(method_names));
}
