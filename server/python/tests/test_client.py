"""The Python client against a real `accessgraph serve`: the same answers as the CLI's --json."""
import json
import os
import subprocess
import tempfile
import unittest

from accessgraph_client import Client, ServerError
from served_sample import ADMIN, AS_OF, READER, SAMPLE, ServedSample

CLI = os.environ["ACCESSGRAPH_CLI"]


def cli_json(*args):
    out = subprocess.run([CLI, *args, "--bundle", SAMPLE, "--as-of", AS_OF, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


class ServerTest(unittest.TestCase):
    """Queries only: the served state never changes here."""

    @classmethod
    def setUpClass(cls):
        cls.server = ServedSample()
        cls.port = cls.server.port
        cls.client = Client("127.0.0.1", cls.port, token=READER)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()

    def test_point_queries_equal_the_cli(self):
        self.assertEqual(self.client.check("u-alice", "ent-ad-vpn"), cli_json("check", "u-alice", "ent-ad-vpn"))
        self.assertEqual(self.client.access("u-maria"), cli_json("access", "u-maria"))
        self.assertGreater(len(self.client.access("u-maria")["entitlements"]), 2)
        self.assertEqual(self.client.who_has("ent-ad-vpn"), cli_json("who-has", "ent-ad-vpn"))
        self.assertEqual(self.client.who_has(resource="account:prod"),
                         cli_json("who-has", "--resource", "account:prod"))
        self.assertEqual(self.client.explain("u-alice", "ent-ad-vpn"), cli_json("explain", "u-alice", "ent-ad-vpn"))
        self.assertEqual(self.client.findings(identity="u-maria"), cli_json("findings", "--identity", "u-maria"))
        self.assertEqual(self.client.findings(), cli_json("findings"))
        stats, expected = self.client.stats(), cli_json("stats")
        for key in ("as_of", "nodes", "edges", "derived"):
            self.assertEqual(stats[key], expected[key])

    def test_whatif_equals_the_cli(self):
        out = subprocess.run([CLI, "whatif", SAMPLE, "--identity", "u-henry", "--set", "department=Sales",
                              "--set", "title=Account Executive", "--as-of", AS_OF], check=True,
                             capture_output=True, text=True).stdout
        self.assertEqual(self.client.whatif("u-henry", department="Sales", title="Account Executive"), json.loads(out))

    def test_whatif_reorg_equals_the_cli(self):
        transfers = ("identity_id,department,title\nu-henry,Sales,Account Executive\nu-alice,Engineering,\n"
                     "u-maria,,AP Clerk\nu-leo,Finance,\n")
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
            f.write(transfers)
            f.flush()
            out = subprocess.run([CLI, "whatif", SAMPLE, "--reorg", f.name, "--as-of", AS_OF, "--json"], check=True,
                                 capture_output=True, text=True).stdout
        reorg = self.client.whatif_reorg(transfers)  # 4 identities over pages of 2
        self.assertEqual(len(reorg["identities"]), 4)
        self.assertEqual(reorg, json.loads(out))

    def test_risk_queue_of_a_reviewer(self):
        queue = self.client.risk_queue("u-priya")
        self.assertEqual(queue["reviewer"], "u-priya")
        scores = [item["score"] for item in queue["items"]]
        self.assertGreater(len(scores), 2)  # over several pages of 2
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertTrue(all(item["reviewer_id"] == "u-priya" for item in queue["items"]))
        cut = scores[len(scores) // 2]
        high = self.client.risk_queue("u-priya", min_score=cut)["items"]
        self.assertEqual(high, [item for item in queue["items"] if item["score"] >= cut])

    def test_pages_add_up_to_the_whole_list(self):
        for whole, page_of in [
                (self.client.who_has("ent-ad-vpn")["identities"],
                 lambda cursor: self.client.who_has_page("ent-ad-vpn", cursor=cursor, limit=3)),
                (self.client.findings(identity="u-maria")["findings"],
                 lambda cursor: self.client.findings_page(identity="u-maria", cursor=cursor)),
                (self.client.risk_queue("u-priya", min_score=1)["items"],
                 lambda cursor: self.client.risk_queue_page("u-priya", min_score=1, cursor=cursor))]:
            items, cursor, pages = [], 0, 0
            while True:
                page = page_of(cursor)
                self.assertEqual(page["total"], len(whole))
                self.assertLessEqual(len(page["items"]), 3)  # the server's pages are of 2, the limit 3
                items.extend(page["items"])
                pages += 1
                if not page["has_more"]:
                    break
                cursor = page["next_cursor"]
            self.assertEqual(items, whole)
            self.assertGreater(pages, 1)

    def test_who_has_takes_one_of_entitlement_or_resource(self):
        with self.assertRaises(TypeError):
            self.client.who_has()
        with self.assertRaises(TypeError):
            self.client.who_has("ent-ad-vpn", resource="account:prod")

    def test_errors_carry_the_servers_message(self):
        with self.assertRaises(ServerError) as caught:
            self.client.check("u-nobody", "ent-ad-vpn")
        self.assertEqual(caught.exception.code, "NotFound")
        cli = subprocess.run([CLI, "check", SAMPLE, "u-nobody", "ent-ad-vpn", "--as-of", AS_OF, "-q"],
                             capture_output=True, text=True)
        self.assertIn(str(caught.exception), cli.stderr)
        with Client("127.0.0.1", self.port) as anonymous, self.assertRaises(ServerError) as caught:
            anonymous.check("u-alice", "ent-ad-vpn")
        self.assertEqual(caught.exception.code, "Unauthenticated")

    def test_invalid_utf8_in_an_error_still_raises_server_error(self):
        # The server echoes the unknown id, bytes as sent: invalid UTF-8 must not turn
        # into a UnicodeDecodeError on the way out.
        with self.assertRaises(ServerError) as caught:
            self.client.check(b"u-\xff\xfe-nobody", "ent-ad-vpn")
        self.assertIn(caught.exception.code, ("NotFound", "BadRequest"))
        self.assertIn("u-\ufffd", str(caught.exception))


class ApplyTest(unittest.TestCase):
    def test_only_admin_applies(self):
        server = ServedSample()
        try:
            events = ("event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                      "manager_id,owner_id\nev-py-1,2026-11-16,transfer,u-ethan,,,Sales,Account Executive,,,\n")
            with Client("127.0.0.1", server.port, token=READER) as reader:
                with self.assertRaises(ServerError) as caught:
                    reader.apply_events(events)
                self.assertEqual(caught.exception.code, "Forbidden")
                self.assertEqual(reader.health()["version"], 0)
                with Client("127.0.0.1", server.port, token=ADMIN) as admin:
                    applied = admin.apply_events(events)
                self.assertEqual(applied["version"], 1)
                self.assertEqual(applied["last_event_id"], "ev-py-1")
                self.assertEqual(reader.health()["version"], 1)
        finally:
            self.assertEqual(server.stop(), 0)

if __name__ == "__main__":
    unittest.main()
