// SPDX-License-Identifier: GPL-2.0-only
/*
 * ckpt_criu.c - checkpoints with CRIU, through its own library (libcriu).
 *
 * libcriu runs `criu swrk` as a child for every request.  Dumps are full
 * (not incremental: those chain to their parents, which would break
 * "keep the N newest") and leave the program running.  Restores use
 * criu_restore_child(), so the program comes back as our child.
 */
#include "checkpoint.h"

#ifdef AUTOCI_HAVE_CRIU
#include <criu.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DUMP_LOG	"dump.log"
#define RESTORE_LOG	"restore.log"
#define CRIU_LOG_LEVEL	2	/* errors and warnings; AUTOCI_CRIU_LOG_LEVEL */

/* AUTOCI_CRIU names another criu binary (tests, odd installs). */
static const char *criu_binary(void)
{
	const char *bin = getenv("AUTOCI_CRIU");

	return bin && *bin ? bin : "criu";
}

static int log_level(void)
{
	const char *level = getenv("AUTOCI_CRIU_LOG_LEVEL");

	return level && *level >= '0' && *level <= '4' && !level[1] ?
	       *level - '0' : CRIU_LOG_LEVEL;
}

static int in_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len,
			 len ? path : ".", name);
		if (access(buf, X_OK) == 0)
			return 1;
		path += len;
		if (*path == ':')
			path++;
	}
	return 0;
}

static criu_opts *request_opts(const char *dir, const char *log, int *dir_fd,
			       char *err, size_t err_len);

/*
 * CRIU probes the kernel on its first run and caches what it found; in a
 * slow (TCG) guest that takes tens of seconds.  Doing it once here keeps
 * it out of the first checkpoint, where it would freeze the program's
 * schedule and inflate the measured checkpoint cost.
 */
static void warm_up(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], log[4200], err[256];
	criu_opts *opts;
	int dir_fd;

	snprintf(dir, sizeof(dir), "%s/autoci-check.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return;
	opts = request_opts(dir, "check.log", &dir_fd, err, sizeof(err));
	if (opts) {
		criu_local_check(opts);
		criu_local_free_opts(opts);
		close(dir_fd);
	}
	snprintf(log, sizeof(log), "%s/check.log", dir);
	unlink(log);
	rmdir(dir);
}

static int criu_probe(char *err, size_t err_len)
{
	if (!in_path(criu_binary())) {
		snprintf(err, err_len,
			 "criu: '%s' not found (install the criu package)",
			 criu_binary());
		return -1;
	}
	if (geteuid() != 0) {
		snprintf(err, err_len,
			 "criu: checkpointing needs root (run autoci as root)");
		return -1;
	}
	warm_up();
	return 0;
}

/* Options for one request on dir; *dir_fd must be closed after it. */
static criu_opts *request_opts(const char *dir, const char *log, int *dir_fd,
			       char *err, size_t err_len)
{
	/* criu_local_init_opts() frees whatever *opts points to first. */
	criu_opts *opts = NULL;

	*dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dir_fd < 0) {
		snprintf(err, err_len, "criu: cannot open %s: %s", dir,
			 strerror(errno));
		return NULL;
	}
	if (criu_local_init_opts(&opts) < 0 ||
	    criu_local_set_service_binary(opts, criu_binary()) < 0) {
		snprintf(err, err_len, "criu: out of memory");
		close(*dir_fd);
		return NULL;
	}
	criu_local_set_images_dir_fd(opts, *dir_fd);
	criu_local_set_log_level(opts, log_level());
	criu_local_set_log_file(opts, log);
	/* The program is its own session leader, with no terminal. */
	criu_local_set_shell_job(opts, false);
	return opts;
}

static void describe_failure(const char *what, int ret, const char *dir,
			     const char *log, char *err, size_t err_len)
{
	char path[4096], detail[600];

	snprintf(path, sizeof(path), "%s/%s", dir, log);
	autoci_log_last_error(path, detail, sizeof(detail));
	snprintf(err, err_len, "criu %s failed (%d): %s", what, ret, detail);
}

static int criu_dump_dir(pid_t pid, const char *dir, char *err, size_t err_len)
{
	criu_opts *opts;
	int dir_fd, ret;

	opts = request_opts(dir, DUMP_LOG, &dir_fd, err, err_len);
	if (!opts)
		return -1;
	criu_local_set_pid(opts, pid);
	criu_local_set_leave_running(opts, true);
	ret = criu_local_dump(opts);
	criu_local_free_opts(opts);
	close(dir_fd);
	if (ret < 0) {
		describe_failure("dump", ret, dir, DUMP_LOG, err, err_len);
		return -1;
	}
	return 0;
}

static pid_t criu_restore_dir(const char *dir, char *err, size_t err_len)
{
	criu_opts *opts;
	int dir_fd, ret;

	opts = request_opts(dir, RESTORE_LOG, &dir_fd, err, err_len);
	if (!opts)
		return -1;
	ret = criu_local_restore_child(opts);
	criu_local_free_opts(opts);
	close(dir_fd);
	if (ret <= 0) {
		describe_failure("restore", ret, dir, RESTORE_LOG, err, err_len);
		return -1;
	}
	return ret;
}

const struct autoci_ckpt_ops autoci_ckpt_criu = {
	.name = "criu",
	.exec_wrapper = NULL,
	.probe = criu_probe,
	.dump = criu_dump_dir,
	.restore = criu_restore_dir,
};

#else /* !AUTOCI_HAVE_CRIU */

#include <stdio.h>

static int criu_unavailable(char *err, size_t err_len)
{
	snprintf(err, err_len,
		 "criu: autoci was built without libcriu (install criu and libprotobuf-c-dev, then rebuild)");
	return -1;
}

static int criu_dump_unavailable(pid_t pid, const char *dir, char *err,
				 size_t err_len)
{
	(void)pid;
	(void)dir;
	return criu_unavailable(err, err_len);
}

static pid_t criu_restore_unavailable(const char *dir, char *err,
				      size_t err_len)
{
	(void)dir;
	return criu_unavailable(err, err_len);
}

const struct autoci_ckpt_ops autoci_ckpt_criu = {
	.name = "criu",
	.exec_wrapper = NULL,
	.probe = criu_unavailable,
	.dump = criu_dump_unavailable,
	.restore = criu_restore_unavailable,
};

#endif /* AUTOCI_HAVE_CRIU */
