// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seed-compatible text interface.
 *
 * Writing "PID", "PID REG" or "PID REG BIT" (REG an index or a name)
 * injects one fault into PID with the defaults (taskwork, flip, a random
 * register of the gpr pool and/or a random bit, a 1 s wait); reading the
 * same open file returns the ancestor's line for that file's last
 * successful text injection:
 *
 *   exec 3<>/dev/kfi; echo "$pid 10 5" >&3; cat <&3
 *   Injected process 1234, register ax, bit 5
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "kfi.h"

#define KFI_TEXT_FIELDS	3

/* Split s at blanks into at most max words; -EINVAL if more or none. */
static int kfi_text_split(char *s, char **words, int max)
{
	int nr = 0;
	char *word;

	while ((word = strsep(&s, " \t\n"))) {
		if (!*word)
			continue;
		if (nr == max)
			return -EINVAL;
		words[nr++] = word;
	}
	return nr ? nr : -EINVAL;
}

static int kfi_text_parse(char *text, struct kfi_inject_req *req)
{
	char *words[KFI_TEXT_FIELDS];
	unsigned int bit;
	int nr, ret;

	nr = kfi_text_split(text, words, KFI_TEXT_FIELDS);
	if (nr < 0)
		return nr;

	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
	req->tid = KFI_TID_DEFAULT;
	req->reg = KFI_REG_RANDOM;
	req->pool = KFI_POOL_GPR;
	req->model = KFI_MODEL_FLIP;
	req->method = KFI_METHOD_TASKWORK;
	req->timeout_ns = KFI_TIMEOUT_DEFAULT;

	ret = kstrtoint(words[0], 10, &req->pid);
	if (ret || req->pid <= 0)
		return -EINVAL;
	if (nr > 1) {
		if (kstrtoint(words[1], 10, &req->reg)) {
			req->reg = kfi_reg_by_name(words[1]);
			if (req->reg < 0)
				return -EINVAL;
		} else if (req->reg < 0) {
			return -EINVAL;	/* not even -1: that is the ioctl's */
		}
	}
	if (nr > 2) {
		if (kstrtouint(words[2], 10, &bit) || bit >= 64)
			return -EINVAL;
		req->mask = 1ULL << bit;
	}
	return 0;
}

ssize_t kfi_text_write(struct kfi_file *kf, const char __user *buf,
		       size_t count)
{
	char text[KFI_TEXT_MAX + 1];
	struct kfi_inject_req req;
	struct kfi_record rec;
	char line[sizeof(kf->text)];
	int len, ret;

	/* refused whole, without reading it: the ancestor read any length */
	if (count > KFI_TEXT_MAX)
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	/* the parser stops at a NUL: what follows one would go unchecked */
	if (memchr(text, '\0', count))
		return -EINVAL;
	text[count] = '\0';

	spin_lock(&kf->lock);
	kf->text_len = 0;
	spin_unlock(&kf->lock);

	ret = kfi_text_parse(text, &req);
	if (ret)
		return ret;
	memset(&rec, 0, sizeof(rec));
	ret = kfi_inject(kf, &req, &rec);
	if (ret)
		return ret;

	len = scnprintf(line, sizeof(line),
			"Injected process %d, register %s, bit %u\n",
			rec.pid, rec.reg_name, (unsigned int)__ffs64(rec.mask));
	spin_lock(&kf->lock);
	memcpy(kf->text, line, len);
	kf->text_len = len;
	spin_unlock(&kf->lock);
	return count;
}

ssize_t kfi_text_read(struct kfi_file *kf, char __user *buf, size_t count,
		      loff_t *ppos)
{
	char line[sizeof(kf->text)];
	size_t len;

	spin_lock(&kf->lock);
	len = kf->text_len;
	memcpy(line, kf->text, len);
	spin_unlock(&kf->lock);
	return simple_read_from_buffer(buf, count, ppos, line, len);
}
