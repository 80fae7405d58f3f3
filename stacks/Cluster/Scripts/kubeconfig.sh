#!/usr/bin/env bash
# k3s-kubeconfig (stacks/Cluster/K3sScripts.cs composes it, after public-ip.sh): prints the kubeconfig with the API
# address the deploy runner reaches; its stdout is a Pulumi secret. The client certificate in it lives 365 days: when
# it expires within the renewal window, k3s is restarted first, which renews it. Nothing is printed before the last
# step that can fail: the provider puts a failed command's output into its error message. The header sets:
declare kubeconfig renewal_days api_port public_ip

renewal=$((renewal_days * 24 * 3600))
client_certificate_valid() {
  sed -n 's/^ *client-certificate-data: *//p' "$kubeconfig" | base64 -d | openssl x509 -noout -checkend "$renewal" >/dev/null 2>&1
}
if ! client_certificate_valid; then
  echo "the kubeconfig's client certificate expires within $renewal_days days: restarting k3s to renew it" >&2
  systemctl restart k3s
  for _ in $(seq 60); do client_certificate_valid && break; sleep 1; done
  client_certificate_valid || { echo "k3s did not renew the client certificate in $kubeconfig" >&2; exit 1; }
fi
sed -e "s#https://127.0.0.1:$api_port#https://$public_ip:$api_port#" "$kubeconfig"
