#!/usr/bin/env bash
# The Hetzner bucket's PutBucketCors (stacks/Storage/HetznerS3Scripts.cs composes it after s3.sh): replaces the whole
# rule set, so it is idempotent. The header sets the rule as S3's XML (HetznerS3Scripts.CorsXml):
declare bucket cors_xml response

rules=$(mktemp)
trap 'rm -f "$response" "$rules"' EXIT
printf '%s\n' "$cors_xml" > "$rules"
# PutBucketCors requires the body's Content-MD5 (S3 API reference). "?cors=", not "?cors": curl 7.88
# signs the query as written, and SigV4's canonical query of a bare "cors" is "cors=" (the loopback
# S3 of the tests refuses the signature of "?cors", as S3 does).
md5=$(openssl dgst -md5 -binary "$rules" | base64)
code=$(s3 PUT "?cors=" "$rules" --header "Content-MD5: $md5" --header "Content-Type: application/xml")
if [ "$code" != 200 ]; then
  echo "setting the CORS rule of $bucket failed with HTTP $code:" >&2
  cat "$response" >&2
  exit 1
fi
echo "CORS rule of $bucket set"
