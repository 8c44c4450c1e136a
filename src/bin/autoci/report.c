// SPDX-License-Identifier: GPL-2.0-only
/* report.c - event log lines, the final report and the JSON document. */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef VERSION
#define VERSION "unknown"
#endif

struct dur {
	char s[40];
};

static struct dur dur(int64_t ns)
{
	struct dur d;

	kfi_format_duration(ns, d.s, sizeof(d.s));
	return d;
}

/* "exited with status 3", "killed by signal 11 (SIGSEGV)" */
static void describe_status(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (SIG%s)%s",
			 WTERMSIG(status), sigabbrev_np(WTERMSIG(status)) ?
			 sigabbrev_np(WTERMSIG(status)) : "?",
			 WCOREDUMP(status) ? ", core dumped" : "");
	else
		snprintf(buf, len, "ended with wait status 0x%x", status);
}

int autoci_event_line(const struct autoci_event *ev, char *buf, size_t len)
{
	char when[48], status[96];
	const struct kfi_record *r = &ev->rec;
	int bit;

	snprintf(when, sizeof(when), "autoci: +%" PRId64 ".%03" PRId64 "s",
		 ev->t_ns / 1000000000, ev->t_ns / 1000000 % 1000);

	switch (ev->kind) {
	case AUTOCI_EV_START:
		return snprintf(buf, len, "%s started the program as pid %d",
				when, (int)ev->pid);
	case AUTOCI_EV_FAULT:
		bit = kfi_record_bit(r);
		if (bit >= 0)
			snprintf(status, sizeof(status), "bit %d", bit);
		else
			snprintf(status, sizeof(status), "mask 0x%" PRIx64,
				 (uint64_t)r->mask);
		return snprintf(buf, len,
				"%s fault %" PRIu64 ": pid %d tid %d register %s %s (%s), 0x%" PRIx64
				" -> 0x%" PRIx64 ", ip 0x%" PRIx64 ", in %s",
				when, (uint64_t)r->seq, r->pid, r->tid,
				r->reg_name, status,
				kfi_model_name((enum kfi_model)r->model),
				(uint64_t)r->old_value, (uint64_t)r->new_value,
				(uint64_t)r->ip, dur(ev->duration_ns).s);
	case AUTOCI_EV_FAULT_FAILED:
		return snprintf(buf, len, "%s injection failed: %s", when,
				ev->detail);
	case AUTOCI_EV_CHECKPOINT:
		return snprintf(buf, len, "%s checkpoint %u taken in %s", when,
				ev->id, dur(ev->duration_ns).s);
	case AUTOCI_EV_CHECKPOINT_FAILED:
		return snprintf(buf, len, "%s checkpoint %u failed after %s: %s",
				when, ev->id, dur(ev->duration_ns).s,
				ev->detail);
	case AUTOCI_EV_ROTATED:
		return snprintf(buf, len,
				"%s checkpoint %u deleted (only the newest are kept)",
				when, ev->id);
	case AUTOCI_EV_DISCARDED:
		return snprintf(buf, len,
				"%s checkpoint %u discarded (its retries are used up)",
				when, ev->id);
	case AUTOCI_EV_EXIT:
		describe_status(ev->status, status, sizeof(status));
		return snprintf(buf, len, "%s program (pid %d) %s", when,
				(int)ev->pid, status);
	case AUTOCI_EV_RESTORE:
		return snprintf(buf, len,
				"%s restored checkpoint %u (attempt %u) in %s as pid %d; work lost %s",
				when, ev->id, ev->attempt,
				dur(ev->duration_ns).s, (int)ev->pid,
				dur(ev->lost_ns).s);
	case AUTOCI_EV_RESTORE_FAILED:
		return snprintf(buf, len,
				"%s restore of checkpoint %u (attempt %u) failed after %s: %s",
				when, ev->id, ev->attempt,
				dur(ev->duration_ns).s, ev->detail);
	case AUTOCI_EV_TIMEOUT:
		return snprintf(buf, len, "%s timed out: stopping the program",
				when);
	case AUTOCI_EV_SIGNAL:
		return snprintf(buf, len, "%s got SIG%s: stopping the program",
				when, sigabbrev_np(ev->status) ?
				sigabbrev_np(ev->status) : "?");
	case AUTOCI_EV_FINISH:
		return snprintf(buf, len, "%s finished: %s", when, ev->detail);
	}
	return snprintf(buf, len, "%s unknown event %d", when, (int)ev->kind);
}

static void outcome_sentence(const struct autoci_run *run, char *buf,
			     size_t len)
{
	char status[96];

	switch (run->outcome) {
	case AUTOCI_OUTCOME_SUCCESS:
		snprintf(buf, len, "success (the program exited 0)");
		return;
	case AUTOCI_OUTCOME_GAVE_UP:
		if (run->last_exit_status >= 0)
			describe_status(run->last_exit_status, status,
					sizeof(status));
		else
			snprintf(status, sizeof(status), "failed");
		snprintf(buf, len,
			 "gave up (the program %s and no checkpoint was left)",
			 status);
		return;
	case AUTOCI_OUTCOME_TIMEOUT:
		snprintf(buf, len, "timeout (the program was stopped)");
		return;
	case AUTOCI_OUTCOME_INTERRUPTED:
		snprintf(buf, len, "interrupted (the program was stopped)");
		return;
	case AUTOCI_OUTCOME_ERROR:
		snprintf(buf, len, "error (autoci could not go on)");
		return;
	case AUTOCI_OUTCOME_RUNNING:
		break;
	}
	snprintf(buf, len, "%s", autoci_outcome_name(run->outcome));
}

static int64_t mean_checkpoint_ns(const struct autoci_run *run)
{
	if (!run->nr_checkpoints)
		return 0;
	/* Failed attempts cost time too, but C is the cost of one that works. */
	return run->checkpoint_ns /
	       (int64_t)(run->nr_checkpoints + run->nr_checkpoint_failures);
}

static int64_t young_ns(const struct autoci_config *cfg,
			const struct autoci_run *run)
{
	if (!cfg->inject || !cfg->checkpoint)
		return -1;
	return autoci_young_interval_ns(mean_checkpoint_ns(run),
					cfg->mean_fault_ns);
}

static const char *plural(unsigned int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int autoci_report_text(FILE *out, const struct autoci_config *cfg,
		       const struct autoci_run *run)
{
	int64_t total = run->total_ns;
	int64_t young = young_ns(cfg, run);
	char outcome[192];

	outcome_sentence(run, outcome, sizeof(outcome));
	fprintf(out, "Total execution time: %s\n", dur(total).s);
	fprintf(out, "Time spent running the process: %s\n",
		dur(autoci_run_running_ns(run)).s);
	fprintf(out, "Time spent checkpointing (%u %s): %s (%.2f%% of total execution)\n",
		run->nr_checkpoints,
		plural(run->nr_checkpoints, "checkpoint", "checkpoints"),
		dur(run->checkpoint_ns).s,
		autoci_share_percent(run->checkpoint_ns, total));
	fprintf(out, "Time spent injecting faults (%u %s): %s (%.2f%% of total execution)\n",
		run->nr_faults, plural(run->nr_faults, "fault", "faults"),
		dur(run->inject_ns).s,
		autoci_share_percent(run->inject_ns, total));
	fprintf(out, "Time spent restoring (%u %s): %s (%.2f%% of total execution)\n",
		run->nr_restores,
		plural(run->nr_restores, "restore", "restores"),
		dur(run->restore_ns).s,
		autoci_share_percent(run->restore_ns, total));
	fprintf(out, "Checkpoints discarded: %u\n", run->nr_discarded);
	fprintf(out, "Failures: %u checkpoints, %u restores, %u injections\n",
		run->nr_checkpoint_failures, run->nr_restore_failures,
		run->nr_fault_failures);
	fprintf(out, "Work lost to rollbacks: %s\n", dur(run->lost_ns).s);
	if (young >= 0)
		fprintf(out,
			"Suggested checkpoint interval (Young, sqrt(2*C*M)): %s (C = %s per checkpoint, M = %s between faults)\n",
			dur(young).s, dur(mean_checkpoint_ns(run)).s,
			dur(cfg->mean_fault_ns).s);
	else
		fprintf(out,
			"Suggested checkpoint interval (Young, sqrt(2*C*M)): n/a (needs -kfi, -blcr and a checkpoint)\n");
	fprintf(out, "Seed: %" PRIu64 "\n", run->seed);
	fprintf(out, "Outcome: %s\n", outcome);
	return ferror(out) ? -1 : 0;
}

/* json-c helpers that keep going on ENOMEM; the caller checks at the end. */
static void put(struct json_object *obj, const char *key,
		struct json_object *val)
{
	json_object_object_add(obj, key, val);
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *jns(int64_t ns)
{
	return json_object_new_int64(ns);
}

static struct json_object *config_json(const struct autoci_config *cfg)
{
	struct json_object *c = json_object_new_object();
	struct json_object *argv = json_object_new_array();

	if (!c || !argv) {
		json_object_put(c);
		json_object_put(argv);
		return NULL;
	}
	put(c, "inject", json_object_new_boolean(cfg->inject));
	put(c, "mean_fault_interval_ns", jns(cfg->mean_fault_ns));
	put(c, "checkpoint", json_object_new_boolean(cfg->checkpoint));
	put(c, "checkpoint_interval_ns", jns(cfg->checkpoint_interval_ns));
	put(c, "keep", json_object_new_int64(cfg->keep));
	put(c, "retries", json_object_new_int64(cfg->retries));
	put(c, "timeout_ns", cfg->timeout_ns ? jns(cfg->timeout_ns) : NULL);
	put(c, "checkpointer",
	    jstr(cfg->checkpointer == AUTOCI_CKPT_BLCR ? "blcr" : "criu"));
	put(c, "seed_given", json_object_new_boolean(cfg->seed_given));
	put(c, "reg", jstr(cfg->reg ? cfg->reg : "random"));
	put(c, "pool", jstr(kfi_pool_name(cfg->pool)));
	put(c, "model", jstr(kfi_model_name(cfg->model)));
	put(c, "method", jstr(kfi_method_name(cfg->method)));
	put(c, "backend", jstr(kfi_backend_name(cfg->backend)));
	put(c, "thread", jstr(cfg->thread_random ? "random" : "default"));
	for (int i = 0; i < cfg->argc; i++)
		json_object_array_add(argv, jstr(cfg->argv[i]));
	put(c, "program", argv);
	return c;
}

static struct json_object *status_json(int status)
{
	struct json_object *s = json_object_new_object();

	if (!s)
		return NULL;
	put(s, "wait_status", json_object_new_int(status));
	if (WIFEXITED(status)) {
		put(s, "exit_code", json_object_new_int(WEXITSTATUS(status)));
	} else if (WIFSIGNALED(status)) {
		put(s, "signal", json_object_new_int(WTERMSIG(status)));
		put(s, "core_dumped",
		    json_object_new_boolean(WCOREDUMP(status)));
	}
	return s;
}

static struct json_object *event_json(const struct autoci_event *ev)
{
	struct json_object *e = json_object_new_object();
	char line[512];
	char *rec;

	if (!e)
		return NULL;
	put(e, "kind", jstr(autoci_event_name(ev->kind)));
	put(e, "time_ns", jns(ev->t_ns));
	switch (ev->kind) {
	case AUTOCI_EV_START:
		put(e, "pid", json_object_new_int(ev->pid));
		break;
	case AUTOCI_EV_FAULT:
	case AUTOCI_EV_FAULT_FAILED:
		put(e, "duration_ns", jns(ev->duration_ns));
		if (ev->kind == AUTOCI_EV_FAULT_FAILED) {
			put(e, "errno", json_object_new_int(ev->err));
			put(e, "error", jstr(ev->detail));
		}
		if (ev->rec.size) {
			rec = kfi_record_json(&ev->rec, NULL);
			put(e, "record",
			    rec ? json_tokener_parse(rec) : NULL);
			free(rec);
		}
		break;
	case AUTOCI_EV_CHECKPOINT:
	case AUTOCI_EV_CHECKPOINT_FAILED:
	case AUTOCI_EV_RESTORE:
	case AUTOCI_EV_RESTORE_FAILED:
		put(e, "id", json_object_new_int64(ev->id));
		put(e, "duration_ns", jns(ev->duration_ns));
		if (ev->kind == AUTOCI_EV_RESTORE ||
		    ev->kind == AUTOCI_EV_RESTORE_FAILED)
			put(e, "attempt", json_object_new_int64(ev->attempt));
		if (ev->kind == AUTOCI_EV_RESTORE) {
			put(e, "pid", json_object_new_int(ev->pid));
			put(e, "lost_ns", jns(ev->lost_ns));
		}
		if (ev->kind == AUTOCI_EV_CHECKPOINT_FAILED ||
		    ev->kind == AUTOCI_EV_RESTORE_FAILED) {
			put(e, "errno", json_object_new_int(ev->err));
			put(e, "error", jstr(ev->detail));
		}
		break;
	case AUTOCI_EV_ROTATED:
	case AUTOCI_EV_DISCARDED:
		put(e, "id", json_object_new_int64(ev->id));
		break;
	case AUTOCI_EV_EXIT:
		put(e, "pid", json_object_new_int(ev->pid));
		put(e, "status", status_json(ev->status));
		break;
	case AUTOCI_EV_SIGNAL:
		put(e, "signal", json_object_new_int(ev->status));
		break;
	case AUTOCI_EV_TIMEOUT:
		break;
	case AUTOCI_EV_FINISH:
		put(e, "outcome", jstr(ev->detail));
		break;
	}
	autoci_event_line(ev, line, sizeof(line));
	put(e, "message", jstr(line));
	return e;
}

static struct json_object *percent(int64_t part, int64_t total)
{
	return json_object_new_double(autoci_share_percent(part, total));
}

char *autoci_report_json(const struct autoci_config *cfg,
			 const struct autoci_run *run)
{
	struct json_object *doc = json_object_new_object();
	struct json_object *events = json_object_new_array();
	struct json_object *timings = json_object_new_object();
	struct json_object *counts = json_object_new_object();
	int64_t young = young_ns(cfg, run);
	char outcome[192];
	char *text = NULL;

	if (!doc || !events || !timings || !counts)
		goto out;

	put(doc, "autoci_version", jstr(VERSION));
	put(doc, "seed", json_object_new_uint64(run->seed));
	put(doc, "backend", jstr(run->backend));
	put(doc, "checkpointer", jstr(run->checkpointer));
	put(doc, "config", config_json(cfg));

	for (size_t i = 0; i < run->nr_events; i++)
		json_object_array_add(events, event_json(&run->events[i]));
	put(doc, "events", events);
	events = NULL;

	put(timings, "total_ns", jns(run->total_ns));
	put(timings, "running_ns", jns(autoci_run_running_ns(run)));
	put(timings, "checkpoint_ns", jns(run->checkpoint_ns));
	put(timings, "checkpoint_percent",
	    percent(run->checkpoint_ns, run->total_ns));
	put(timings, "inject_ns", jns(run->inject_ns));
	put(timings, "inject_percent", percent(run->inject_ns, run->total_ns));
	put(timings, "restore_ns", jns(run->restore_ns));
	put(timings, "restore_percent",
	    percent(run->restore_ns, run->total_ns));
	put(timings, "lost_ns", jns(run->lost_ns));
	put(timings, "mean_checkpoint_ns", jns(mean_checkpoint_ns(run)));
	put(timings, "young_interval_ns", young >= 0 ? jns(young) : NULL);
	put(doc, "timings", timings);
	timings = NULL;

	put(counts, "checkpoints", json_object_new_int64(run->nr_checkpoints));
	put(counts, "checkpoint_failures",
	    json_object_new_int64(run->nr_checkpoint_failures));
	put(counts, "faults", json_object_new_int64(run->nr_faults));
	put(counts, "fault_failures",
	    json_object_new_int64(run->nr_fault_failures));
	put(counts, "restores", json_object_new_int64(run->nr_restores));
	put(counts, "restore_failures",
	    json_object_new_int64(run->nr_restore_failures));
	put(counts, "discarded", json_object_new_int64(run->nr_discarded));
	put(counts, "rotated", json_object_new_int64(run->nr_rotated));
	put(counts, "exits", json_object_new_int64(run->nr_exits));
	put(doc, "counts", counts);
	counts = NULL;

	outcome_sentence(run, outcome, sizeof(outcome));
	put(doc, "outcome", jstr(autoci_outcome_name(run->outcome)));
	put(doc, "outcome_message", jstr(outcome));
	put(doc, "last_exit",
	    run->last_exit_status >= 0 ? status_json(run->last_exit_status) :
					 NULL);

	text = strdup(json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(doc);
	json_object_put(events);
	json_object_put(timings);
	json_object_put(counts);
	if (!text)
		errno = ENOMEM;
	return text;
}

int autoci_report_json_file(const char *path, const struct autoci_config *cfg,
			    const struct autoci_run *run)
{
	char *text = autoci_report_json(cfg, run);
	FILE *f;
	int ret = 0;

	if (!text)
		return -1;
	f = fopen(path, "w");
	if (!f) {
		free(text);
		return -1;
	}
	if (fputs(text, f) == EOF || fputc('\n', f) == EOF)
		ret = -1;
	if (fclose(f) == EOF)
		ret = -1;
	free(text);
	return ret;
}
