// SPDX-License-Identifier: LGPL-2.1-or-later
/* record.c - an injection record as the ancestor's line and as JSON. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

KFI_EXPORT int kfi_record_bit(const struct kfi_record *rec)
{
	if (!rec->mask || (rec->mask & (rec->mask - 1)))
		return -1;
	return __builtin_ctzll(rec->mask);
}

KFI_EXPORT int kfi_record_line(const struct kfi_record *rec, char *buf,
			       size_t len)
{
	int bit = kfi_record_bit(rec);
	char name[KFI_NAME_LEN + 1];

	memcpy(name, rec->reg_name, KFI_NAME_LEN);
	name[KFI_NAME_LEN] = '\0';
	if (bit >= 0)
		return snprintf(buf, len,
				"Injected process %d, register %s, bit %d",
				rec->pid, name, bit);
	return snprintf(buf, len,
			"Injected process %d, register %s, mask 0x%" PRIx64,
			rec->pid, name, (uint64_t)rec->mask);
}

static int add(struct json_object *obj, const char *key,
	       struct json_object *val)
{
	if (!val)
		return -1;
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static int add_u64(struct json_object *obj, const char *key, uint64_t v)
{
	return add(obj, key, json_object_new_uint64(v));
}

static int add_i64(struct json_object *obj, const char *key, int64_t v)
{
	return add(obj, key, json_object_new_int64(v));
}

static int add_hex(struct json_object *obj, const char *key, uint64_t v)
{
	char hex[24];

	snprintf(hex, sizeof(hex), "0x%" PRIx64, v);
	return add(obj, key, json_object_new_string(hex));
}

static int add_str(struct json_object *obj, const char *key, const char *s)
{
	return add(obj, key, json_object_new_string(s));
}

static int add_bool(struct json_object *obj, const char *key, bool b)
{
	return add(obj, key, json_object_new_boolean(b));
}

KFI_EXPORT char *kfi_record_json(const struct kfi_record *rec,
				 const struct kfi_handle *h)
{
	struct json_object *obj = json_object_new_object();
	char name[KFI_NAME_LEN + 1];
	char *out = NULL;
	int err = 0;

	if (!obj)
		goto fail;
	memcpy(name, rec->reg_name, KFI_NAME_LEN);
	name[KFI_NAME_LEN] = '\0';

	err |= add_u64(obj, "seq", rec->seq);
	err |= add_u64(obj, "time_ns", rec->time_ns);
	err |= add_u64(obj, "cookie", rec->cookie);
	err |= add_i64(obj, "status", rec->status);
	err |= add_str(obj, "error",
		       rec->status ? kfi_strerror(-rec->status) : "");
	err |= add_i64(obj, "pid", rec->pid);
	err |= add_i64(obj, "tid", rec->tid);
	err |= add_u64(obj, "reg", rec->reg);
	err |= add_str(obj, "reg_name", name);
	err |= add_i64(obj, "bit", kfi_record_bit(rec));
	err |= add_str(obj, "model", kfi_model_name(rec->model));
	err |= add_str(obj, "method", kfi_method_name(rec->method));
	err |= add_u64(obj, "width", rec->width);
	err |= add_u64(obj, "mask", rec->mask);
	err |= add_hex(obj, "mask_hex", rec->mask);
	err |= add_u64(obj, "old_value", rec->old_value);
	err |= add_hex(obj, "old_value_hex", rec->old_value);
	err |= add_u64(obj, "new_value", rec->new_value);
	err |= add_hex(obj, "new_value_hex", rec->new_value);
	err |= add_u64(obj, "ip", rec->ip);
	err |= add_hex(obj, "ip_hex", rec->ip);
	err |= add_u64(obj, "flags", rec->flags);
	err |= add_bool(obj, "dry_run", rec->flags & KFI_RECORD_DRY_RUN);
	err |= add_bool(obj, "in_syscall", rec->flags & KFI_RECORD_IN_SYSCALL);
	err |= add_bool(obj, "compat", rec->flags & KFI_RECORD_COMPAT);
	err |= add_bool(obj, "was_stopped",
			rec->flags & KFI_RECORD_WAS_STOPPED);
	if (h) {
		err |= add_str(obj, "backend", kfi_backend_name(kfi_backend(h)));
		err |= add_u64(obj, "seed", kfi_seed(h));
	}
	if (err)
		goto fail;
	out = strdup(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
	if (!out)
		goto fail;
	json_object_put(obj);
	return out;
fail:
	json_object_put(obj);
	kfi_fail(ENOMEM, "out of memory while formatting a record as JSON");
	return NULL;
}
