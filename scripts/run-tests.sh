#!/usr/bin/env bash
# `make test`: the pytest suite and the container stack test (scripts/stack-test.sh) side by side. The stack test
# spends most of its time waiting (for a killed worker's heartbeats to lapse, for containers), so on two cores
# both end in about the suite's own time instead of one after the other. Both must pass; the stack test's log is
# printed after the suite. AQEA_STACK_TEST=0 leaves the stack test out (a quick local run); pytest arguments pass
# through (`make test PYTEST_ARGS="-x tests/test_cli.py"`).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"

stack_pid=""
if [ "${AQEA_STACK_TEST:-1}" != "0" ]; then
    stack_log="$(mktemp -t aqea-stack-test.XXXXXX)"
    bash scripts/stack-test.sh >"$stack_log" 2>&1 &
    stack_pid=$!
    # an interrupt stops the stack test too (its own EXIT trap takes the stack down)
    trap 'kill -TERM "$stack_pid" 2>/dev/null; wait "$stack_pid"; exit 130' INT TERM
fi

"$BIN/pytest" "$@"
tests=$?

stack=0
if [ -n "$stack_pid" ]; then
    wait "$stack_pid"
    stack=$?
    echo "---------------- container stack test (scripts/stack-test.sh, run beside the suite) ----------------"
    cat "$stack_log"
    rm -f "$stack_log"
fi
[ $tests -eq 0 ] || echo "make test: the pytest suite FAILED (exit $tests)" >&2
[ $stack -eq 0 ] || echo "make test: the container stack test FAILED (exit $stack)" >&2
[ $tests -eq 0 ] && [ $stack -eq 0 ]
