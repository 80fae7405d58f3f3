#!/usr/bin/env bash
# The input reader: the first part of every script that takes inputs (stacks/Plan/ScriptInputs.cs composes it, after
# a header naming them, input_names=('NAME' ...); the protocol and why it is so are described there).
declare -a input_names

# Inputs arrive on standard input as NAME=<base64> lines (stacks/Plan/ScriptInputs.cs). They become shell
# variables that no child process inherits: never exported, and an export from the environment is dropped.
export -n "${input_names[@]}"
while IFS= read -r input_line || [ -n "$input_line" ]; do
  input_name=${input_line%%=*}
  for input_wanted in "${input_names[@]}"; do
    [ "$input_name" = "$input_wanted" ] || continue
    # The trailing x keeps the value's own trailing newlines from $(...); it is removed below.
    input_value=$(printf '%s' "${input_line#*=}" | base64 -d && printf x) \
      || { echo "input $input_name is not valid base64" >&2; exit 1; }
    printf -v "$input_name" '%s' "${input_value%x}"
  done
done
unset input_line input_name input_wanted input_value
