#!/usr/bin/env python3
"""Differential test: the accessgraph CLI against the Python reference of SPEC.md.

    python3 tests/differential/run_differential.py --accessgraph PATH \
        --cases N --seed S [--keep DIR] [--keep-all] [--only I,J,...] [--scale K]

For every case it generates a small adversarial bundle (deterministic from --seed and
the case number), runs `PATH analyze BUNDLE --out OUT --as-of DATE`, and compares:

  * good bundles: exit status 0 and effective_access.csv byte for byte with the
    reference (tests/reference/accessgraph_ref.py, run in process); findings.csv too
    when the CLI wrote one. (Extra columns at the end, and extra finding types, which
    SPEC.md allows, are tolerated: see compare_output.)
  * malformed bundles (about a third; exactly one planted defect each): exit status
    2, `FILE:LINE` of the defect on stderr (`FILE:` for a missing file), and no file
    created in OUT.

One line per failing case; the failing bundle, both outputs and a note are kept under
--keep (default: a fresh temporary folder). Last line: `N passed, M failed`; the exit
status is non-zero if any case failed.

Besides comparing with the CLI, every case checks the harness itself: the reference
must report the planted defect at the planted position, and for good bundles the
reference must read back exactly the rows the generator wrote.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import accessgraph_ref as ref  # noqa: E402

SCHEMA = {name: (required, [c.name for c in cols]) for name, required, cols in ref.SCHEMA}
COLS = {name: {c.name: c for c in cols} for name, _, cols in ref.SCHEMA}
ID_FILES = [name for name, _, cols in ref.SCHEMA if any(c.kind == "id" for c in cols)]


# --------------------------------------------------------------------------- #
# Adversarial ids
# --------------------------------------------------------------------------- #

VARIANTS = [
    lambda s: s,
    lambda s: s + "!",          # '!' sorts below ','
    lambda s: s + " b",         # ' ' sorts below ','
    lambda s: s + "-b",
    lambda s: s + ",b",         # needs quoting; '"' then sorts first
    lambda s: s + ',"b"',
    lambda s: '"' + s + '"',
    lambda s: s + "\nb",        # line break inside a quoted field
    lambda s: s + "\r\nb",
    lambda s: " " + s,          # ids are opaque: never trimmed
    lambda s: s + " ",
    lambda s: s + "\tb",
    lambda s: s + "é",
    lambda s: s + "e\u0301",    # not the same id as s + "é"
    lambda s: "日本" + s,
    lambda s: s + "🙂",          # 4-byte UTF-8 (UTF-16 order would differ)
    lambda s: s + "ｚ",
    lambda s: s + "'",
    lambda s: s + "#",
    lambda s: s + "\u00a0",
    lambda s: s.upper(),
    lambda s: s + "\\",
    lambda s: "=" + s,
    lambda s: s + ";b",
]
STEMS = ["a", "a b", "a!", "ab", "x"]


def long_id(rng, stem, nbytes):
    """An id of exactly nbytes UTF-8 bytes, mixing in two-byte characters."""
    text = stem
    while len(text.encode()) < nbytes - 1:
        text += rng.choice(["é", "x", "ß"])
    while len(text.encode()) < nbytes:
        text += "y"
    assert len(text.encode()) == nbytes, (text, nbytes)
    return text


class Ids:
    def __init__(self, rng):
        self.rng = rng
        self.used = {}   # namespace -> set
        self.count = {}

    def make(self, ns, prefix):
        used = self.used.setdefault(ns, set())
        rng = self.rng
        for _ in range(1000):
            n = self.count[ns] = self.count.get(ns, 0) + 1
            r = rng.random()
            if r < 0.45:
                cand = f"{prefix}{n}"
            elif r < 0.52:
                others = [i for k, s in self.used.items() if k != ns for i in s]
                cand = rng.choice(others) if others else f"{prefix}{n}"
            elif r < 0.54:
                cand = long_id(rng, f"{prefix}{n}-", 256)
            else:
                stem = rng.choice(STEMS + [prefix, f"{prefix}{n}"])
                cand = rng.choice(VARIANTS)(stem)
            if cand and len(cand.encode()) <= 256 and cand not in used:
                used.add(cand)
                return cand
        raise RuntimeError("cannot make an id")

    def fresh(self, ns, avoid=()):
        """An id that is not in namespace ns (for dangling references)."""
        used = self.used.setdefault(ns, set())
        for k in range(1000):
            cand = self.rng.choice(["ghost", "nope", "a", "x", "u1 ", "missing,id"]) + str(k)
            if cand not in used and cand not in avoid:
                return cand
        raise RuntimeError("cannot make a fresh id")


# --------------------------------------------------------------------------- #
# A random good bundle (logical rows, not yet text)
# --------------------------------------------------------------------------- #

DEPARTMENTS = ["eng", "Eng", "sales", "R&D, Europe", 'the "ops"', ""]
TITLES = ["dev", "mgr", "analyst", "dev ", ""]
LOCATIONS = ["nyc", "paris", "", "Zürich"]
TIME_PARTS = ["T09:30:00Z", "T00:00:00Z", "T23:59:59Z"]


class Gen:
    def __init__(self, rng, as_of, scale=1):
        self.scale = scale
        self.rng = rng
        self.as_of = as_of
        self.ids = Ids(rng)
        self.t = {name: [] for name in SCHEMA}
        self.present = {name: True for name in SCHEMA}
        self.force_rows = set()  # optional files that must have rows (a defect goes there)

    def date(self, offset, time_prob=0.25):
        text = (self.as_of + dt.timedelta(days=offset)).isoformat()
        if self.rng.random() < time_prob:
            text += self.rng.choice(TIME_PARTS)
        return text

    def maybe_date(self, offsets, empty_prob=0.2):
        if self.rng.random() < empty_prob:
            return ""
        return self.date(self.rng.choice(offsets))

    def build(self):
        rng, t = self.rng, self.t
        as_of_offsets = [-400, -120, -91, -90, -89, -30, -1, 0, 1, 30]

        # identities
        n_ident = rng.randint(12, 36) * self.scale
        kinds = ["employee"] * 6 + ["contractor", "partner", "service", "bot", "api_key"]
        for _ in range(n_ident):
            status = rng.choices(["active", "leave", "terminated"], [7, 1, 2])[0]
            t["identities"].append({
                "id": self.ids.make("identities", "u"),
                "display_name": rng.choice(["Ann", "Bob, Jr.", 'Zoë "Z"', "", "multi\nline"]),
                "kind": rng.choice(kinds), "status": status,
                "department": rng.choice(DEPARTMENTS), "title": rng.choice(TITLES),
                "location": rng.choice(LOCATIONS), "manager_id": "", "owner_id": "",
                "hire_date": self.maybe_date([-2000, -400, -10]),
                "termination_date": self.maybe_date([-30, 0]) if status == "terminated" else (
                    self.maybe_date([-1, 0, 1], 0.0) if rng.random() < 0.1 else ""),
            })
        if rng.random() < 0.4:  # a peer cluster: same department and title, active
            for _ in range(rng.randint(9, 12)):
                t["identities"].append({
                    "id": self.ids.make("identities", "peer"), "display_name": "",
                    "kind": "employee", "status": "active", "department": "eng",
                    "title": "dev", "location": "", "manager_id": "", "owner_id": "",
                    "hire_date": "", "termination_date": ""})
        rng.shuffle(t["identities"])
        ident_ids = [r["id"] for r in t["identities"]]
        humans = [r["id"] for r in t["identities"] if r["kind"] not in ref.NON_HUMAN_KINDS]
        for r in t["identities"]:
            if rng.random() < 0.6:
                r["manager_id"] = rng.choice(ident_ids)  # self, forward and backward refs
            if r["kind"] in ref.NON_HUMAN_KINDS and rng.random() < 0.7:
                r["owner_id"] = rng.choice(humans or ident_ids)
            elif rng.random() < 0.1:
                r["owner_id"] = rng.choice(ident_ids)

        def owner():
            return rng.choice(ident_ids) if rng.random() < 0.5 else ""

        # systems
        for _ in range(rng.randint(1, 4)):
            t["systems"].append({"id": self.ids.make("systems", "sys"), "name": "S",
                                 "kind": rng.choice(list(ref.SYSTEM_KINDS) + [""]),
                                 "owner_id": owner()})
        sys_ids = [r["id"] for r in t["systems"]]

        # accounts
        for ident in ident_ids:
            for _ in range(rng.choices([0, 1, 2, 3], [1, 5, 3, 1])[0]):
                t["accounts"].append(self.account(ident, sys_ids, as_of_offsets))
        for _ in range(rng.randint(0, 4)):  # orphans: empty or unknown identity_id
            ghost = rng.choice(["", self.ids.fresh("identities"),
                                rng.choice(sys_ids), long_id(rng, "ghost", 256)])
            t["accounts"].append(self.account(ghost, sys_ids, as_of_offsets))
        rng.shuffle(t["accounts"])
        acct_ids = [r["id"] for r in t["accounts"]]

        # groups, with random nesting (cycles, self-membership) and maybe a deep chain
        for _ in range(rng.randint(4, 14) * self.scale):
            t["groups"].append({"id": self.ids.make("groups", "g"),
                                "system_id": rng.choice(sys_ids), "name": "",
                                "owner_id": owner()})
        group_ids = [r["id"] for r in t["groups"]]
        chain = []
        if rng.random() < 0.3:
            for k in range(rng.randint(100, 130)):
                gid = self.ids.make("groups", f"chain{k}-")
                chain.append(gid)
                t["groups"].append({"id": gid, "system_id": rng.choice(sys_ids),
                                    "name": f"level {k}", "owner_id": ""})
        all_groups = group_ids + chain

        # entitlements
        for _ in range(rng.randint(6, 18) * self.scale):
            t["entitlements"].append({
                "id": self.ids.make("entitlements", "e"), "system_id": rng.choice(sys_ids),
                "name": "", "resource": rng.choice(["db", "s3://b,k", ""]),
                "action": rng.choice(["read", "write", ""]),
                "sensitivity": rng.choice(["", "0", "1", "2", "3"]), "owner_id": owner()})
        ent_ids = [r["id"] for r in t["entitlements"]]

        # roles, with include cycles and maybe a deep chain
        for _ in range(rng.randint(3, 10) * self.scale):
            t["roles"].append({"id": self.ids.make("roles", "r"), "name": "",
                               "kind": rng.choice(["business", "technical", ""]),
                               "owner_id": owner()})
        role_ids = [r["id"] for r in t["roles"]]
        role_chain = []
        if rng.random() < 0.2:
            for k in range(rng.randint(100, 120)):
                rid = self.ids.make("roles", f"rchain{k}-")
                role_chain.append(rid)
                t["roles"].append({"id": rid, "name": "", "kind": "", "owner_id": ""})
        all_roles = role_ids + role_chain

        gm = t["group_members"]
        for a in acct_ids:
            for g in rng.sample(all_groups, min(len(all_groups), rng.choice([0, 1, 1, 2, 3]))):
                gm.append({"group_id": g, "member_kind": "account", "member_id": a})
        for _ in range(rng.randint(0, len(group_ids) * 2)):
            gm.append({"group_id": rng.choice(group_ids), "member_kind": "group",
                       "member_id": rng.choice(group_ids)})
        if rng.random() < 0.3:
            g = rng.choice(group_ids)
            gm.append({"group_id": g, "member_kind": "group", "member_id": g})
        for k in range(len(chain) - 1):  # chain[k] is a member of chain[k + 1]
            gm.append({"group_id": chain[k + 1], "member_kind": "group",
                       "member_id": chain[k]})
        if chain:
            if rng.random() < 0.5:  # close the chain into a cycle
                gm.append({"group_id": chain[0], "member_kind": "group",
                           "member_id": chain[-1]})
            for a in rng.sample(acct_ids, min(3, len(acct_ids))):
                gm.append({"group_id": chain[0], "member_kind": "account", "member_id": a})
            gm.append({"group_id": rng.choice(group_ids), "member_kind": "group",
                       "member_id": chain[-1]})

        gg = t["group_grants"]
        for _ in range(rng.randint(1, max(1, len(group_ids) * 2))):
            gg.append({"group_id": rng.choice(group_ids), "entitlement_id": rng.choice(ent_ids)})
        if chain:
            gg.append({"group_id": chain[-1], "entitlement_id": rng.choice(ent_ids)})

        for _ in range(rng.randint(0, len(acct_ids))):
            t["account_grants"].append({
                "account_id": rng.choice(acct_ids), "entitlement_id": rng.choice(ent_ids),
                "granted_at": self.maybe_date(as_of_offsets + [365])})

        for _ in range(rng.randint(0, len(role_ids) * 2)):
            t["role_includes"].append({"role_id": rng.choice(role_ids),
                                       "included_role_id": rng.choice(role_ids)})
        for k in range(len(role_chain) - 1):
            t["role_includes"].append({"role_id": role_chain[k],
                                       "included_role_id": role_chain[k + 1]})
        if role_chain:
            t["role_includes"].append({"role_id": role_chain[-1],
                                       "included_role_id": rng.choice(role_ids)})
            if rng.random() < 0.5:
                t["role_includes"].append({"role_id": role_chain[-1],
                                           "included_role_id": role_chain[0]})

        for r in role_ids:
            for _ in range(rng.randint(0, 3)):
                if rng.random() < 0.6:
                    t["role_grants"].append({"role_id": r, "target_kind": "entitlement",
                                             "target_id": rng.choice(ent_ids)})
                else:
                    t["role_grants"].append({"role_id": r, "target_kind": "group",
                                             "target_id": rng.choice(all_groups)})
        if chain:
            t["role_grants"].append({"role_id": rng.choice(role_ids), "target_kind": "group",
                                     "target_id": chain[0]})

        for _ in range(rng.randint(n_ident // 2, n_ident * 2)):
            t["role_assignments"].append({
                "identity_id": rng.choice(ident_ids), "role_id": rng.choice(all_roles),
                "source": rng.choice(list(ref.ASSIGNMENT_SOURCES) + [""]),
                "granted_at": self.maybe_date([-100, -1, 0, 0, 1, 50], 0.3),
                "expires_at": self.maybe_date([-1, 0, 0, 1, 200], 0.5)})
        if role_chain:
            t["role_assignments"].append({
                "identity_id": rng.choice(ident_ids), "role_id": role_chain[0],
                "source": "", "granted_at": "", "expires_at": ""})

        # Accounts that are plainly justified, so "true" rows are common.
        for a in t["accounts"]:
            if a["identity_id"] in ident_ids and rng.random() < 0.3:
                r = rng.choice(role_ids)
                for g in [x["target_id"] for x in t["role_grants"]
                          if x["role_id"] == r and x["target_kind"] == "group"][:1]:
                    gm.append({"group_id": g, "member_kind": "account", "member_id": a["id"]})
                t["role_assignments"].append({"identity_id": a["identity_id"], "role_id": r,
                                              "source": "request", "granted_at": "",
                                              "expires_at": ""})

        self.optional("usage", lambda: {
            "account_id": rng.choice(acct_ids), "entitlement_id": rng.choice(ent_ids),
            "last_used": self.maybe_date(as_of_offsets)}, len(acct_ids))
        self.optional("sod_rules", lambda: {
            "id": self.ids.make("sod_rules", "sod"), "entitlement_a": rng.choice(ent_ids),
            "entitlement_b": rng.choice(ent_ids), "severity": rng.choice(["high", ""]),
            "description": rng.choice(["", "pay, then approve", 'say "no"'])}, 6)
        idents = t["identities"]
        self.optional("birthright", lambda: self.birthright_rule(role_ids, idents), 5)
        self.optional("role_history", lambda: {
            "identity_id": rng.choice(ident_ids), "role_id": rng.choice(all_roles),
            "granted_at": self.maybe_date([-500, -100]),
            "revoked_at": self.maybe_date([-60, -1, 0, 0, 1, 20], 0.3)}, n_ident)

        # Duplicate link rows (allowed; must not duplicate output rows).
        for name in ("group_members", "group_grants", "account_grants", "role_grants",
                     "role_assignments"):
            rows = t[name]
            if rows and rng.random() < 0.3:
                rows.insert(rng.randrange(len(rows) + 1), dict(rng.choice(rows)))
        for name in ("group_members", "group_grants", "account_grants", "role_includes",
                     "role_grants", "role_assignments"):
            rng.shuffle(t[name])

    def account(self, ident, sys_ids, offsets):
        rng = self.rng
        return {"id": self.ids.make("accounts", "acc"), "system_id": rng.choice(sys_ids),
                "identity_id": ident, "username": rng.choice(["", "jdoe", "j,doe"]),
                "status": rng.choices(["enabled", "disabled"], [4, 1])[0],
                "created": self.maybe_date([-1000, -91, -90, -5], 0.3),
                "last_used": self.maybe_date(offsets, 0.4),
                "privileged": rng.choice(["true", "false", ""])}

    def birthright_rule(self, role_ids, idents):
        rng = self.rng
        model = rng.choice(idents)
        rule = {"id": self.ids.make("birthright", "b"), "role_id": rng.choice(role_ids)}
        all_empty = rng.random() < 0.1
        for cond in ("kind", "department", "title", "location"):
            use = not all_empty and rng.random() < 0.5
            rule[cond] = model[cond] if use else ""
        return rule

    def optional(self, name, make_row, max_rows):
        mode = self.rng.choice(["missing", "empty", "rows", "rows"])
        if name in self.force_rows:
            mode = "rows"
        if mode == "missing":
            self.present[name] = False
        elif mode == "rows":
            for _ in range(self.rng.randint(1, max(1, max_rows))):
                self.t[name].append(make_row())


# --------------------------------------------------------------------------- #
# Text of one file
# --------------------------------------------------------------------------- #

class Raw:
    """Bytes written verbatim in place of a cell (planted defects)."""

    def __init__(self, data: bytes):
        self.data = data


EXTRA_COLUMNS = ["notes", "ID", "Id", "id ", "Status", "extra,comma", 'q"col', "ümlaut"]
EXTRA_VALUES = ["", "x", "a,b", 'say "hi"', "two\nlines", "  ", "é"]


class FileText:
    def __init__(self, name, columns, rows, rng):
        self.name = name
        self.rng = rng
        cols = list(columns)
        if rng.random() < 0.4:
            rng.shuffle(cols)
        extras = []
        if rng.random() < 0.3:
            extras = rng.sample(EXTRA_COLUMNS, rng.randint(1, 2))
            for x in extras:
                cols.insert(rng.randrange(len(cols) + 1), x)
        self.header = cols
        self.extras = set(extras)
        self.rows = [[r[c] if c in r else rng.choice(EXTRA_VALUES) for c in cols] for r in rows]
        self.crlf = rng.random() < 0.3
        self.bom = rng.random() < 0.2
        self.final_newline = rng.random() < 0.85
        self.blank_after = set()  # row index (-1 = header) followed by an empty line
        if rng.random() < 0.15:
            for _ in range(rng.randint(1, 3)):
                self.blank_after.add(rng.randint(-1, len(self.rows) - 1))
        self.quote_prob = rng.choice([0.0, 0.0, 0.1, 1.0])
        self.quote_seed = rng.random()  # every render quotes the same cells

    def cell_bytes(self, cell, qrng):
        if isinstance(cell, Raw):
            return cell.data
        data = cell.encode()
        if any(c in cell for c in ',"\n\r') or qrng.random() < self.quote_prob:
            return b'"' + data.replace(b'"', b'""') + b'"'
        return data

    def render(self):
        """Returns (bytes, start line of every data row)."""
        nl = b"\r\n" if self.crlf else b"\n"
        out = bytearray(ref.BOM if self.bom else b"")
        line = 1
        starts = []
        records = [self.header] + self.rows
        qrng = random.Random(self.quote_seed)
        for k, record in enumerate(records):
            if k > 0:
                starts.append(line)
            text = b",".join(self.cell_bytes(c, qrng) for c in record)
            if text == b"":
                text = b'""'  # an empty line would be skipped, not read as a record
            out += text
            line += text.count(b"\n")
            last = k == len(records) - 1
            if not last or self.final_newline or (k - 1) in self.blank_after:
                out += nl
                line += 1
            if (k - 1) in self.blank_after:
                out += nl
                line += 1
        return bytes(out), starts


# --------------------------------------------------------------------------- #
# Planted defects
# --------------------------------------------------------------------------- #

DEFECTS = ["missing_file", "missing_column", "dangling_ref", "duplicate_id", "unknown_enum",
           "bad_date", "bad_sensitivity", "empty_required", "unterminated_quote",
           "stray_quote", "wrong_field_count", "invalid_utf8", "long_id"]

BAD_ENUM = ["bogus", "Active", "ENABLED", "Group", "yes", "1", "human"]
BAD_DATES = ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
             "20260301", "2026/03/01", "2026-3-1", "tomorrow", "2026-03-01x", "2026-03"]
BAD_SENSITIVITY = ["4", "-1", "high", "1.5", "5", "low"]
BAD_UTF8 = [b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80",
            b"\xe2\x82"]


def defect_schedule():
    """The defects of the malformed cases, in turn: every other kind once, and the
    dangling reference once per reference column (and member/target kind), so that
    150 cases (50 malformed) plant each at least once."""
    others = [d for d in DEFECTS if d != "dangling_ref"]
    refs = ref_columns()
    schedule = []
    while others or refs:
        if others:
            schedule.append((others.pop(0), None))
        for _ in range(3):
            if refs:
                schedule.append(("dangling_ref", refs.pop(0)))
    return schedule


def ref_columns():
    """(file, column, target namespace) of every reference column."""
    out = []
    for name, _, cols in ref.SCHEMA:
        for c in cols:
            if c.kind == "ref":
                out.append((name, c.name, c.target))
            elif c.kind == "poly":
                for kind, target in c.target.items():
                    out.append((name, c.name, (c.selector, kind, target)))
    return out


DEFECT_SCHEDULE = defect_schedule()


class Case:
    def __init__(self, seed, index, scale=1, defect=None):
        self.index = index
        self.rng = random.Random(f"accessgraph-differential:{seed}:{index}")
        rng = self.rng
        self.as_of = rng.choice([dt.date(2026, 3, 1), dt.date(2024, 2, 29),
                                 dt.date(2025, 12, 31), dt.date(2026, 1, 1)])
        self.gen = Gen(rng, self.as_of, scale)
        self.defect_variant = defect[1] if defect else None
        if self.defect_variant:
            self.gen.force_rows.add(self.defect_variant[0])
        self.gen.build()
        self.files = {}
        for name, (required, columns) in SCHEMA.items():
            if self.gen.present[name]:
                self.files[name] = FileText(name, columns, self.gen.t[name], rng)
        self.defect = None     # kind of defect planted, or None
        self.expect = None     # (file name, line or None)
        self.note = ""
        self._plant = None     # deferred work that needs the rendered text

    # -- planting --
    def plant(self, kind):
        self.defect = kind
        getattr(self, "_plant_" + kind)()

    def _pick_file(self, cond=lambda name, f: True, need_rows=True):
        names = [n for n, f in self.files.items()
                 if cond(n, f) and (f.rows or not need_rows)]
        return self.rng.choice(names) if names else None

    def _col(self, f, col):
        return f.header.index(col)

    def _at_row(self, name, row_index):
        self.expect = (name + ".csv", ("row", row_index))

    def _unreference(self, name, lost_rows):
        """A CSV defect in identities.csv loses rows (the bad one; for an unterminated
        quote every row from it on). Earlier identity rows must not name a lost id:
        whether such a reference is also a defect is not for this test to decide."""
        if name != "identities":
            return
        f = self.files[name]
        lost = {self.gen.t[name][i]["id"] for i in lost_rows}  # rows not yet shifted
        for j in range(min(lost_rows)):
            for col in ("manager_id", "owner_id"):
                c = self._col(f, col)
                if f.rows[j][c] in lost:
                    f.rows[j][c] = ""

    def _plant_missing_file(self):
        name = self.rng.choice([n for n, (req, _) in SCHEMA.items() if req])
        del self.files[name]
        self.expect = (name + ".csv", None)
        self.note = f"{name}.csv removed"

    def _plant_missing_column(self):
        name = self._pick_file(need_rows=False)
        f = self.files[name]
        col = self.rng.choice(SCHEMA[name][1])
        k = self._col(f, col)
        del f.header[k]
        for row in f.rows:
            del row[k]
        self.expect = (name + ".csv", ("line", 1))
        self.note = f"column {col} removed"

    def _plant_dangling_ref(self):
        rng = self.rng
        choices = [(n, c, t) for n, c, t in ref_columns() if n in self.files and self.files[n].rows]
        if self.defect_variant in choices:
            name, col, target = self.defect_variant
        else:
            name, col, target = rng.choice(choices)
        f = self.files[name]
        if isinstance(target, tuple):  # poly: pick a row of that kind
            selector, kind, target_ns = target
            sk = self._col(f, selector)
            rows = [i for i, r in enumerate(f.rows) if r[sk] == kind]
            if not rows:
                i = rng.randrange(len(f.rows))
                f.rows[i][sk] = kind
                rows = [i]
            i = rng.choice(rows)
            other = "groups" if target_ns == "accounts" else (
                "accounts" if target_ns == "groups" else "groups")
            # An id of the other kind (member_kind confusion) when there is one.
            confusable = [x for x in self.gen.ids.used.get(other, ())
                          if x not in self.gen.ids.used.get(target_ns, ())]
            value = rng.choice(confusable) if confusable and rng.random() < 0.5 else \
                self.gen.ids.fresh(target_ns)
        else:
            i = rng.randrange(len(f.rows))
            value = self.gen.ids.fresh(target)
        f.rows[i][self._col(f, col)] = value
        self._at_row(name, i)
        self.note = f"{name}.{col}={value!r}"

    def _plant_duplicate_id(self):
        name = self._pick_file(lambda n, f: n in ID_FILES)
        f = self.files[name]
        j = self.rng.randrange(len(f.rows))
        p = self.rng.randint(j + 1, len(f.rows))
        f.rows.insert(p, list(f.rows[j]))
        self._at_row(name, p)
        self.note = f"id {f.rows[j][self._col(f, 'id')]!r} again"

    def _plant_cell(self, kinds_or_pred, values):
        """Set one cell of a column matching the predicate to a random bad value."""
        cands = [(n, c) for n in self.files if self.files[n].rows
                 for c in SCHEMA[n][1] if kinds_or_pred(n, COLS[n][c])]
        name, col = self.rng.choice(cands)
        f = self.files[name]
        i = self.rng.randrange(len(f.rows))
        value = self.rng.choice(values) if isinstance(values, list) else values(name, col)
        f.rows[i][self._col(f, col)] = value
        self._at_row(name, i)
        self.note = f"{name}.{col}={value!r}"

    def _plant_unknown_enum(self):
        self._plant_cell(lambda n, c: c.kind == "enum" and c.name != "sensitivity", BAD_ENUM)

    def _plant_bad_date(self):
        self._plant_cell(lambda n, c: c.kind == "date", BAD_DATES)

    def _plant_bad_sensitivity(self):
        if "entitlements" not in self.files or not self.files["entitlements"].rows:
            return self._plant_bad_date()
        self._plant_cell(lambda n, c: c.name == "sensitivity", BAD_SENSITIVITY)

    def _plant_empty_required(self):
        rng = self.rng
        cands = [(n, c) for n in self.files if self.files[n].rows
                 for c in SCHEMA[n][1] if COLS[n][c].required]
        name, col = rng.choice(cands)
        f = self.files[name]
        j = rng.randrange(len(f.rows))
        if col == "id":  # a new row, so that no reference to the old id dangles
            row = list(f.rows[j])
            p = rng.randint(0, len(f.rows))
            f.rows.insert(p, row)
            j = p
        f.rows[j][self._col(f, col)] = Raw(b'""') if rng.random() < 0.3 else ""
        self._at_row(name, j)
        self.note = f"{name}.{col} empty"

    def _plant_unterminated_quote(self):
        name = self._pick_file()
        f = self.files[name]
        i = self.rng.randrange(len(f.rows))
        k = self.rng.randrange(len(f.header))
        marker = b'"unterminated \xe2\x80\xa6'
        original = f.rows[i][k]
        f.rows[i][k] = Raw(marker)
        data, _ = f.render()
        if b'"' in data[data.index(marker) + len(marker):]:
            # A later quote would close it; plant in the last cell of the file instead.
            f.rows[i][k] = original
            i, k = len(f.rows) - 1, len(f.header) - 1
            f.rows[i][k] = Raw(marker)
        self._unreference(name, range(i, len(f.rows)))
        self._at_row(name, i)
        self.note = f"row {i} column {f.header[k]!r}"

    def _plant_stray_quote(self):
        name = self._pick_file()
        f = self.files[name]
        i = self.rng.randrange(len(f.rows))
        k = self.rng.randrange(len(f.header))
        raw = self.rng.choice([b'ab"c', b'x"', b'"ab"c', b'"ab" ', b'"a""b"x'])
        f.rows[i][k] = Raw(raw)
        self._unreference(name, [i])
        self._at_row(name, i)
        self.note = f"{raw!r} in column {f.header[k]!r}"

    def _plant_wrong_field_count(self):
        name = self._pick_file()
        f = self.files[name]
        i = self.rng.randrange(len(f.rows))
        if len(f.rows[i]) >= 3 and self.rng.random() < 0.5:
            del f.rows[i][self.rng.randrange(len(f.rows[i]))]
            self.note = "one field fewer"
        else:
            f.rows[i].insert(self.rng.randint(0, len(f.rows[i])), self.rng.choice(["", "x"]))
            self.note = "one field more"
        self._unreference(name, [i])
        self._at_row(name, i)

    def _plant_invalid_utf8(self):
        name = self._pick_file()
        f = self.files[name]
        i = self.rng.randrange(len(f.rows))
        extras = [k for k, c in enumerate(f.header) if c in f.extras]
        k = self.rng.choice(extras) if extras and self.rng.random() < 0.3 else \
            self.rng.randrange(len(f.header))
        bad = self.rng.choice(BAD_UTF8)
        raw = b"v" + bad + b"w"
        if self.rng.random() < 0.4:
            raw = b'"' + raw + b',"'
        f.rows[i][k] = Raw(raw)
        self._unreference(name, [i])
        self._at_row(name, i)
        self.note = f"{raw!r} in column {f.header[k]!r}"

    def _plant_long_id(self):
        rng = self.rng
        value = long_id(rng, rng.choice(["x", "long-"]), rng.choice([257, 258, 300]))
        if rng.random() < 0.5:
            name = self._pick_file(lambda n, f: n in ID_FILES)
            f = self.files[name]
            j = rng.randrange(len(f.rows))
            row = list(f.rows[j])
            row[self._col(f, "id")] = value
            p = rng.randint(0, len(f.rows))
            f.rows.insert(p, row)
            self._at_row(name, p)
            self.note = "new row with a long id"
        else:
            self._plant_cell(lambda n, c: c.kind in ("ref", "orphan", "poly"),
                             lambda n, c: value)

    # -- writing --
    def write(self, folder):
        os.makedirs(folder, exist_ok=True)
        expect_line = None
        for name, f in self.files.items():
            data, starts = f.render()
            with open(os.path.join(folder, name + ".csv"), "wb") as fh:
                fh.write(data)
            if self.expect and self.expect[0] == name + ".csv" and self.expect[1]:
                how, value = self.expect[1]
                expect_line = value if how == "line" else starts[value]
        if self.expect:
            return self.expect[0], expect_line
        return None


# --------------------------------------------------------------------------- #
# Running and comparing
# --------------------------------------------------------------------------- #

def position_regex(fname, line):
    if line is None:
        return re.compile(r"(?<![\w.])" + re.escape(fname) + r":")
    return re.compile(r"(?<![\w.])" + re.escape(f"{fname}:{line}") + r"(?!\d)")


def diff_excerpt(expected: bytes, got: bytes, limit=12, max_chars=700):
    exp = expected.decode("utf-8", "backslashreplace").split("\n")
    out = got.decode("utf-8", "backslashreplace").split("\n")
    lines = list(difflib.unified_diff(exp, out, "reference", "accessgraph", lineterm="", n=1))
    more = len(lines) - limit
    text = " | ".join(repr(x)[1:-1] for x in lines[2:limit + 2])
    if len(text) > max_chars:
        text = text[:max_chars] + "..."
    return text + (f" | ... ({more} more diff lines)" if more > 0 else "")


def check_readback(case, bundle):
    """The reference must read back exactly what the generator wrote."""
    tables = ref.load_bundle(bundle)
    for name, (required, columns) in SCHEMA.items():
        want = [{c: r[c] for c in columns} for r in case.gen.t[name]] \
            if case.gen.present[name] else []
        got = [dict(r) for r in tables[name]]
        if want != got:
            return f"harness: reference read back {name}.csv differently"
    return None


def run_case(case, work, accessgraph, as_of_text):
    """Returns None when the case passes, else a one-line reason (and diff excerpt)."""
    bundle = os.path.join(work, "bundle")
    out = os.path.join(work, "out")
    ref_out = os.path.join(work, "reference")
    os.makedirs(out)
    expected_pos = case.write(bundle)

    # The reference, in process.
    ref_error = None
    try:
        ref.analyze(bundle, ref_out, ref.parse_date(as_of_text))
    except ref.BundleError as e:
        ref_error = e
    if case.defect is None:
        if ref_error is not None:
            return f"harness: reference rejects a good bundle: {ref_error.message()}"
        problem = check_readback(case, bundle)
        if problem:
            return problem
    else:
        if ref_error is None:
            return f"harness: reference accepts the planted {case.defect} ({case.note})"
        if (ref_error.file, ref_error.line) != expected_pos:
            return (f"harness: planted {case.defect} at {expected_pos}, reference reports "
                    f"{ref_error.message()}")

    try:
        proc = subprocess.run([accessgraph, "analyze", bundle, "--out", out,
                               "--as-of", as_of_text], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "accessgraph timed out after 60 s"
    stderr = proc.stderr.decode("utf-8", "backslashreplace").strip()
    err_lines = [x for x in stderr.splitlines() if "error" in x] or stderr.splitlines() or [""]
    first_err = err_lines[0]

    if case.defect is not None:
        fname, line = expected_pos
        where = fname if line is None else f"{fname}:{line}"
        problems = []
        if proc.returncode != 2:
            problems.append(f"exit {proc.returncode}, expected 2")
        if not position_regex(fname, line).search(stderr):
            problems.append(f"stderr lacks {where}")
        left = sorted(os.listdir(out))
        if left:
            problems.append(f"created {left} in OUT")
        if problems:
            return (f"{case.defect} ({case.note}) at {where}: " + "; ".join(problems)
                    + f"; stderr: {first_err[:300]!r}")
        return None

    if proc.returncode != 0:
        return f"good bundle: exit {proc.returncode}; stderr: {first_err[:300]!r}"
    problems = []
    for fname in ("effective_access.csv", "findings.csv"):
        got_path = os.path.join(out, fname)
        if not os.path.exists(got_path):
            if fname == "effective_access.csv":
                problems.append("no effective_access.csv written")
            continue
        with open(got_path, "rb") as fh:
            got = fh.read()
        with open(os.path.join(ref_out, fname), "rb") as fh:
            want = fh.read()
        problem = compare_output(fname, got, want)
        if problem:
            problems.append(f"{fname} {problem}")
    return "; ".join(problems) if problems else None


FINDING_TYPES = {"orphan_account", "leaver_access", "dormant_account", "nhi_no_owner",
                 "nhi_owner_terminated", "sod_violation", "missing_access", "unjustified_access"}


def compare_output(fname, got: bytes, want: bytes):
    """None when the CLI's output file agrees with the reference's.

    Byte for byte, except what SPEC.md leaves to the project: extra columns at the
    end of an output and (findings.csv) extra finding types. When the CLI has any,
    its file must still be laid out per SPEC section 5 (its own rows, quoted minimally,
    LF, sorted by the bytes of the whole line), and its rows cut to the SPEC columns,
    without extra types, must be the reference's."""
    if got == want:
        return None
    differs = f"differs: {diff_excerpt(want, got)}"
    spec_header = ref.EFFECTIVE_HEADER if fname == "effective_access.csv" else ref.FINDINGS_HEADER
    records, error = ref.parse_csv(got, fname)
    if error is not None or not records:
        return differs
    header, rows = records[0][1], [fields for _, fields in records[1:]]
    n = len(spec_header)
    extra_columns = header[:n] == spec_header and len(header) > n
    extra_types = fname == "findings.csv" and any(r and r[0] not in FINDING_TYPES for r in rows)
    if not (extra_columns or extra_types) or any(len(r) != len(header) for r in rows):
        return differs
    if ref.render_csv(header, rows) != got:
        return "is not laid out per SPEC section 5 (quoting, LF or row order)"
    kept = [r[:n] for r in rows if fname != "findings.csv" or r[0] in FINDING_TYPES]
    projected = ref.render_csv(spec_header, kept)
    if projected != want:
        return f"differs (SPEC columns and finding types only): {diff_excerpt(want, projected)}"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accessgraph", required=True, help="the accessgraph binary")
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="folder for failing bundles (default: a temp dir)")
    parser.add_argument("--only", help="comma-separated case numbers to run")
    parser.add_argument("--keep-all", action="store_true", help="keep passing cases too")
    parser.add_argument("--scale", type=int, default=1,
                        help="multiply the number of identities, groups, entitlements and roles")
    args = parser.parse_args(argv)

    accessgraph = os.path.abspath(args.accessgraph)
    if not os.access(accessgraph, os.X_OK):
        print(f"run_differential: not an executable: {accessgraph}", file=sys.stderr)
        print(f"0 passed, {args.cases} failed")
        return 1
    keep = args.keep  # default: a temporary folder, made at the first case kept
    indexes = range(args.cases)
    if args.only:
        indexes = [int(x) for x in args.only.split(",")]

    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="accessgraph-diff-run-") as scratch:
        for i in indexes:
            defect = DEFECT_SCHEDULE[(i // 3) % len(DEFECT_SCHEDULE)] if i % 3 == 2 else None
            case = Case(args.seed, i, args.scale, defect)
            if i % 3 == 2:
                case.plant(defect[0])
            work = os.path.join(scratch, f"case_{i:04d}")
            os.makedirs(work)
            as_of_text = case.as_of.isoformat()
            try:
                reason = run_case(case, work, accessgraph, as_of_text)
            except Exception as e:  # a harness bug must not hide the other cases
                reason = f"harness exception: {type(e).__name__}: {e}"
            label = f"case {i} ({case.defect or 'good'}, as-of {as_of_text})"
            if reason is None:
                passed += 1
            else:
                failed += 1
            if reason is not None or args.keep_all:
                if keep is None:
                    keep = tempfile.mkdtemp(prefix="accessgraph-differential-")
                dest = os.path.join(keep, f"case_{i:04d}")
                if os.path.exists(dest):
                    shutil.rmtree(dest)
                shutil.copytree(work, dest)
                with open(os.path.join(dest, "NOTE.txt"), "w") as fh:
                    fh.write(f"{label}\n{case.note}\n{reason or 'passed'}\n"
                             f"command: {accessgraph} analyze {dest}/bundle --out OUT "
                             f"--as-of {as_of_text}\n")
            if reason is not None:
                print(f"FAIL {label}: {reason} [kept in {dest}]", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
