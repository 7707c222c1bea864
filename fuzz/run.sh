#!/bin/sh
# Run one harness for a total of SECONDS, restarting it after each crash (each
# crash is kept in fuzz/artifacts/). Usage: fuzz/run.sh loader|cli SECONDS
set -u
name=$1
total=$2
mkdir -p fuzz/artifacts "fuzz/corpus/$name"
end=$(( $(date +%s) + total ))
while [ "$(date +%s)" -lt "$end" ]; do
    left=$(( end - $(date +%s) ))
    python "fuzz/fuzz_$name.py" -max_total_time="$left" -timeout=30 \
        -rss_limit_mb=2048 -dict="fuzz/$name.dict" -print_final_stats=1 \
        -artifact_prefix=fuzz/artifacts/ "fuzz/corpus/$name"
done
