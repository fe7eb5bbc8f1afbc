"""Every `cvlab` command over the bad-input corpus, as subprocesses under a memory bound and
a hang guard: a clean one-line error or a correct run, never a traceback, a hang, a changed
input or code run from a pickle. `python -m tests.badinput.table` prints the same as a table."""

import pytest

from tests.badinput.corpus import all_cases
from tests.badinput.harness import judge, run_case

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case, tmp_path):
    run = run_case(case, tmp_path)
    verdict, why = judge(case, run)
    expected = "correct run" if case.expect == "ok" else "clean error"
    assert verdict == expected, f"{verdict}: {why}"
