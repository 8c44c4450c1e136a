# autoci-check-json.py REPORT.json [KEY OP VALUE]...
#
# Checks an autoci --json report: it parses, every count equals the number
# of events of its kind, the timings add up, and each "KEY OP VALUE"
# (KEY: outcome or a counts.* name; OP: == != >= <=) holds.  Prints one
# "FAIL: ..." line per problem and exits 1 if there was any.
import json
import sys

KIND_OF_COUNT = {
    "checkpoints": "checkpoint",
    "checkpoint_failures": "checkpoint_failed",
    "faults": "fault",
    "fault_failures": "fault_failed",
    "restores": "restore",
    "restore_failures": "restore_failed",
    "discarded": "checkpoint_discarded",
    "rotated": "checkpoint_rotated",
    "exits": "exit",
}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


with open(sys.argv[1]) as f:
    doc = json.load(f)

events = doc["events"]
counts = doc["counts"]
for name, kind in KIND_OF_COUNT.items():
    n = sum(1 for e in events if e["kind"] == kind)
    check(counts[name] == n, f"counts.{name} = {counts[name]}, but {n} '{kind}' events")

t = doc["timings"]
for key, kinds in (("checkpoint_ns", ("checkpoint", "checkpoint_failed")),
                   ("restore_ns", ("restore", "restore_failed")),
                   ("inject_ns", ("fault", "fault_failed"))):
    total = sum(e["duration_ns"] for e in events if e["kind"] in kinds)
    check(t[key] == total, f"timings.{key} = {t[key]}, events sum to {total}")
lost = sum(e.get("lost_ns", 0) for e in events)
check(t["lost_ns"] == lost, f"timings.lost_ns = {t['lost_ns']}, events sum to {lost}")
check(t["running_ns"] == max(0, t["total_ns"] - t["checkpoint_ns"] - t["restore_ns"] - t["inject_ns"]),
      "running_ns is not total minus the rest")
if t["total_ns"] > 0:
    want = 100.0 * t["checkpoint_ns"] / t["total_ns"]
    check(abs(t["checkpoint_percent"] - want) < 1e-6, "checkpoint_percent is not a percentage of total")
check(events and events[-1]["kind"] == "finish", "the last event is not 'finish'")
check(events and events[-1]["outcome"] == doc["outcome"], "the finish event disagrees with the outcome")
times = [e["time_ns"] for e in events]
check(times == sorted(times), "event times go backwards")
# Every fault has the full injection record.
for e in events:
    if e["kind"] == "fault":
        for field in ("reg_name", "mask", "old_value", "new_value", "ip", "tid"):
            check(field in e.get("record", {}), f"fault event without record.{field}")
# Checkpoints are only restored after they were taken and before deleted.
alive = set()
for e in events:
    if e["kind"] == "checkpoint":
        alive.add(e["id"])
    elif e["kind"] in ("checkpoint_rotated", "checkpoint_discarded"):
        check(e["id"] in alive, f"checkpoint {e['id']} deleted but not held")
        alive.discard(e["id"])
    elif e["kind"] in ("restore", "restore_failed"):
        check(e["id"] in alive, f"checkpoint {e['id']} restored but not held")

ops = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b,
       ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b}
args = sys.argv[2:]
for i in range(0, len(args) - 2, 3):
    key, op, value = args[i:i + 3]
    got = doc["outcome"] if key == "outcome" else counts[key]
    want = value if key == "outcome" else int(value)
    check(ops[op](got, want), f"{key} {op} {value}: got {got}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
