"""Focused tests of the reference implementation (accessgraph_ref.py).

    python3 -m unittest discover -s tests/reference

Also checks the reference against every end-to-end case in tests/e2e/cases.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import accessgraph_ref as ref  # noqa: E402

E2E_CASES = os.path.join(HERE, "..", "e2e", "cases")

HEADERS = {name: ",".join(c.name for c in cols) for name, _, cols in ref.SCHEMA}

# A small valid bundle. Tests replace files of it.
#   alice, bob (eng/dev); system ad; accounts acc1 (alice), acc2 (bob);
#   g1 holds acc1, g2 holds g1; g2 -> e1; acc2 -> e2 directly; r1 grants group g1.
BASE = {
    "identities": "alice,,employee,active,eng,dev,,,,,\nbob,,employee,active,eng,dev,,alice,,,\n",
    "systems": "ad,,,\n",
    "accounts": "acc1,ad,alice,,enabled,,,\nacc2,ad,bob,,enabled,,,\n",
    "groups": "g1,ad,,\ng2,ad,,\n",
    "entitlements": "e1,ad,,,,,\ne2,ad,,,,,\n",
    "roles": "r1,,,\n",
    "group_members": "g1,account,acc1\ng2,group,g1\n",
    "group_grants": "g2,e1\n",
    "account_grants": "acc2,e2,\n",
    "role_includes": "",
    "role_grants": "r1,group,g1\n",
    "role_assignments": "alice,r1,request,,\n",
}
AS_OF = ref.Date(2026, 3, 1)


class BundleCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ref-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def bundle(self, changes=None, raw=None, drop=()):
        """Write BASE with `changes` (rows after the default header), `raw` (whole
        file bytes) and without the files in `drop`. Returns the folder."""
        path = os.path.join(self.dir, "bundle")
        if os.path.exists(path):
            shutil.rmtree(path)
        os.makedirs(path)
        files = dict(BASE)
        files.update(changes or {})
        for name, rows in files.items():
            if name in drop:
                continue
            with open(os.path.join(path, name + ".csv"), "wb") as f:
                f.write((HEADERS[name] + "\n" + rows).encode())
        for name, data in (raw or {}).items():
            with open(os.path.join(path, name + ".csv"), "wb") as f:
                f.write(data)
        return path

    def load(self, **kw):
        return ref.load_bundle(self.bundle(**kw))

    def error(self, **kw):
        with self.assertRaises(ref.BundleError) as cm:
            ref.load_bundle(self.bundle(**kw))
        return cm.exception.position()

    def effective(self, as_of=AS_OF, **kw):
        eff, _ = ref.compute(self.load(**kw), as_of)
        return sorted(tuple(r) for r in eff)

    def findings(self, as_of=AS_OF, **kw):
        _, fi = ref.compute(self.load(**kw), as_of)
        return sorted(tuple(r) for r in fi)


class CsvParsing(unittest.TestCase):
    def parse(self, data):
        records, error = ref.parse_csv(data, "f.csv")
        return records, (error.position() if error else None)

    def test_quoted_comma_doubled_quote_and_line_breaks(self):
        records, err = self.parse(b'a,b\n"x,1","say ""hi"""\n"two\nlines","crlf\r\nkept"\nlast,row')
        self.assertIsNone(err)
        self.assertEqual(records, [(1, ["a", "b"]), (2, ["x,1", 'say "hi"']),
                                   (3, ["two\nlines", "crlf\r\nkept"]), (6, ["last", "row"])])

    def test_crlf_bom_and_empty_lines(self):
        records, err = self.parse(b"\xef\xbb\xbfa,b\r\n\r\n1,2\r\n\n3,4\r\n\r\n")
        self.assertIsNone(err)
        self.assertEqual(records, [(1, ["a", "b"]), (3, ["1", "2"]), (5, ["3", "4"])])

    def test_bom_only_at_start(self):
        records, _ = self.parse(b"a\n\xef\xbb\xbfx\n")
        self.assertEqual(records[1][1], ["\ufeffx"])

    def test_empty_and_quoted_empty_fields(self):
        records, _ = self.parse(b'a,b,c\n,"",\n')
        self.assertEqual(records[1][1], ["", "", ""])

    def test_unterminated_quote_is_reported_where_the_record_starts(self):
        _, err = self.parse(b'a,b\n1,2\n"x\ny\n3,4\n')
        self.assertEqual(err, "f.csv:3")

    def test_quote_inside_unquoted_field(self):
        self.assertEqual(self.parse(b'a,b\n1,x"y\n')[1], "f.csv:2")

    def test_characters_after_closing_quote(self):
        for tail in (b'"x"y', b'"x" ', b'"x"\rz'):
            self.assertEqual(self.parse(b"a,b\n1," + tail + b"\n2,3\n")[1], "f.csv:2", tail)

    def test_bare_cr_outside_quotes(self):
        self.assertEqual(self.parse(b"a,b\n1,x\ry\n")[1], "f.csv:2")
        self.assertEqual(self.parse(b'a,b\n1,"x\ry"\n')[1], None)

    def test_invalid_utf8(self):
        for bad in (b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"):
            self.assertEqual(self.parse(b'a,b\n1,2\n"q\nq",x' + bad + b"\n")[1], "f.csv:3", bad)

    def test_line_numbers_after_multiline_records(self):
        records, _ = self.parse(b'a\n"1\n2\n3"\n\nx\n')
        self.assertEqual(records, [(1, ["a"]), (2, ["1\n2\n3"]), (6, ["x"])])


class Loading(BundleCase):
    def test_base_bundle_loads(self):
        tables = self.load()
        self.assertEqual([r["id"] for r in tables["identities"]], ["alice", "bob"])
        self.assertEqual(tables["usage"], [])

    def test_columns_in_any_order_and_extra_columns(self):
        raw = b'notes,status,ID,identity_id,id,system_id,username,created,last_used,privileged\n' \
              b'"x,y",enabled,Z,alice,acc1,ad,,,,\n,enabled,,bob,acc2,ad,,,,true\n'
        tables = self.load(raw={"accounts": raw})
        self.assertEqual([(r["id"], r["identity_id"], r["privileged"]) for r in tables["accounts"]],
                         [("acc1", "alice", ""), ("acc2", "bob", "true")])

    def test_missing_column_and_case_sensitive_names(self):
        raw = b"ID,system_id,name,owner_id\ng1,ad,,\ng2,ad,,\n"
        self.assertEqual(self.error(raw={"groups": raw}), "groups.csv:1")

    def test_duplicate_known_column(self):
        raw = b"id,system_id,name,owner_id,name\ng1,ad,,,\ng2,ad,,,\n"
        self.assertEqual(self.error(raw={"groups": raw}), "groups.csv:1")

    def test_missing_files(self):
        self.assertEqual(self.error(drop=("roles",)), "roles.csv")
        self.load(drop=())  # optional files absent: fine

    def test_empty_file_has_no_header(self):
        self.assertEqual(self.error(raw={"usage": b""}), "usage.csv:1")

    def test_id_length_in_bytes(self):
        ok = "é" * 128  # 256 bytes
        self.load(changes={"groups": f"g1,ad,,\ng2,ad,,\n{ok},ad,,\n"})
        bad = "x" + ok  # 257 bytes, 129 characters
        self.assertEqual(self.error(changes={"groups": f"g1,ad,,\ng2,ad,,\n{bad},ad,,\n"}),
                         "groups.csv:4")
        # The limit applies to references too, the orphan identity_id included.
        self.assertEqual(self.error(changes={"accounts": f"acc1,ad,alice,,enabled,,,\n"
                                                         f"acc2,ad,{bad},,enabled,,,\n"}),
                         "accounts.csv:3")

    def test_duplicate_id_reported_at_second_occurrence(self):
        self.assertEqual(self.error(changes={"roles": "r1,,,\nr2,,,\nr1,,,\n"}), "roles.csv:4")

    def test_ids_are_opaque(self):
        tables = self.load(changes={"roles": "r1,,,\n r1,,,\nr1 ,,,\nR1,,,\n"})
        self.assertEqual(len(tables["roles"]), 4)

    def test_enums(self):
        self.assertEqual(self.error(changes={"identities": "alice,,employee,Active,,,,,,,\n"
                                                           "bob,,employee,active,,,,,,,\n"}),
                         "identities.csv:2")
        self.assertEqual(self.error(changes={"accounts": "acc1,ad,alice,,enabled,,,\n"
                                                         "acc2,ad,bob,,enabled,,,yes\n"}),
                         "accounts.csv:3")
        self.load(changes={"systems": "ad,,,\nx,,other,\n", "roles": "r1,,,\nr2,,technical,\n"})
        self.assertEqual(self.error(changes={"role_assignments": "alice,r1,manual,,\n"}),
                         "role_assignments.csv:2")

    def test_member_kind_selects_the_target_file(self):
        self.assertEqual(self.error(changes={"group_members": "g1,account,acc1\ng1,group,acc1\n"}),
                         "group_members.csv:3")
        self.assertEqual(self.error(changes={"role_grants": "r1,entitlement,g1\n"}),
                         "role_grants.csv:2")

    def test_dates(self):
        for good in ("2024-02-29", "2026-03-01T09:30:00Z", "2000-02-29", "2026-12-31T23:59:59Z"):
            self.load(changes={"role_assignments": f"alice,r1,,{good},\n"})
        for bad in ("2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-3-1",
                    "2026/03/01", "20260301", "2026-03-01x", "2026-03-01T", "٢٠٢٦-03-01"):
            self.assertEqual(self.error(changes={"role_assignments": f"alice,r1,,{bad},\n"}),
                             "role_assignments.csv:2", bad)

    def test_sensitivity_and_empty_cells(self):
        self.load(changes={"entitlements": "e1,ad,,,,,\ne2,ad,,,,3,\n"})
        for bad in ("4", "-1", "high", "01"):
            self.assertEqual(self.error(changes={"entitlements": f"e1,ad,,,,{bad},\ne2,ad,,,,,\n"}),
                             "entitlements.csv:2", bad)
        self.assertEqual(self.error(changes={"accounts": "acc1,,alice,,enabled,,,\n"}),
                         "accounts.csv:2")
        self.assertEqual(self.error(changes={"group_grants": "g2,\n"}), "group_grants.csv:2")
        self.load(changes={"accounts": "acc1,ad,,,enabled,,,\nacc2,ad,ghost,,enabled,,,\n"})

    def test_same_file_forward_reference(self):
        self.load(changes={"identities": "alice,,employee,active,,,,bob,bob,,\n"
                                         "bob,,service,active,,,,,alice,,\n"})
        self.assertEqual(self.error(changes={"identities": "alice,,employee,active,,,,zed,,,\n"
                                                           "bob,,service,active,,,,,alice,,\n"}),
                         "identities.csv:2")

    def test_first_file_in_spec_order_counts(self):
        err = self.error(changes={"accounts": "acc1,nosys,alice,,enabled,,,\n",
                                  "identities": "alice,,employee,active,,,,,,,\n"
                                                "alice,,employee,active,,,,,,,\n"})
        self.assertEqual(err, "identities.csv:3")

    def test_lowest_line_in_a_file_counts(self):
        raw = (HEADERS["groups"] + "\ng1,ad,,\ng2,nosys,,\ng3,ad,\"x\n").encode()
        self.assertEqual(self.error(raw={"groups": raw}), "groups.csv:3")


class Access(BundleCase):
    def test_base(self):
        self.assertEqual(self.effective(), [("alice", "e1", "true"), ("bob", "e2", "false")])

    def test_assignment_boundaries(self):
        cases = [("2026-03-01", "", True), ("2026-03-01T23:59:59Z", "", True),
                 ("2026-03-02", "", False), ("", "2026-03-01", False),
                 ("", "2026-03-01T23:59:59Z", False), ("", "2026-03-02T00:00:00Z", True),
                 ("2026-02-01", "2026-03-02", True)]
        for granted, expires, held in cases:
            eff = self.effective(changes={"role_assignments": f"alice,r1,,{granted},{expires}\n"})
            self.assertEqual(("alice", "e1", "true" if held else "false") in eff, True,
                             (granted, expires))

    def test_nesting_cycle_and_self_membership(self):
        eff = self.effective(changes={"group_members": "g1,account,acc2\ng2,group,g1\n"
                                                       "g1,group,g2\ng1,group,g1\n",
                                      "group_grants": "g1,e1\n"})
        self.assertIn(("bob", "e1", "false"), eff)

    def test_disabled_account_and_terminated_identity(self):
        eff = self.effective(changes={"accounts": "acc1,ad,alice,,disabled,,,\nacc2,ad,bob,,enabled,,,\n"})
        self.assertEqual(eff, [("bob", "e2", "false")])
        eff = self.effective(changes={"identities": "alice,,employee,terminated,,,,,,,\n"
                                                    "bob,,employee,active,,,,,,,\n"})
        self.assertIn(("alice", "e1", "false"), eff)

    def test_account_grant_date_is_informational(self):
        eff = self.effective(changes={"account_grants": "acc2,e2,2099-01-01\n"})
        self.assertIn(("bob", "e2", "false"), eff)

    def test_birthright_and_role_include_cycle(self):
        changes = {"roles": "r1,,,\nr2,,,\nr3,,,\n", "role_assignments": "",
                   "role_includes": "r2,r3\nr3,r2\nr3,r1\n",
                   "role_grants": "r1,group,g1\nr2,entitlement,e2\n"}
        raw = {"birthright": b"id,role_id,kind,department,title,location\nb1,r2,,eng,,\n"}
        eff = self.effective(changes=changes, raw=raw)
        self.assertEqual(eff, [("alice", "e1", "true"), ("bob", "e2", "true")])
        raw = {"birthright": b"id,role_id,kind,department,title,location\nb1,r2,contractor,eng,,\n"}
        self.assertEqual(self.effective(changes=changes, raw=raw),
                         [("alice", "e1", "false"), ("bob", "e2", "false")])

    def test_orphans_have_no_rows(self):
        eff = self.effective(changes={"accounts": "acc1,ad,alice,,enabled,,,\nacc2,ad,ghost,,enabled,,,\n"})
        self.assertEqual(eff, [("alice", "e1", "true")])


class Findings(BundleCase):
    def test_dormant_boundary(self):
        def dormant(created, last_used):
            rows = f"acc1,ad,alice,,enabled,{created},{last_used},\nacc2,ad,bob,,disabled,,,\n"
            return [f for f in self.findings(changes={"accounts": rows})
                    if f[0] == "dormant_account"]
        self.assertEqual(dormant("", "2025-12-01"), [])         # as_of - 90: not before
        self.assertEqual(dormant("", "2025-11-30T23:59:59Z"),
                         [("dormant_account", "account", "acc1", "alice", "")])
        self.assertEqual(dormant("2025-11-30", ""),
                         [("dormant_account", "account", "acc1", "alice", "")])
        self.assertEqual(dormant("2025-11-30", "2026-02-01"), [])
        self.assertEqual(dormant("", ""), [])

    def test_peer_fraction_is_exact(self):
        def classify(n_peers, n_having):
            ids = "".join(f"p{k},,employee,active,eng,dev,,,,,\n" for k in range(n_peers))
            accts = "".join(f"a{k},ad,p{k},,enabled,,,\n" for k in range(n_peers))
            grants = "".join(f"a{k},e2,\n" for k in range(n_having))
            fi = self.findings(changes={
                "identities": "alice,,employee,active,eng,dev,,,,,\nbob,,employee,leave,eng,dev,,,,,\n" + ids,
                "accounts": "acc1,ad,alice,,enabled,,,\nacc2,ad,bob,,enabled,,,\n" + accts,
                "account_grants": "acc1,e2,\nacc2,e2,\n" + grants})
            return [f[4] for f in fi if f[2] == "alice" and f[3] == "e2"][0]
        # bob is on leave: not a peer, so alice's peers are exactly the p's.
        self.assertEqual(classify(10, 1), "peer_common")   # 1/10 is not below 0.1
        self.assertEqual(classify(11, 1), "peer_outlier")  # 1/11 is
        self.assertEqual(classify(10, 0), "peer_outlier")
        self.assertEqual(classify(0, 0), "no_peers")

    def test_output_quoting_and_order(self):
        rows = [["a", "e", "true"], ["a b", "e", "false"], ["a!", "e", "false"],
                ["a,b", "e", "false"], ['a"b', "e\n1", "false"], ["a-b", "é", "false"]]
        text = ref.render_csv(ref.EFFECTIVE_HEADER, rows)
        self.assertEqual(text, b'identity_id,entitlement_id,justified\n'
                               b'"a""b","e\n1",false\n"a,b",e,false\na b,e,false\n'
                               b'a!,e,false\na,e,true\na-b,\xc3\xa9,false\n')


class Cli(BundleCase):
    def run_cli(self, bundle, *extra):
        out = os.path.join(self.dir, "out")
        proc = subprocess.run([sys.executable, os.path.join(HERE, "accessgraph_ref.py"),
                               "analyze", bundle, "--out", out] + list(extra),
                              capture_output=True, text=True)
        return proc, out

    def test_good_and_bad(self):
        proc, out = self.run_cli(self.bundle(), "--as-of", "2026-03-01")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["effective_access.csv", "findings.csv"])
        proc, out2 = self.run_cli(self.bundle(changes={"roles": "r1,,,\nr1,,,\n"}),
                                  "--as-of", "2026-03-01")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("roles.csv:3", proc.stderr)


class EndToEndCases(unittest.TestCase):
    """The reference agrees with every hand-checked case in tests/e2e/cases."""

    def test_cases(self):
        names = sorted(os.listdir(E2E_CASES)) if os.path.isdir(E2E_CASES) else []
        self.assertTrue(names, "no e2e cases found")
        for name in names:
            with self.subTest(case=name):
                case = os.path.join(E2E_CASES, name)
                with open(os.path.join(case, "args")) as f:
                    args = f.read().split()
                with tempfile.TemporaryDirectory() as tmp:
                    out = os.path.join(tmp, "out")
                    proc = subprocess.run(
                        [sys.executable, os.path.join(HERE, "accessgraph_ref.py"), "analyze",
                         os.path.join(case, "bundle"), "--out", out] + args,
                        capture_output=True, text=True)
                    expected = os.path.join(case, "expected")
                    if os.path.exists(os.path.join(expected, "exit_code")):
                        with open(os.path.join(expected, "exit_code")) as f:
                            self.assertEqual(proc.returncode, int(f.read()))
                        with open(os.path.join(expected, "stderr_contains")) as f:
                            self.assertIn(f.read().strip(), proc.stderr)
                        self.assertFalse(os.path.exists(out) and os.listdir(out))
                        continue
                    self.assertEqual(proc.returncode, 0, proc.stderr)
                    for fname in ("effective_access.csv", "findings.csv"):
                        path = os.path.join(expected, fname)
                        if os.path.exists(path):
                            with open(path, "rb") as f, open(os.path.join(out, fname), "rb") as g:
                                self.assertEqual(g.read(), f.read(), fname)


if __name__ == "__main__":
    unittest.main()
