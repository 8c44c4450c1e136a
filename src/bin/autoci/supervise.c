// SPDX-License-Identifier: GPL-2.0-only
/* supervise.c - the supervisor loop (see supervise.h). */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "policy.h"
#include "relay.h"
#include "report.h"
#include "schedule.h"

#define NS_PER_MS		1000000LL
#define NS_PER_SEC		1000000000LL
/* How long a dead program's in-flight injection may take to report. */
#define INFLIGHT_GRACE_NS	(5 * NS_PER_SEC)
#define STATUS_PERIOD_NS	(1 * NS_PER_SEC)
/* Keeps the fault schedule's stream apart from libkfi's choices. */
#define SCHEDULE_STREAM		0x6175746f63690001ULL

extern char **environ;

struct supervisor {
	const struct autoci_config *cfg;
	struct autoci_run *run;
	struct autoci_policy policy;
	const struct autoci_ckpt_ops *engine;
	struct kfi_handle *kfi;
	struct kfi_prng rng;
	int reg;			/* register index, or KFI_REG_RANDOM */

	char work_dir[PATH_MAX];
	bool own_work_dir;
	char out_path[PATH_MAX + 16];
	char err_path[PATH_MAX + 16];
	struct autoci_relay relay_out, relay_err;
	int inotify_fd;

	int sig_fd;
	pid_t pid;			/* the program, or 0 */
	int pid_fd;

	int64_t t0;
	int64_t next_fault;		/* 0: no fault scheduled */
	int64_t next_checkpoint;	/* 0: none scheduled */
	int64_t deadline;		/* 0: no timeout */
	int64_t next_status;

	bool inflight;			/* an injection awaits its record */
	int64_t inflight_since;
	int64_t inflight_cost;		/* time spent queueing it */
	bool failure_pending;		/* dead, waiting for the in-flight record */
	int64_t failure_since;

	unsigned int last_ckpt_id;
	int64_t *ckpt_progress;		/* by id: progress when it was taken */
	size_t ckpt_progress_room;

	/* Work done in the current timeline, and when it was last counted. */
	int64_t progress;
	int64_t progress_mark;

	bool status_shown;
	bool status_line;		/* stderr is a terminal */
};

static sigset_t original_mask;

/* Children (libcriu's criu swrk, tools) must not inherit our blocked signals. */
static void child_after_fork(void)
{
	sigprocmask(SIG_SETMASK, &original_mask, NULL);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static int64_t elapsed(const struct supervisor *sv)
{
	return now_ns() - sv->t0;
}

static void clear_status(struct supervisor *sv)
{
	if (sv->status_shown) {
		fputs("\r\033[K", stderr);
		sv->status_shown = false;
	}
}

static void show_status(struct supervisor *sv)
{
	char when[40];

	if (!sv->status_line)
		return;
	kfi_format_duration(elapsed(sv) / NS_PER_SEC * NS_PER_SEC, when,
			    sizeof(when));
	fprintf(stderr,
		"\r\033[Kautoci: %s elapsed, %u faults, %u checkpoints, %u restores",
		when, sv->run->nr_faults, sv->run->nr_checkpoints,
		sv->run->nr_restores);
	fflush(stderr);
	sv->status_shown = true;
}

static void diag(struct supervisor *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void diag(struct supervisor *sv, const char *fmt, ...)
{
	va_list ap;

	clear_status(sv);
	fputs("autoci: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void pump_output(struct supervisor *sv, bool at_end)
{
	if (sv->status_shown && !sv->cfg->quiet)
		clear_status(sv);
	autoci_relay_pump(&sv->relay_out, at_end);
	autoci_relay_pump(&sv->relay_err, at_end);
}

static void log_event(struct supervisor *sv, struct autoci_event *ev)
{
	char line[512];

	ev->t_ns = elapsed(sv);
	if (autoci_run_add(sv->run, ev) < 0)
		diag(sv, "out of memory for the event log");
	if (sv->cfg->quiet)
		return;
	/* The program's output so far comes before what autoci says about it. */
	if (ev->kind != AUTOCI_EV_START)
		pump_output(sv, false);
	clear_status(sv);
	autoci_event_line(ev, line, sizeof(line));
	printf("%s\n", line);
	fflush(stdout);
}

static void init_event(struct autoci_event *ev, enum autoci_event_kind kind)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
}

/* --- the timeline of work done -------------------------------------- */

static void count_progress(struct supervisor *sv, int64_t now)
{
	if (sv->pid > 0)
		sv->progress += now - sv->progress_mark;
	sv->progress_mark = now;
}

static int remember_checkpoint(struct supervisor *sv, unsigned int id)
{
	if (id >= sv->ckpt_progress_room) {
		size_t room = sv->ckpt_progress_room ? 2 * sv->ckpt_progress_room : 64;
		int64_t *p;

		while (room <= id)
			room *= 2;
		p = realloc(sv->ckpt_progress, room * sizeof(*p));
		if (!p)
			return -1;
		sv->ckpt_progress = p;
		sv->ckpt_progress_room = room;
	}
	sv->ckpt_progress[id] = sv->progress;
	return 0;
}

/* --- the work directory ---------------------------------------------- */

static void checkpoint_dir(const struct supervisor *sv, unsigned int id,
			   char *buf, size_t len)
{
	snprintf(buf, len, "%s/checkpoint-%u", sv->work_dir, id);
}

static int make_work_dir(struct supervisor *sv)
{
	const char *tmp = getenv("TMPDIR");

	if (sv->cfg->work_dir) {
		if (mkdir(sv->cfg->work_dir, 0700) < 0 && errno != EEXIST) {
			diag(sv, "cannot create %s: %s", sv->cfg->work_dir,
			     strerror(errno));
			return -1;
		}
		if (!realpath(sv->cfg->work_dir, sv->work_dir)) {
			diag(sv, "cannot use %s: %s", sv->cfg->work_dir,
			     strerror(errno));
			return -1;
		}
	} else {
		snprintf(sv->work_dir, sizeof(sv->work_dir), "%s/autoci.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(sv->work_dir)) {
			diag(sv, "cannot create a directory in %s: %s",
			     tmp && *tmp ? tmp : "/tmp", strerror(errno));
			return -1;
		}
		sv->own_work_dir = true;
	}
	snprintf(sv->out_path, sizeof(sv->out_path), "%s/stdout", sv->work_dir);
	snprintf(sv->err_path, sizeof(sv->err_path), "%s/stderr", sv->work_dir);
	return 0;
}

static void delete_checkpoint(struct supervisor *sv, unsigned int id)
{
	char dir[PATH_MAX + 32];

	checkpoint_dir(sv, id, dir, sizeof(dir));
	if (autoci_remove_tree(dir) < 0)
		diag(sv, "cannot delete %s: %s", dir, strerror(errno));
}

/* Every checkpoint ever made, whatever the policy still holds. */
static void delete_all_checkpoints(struct supervisor *sv)
{
	for (unsigned int id = 1; id <= sv->last_ckpt_id; id++)
		delete_checkpoint(sv, id);
}

static void remove_work_dir(struct supervisor *sv)
{
	if (!sv->own_work_dir)
		return;
	unlink(sv->out_path);
	unlink(sv->err_path);
	if (rmdir(sv->work_dir) < 0)
		diag(sv, "cannot remove %s: %s", sv->work_dir, strerror(errno));
}

/* --- the program ------------------------------------------------------ */

static int open_output(const char *path)
{
	/* O_APPEND: CRIU restores a regular file only if it is append-only
	 * or still the size it had at the dump. */
	return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

static int watch_program(struct supervisor *sv, pid_t pid)
{
	sv->pid_fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (sv->pid_fd < 0) {
		diag(sv, "cannot watch pid %d: %s", (int)pid, strerror(errno));
		return -1;
	}
	sv->pid = pid;
	sv->progress_mark = now_ns();
	return 0;
}

static int start_program(struct supervisor *sv)
{
	const struct autoci_config *cfg = sv->cfg;
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	char **argv = cfg->argv;
	char **wrapped = NULL;
	struct autoci_event ev;
	pid_t pid;
	int err;

	if (cfg->checkpoint && sv->engine->exec_wrapper) {
		wrapped = calloc((size_t)cfg->argc + 2, sizeof(*wrapped));
		if (!wrapped) {
			diag(sv, "out of memory");
			return -1;
		}
		wrapped[0] = (char *)sv->engine->exec_wrapper;
		memcpy(wrapped + 1, cfg->argv, (size_t)cfg->argc * sizeof(*argv));
		argv = wrapped;
	}

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, sv->out_path,
					 O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_addopen(&actions, 2, sv->err_path,
					 O_WRONLY | O_CREAT | O_APPEND, 0600);
	/* Nothing of ours may end up in the program (and in its checkpoints). */
	posix_spawn_file_actions_addclosefrom_np(&actions, 3);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &original_mask);
	/* Its own session: no terminal, and CRIU needs no --shell-job. */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSID);
	err = posix_spawnp(&pid, argv[0], &actions, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	free(wrapped);
	if (err) {
		diag(sv, "cannot run %s: %s", argv[0], strerror(err));
		return -1;
	}
	if (watch_program(sv, pid) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	init_event(&ev, AUTOCI_EV_START);
	ev.pid = pid;
	log_event(sv, &ev);
	return 0;
}

/* Reap the program once its pidfd said it is gone; its wait status. */
static int reap_program(struct supervisor *sv)
{
	siginfo_t info;
	int status;

	memset(&info, 0, sizeof(info));
	if (waitid(P_PIDFD, (id_t)sv->pid_fd, &info, WEXITED) < 0) {
		/* Reaped elsewhere (a ptrace wait in libkfi): no status left. */
		diag(sv, "pid %d is gone but its status is lost: %s",
		     (int)sv->pid, strerror(errno));
		status = W_EXITCODE(255, 0);
	} else if (info.si_code == CLD_EXITED) {
		status = W_EXITCODE(info.si_status, 0);
	} else {
		status = info.si_status | (info.si_code == CLD_DUMPED ? WCOREFLAG : 0);
	}
	close(sv->pid_fd);
	sv->pid_fd = -1;
	return status;
}

static void program_ended(struct supervisor *sv, int status)
{
	struct autoci_event ev;

	count_progress(sv, now_ns());
	init_event(&ev, AUTOCI_EV_EXIT);
	ev.pid = sv->pid;
	ev.status = status;
	sv->pid = 0;
	pump_output(sv, false);
	log_event(sv, &ev);
}

static void stop_program(struct supervisor *sv)
{
	if (sv->pid <= 0)
		return;
	/* Its whole session: a program may have children. */
	kill(-sv->pid, SIGKILL);
	kill(sv->pid, SIGKILL);
	program_ended(sv, reap_program(sv));
}

/* --- faults ----------------------------------------------------------- */

static void schedule_fault(struct supervisor *sv, int64_t from)
{
	if (sv->cfg->inject)
		sv->next_fault = from + autoci_next_gap_ns(&sv->rng,
							   sv->cfg->mean_fault_ns);
}

static void fault_failed(struct supervisor *sv, int err, const char *why,
			 const struct kfi_record *rec, int64_t cost)
{
	struct autoci_event ev;

	init_event(&ev, AUTOCI_EV_FAULT_FAILED);
	ev.err = err;
	ev.duration_ns = cost;
	if (rec)
		ev.rec = *rec;
	snprintf(ev.detail, sizeof(ev.detail), "%.*s",
		 (int)sizeof(ev.detail) - 1, why);
	log_event(sv, &ev);
}

static void start_injection(struct supervisor *sv)
{
	struct kfi_request req;
	int64_t start = now_ns();
	uint64_t seq;

	kfi_request_init(&req, sv->pid);
	req.tid = sv->cfg->thread_random ? KFI_TID_RANDOM : KFI_TID_DEFAULT;
	req.reg = sv->reg;
	req.pool = sv->cfg->pool;
	req.model = sv->cfg->model;
	req.method = sv->cfg->method;
	req.timeout_ns = KFI_TIMEOUT_DEFAULT;

	count_progress(sv, start);
	if (kfi_inject_async(sv->kfi, &req, &seq) < 0) {
		int err = errno;

		fault_failed(sv, err, kfi_last_error(), NULL, now_ns() - start);
		schedule_fault(sv, now_ns());
	} else {
		sv->inflight = true;
		sv->inflight_since = start;
		sv->inflight_cost = now_ns() - start;
	}
	sv->progress_mark = now_ns();
}

static void collect_records(struct supervisor *sv)
{
	struct kfi_record rec;
	struct autoci_event ev;
	int64_t start = now_ns();

	while (kfi_collect(sv->kfi, &rec) == 0) {
		int64_t cost = sv->inflight_cost + (now_ns() - start);

		sv->inflight = false;
		if (rec.status) {
			char why[160];

			snprintf(why, sizeof(why), "%s (register %s)",
				 kfi_strerror(-rec.status), rec.reg_name);
			fault_failed(sv, -rec.status, why, &rec, cost);
		} else {
			init_event(&ev, AUTOCI_EV_FAULT);
			ev.rec = rec;
			ev.duration_ns = cost;
			log_event(sv, &ev);
		}
		schedule_fault(sv, now_ns());
		start = now_ns();
	}
}

/* --- checkpoints ------------------------------------------------------- */

static void do_actions(struct supervisor *sv, struct autoci_actions *acts);

static void take_checkpoint(struct supervisor *sv)
{
	char dir[PATH_MAX + 32], err[700];
	struct autoci_actions acts;
	struct autoci_event ev;
	unsigned int id = ++sv->last_ckpt_id;
	int64_t start, end;
	int ret;

	checkpoint_dir(sv, id, dir, sizeof(dir));
	start = now_ns();
	count_progress(sv, start);
	if (mkdir(dir, 0700) < 0) {
		snprintf(err, sizeof(err), "cannot create %.400s: %s", dir,
			 strerror(errno));
		ret = -1;
	} else {
		ret = sv->engine->dump(sv->pid, dir, err, sizeof(err));
	}
	end = now_ns();
	/* The program was frozen during the dump: no progress. */
	sv->progress_mark = end;
	sv->next_checkpoint = end + sv->cfg->checkpoint_interval_ns;

	init_event(&ev, ret < 0 ? AUTOCI_EV_CHECKPOINT_FAILED :
				  AUTOCI_EV_CHECKPOINT);
	ev.id = id;
	ev.duration_ns = end - start;
	if (ret < 0) {
		ev.err = EIO;
		snprintf(ev.detail, sizeof(ev.detail), "%.*s",
			 (int)sizeof(ev.detail) - 1, err);
		log_event(sv, &ev);
		delete_checkpoint(sv, id);
		return;
	}
	if (remember_checkpoint(sv, id) < 0) {
		diag(sv, "out of memory");
		delete_checkpoint(sv, id);
		return;
	}
	log_event(sv, &ev);
	/* Faults wait for the first checkpoint: one before it ends the run. */
	if (sv->run->nr_checkpoints == 1 && !sv->inflight && !sv->next_fault)
		schedule_fault(sv, end);
	autoci_policy_step(&sv->policy, AUTOCI_PEV_CHECKPOINTED, id, &acts);
	do_actions(sv, &acts);
}

/* Returns 0 when the program runs again. */
static int restore(struct supervisor *sv, const struct autoci_action *a)
{
	char dir[PATH_MAX + 32], err[700];
	struct autoci_event ev;
	int64_t start, end, lost;
	pid_t pid;

	checkpoint_dir(sv, a->id, dir, sizeof(dir));
	/* Roll the timeline back now: a failed restore loses the work too. */
	lost = sv->progress - sv->ckpt_progress[a->id];
	sv->progress = sv->ckpt_progress[a->id];

	start = now_ns();
	pid = sv->engine->restore(dir, err, sizeof(err));
	end = now_ns();

	init_event(&ev, pid > 0 ? AUTOCI_EV_RESTORE : AUTOCI_EV_RESTORE_FAILED);
	ev.id = a->id;
	ev.attempt = a->attempt;
	ev.duration_ns = end - start;
	ev.lost_ns = lost;
	if (pid > 0 && watch_program(sv, pid) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		snprintf(err, sizeof(err), "cannot watch the restored pid %d",
			 (int)pid);
		pid = -1;
		ev.kind = AUTOCI_EV_RESTORE_FAILED;
	}
	if (pid <= 0) {
		ev.err = EIO;
		snprintf(ev.detail, sizeof(ev.detail), "%.*s",
			 (int)sizeof(ev.detail) - 1, err);
		log_event(sv, &ev);
		return -1;
	}
	ev.pid = pid;
	log_event(sv, &ev);
	sv->next_checkpoint = end + sv->cfg->checkpoint_interval_ns;
	schedule_fault(sv, end);
	return 0;
}

static void finish(struct supervisor *sv, enum autoci_outcome outcome)
{
	struct autoci_event ev;

	stop_program(sv);
	delete_all_checkpoints(sv);
	sv->run->outcome = outcome;
	init_event(&ev, AUTOCI_EV_FINISH);
	snprintf(ev.detail, sizeof(ev.detail), "%s",
		 autoci_outcome_name(outcome));
	log_event(sv, &ev);
}

static void do_actions(struct supervisor *sv, struct autoci_actions *acts)
{
	struct autoci_event ev;

	for (unsigned int i = 0; i < acts->n; i++) {
		const struct autoci_action *a = &acts->a[i];

		switch (a->kind) {
		case AUTOCI_ACT_ROTATE:
		case AUTOCI_ACT_DISCARD:
			delete_checkpoint(sv, a->id);
			init_event(&ev, a->kind == AUTOCI_ACT_ROTATE ?
				   AUTOCI_EV_ROTATED : AUTOCI_EV_DISCARDED);
			ev.id = a->id;
			log_event(sv, &ev);
			break;
		case AUTOCI_ACT_RESTORE:
			if (restore(sv, a) < 0) {
				struct autoci_actions next;

				/* A failed restore is a failure of that checkpoint. */
				autoci_policy_step(&sv->policy,
						   AUTOCI_PEV_FAILED, 0, &next);
				do_actions(sv, &next);
			}
			return;
		case AUTOCI_ACT_FINISH:
			finish(sv, a->outcome);
			return;
		}
	}
}

static void policy_event(struct supervisor *sv, enum autoci_policy_event pev)
{
	struct autoci_actions acts;

	autoci_policy_step(&sv->policy, pev, 0, &acts);
	do_actions(sv, &acts);
}

/* The program ended: done, or (once no injection is in flight) restore. */
static void handle_exit(struct supervisor *sv)
{
	int status = reap_program(sv);

	program_ended(sv, status);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		policy_event(sv, AUTOCI_PEV_EXITED_OK);
		return;
	}
	sv->failure_pending = true;
	sv->failure_since = now_ns();
}

static void handle_failure_if_ready(struct supervisor *sv)
{
	if (!sv->failure_pending)
		return;
	if (sv->inflight) {
		if (now_ns() - sv->failure_since < INFLIGHT_GRACE_NS)
			return;
		diag(sv, "the injection into the dead program never reported; going on");
		sv->inflight = false;
	}
	sv->failure_pending = false;
	policy_event(sv, AUTOCI_PEV_FAILED);
}

/* --- the loop ------------------------------------------------------------ */

static void handle_signals(struct supervisor *sv)
{
	struct signalfd_siginfo si;
	struct autoci_event ev;

	while (read(sv->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo != SIGINT && si.ssi_signo != SIGTERM)
			continue;	/* SIGCHLD: the pidfd tells us */
		if (sv->run->outcome != AUTOCI_OUTCOME_RUNNING)
			continue;
		init_event(&ev, AUTOCI_EV_SIGNAL);
		ev.status = (int)si.ssi_signo;
		log_event(sv, &ev);
		policy_event(sv, AUTOCI_PEV_INTERRUPTED);
	}
}

static int64_t earliest(int64_t a, int64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

static int poll_timeout_ms(const struct supervisor *sv, int64_t now)
{
	int64_t next = sv->deadline;
	int64_t wait;

	if (sv->pid > 0 && !sv->inflight) {
		next = earliest(next, sv->next_fault);
		next = earliest(next, sv->next_checkpoint);
	}
	if (sv->failure_pending)
		next = earliest(next, sv->failure_since + INFLIGHT_GRACE_NS);
	if (sv->status_line)
		next = earliest(next, sv->next_status);
	if (!next)
		return -1;
	wait = next - now;
	if (wait <= 0)
		return 0;
	/* Round up: waking early would just poll again. */
	wait = (wait + NS_PER_MS - 1) / NS_PER_MS;
	return wait > INT_MAX ? INT_MAX : (int)wait;
}

static void run_due_work(struct supervisor *sv)
{
	int64_t now = now_ns();

	if (sv->deadline && now >= sv->deadline) {
		struct autoci_event ev;

		init_event(&ev, AUTOCI_EV_TIMEOUT);
		log_event(sv, &ev);
		policy_event(sv, AUTOCI_PEV_TIMEOUT);
		return;
	}
	if (sv->pid > 0 && !sv->inflight && sv->next_fault &&
	    now >= sv->next_fault) {
		sv->next_fault = 0;
		start_injection(sv);
	}
	/* Never dump with an injection in flight: it waits for the record. */
	if (sv->pid > 0 && !sv->inflight && sv->next_checkpoint &&
	    now_ns() >= sv->next_checkpoint)
		take_checkpoint(sv);
	if (sv->status_line && now_ns() >= sv->next_status) {
		show_status(sv);
		sv->next_status = now_ns() + STATUS_PERIOD_NS;
	}
}

static void loop(struct supervisor *sv)
{
	char buf[4096];

	while (sv->run->outcome == AUTOCI_OUTCOME_RUNNING) {
		struct pollfd fds[4] = {
			{ .fd = sv->sig_fd, .events = POLLIN },
			{ .fd = sv->pid > 0 ? sv->pid_fd : -1, .events = POLLIN },
			{ .fd = sv->kfi ? kfi_fd(sv->kfi) : -1, .events = POLLIN },
			{ .fd = sv->inotify_fd, .events = POLLIN },
		};
		int n;

		handle_failure_if_ready(sv);
		if (sv->run->outcome != AUTOCI_OUTCOME_RUNNING)
			break;
		run_due_work(sv);
		if (sv->run->outcome != AUTOCI_OUTCOME_RUNNING)
			break;

		n = poll(fds, 4, poll_timeout_ms(sv, now_ns()));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag(sv, "poll: %s", strerror(errno));
			policy_event(sv, AUTOCI_PEV_ERROR);
			break;
		}
		if (fds[3].revents & POLLIN) {
			while (read(sv->inotify_fd, buf, sizeof(buf)) > 0)
				;
			pump_output(sv, false);
		}
		if (fds[2].revents & POLLIN)
			collect_records(sv);
		if (fds[0].revents & POLLIN)
			handle_signals(sv);
		if (sv->run->outcome == AUTOCI_OUTCOME_RUNNING &&
		    sv->pid > 0 && (fds[1].revents & (POLLIN | POLLHUP)))
			handle_exit(sv);
	}
}

/* --- setup and teardown ------------------------------------------------ */

static int open_injector(struct supervisor *sv)
{
	const struct autoci_config *cfg = sv->cfg;

	sv->kfi = kfi_open(cfg->backend, 0);
	if (!sv->kfi) {
		diag(sv, "%s", kfi_last_error());
		return kfi_exit_status(errno);
	}
	kfi_set_seed(sv->kfi, sv->run->seed);
	sv->reg = KFI_REG_RANDOM;
	if (cfg->reg) {
		sv->reg = kfi_reg_lookup(sv->kfi, cfg->reg);
		if (sv->reg < 0) {
			diag(sv, "--reg: %s", kfi_last_error());
			return KFI_EXIT_USAGE;
		}
	}
	sv->run->backend = kfi_backend_name(kfi_backend(sv->kfi));
	return 0;
}

static int setup_output(struct supervisor *sv)
{
	int fd;

	/* Create both files first so the reader and inotify have them. */
	for (int i = 0; i < 2; i++) {
		fd = open_output(i ? sv->err_path : sv->out_path);
		if (fd < 0) {
			diag(sv, "cannot create %s: %s",
			     i ? sv->err_path : sv->out_path, strerror(errno));
			return -1;
		}
		close(fd);
	}
	if (autoci_relay_open(&sv->relay_out, sv->out_path, "stdout: ", stdout,
			      sv->cfg->quiet) < 0 ||
	    autoci_relay_open(&sv->relay_err, sv->err_path, "stderr: ", stdout,
			      sv->cfg->quiet) < 0) {
		diag(sv, "cannot read the program's output: %s",
		     strerror(errno));
		return -1;
	}
	sv->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (sv->inotify_fd < 0 ||
	    inotify_add_watch(sv->inotify_fd, sv->out_path, IN_MODIFY) < 0 ||
	    inotify_add_watch(sv->inotify_fd, sv->err_path, IN_MODIFY) < 0) {
		diag(sv, "inotify: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int setup_signals(struct supervisor *sv)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &mask, &original_mask) < 0)
		return -1;
	pthread_atfork(NULL, NULL, child_after_fork);
	sv->sig_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	return sv->sig_fd < 0 ? -1 : 0;
}

static int exit_status(const struct autoci_run *run)
{
	return run->outcome == AUTOCI_OUTCOME_SUCCESS ? KFI_EXIT_OK :
							KFI_EXIT_FAILURE;
}

int autoci_supervise(const struct autoci_config *cfg, struct autoci_run *run)
{
	struct supervisor sv = {
		.cfg = cfg,
		.run = run,
		.sig_fd = -1,
		.pid_fd = -1,
		.inotify_fd = -1,
		.relay_out = { .fd = -1 },
		.relay_err = { .fd = -1 },
	};
	char err[700];
	int ret = KFI_EXIT_FAILURE;

	sv.status_line = isatty(STDERR_FILENO) && !cfg->quiet;
	autoci_policy_init(&sv.policy, cfg->keep, cfg->retries);
	kfi_prng_seed(&sv.rng, run->seed ^ SCHEDULE_STREAM);
	sv.engine = autoci_ckpt_engine(cfg->checkpointer);

	if (cfg->checkpoint) {
		if (sv.engine->probe(err, sizeof(err)) < 0) {
			diag(&sv, "%s", err);
			return KFI_EXIT_UNAVAILABLE;
		}
		run->checkpointer = sv.engine->name;
	}
	if (cfg->inject) {
		ret = open_injector(&sv);
		if (ret)
			goto out;
		ret = KFI_EXIT_FAILURE;
	}
	if (setup_signals(&sv) < 0) {
		diag(&sv, "signals: %s", strerror(errno));
		goto out;
	}
	if (make_work_dir(&sv) < 0)
		goto out;
	if (setup_output(&sv) < 0)
		goto out_dir;

	sv.t0 = now_ns();
	if (!cfg->quiet) {
		printf("autoci: seed %" PRIu64 "%s%s%s\n", run->seed,
		       run->backend ? ", injecting with " : "",
		       run->backend ? run->backend : "",
		       cfg->checkpoint ? (cfg->checkpointer == AUTOCI_CKPT_BLCR ?
					  ", checkpointing with blcr" :
					  ", checkpointing with criu") : "");
		fflush(stdout);
	}
	if (start_program(&sv) < 0) {
		run->outcome = AUTOCI_OUTCOME_ERROR;
		ret = KFI_EXIT_FAILURE;
		goto out_output;
	}
	if (cfg->timeout_ns)
		sv.deadline = sv.t0 + cfg->timeout_ns;
	if (cfg->checkpoint)
		sv.next_checkpoint = sv.t0 + cfg->checkpoint_interval_ns;
	if (!cfg->checkpoint)
		schedule_fault(&sv, sv.t0);
	sv.next_status = sv.t0;

	loop(&sv);
	ret = exit_status(run);

out_output:
	pump_output(&sv, true);
	clear_status(&sv);
	run->total_ns = sv.t0 ? elapsed(&sv) : 0;
	autoci_relay_close(&sv.relay_out);
	autoci_relay_close(&sv.relay_err);
	if (sv.inotify_fd >= 0)
		close(sv.inotify_fd);
out_dir:
	stop_program(&sv);
	delete_all_checkpoints(&sv);
	remove_work_dir(&sv);
out:
	if (sv.sig_fd >= 0)
		close(sv.sig_fd);
	kfi_close(sv.kfi);
	free(sv.ckpt_progress);
	return ret;
}
