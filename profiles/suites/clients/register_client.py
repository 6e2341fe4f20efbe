#!/usr/bin/env python3
"""An external workload for Faultline's `external` driver, in plain Python (no packages).

Clients read, write and compare-and-set one register in a Redis-protocol store (the embedded
store, or Redis with a CAS command), and record each invocation and completion themselves:

  --record http   POST each event as JSON to $FAULTLINE_RECORD_URL
  --record file   append each event as a JSON line to $FAULTLINE_HISTORY

An event is {"process": N, "type": "invoke"|"ok"|"fail"|"info", "f": ..., "value": ...}.
Invocations are recorded before the request is sent and completions after the answer, so the
order the harness sees is a real-time order. A client whose operation times out records `info`
and goes on as a new process, as Jepsen's clients do. A missing key reads as 0, the register's
initial value.

Usage: register_client.py HOST:PORT --record http|file [--clients N]
"""
import argparse
import json
import os
import random
import socket
import threading
import time
import urllib.request


class Recorder:
    """Sends events to the harness, one at a time, in the order they happen."""

    def __init__(self, mode):
        self.mode = mode
        self.lock = threading.Lock()
        self.url = os.environ["FAULTLINE_RECORD_URL"] if mode == "http" else None
        self.path = os.environ["FAULTLINE_HISTORY"] if mode == "file" else None

    def record(self, process, type_, f, value):
        line = json.dumps({"process": process, "type": type_, "f": f, "value": value})
        with self.lock:
            if self.mode == "http":
                request = urllib.request.Request(self.url, data=line.encode(), method="POST",
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=10) as answer:
                    answer.read()
            else:
                with open(self.path, "a") as history:
                    history.write(line + "\n")


class Store:
    """A connection speaking just enough of the Redis protocol."""

    def __init__(self, host, port, timeout):
        self.socket = socket.create_connection((host, port), timeout=timeout)
        self.reader = self.socket.makefile("rb")

    def call(self, *words):
        request = f"*{len(words)}\r\n" + "".join(f"${len(str(w).encode())}\r\n{w}\r\n" for w in words)
        self.socket.sendall(request.encode())
        line = self.reader.readline()
        if not line:
            raise ConnectionError("the connection closed")
        kind, rest = line[:1], line[1:].strip()
        if kind == b"$":
            return None if int(rest) < 0 else self.reader.read(int(rest) + 2)[:-2].decode()
        if kind == b":":
            return int(rest)
        if kind == b"-":
            raise RuntimeError(rest.decode())
        return rest.decode()

    def close(self):
        self.socket.close()


def client(number, clients, address, recorder, deadline, seed):
    host, port = address.rsplit(":", 1)
    random.seed(seed * 1000 + number)
    process, store = number, None
    while time.monotonic() < deadline:
        f = random.choice(["read", "read", "write", "cas"])
        value = None if f == "read" else random.randrange(5) if f == "write" else [random.randrange(5), random.randrange(5)]
        recorder.record(process, "invoke", f, value)
        try:
            store = store or Store(host, int(port), timeout=0.5)
        except OSError:
            recorder.record(process, "fail", f, value)  # never sent
            time.sleep(0.05)
            continue
        try:
            if f == "read":
                answer = store.call("GET", "register")
                recorder.record(process, "ok", f, 0 if answer is None else int(answer))
            elif f == "write":
                store.call("SET", "register", value)
                recorder.record(process, "ok", f, value)
            else:
                swapped = store.call("CAS", "register", value[0], value[1]) == 1
                recorder.record(process, "ok" if swapped else "fail", f, value)
        except (OSError, ConnectionError):
            recorder.record(process, "info", f, value)
            store.close()
            store, process = None, process + clients
        time.sleep(0.01)
    if store:
        store.close()


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("address")
    arguments.add_argument("--record", choices=["http", "file"], required=True)
    arguments.add_argument("--clients", type=int, default=3)
    options = arguments.parse_args()
    recorder = Recorder(options.record)
    deadline = time.monotonic() + float(os.environ.get("FAULTLINE_DURATION", "5"))
    seed = int(os.environ.get("FAULTLINE_SEED", "1")) % 1_000_000
    threads = [threading.Thread(target=client, args=(n, options.clients, options.address, recorder, deadline, seed))
               for n in range(options.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
