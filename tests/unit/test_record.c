// SPDX-License-Identifier: GPL-2.0-or-later
/* Records: the ancestor's line, the bit, and JSON parsed back. */
#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>
#include <json-c/json.h>

#include "kfi.h"

static struct kfi_record sample(void)
{
	struct kfi_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.size = sizeof(rec);
	rec.flags = KFI_RECORD_IN_SYSCALL | KFI_RECORD_WAS_STOPPED;
	rec.seq = 18446744073709551615ULL;
	rec.time_ns = 123456789012345ULL;
	rec.cookie = 0xfeedULL;
	rec.status = 0;
	rec.pid = 4242;
	rec.tid = 4243;
	rec.reg = 10;
	rec.model = KFI_MODEL_SET;
	rec.method = KFI_METHOD_STOP;
	rec.width = 64;
	rec.mask = 1ULL << 63;
	rec.old_value = 0x0123456789abcdefULL;
	rec.new_value = 0x8123456789abcdefULL;
	rec.ip = 0x7fffdeadbeefULL;
	strcpy(rec.reg_name, "ax");
	return rec;
}

Test(record, line_is_the_ancestors)
{
	struct kfi_record rec = sample();
	char buf[128];

	cr_assert_eq(kfi_record_line(&rec, buf, sizeof(buf)),
		     (int)strlen("Injected process 4242, register ax, bit 63"));
	cr_assert_str_eq(buf, "Injected process 4242, register ax, bit 63");
	rec.mask = 0x30;
	kfi_record_line(&rec, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Injected process 4242, register ax, mask 0x30");
	/* a name filling all 16 bytes, without a NUL */
	memcpy(rec.reg_name, "abcdefghijklmnop", KFI_NAME_LEN);
	rec.mask = 1;
	kfi_record_line(&rec, buf, sizeof(buf));
	cr_assert_str_eq(buf,
			 "Injected process 4242, register abcdefghijklmnop, bit 0");
}

Test(record, bit)
{
	struct kfi_record rec = sample();

	cr_assert_eq(kfi_record_bit(&rec), 63);
	rec.mask = 1;
	cr_assert_eq(kfi_record_bit(&rec), 0);
	rec.mask = 0;
	cr_assert_eq(kfi_record_bit(&rec), -1);
	rec.mask = 3;
	cr_assert_eq(kfi_record_bit(&rec), -1);
}

static struct json_object *field(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	cr_assert(json_object_object_get_ex(obj, key, &v), "no \"%s\"", key);
	return v;
}

static void assert_u64(struct json_object *obj, const char *key, uint64_t want)
{
	struct json_object *v = field(obj, key);

	cr_assert(json_object_is_type(v, json_type_int), "%s not int", key);
	cr_assert_eq(json_object_get_uint64(v), want, "%s", key);
}

static void assert_i64(struct json_object *obj, const char *key, int64_t want)
{
	struct json_object *v = field(obj, key);

	cr_assert(json_object_is_type(v, json_type_int), "%s not int", key);
	cr_assert_eq(json_object_get_int64(v), want, "%s", key);
}

static void assert_str(struct json_object *obj, const char *key,
		       const char *want)
{
	struct json_object *v = field(obj, key);

	cr_assert(json_object_is_type(v, json_type_string), "%s", key);
	cr_assert_str_eq(json_object_get_string(v), want, "%s", key);
}

static void assert_bool(struct json_object *obj, const char *key, bool want)
{
	struct json_object *v = field(obj, key);

	cr_assert(json_object_is_type(v, json_type_boolean), "%s", key);
	cr_assert_eq(json_object_get_boolean(v), want, "%s", key);
}

Test(record, json_has_every_field)
{
	struct kfi_record rec = sample();
	struct kfi_handle *h = kfi_open(KFI_BACKEND_PTRACE, KFI_OPEN_QUIET);
	struct json_object *obj;
	char *text;

	cr_assert_not_null(h);
	kfi_set_seed(h, 18446744073709551557ULL);
	text = kfi_record_json(&rec, h);
	cr_assert_not_null(text);
	cr_assert_null(strchr(text, '\n'));
	obj = json_tokener_parse(text);
	cr_assert_not_null(obj, "not JSON: %s", text);

	assert_u64(obj, "seq", 18446744073709551615ULL);
	assert_u64(obj, "time_ns", 123456789012345ULL);
	assert_u64(obj, "cookie", 0xfeed);
	assert_i64(obj, "status", 0);
	assert_str(obj, "error", "");
	assert_i64(obj, "pid", 4242);
	assert_i64(obj, "tid", 4243);
	assert_u64(obj, "reg", 10);
	assert_str(obj, "reg_name", "ax");
	assert_i64(obj, "bit", 63);
	assert_str(obj, "model", "set");
	assert_str(obj, "method", "stop");
	assert_u64(obj, "width", 64);
	assert_u64(obj, "mask", 1ULL << 63);
	assert_str(obj, "mask_hex", "0x8000000000000000");
	assert_u64(obj, "old_value", 0x0123456789abcdefULL);
	assert_str(obj, "old_value_hex", "0x123456789abcdef");
	assert_u64(obj, "new_value", 0x8123456789abcdefULL);
	assert_str(obj, "new_value_hex", "0x8123456789abcdef");
	assert_u64(obj, "ip", 0x7fffdeadbeefULL);
	assert_str(obj, "ip_hex", "0x7fffdeadbeef");
	assert_u64(obj, "flags", KFI_RECORD_IN_SYSCALL | KFI_RECORD_WAS_STOPPED);
	assert_bool(obj, "dry_run", false);
	assert_bool(obj, "in_syscall", true);
	assert_bool(obj, "compat", false);
	assert_bool(obj, "was_stopped", true);
	assert_str(obj, "backend", "ptrace");
	assert_u64(obj, "seed", 18446744073709551557ULL);
	cr_assert_eq(json_object_object_length(obj), 28);

	json_object_put(obj);
	free(text);
	kfi_close(h);
}

Test(record, json_of_a_failure_without_handle)
{
	struct kfi_record rec = sample();
	struct json_object *obj;
	char *text;

	rec.status = -ETIMEDOUT;
	rec.flags = KFI_RECORD_DRY_RUN | KFI_RECORD_COMPAT;
	rec.mask = 6;
	strcpy(rec.reg_name, "a\"b\\c");	/* escaped, not broken */
	text = kfi_record_json(&rec, NULL);
	obj = json_tokener_parse(text);
	cr_assert_not_null(obj, "not JSON: %s", text);
	assert_i64(obj, "status", -ETIMEDOUT);
	assert_str(obj, "error", kfi_strerror(ETIMEDOUT));
	assert_i64(obj, "bit", -1);
	assert_str(obj, "reg_name", "a\"b\\c");
	assert_bool(obj, "dry_run", true);
	assert_bool(obj, "compat", true);
	assert_bool(obj, "in_syscall", false);
	cr_assert_not(json_object_object_get_ex(obj, "backend", NULL));
	cr_assert_not(json_object_object_get_ex(obj, "seed", NULL));
	cr_assert_eq(json_object_object_length(obj), 26);
	json_object_put(obj);
	free(text);
}
