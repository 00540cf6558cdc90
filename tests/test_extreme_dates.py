"""The first and last days a date can name, and the sentinel date of the answer templates.

9999-12-31 once fell outside every open-ended period (a period's exclusive end was that
very day), so no standing covered it: the rules gave rome-statute no verdict, and with
shared findings durable_rules' C engine then corrupted its heap (`double free or
corruption`, exit 134) instead of raising. The answers are computed in a child process,
so that such a crash fails this test instead of ending the test run.
"""

import json
import subprocess
import sys
import textwrap

import whatapplies
from whatapplies.knowledge import default_knowledge

from .conftest import NO_DATA_STATE

DATES = ["0001-01-01", "0001-01-02", "1000-12-31", "1001-01-01", "1001-01-02", "9999-12-30", "9999-12-31"]

CHILD = textwrap.dedent("""
    import json, sys
    import whatapplies
    from whatapplies.batch import AnswerCache, answer_json_many

    rows = json.loads(sys.stdin.read())
    batched = list(answer_json_many(rows, cache=AnswerCache(), processes=1))
    for row, batch in zip(rows, batched):
        whole = whatapplies.ask(row, cache=False).model_dump_json()
        if not whole == whatapplies.ask(row).model_dump_json() == batch:
            print("answers differ:", row)
            sys.exit(1)
    print(json.dumps([next(f["verdict"] for f in json.loads(text)["regimes"] if f["id"] == "rome-statute")
                      for text in batched]))
""")


def _rows():
    states = [*sorted(default_knowledge().states), NO_DATA_STATE]
    rows = []
    for index, state in enumerate(states):
        weapon = {"weapon": "white-phosphorus", "use": "incendiary"} if index % 2 else {}
        opponent = states[(index + 7) % len(states)]
        rows += [{"date": day, "territory": state, "actor": state, "opponents": [opponent], **weapon} for day in DATES]
    rows += [{"date": day, "territory": "COL", "actor": "group:FARC", "nationality": "COL", "opponents": ["COL"]}
             for day in DATES]
    return rows


def test_every_state_on_the_extreme_dates_gets_one_answer_by_every_path():
    rows = _rows()
    done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(rows), capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    rome = dict(zip([(row["territory"], row["date"]) for row in rows], json.loads(done.stdout)))
    assert rome[("AZE", "9999-12-31")] == "unknown"  # as_of 2023: not known ever after
    assert rome[("UKR", "9999-12-31")] == "applies"  # a party since 2025, no withdrawal on record
    assert rome[("UKR", "0001-01-01")] == "does_not_apply"


def test_open_ended_periods_cover_the_last_day():
    answer = whatapplies.ask({"date": "9999-12-31", "territory": "NLD", "actor": "NLD", "opponents": ["RUS"]},
                             cache=False)
    assert answer.regime("geneva-conventions").verdict == "applies"
    assert answer.regime("rome-statute").verdict == "applies"
