#!/usr/bin/env python3
"""Dashboard-style load on twag-admin's REST API: N threads each polling the heavy views for a
while; errors (the process being killed under it) are counted, never fatal. Prints a JSON summary."""
import argparse
import json
import ssl
import threading
import time
import urllib.error
import urllib.request

PATHS = ["status", "clients", "sessions?limit=200", "access-points", "diameter/peers", "usage"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    counts = {"ok": 0, "error": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def worker(index):
        i = index
        while time.monotonic() < deadline:
            path = PATHS[i % len(PATHS)]
            i += 1
            request = urllib.request.Request(f"{args.api}/{path}", headers={"Authorization": f"Bearer {args.token}"})
            try:
                with urllib.request.urlopen(request, context=context, timeout=5) as response:
                    response.read()
                    key = "ok" if response.status == 200 else "error"
            except (urllib.error.URLError, OSError, ConnectionError):
                key = "error"
                time.sleep(0.05)
            with lock:
                counts[key] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
