#!/usr/bin/env bash
# The first part of the Hetzner bucket steps, which the deploy runner runs (stacks/Storage/HetznerS3Scripts.cs composes
# it; why these steps are scripts and not the AWS provider is told there): one S3 request to the bucket, path-style,
# signed with AWS Signature V4 by curl (--aws-sigv4, curl >= 7.75). The keys arrive as the inputs HETZNER_S3_ACCESS_KEY
# and HETZNER_S3_SECRET_KEY (never exported to a child process) and reach curl in its config read from stdin: never on
# a command line (ps) nor in a child's environment. The header sets the endpoint, the bucket and its region:
declare endpoint bucket region

if ! curl --help all 2>/dev/null | grep -q -- '--aws-sigv4'; then
  echo "this step needs curl >= 7.75 (--aws-sigv4) on the deploy runner" >&2
  exit 1
fi
response=$(mktemp)
trap 'rm -f "$response"' EXIT

# s3 METHOD QUERY BODY-FILE [CURL-OPTION...]: one path-style request to the bucket, signed with SigV4.
# curl reads the keys from its config on stdin (quoted: backslash and double quote escaped).
s3() {
  local method=$1 query=$2 body=$3 sha key secret
  shift 3
  sha=$(sha256sum "$body")
  sha=${sha%% *}
  key=${HETZNER_S3_ACCESS_KEY//\\/\\\\}
  key=${key//\"/\\\"}
  secret=${HETZNER_S3_SECRET_KEY//\\/\\\\}
  secret=${secret//\"/\\\"}
  printf 'user = "%s:%s"\n' "$key" "$secret" | curl --silent --show-error --config - \
    --aws-sigv4 "aws:amz:$region:s3" --request "$method" --header "x-amz-content-sha256: $sha" "$@" \
    --data-binary "@$body" --output "$response" --write-out '%{http_code}' "$endpoint/$bucket$query"
}
