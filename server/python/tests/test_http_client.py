"""HttpClient against a real `accessgraph serve --http` (SPEC section 11): the same
answers as the FlatBuffers Client on the same server, errors as ServerError with the
HTTP status. Exits 77 (ctest: skipped) when the binary has no --http.

Environment: ACCESSGRAPH_CLI, ACCESSGRAPH_SOURCE_DIR; PYTHONPATH with accessgraph_client
and tests/support.
"""
import os
import subprocess
import sys
import time
import unittest

from accessgraph_client import Client, HttpClient, ServerError
from served_sample import ADMIN, READER, ServedSample

CLI = os.environ["ACCESSGRAPH_CLI"]


def has_http_endpoint():
    usage = subprocess.run([CLI, "serve", "--help"], capture_output=True, text=True).stdout
    return "--http-port-file" in usage


class HttpServedSample(ServedSample):
    def __init__(self):
        port_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), "accessgraph-http-port-%d" % os.getpid())
        if os.path.exists(port_file):
            os.remove(port_file)
        super().__init__(extra_args=["--http", "127.0.0.1:0", "--http-port-file", port_file])
        deadline = time.time() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if self.process.poll() is not None or time.time() > deadline:
                self.process.kill()
                raise RuntimeError("the HTTP endpoint did not start")
            time.sleep(0.01)
        with open(port_file) as f:
            self.http_port = int(f.read())
        os.remove(port_file)


class HttpClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HttpServedSample()
        cls.http = HttpClient("http://127.0.0.1:%d" % cls.server.http_port, token=READER)
        cls.tcp = Client("127.0.0.1", cls.server.port, token=READER)

    @classmethod
    def tearDownClass(cls):
        cls.tcp.close()
        cls.server.stop()

    def test_same_answers_as_the_flatbuffers_client(self):
        for method, args, kwargs in [
                ("check", ("u-alice", "ent-ad-vpn"), {}), ("check", ("u-alice", "ent-erp-approve-payment"), {}),
                ("access", ("u-maria",), {}), ("who_has", ("ent-ad-vpn",), {}),
                ("who_has", (), {"resource": "account:prod"}), ("explain", ("u-alice", "ent-ad-vpn"), {}),
                ("findings", (), {}), ("findings", (), {"identity": "u-maria"}),
                ("whatif", ("u-henry",), {"department": "Sales", "title": "Account Executive"}),
                ("risk_queue", ("u-priya",), {}),
                ("whatif_reorg", ("identity_id,department,title\nu-henry,Sales,Account Executive\n"
                                  "u-alice,Engineering,\nu-maria,,AP Clerk\n",), {})]:
            with self.subTest(method=method, args=args, kwargs=kwargs):
                self.assertEqual(getattr(self.http, method)(*args, **kwargs),
                                 getattr(self.tcp, method)(*args, **kwargs))
        self.assertEqual(self.http.health()["status"], "ok")
        http_stats, tcp_stats = self.http.stats(), self.tcp.stats()
        for key in ("as_of", "nodes", "edges", "derived"):
            self.assertEqual(http_stats[key], tcp_stats[key])

    def test_errors(self):
        with self.assertRaises(ServerError) as caught:
            self.http.check("u-nobody", "ent-ad-vpn")
        self.assertEqual(caught.exception.status, 404)
        self.assertIn("u-nobody", str(caught.exception))
        with self.assertRaises(ServerError) as caught:
            HttpClient("http://127.0.0.1:%d" % self.server.http_port).check("u-alice", "ent-ad-vpn")
        self.assertEqual(caught.exception.status, 401)
        with self.assertRaises(ServerError) as caught:
            self.http.apply_events("event_id,effective_date,type,identity_id\n")
        self.assertEqual(caught.exception.status, 403)


class HttpApplyTest(unittest.TestCase):
    def test_admin_applies_events(self):
        server = HttpServedSample()
        try:
            events = ("event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                      "manager_id,owner_id\nev-http-1,2026-11-16,transfer,u-ethan,,,Sales,Account Executive,,,\n")
            applied = HttpClient("http://127.0.0.1:%d" % server.http_port, token=ADMIN).apply_events(events)
            self.assertEqual(applied["version"], 1)
            self.assertEqual(applied["last_event_id"], "ev-http-1")
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    if not has_http_endpoint():
        print("skipped: this accessgraph has no `serve --http` (SPEC section 11) yet")
        sys.exit(77)
    unittest.main()
