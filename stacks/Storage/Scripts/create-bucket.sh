#!/usr/bin/env bash
# The Hetzner bucket's CreateBucket (stacks/Storage/HetznerS3Scripts.cs composes it after s3.sh): idempotent, since a
# bucket this account already owns answers 409 BucketAlreadyOwnedByYou (or 200), which is adoption.
declare bucket endpoint response

code=$(s3 PUT "" /dev/null)
case "$code" in
  # S3 in us-east-1 (and RGW, which follows it) may also answer 200 for a bucket the account already owns.
  200) echo "bucket $bucket is in place: created, or already this account's" ;;
  409)
    if grep -q '<Code>BucketAlreadyOwnedByYou</Code>' "$response"; then
      echo "bucket $bucket exists and belongs to this account: adopted"
    else
      echo "the bucket name $bucket is taken by another account: choose another name in platform:storage.hetznerBuckets" >&2
      cat "$response" >&2
      exit 1
    fi ;;
  *)
    echo "creating bucket $bucket at $endpoint failed with HTTP $code:" >&2
    cat "$response" >&2
    exit 1 ;;
esac
