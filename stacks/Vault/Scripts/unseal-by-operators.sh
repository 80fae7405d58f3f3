#!/usr/bin/env bash
# vault-unseal where the shares are encrypted for the operators' PGP keys (production; stacks/Vault/VaultScripts.cs
# composes it after seal-status.sh): unsealing is the operators' (README, Vault), and this step says so. The header
# sets how many of them it takes. The step ends here, failing, either way; `&& exit 1` rather than a plain `exit 1`
# only because shellcheck takes an unconditional last exit to make the client's functions this step does not call
# unreachable code (SC2317) in the script as it runs:
declare threshold

echo "Vault is sealed, and its shares are encrypted for the operators: $threshold of them unseal it (README, Vault: production), then run pulumi up again." >&2 && exit 1
