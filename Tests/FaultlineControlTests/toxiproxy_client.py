#!/usr/bin/env python3
"""A Toxiproxy client written the way the public clients are: plain HTTP and JSON, POST for
updates, reading /version first. Drives a server at 127.0.0.1:API_PORT through a whole session
against an echo server at 127.0.0.1:UPSTREAM_PORT, its proxy listening on 127.0.0.1:LISTEN_PORT;
exits 0 when every answer is as Toxiproxy's."""
import json
import socket
import sys
import urllib.error
import urllib.request

API = "http://127.0.0.1:%s" % sys.argv[1]
UPSTREAM = "127.0.0.1:%s" % sys.argv[2]
LISTEN = "127.0.0.1:%s" % sys.argv[3]


def call(method, path, body=None, expect=200):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(API + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    assert status == expect, "%s %s: %s %s" % (method, path, status, text)
    return json.loads(text) if text else None


def echo_through(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(payload)
        received = b""
        while len(received) < len(payload):
            received += connection.recv(65536)
        return received


version = call("GET", "/version")
assert isinstance(version["version"], str)

proxy = call("POST", "/proxies", {"name": "shopify_test_redis_master", "listen": LISTEN,
                                  "upstream": UPSTREAM, "enabled": True}, expect=201)
port = int(proxy["listen"].rsplit(":", 1)[1])
assert proxy["toxics"] == [] and proxy["enabled"] is True
assert echo_through(port, b"hello") == b"hello"

toxic = call("POST", "/proxies/shopify_test_redis_master/toxics",
             {"type": "latency", "stream": "downstream", "toxicity": 1.0, "attributes": {"latency": 20, "jitter": 0}})
assert toxic["name"] == "latency_downstream" and toxic["attributes"]["latency"] == 20
toxic = call("POST", "/proxies/shopify_test_redis_master/toxics/latency_downstream", {"attributes": {"latency": 30}})
assert toxic["attributes"]["latency"] == 30
assert [t["name"] for t in call("GET", "/proxies/shopify_test_redis_master/toxics")] == ["latency_downstream"]
assert echo_through(port, b"slowly") == b"slowly"

proxies = call("GET", "/proxies")
assert proxies["shopify_test_redis_master"]["toxics"][0]["type"] == "latency"

proxy = call("POST", "/proxies/shopify_test_redis_master", {"enabled": False})
assert proxy["enabled"] is False
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    raise AssertionError("a disabled proxy accepted a connection")
except ConnectionRefusedError:
    pass

call("POST", "/reset", expect=204)
proxy = call("GET", "/proxies/shopify_test_redis_master")
assert proxy["enabled"] is True and proxy["toxics"] == []
assert echo_through(port, b"again") == b"again"

call("DELETE", "/proxies/shopify_test_redis_master", expect=204)
error = call("GET", "/proxies/shopify_test_redis_master", expect=404)
assert error["status"] == 404 and "error" in error
print("ok")
