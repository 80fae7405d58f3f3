#!/usr/bin/env bash
# What .ci/test.sh reads in a `dotnet test --logger "console;verbosity=normal"` log, and how it prints a time.
# Sourced; each function reads the log file it is given. Tested (tests/Delivery.Tests/TestReport.cs) on logs
# of the shape the console logger writes.

# took SECONDS: "1m05s", "42s".
took() { local s=$(($1)); if [ "$s" -ge 60 ]; then printf '%dm%02ds\n' $((s / 60)) $((s % 60)); else printf '%ds\n' "$s"; fi; }

# count Passed|Failed|Skipped LOG: the number in the logger's summary ("    Passed: 658"), empty when absent.
count() { sed -nE "s/^ +$1: +([0-9]+)\$/\\1/p" "$2" | tail -n 1; }

# failures LOG: every failed test as the logger prints it: its name, its whole message (every line), and the
# first stack frame in a source file (where the assertion is), never the framework's frames.
failures() {
  awk '/^  Failed / { show = 1; frame = 0; print; next }
       show && /^  Stack Trace:/ { frame = 1; next }
       show && frame && / in .*:line [0-9]+$/ { sub(/^ +/, "    "); print; show = 0; next }
       show && /^  (Passed|Skipped) |^  Standard (Output|Error) Messages:/ { show = 0; next }
       show && !frame { print }' "$1"
}

# skips LOG: "Test.Name: the reason" for each skipped test (xunit prints the reason on the line after it).
skips() {
  awk '/\[SKIP\]$/ { sub(/^\[xUnit[^]]*\] +/, ""); sub(/ \[SKIP\]$/, ""); test = $0; next }
       test != "" { sub(/^\[xUnit[^]]*\] +/, ""); print test ": " $0; test = "" }' "$1"
}
