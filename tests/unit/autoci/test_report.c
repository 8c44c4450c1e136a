// SPDX-License-Identifier: GPL-2.0-only
/* The run log's counts, the report's text and percentages, Young, JSON. */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "report.h"
#include "run.h"

#define MS	1000000LL
#define SEC	1000000000LL

static struct autoci_config cfg;
static struct autoci_run run;

static void add(enum autoci_event_kind kind, int64_t t, int64_t duration,
		unsigned int id)
{
	struct autoci_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.t_ns = t;
	ev.duration_ns = duration;
	ev.id = id;
	cr_assert_eq(autoci_run_add(&run, &ev), 0);
}

static struct autoci_event fault_event(void)
{
	struct autoci_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = AUTOCI_EV_FAULT;
	ev.t_ns = 2500 * MS;
	ev.duration_ns = 1 * MS;
	ev.rec.size = sizeof(ev.rec);
	ev.rec.seq = 7;
	ev.rec.pid = 100;
	ev.rec.tid = 101;
	ev.rec.reg = 10;
	ev.rec.model = KFI_MODEL_FLIP;
	ev.rec.width = 64;
	ev.rec.mask = 1ULL << 63;
	ev.rec.old_value = 0x1;
	ev.rec.new_value = 0x8000000000000001ULL;
	ev.rec.ip = 0x401000;
	strcpy(ev.rec.reg_name, "ax");
	return ev;
}

/*
 * A run of 10 s: 2 checkpoints of 250 ms, 1 of 500 ms that failed, one
 * fault of 1 ms, a failure, a restore of 750 ms that lost 1.5 s, a
 * discarded checkpoint, and success.
 */
static void sample_run(void)
{
	struct autoci_event ev = fault_event();

	autoci_config_init(&cfg);
	cfg.inject = true;
	cfg.checkpoint = true;
	cfg.mean_fault_ns = 50 * SEC;
	autoci_run_init(&run);
	run.seed = 42;
	add(AUTOCI_EV_START, 0, 0, 0);
	add(AUTOCI_EV_CHECKPOINT, 1 * SEC, 250 * MS, 1);
	add(AUTOCI_EV_CHECKPOINT_FAILED, 2 * SEC, 500 * MS, 2);
	cr_assert_eq(autoci_run_add(&run, &ev), 0);
	add(AUTOCI_EV_CHECKPOINT, 3 * SEC, 250 * MS, 3);
	memset(&ev, 0, sizeof(ev));
	ev.kind = AUTOCI_EV_EXIT;
	ev.t_ns = 4 * SEC;
	ev.pid = 100;
	ev.status = SIGSEGV;
	cr_assert_eq(autoci_run_add(&run, &ev), 0);
	memset(&ev, 0, sizeof(ev));
	ev.kind = AUTOCI_EV_RESTORE;
	ev.t_ns = 4 * SEC;
	ev.duration_ns = 750 * MS;
	ev.id = 3;
	ev.attempt = 1;
	ev.pid = 100;
	ev.lost_ns = 1500 * MS;
	cr_assert_eq(autoci_run_add(&run, &ev), 0);
	add(AUTOCI_EV_DISCARDED, 5 * SEC, 0, 1);
	memset(&ev, 0, sizeof(ev));
	ev.kind = AUTOCI_EV_EXIT;
	ev.t_ns = 10 * SEC;
	ev.pid = 100;
	ev.status = 0;
	cr_assert_eq(autoci_run_add(&run, &ev), 0);
	add(AUTOCI_EV_FINISH, 10 * SEC, 0, 0);
	strcpy(run.events[run.nr_events - 1].detail, "success");
	run.outcome = AUTOCI_OUTCOME_SUCCESS;
	run.total_ns = 10 * SEC;
}

static char *report_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cr_assert_not_null(f);
	cr_assert_eq(autoci_report_text(f, &cfg, &run), 0);
	fclose(f);
	return text;
}

Test(report, counts_follow_the_events)
{
	sample_run();
	cr_assert_eq(run.nr_events, 10);
	cr_assert_eq(run.nr_checkpoints, 2);
	cr_assert_eq(run.nr_checkpoint_failures, 1);
	cr_assert_eq(run.nr_faults, 1);
	cr_assert_eq(run.nr_restores, 1);
	cr_assert_eq(run.nr_discarded, 1);
	cr_assert_eq(run.nr_exits, 2);
	cr_assert_eq(run.checkpoint_ns, 1000 * MS);
	cr_assert_eq(run.inject_ns, 1 * MS);
	cr_assert_eq(run.restore_ns, 750 * MS);
	cr_assert_eq(run.lost_ns, 1500 * MS);
	cr_assert_eq(run.last_exit_status, 0);
	cr_assert_eq(autoci_run_running_ns(&run), 10 * SEC - 1751 * MS);
	autoci_run_free(&run);
}

Test(report, shares_are_percentages)
{
	cr_assert_float_eq(autoci_share_percent(25, 100), 25.0, 1e-12);
	cr_assert_float_eq(autoci_share_percent(1, 3), 33.333333333333, 1e-9);
	cr_assert_float_eq(autoci_share_percent(5, 0), 0.0, 1e-12);
	cr_assert_float_eq(autoci_share_percent(0, 7), 0.0, 1e-12);
}

Test(report, young_interval)
{
	/* sqrt(2 * 2 s * 100 s) = 20 s, exactly. */
	cr_assert_eq(autoci_young_interval_ns(2 * SEC, 100 * SEC), 20 * SEC);
	/* sqrt(2 * 1 ms * 1 min) = sqrt(0.12) s = 346.410162 ms */
	cr_assert_eq(autoci_young_interval_ns(1 * MS, 60 * SEC), 346410162);
	cr_assert_eq(autoci_young_interval_ns(0, 60 * SEC), -1);
	cr_assert_eq(autoci_young_interval_ns(1 * MS, 0), -1);
}

Test(report, text)
{
	char *text;

	sample_run();
	text = report_text();
	/* C = 1 s / 3 attempts = 333333333 ns; sqrt(2 * C * 50 s) = 5773502689 ns */
	cr_assert_str_eq(text,
		"Total execution time: 10s\n"
		"Time spent running the process: 8.249s\n"
		"Time spent checkpointing (2 checkpoints): 1s (10.00% of total execution)\n"
		"Time spent injecting faults (1 fault): 1ms (0.01% of total execution)\n"
		"Time spent restoring (1 restore): 750ms (7.50% of total execution)\n"
		"Checkpoints discarded: 1\n"
		"Failures: 1 checkpoints, 0 restores, 0 injections\n"
		"Work lost to rollbacks: 1.5s\n"
		"Suggested checkpoint interval (Young, sqrt(2*C*M)): 5.773502689s (C = 333.333333ms per checkpoint, M = 50s between faults)\n"
		"Seed: 42\n"
		"Outcome: success (the program exited 0)\n");
	free(text);
	autoci_run_free(&run);
}

Test(report, text_without_checkpoints_or_time)
{
	char *text;

	autoci_config_init(&cfg);
	autoci_run_init(&run);
	run.seed = 18446744073709551615ULL;
	run.outcome = AUTOCI_OUTCOME_GAVE_UP;
	run.last_exit_status = 3 << 8;
	text = report_text();
	cr_assert_str_eq(text,
		"Total execution time: 0s\n"
		"Time spent running the process: 0s\n"
		"Time spent checkpointing (0 checkpoints): 0s (0.00% of total execution)\n"
		"Time spent injecting faults (0 faults): 0s (0.00% of total execution)\n"
		"Time spent restoring (0 restores): 0s (0.00% of total execution)\n"
		"Checkpoints discarded: 0\n"
		"Failures: 0 checkpoints, 0 restores, 0 injections\n"
		"Work lost to rollbacks: 0s\n"
		"Suggested checkpoint interval (Young, sqrt(2*C*M)): n/a (needs -kfi, -blcr and a checkpoint)\n"
		"Seed: 18446744073709551615\n"
		"Outcome: gave up (the program exited with status 3 and no checkpoint was left)\n");
	free(text);
}

Test(report, outcomes)
{
	static const struct {
		enum autoci_outcome outcome;
		int status;
		const char *line;
	} cases[] = {
		{ AUTOCI_OUTCOME_GAVE_UP, SIGKILL,
		  "Outcome: gave up (the program was killed by signal 9 (SIGKILL) and no checkpoint was left)\n" },
		{ AUTOCI_OUTCOME_TIMEOUT, 0, "Outcome: timeout (the program was stopped)\n" },
		{ AUTOCI_OUTCOME_INTERRUPTED, 0, "Outcome: interrupted (the program was stopped)\n" },
		{ AUTOCI_OUTCOME_ERROR, 0, "Outcome: error (autoci could not go on)\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text;

		autoci_config_init(&cfg);
		autoci_run_init(&run);
		run.outcome = cases[i].outcome;
		run.last_exit_status = cases[i].status;
		text = report_text();
		cr_assert_not_null(strstr(text, cases[i].line), "%s", text);
		free(text);
	}
}

static void expect_line(const struct autoci_event *ev, const char *want)
{
	char line[512];

	autoci_event_line(ev, line, sizeof(line));
	cr_assert_str_eq(line, want);
}

Test(report, event_lines)
{
	struct autoci_event ev = fault_event();

	expect_line(&ev, "autoci: +2.500s fault 7: pid 100 tid 101 register ax bit 63 (flip), 0x1 -> 0x8000000000000001, ip 0x401000, in 1ms");
	ev.rec.mask = 0x3;
	expect_line(&ev, "autoci: +2.500s fault 7: pid 100 tid 101 register ax mask 0x3 (flip), 0x1 -> 0x8000000000000001, ip 0x401000, in 1ms");

	memset(&ev, 0, sizeof(ev));
	ev.t_ns = 61 * SEC + 5 * MS;
	ev.kind = AUTOCI_EV_CHECKPOINT;
	ev.id = 3;
	ev.duration_ns = 20 * MS;
	expect_line(&ev, "autoci: +61.005s checkpoint 3 taken in 20ms");
	ev.kind = AUTOCI_EV_CHECKPOINT_FAILED;
	strcpy(ev.detail, "criu dump failed");
	expect_line(&ev, "autoci: +61.005s checkpoint 3 failed after 20ms: criu dump failed");
	ev.kind = AUTOCI_EV_ROTATED;
	expect_line(&ev, "autoci: +61.005s checkpoint 3 deleted (only the newest are kept)");
	ev.kind = AUTOCI_EV_DISCARDED;
	expect_line(&ev, "autoci: +61.005s checkpoint 3 discarded (its retries are used up)");
	ev.kind = AUTOCI_EV_RESTORE;
	ev.attempt = 2;
	ev.pid = 99;
	ev.lost_ns = 1500 * MS;
	expect_line(&ev, "autoci: +61.005s restored checkpoint 3 (attempt 2) in 20ms as pid 99; work lost 1.5s");
	ev.kind = AUTOCI_EV_RESTORE_FAILED;
	expect_line(&ev, "autoci: +61.005s restore of checkpoint 3 (attempt 2) failed after 20ms: criu dump failed");
	ev.kind = AUTOCI_EV_EXIT;
	ev.status = SIGSEGV | WCOREFLAG;
	expect_line(&ev, "autoci: +61.005s program (pid 99) was killed by signal 11 (SIGSEGV), core dumped");
	ev.status = 1 << 8;
	expect_line(&ev, "autoci: +61.005s program (pid 99) exited with status 1");
	ev.kind = AUTOCI_EV_START;
	expect_line(&ev, "autoci: +61.005s started the program as pid 99");
	ev.kind = AUTOCI_EV_SIGNAL;
	ev.status = SIGTERM;
	expect_line(&ev, "autoci: +61.005s got SIGTERM: stopping the program");
	ev.kind = AUTOCI_EV_TIMEOUT;
	expect_line(&ev, "autoci: +61.005s timed out: stopping the program");
	ev.kind = AUTOCI_EV_FAULT_FAILED;
	strcpy(ev.detail, "no such process");
	expect_line(&ev, "autoci: +61.005s injection failed: no such process");
	ev.kind = AUTOCI_EV_FINISH;
	strcpy(ev.detail, "timeout");
	expect_line(&ev, "autoci: +61.005s finished: timeout");
}

static struct json_object *get(struct json_object *obj, const char *path)
{
	char buf[128], *key, *save;
	struct json_object *cur = obj;

	snprintf(buf, sizeof(buf), "%s", path);
	for (key = strtok_r(buf, ".", &save); key; key = strtok_r(NULL, ".", &save))
		cr_assert(json_object_object_get_ex(cur, key, &cur), "no %s", path);
	return cur;
}

Test(report, json_document)
{
	char *prog[] = { "work", "300", NULL };
	struct json_object *doc, *events, *fault;
	char *text;

	sample_run();
	cfg.argc = 2;
	cfg.argv = prog;
	cfg.timeout_ns = 30 * SEC;
	run.backend = "ptrace";
	run.checkpointer = "criu";
	text = autoci_report_json(&cfg, &run);
	cr_assert_not_null(text);
	doc = json_tokener_parse(text);
	cr_assert_not_null(doc, "not JSON: %s", text);

	cr_assert_eq(json_object_get_uint64(get(doc, "seed")), 42);
	cr_assert_str_eq(json_object_get_string(get(doc, "outcome")), "success");
	cr_assert_str_eq(json_object_get_string(get(doc, "backend")), "ptrace");
	cr_assert_str_eq(json_object_get_string(get(doc, "checkpointer")), "criu");
	cr_assert(json_object_get_boolean(get(doc, "config.inject")));
	cr_assert_eq(json_object_get_int64(get(doc, "config.mean_fault_interval_ns")), 50 * SEC);
	cr_assert_eq(json_object_get_int64(get(doc, "config.timeout_ns")), 30 * SEC);
	cr_assert_eq(json_object_get_int64(get(doc, "config.keep")), 3);
	cr_assert_str_eq(json_object_get_string(get(doc, "config.model")), "flip");
	cr_assert_str_eq(json_object_get_string(
		json_object_array_get_idx(get(doc, "config.program"), 1)), "300");
	cr_assert_eq(json_object_get_int64(get(doc, "timings.total_ns")), 10 * SEC);
	cr_assert_eq(json_object_get_int64(get(doc, "timings.running_ns")), 8249 * MS);
	cr_assert_float_eq(json_object_get_double(get(doc, "timings.checkpoint_percent")), 10.0, 1e-9);
	cr_assert_float_eq(json_object_get_double(get(doc, "timings.restore_percent")), 7.5, 1e-9);
	cr_assert_eq(json_object_get_int64(get(doc, "timings.lost_ns")), 1500 * MS);
	cr_assert_eq(json_object_get_int64(get(doc, "timings.young_interval_ns")), 5773502689LL);
	cr_assert_eq(json_object_get_int64(get(doc, "counts.checkpoints")), 2);
	cr_assert_eq(json_object_get_int64(get(doc, "counts.checkpoint_failures")), 1);
	cr_assert_eq(json_object_get_int64(get(doc, "counts.discarded")), 1);
	cr_assert_eq(json_object_get_int64(get(doc, "counts.exits")), 2);
	cr_assert_eq(json_object_get_int(get(doc, "last_exit.exit_code")), 0);

	events = get(doc, "events");
	cr_assert_eq(json_object_array_length(events), run.nr_events);
	fault = json_object_array_get_idx(events, 3);
	cr_assert_str_eq(json_object_get_string(get(fault, "kind")), "fault");
	cr_assert_str_eq(json_object_get_string(get(fault, "record.reg_name")), "ax");
	cr_assert_eq(json_object_get_int(get(fault, "record.bit")), 63);
	cr_assert_eq(json_object_get_uint64(get(fault, "record.new_value")),
		     0x8000000000000001ULL);
	cr_assert_str_eq(json_object_get_string(get(
		json_object_array_get_idx(events, 6), "kind")), "restore");
	cr_assert_eq(json_object_get_int64(get(
		json_object_array_get_idx(events, 6), "lost_ns")), 1500 * MS);
	cr_assert_eq(json_object_get_int(get(
		json_object_array_get_idx(events, 5), "status.signal")), SIGSEGV);

	json_object_put(doc);
	free(text);
	autoci_run_free(&run);
}

Test(report, json_nulls_when_not_applicable)
{
	struct json_object *doc, *val;
	char *text;

	autoci_config_init(&cfg);
	autoci_run_init(&run);
	run.outcome = AUTOCI_OUTCOME_INTERRUPTED;
	text = autoci_report_json(&cfg, &run);
	doc = json_tokener_parse(text);
	cr_assert_not_null(doc);
	cr_assert(json_object_object_get_ex(doc, "last_exit", &val));
	cr_assert_null(val);
	cr_assert(json_object_object_get_ex(get(doc, "timings"), "young_interval_ns", &val));
	cr_assert_null(val);
	cr_assert(json_object_object_get_ex(get(doc, "config"), "timeout_ns", &val));
	cr_assert_null(val);
	cr_assert_eq(json_object_array_length(get(doc, "events")), 0);
	json_object_put(doc);
	free(text);
}

Test(report, json_file_errors)
{
	autoci_config_init(&cfg);
	autoci_run_init(&run);
	cr_assert_eq(autoci_report_json_file("/nonexistent-dir/r.json", &cfg, &run), -1);
	cr_assert_eq(autoci_report_json_file("/dev/full", &cfg, &run), -1);
}

Test(report, event_names)
{
	cr_assert_str_eq(autoci_event_name(AUTOCI_EV_DISCARDED), "checkpoint_discarded");
	cr_assert_str_eq(autoci_event_name(AUTOCI_EV_FINISH), "finish");
	cr_assert_str_eq(autoci_event_name((enum autoci_event_kind)99), "unknown");
}
