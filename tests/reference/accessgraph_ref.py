#!/usr/bin/env python3
"""Reference implementation of /work/shared/SPEC.md sections 1, 2, 3 and 5.

Written to be obviously correct, not fast: plain dicts and sets, breadth-first
searches recomputed on demand, no caching that could hide a mistake (only rows
grouped by identity, so that large bundles stay tractable). Standard library only
(Python 3.11).

    python3 accessgraph_ref.py analyze BUNDLE --out DIR [--as-of YYYY-MM-DD]
        [--dormant-days N] [--outlier-threshold X]

Exit 0 on success (writes DIR/effective_access.csv and DIR/findings.csv); exit 2
on a bad bundle, printing the first defect on stderr as

    accessgraph_ref: error: FILE:LINE: column "COL": REASON (value "VALUE")
    accessgraph_ref: error: FILE: REASON                 (file-level errors)

and writing nothing.

Interpretation choices where SPEC.md is silent (each one is marked SPEC-GAP below):
  * Which defect counts when several exist: the first file in the SPEC table order,
    then the lowest line. Within one file a CSV syntax error at line L stops the
    parse; rows before L are still validated, except that references to the same
    file (identities.manager_id/owner_id) are not judged, since the id they name
    may sit after L.
  * A bare CR outside a quoted field (not part of CRLF) is a syntax error (RFC 4180
    TEXTDATA excludes CR). Inside a quoted field it is data.
  * An empty file (or one of only empty lines) has no header: every column is
    missing, reported at line 1.
  * Invalid UTF-8 anywhere in a file is an error, including in ignored columns.
  * Dates: YYYY-MM-DD (years 0000..9999, proleptic Gregorian), optionally followed
    by T and a time HH:MM[:SS[.frac]] (seconds up to 60, a leap second) with an
    optional Z or +HH:MM / -HH:MM offset; the date must exist in the calendar and
    the time fields must be in range. Only the written date is used.
  * A required column named twice in a header is an error (line 1); unknown extra
    columns may repeat (they are ignored).
  * Empty lines are skipped everywhere, also before the header.
  * sensitivity: exactly one of "0".."3" (or empty = 0). privileged: exactly
    "true" or "false" (or empty = false). Enum values are case-sensitive and are
    never trimmed; ids are opaque (never trimmed).
  * A birthright rule whose condition cells are all empty matches every identity.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections import defaultdict, deque
from fractions import Fraction

# --------------------------------------------------------------------------- #
# The schema of SPEC section 1
# --------------------------------------------------------------------------- #

IDENTITY_KINDS = ("employee", "contractor", "partner", "service", "bot", "api_key")
NON_HUMAN_KINDS = ("service", "bot", "api_key")
IDENTITY_STATUSES = ("active", "leave", "terminated")
SYSTEM_KINDS = ("directory", "saas", "cloud", "onprem", "database", "other")
ACCOUNT_STATUSES = ("enabled", "disabled")
ROLE_KINDS = ("business", "technical")
MEMBER_KINDS = ("account", "group")
TARGET_KINDS = ("entitlement", "group")
ASSIGNMENT_SOURCES = ("birthright", "request", "direct", "mined")
BOOLEANS = ("true", "false")
SENSITIVITIES = ("0", "1", "2", "3")

MAX_ID_BYTES = 256


class Col:
    """How one column is checked.

    kind is one of:
      text    free text
      id      the row's own id: non-empty, 1..256 bytes, unique in the file
      ref     reference to `target` file (a file name without .csv)
      orphan  accounts.identity_id: a reference that may dangle (kept as orphan)
      poly    reference whose target file is chosen by another column's value
              (`target` maps that value to a file, `selector` names the column)
      enum    one of `values`
      date    ISO date (see parse_date)
    required: the cell must not be empty.
    """

    def __init__(self, name, kind="text", required=False, target=None, values=None,
                 selector=None):
        self.name = name
        self.kind = kind
        self.required = required
        self.target = target
        self.values = values
        self.selector = selector


def _text(name):
    return Col(name)


def _id():
    return Col("id", "id", required=True)


def _ref(name, target, required):
    return Col(name, "ref", required=required, target=target)


def _enum(name, values, required):
    return Col(name, "enum", required=required, values=values)


def _date(name):
    return Col(name, "date")


# File order is the order of the SPEC table; it is also the order in which defects
# count. Every reference points to the same file or an earlier one.
SCHEMA = [
    ("identities", True, [
        _id(), _text("display_name"),
        _enum("kind", IDENTITY_KINDS, True), _enum("status", IDENTITY_STATUSES, True),
        _text("department"), _text("title"), _text("location"),
        _ref("manager_id", "identities", False), _ref("owner_id", "identities", False),
        _date("hire_date"), _date("termination_date")]),
    ("systems", True, [
        _id(), _text("name"), _enum("kind", SYSTEM_KINDS, False),
        _ref("owner_id", "identities", False)]),
    ("accounts", True, [
        _id(), _ref("system_id", "systems", True),
        Col("identity_id", "orphan", target="identities"),
        _text("username"), _enum("status", ACCOUNT_STATUSES, True),
        _date("created"), _date("last_used"), _enum("privileged", BOOLEANS, False)]),
    ("groups", True, [
        _id(), _ref("system_id", "systems", True), _text("name"),
        _ref("owner_id", "identities", False)]),
    ("entitlements", True, [
        _id(), _ref("system_id", "systems", True), _text("name"), _text("resource"),
        _text("action"), _enum("sensitivity", SENSITIVITIES, False),
        _ref("owner_id", "identities", False)]),
    ("roles", True, [
        _id(), _text("name"), _enum("kind", ROLE_KINDS, False),
        _ref("owner_id", "identities", False)]),
    ("group_members", True, [
        _ref("group_id", "groups", True), _enum("member_kind", MEMBER_KINDS, True),
        Col("member_id", "poly", required=True, selector="member_kind",
            target={"account": "accounts", "group": "groups"})]),
    ("group_grants", True, [
        _ref("group_id", "groups", True), _ref("entitlement_id", "entitlements", True)]),
    ("account_grants", True, [
        _ref("account_id", "accounts", True), _ref("entitlement_id", "entitlements", True),
        _date("granted_at")]),
    ("role_includes", True, [
        _ref("role_id", "roles", True), _ref("included_role_id", "roles", True)]),
    ("role_grants", True, [
        _ref("role_id", "roles", True), _enum("target_kind", TARGET_KINDS, True),
        Col("target_id", "poly", required=True, selector="target_kind",
            target={"entitlement": "entitlements", "group": "groups"})]),
    ("role_assignments", True, [
        _ref("identity_id", "identities", True), _ref("role_id", "roles", True),
        _enum("source", ASSIGNMENT_SOURCES, False), _date("granted_at"),
        _date("expires_at")]),
    ("usage", False, [
        _ref("account_id", "accounts", True), _ref("entitlement_id", "entitlements", True),
        _date("last_used")]),
    ("sod_rules", False, [
        _id(), _ref("entitlement_a", "entitlements", True),
        _ref("entitlement_b", "entitlements", True), _text("severity"),
        _text("description")]),
    ("birthright", False, [
        _id(), _ref("role_id", "roles", True), _enum("kind", IDENTITY_KINDS, False),
        _text("department"), _text("title"), _text("location")]),
    ("role_history", False, [
        _ref("identity_id", "identities", True), _ref("role_id", "roles", True),
        _date("granted_at"), _date("revoked_at")]),
]

FILE_ORDER = [name for name, _, _ in SCHEMA]
SINGULAR = {"identities": "identity", "systems": "system", "accounts": "account",
            "groups": "group", "entitlements": "entitlement", "roles": "role"}


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #

class BundleError(Exception):
    """The first defect of a bundle. line is None for file-level errors."""

    def __init__(self, file, line, reason, column=None, value=None):
        self.file = file
        self.line = line
        self.reason = reason
        self.column = column
        self.value = value
        super().__init__(self.message())

    def position(self):
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def message(self):
        text = self.position() + ": "
        if self.column is not None:
            text += f'column "{self.column}": '
        text += self.reason
        if self.value is not None:
            text += f' (value "{self.value}")'
        return text


# --------------------------------------------------------------------------- #
# RFC 4180 parsing, over bytes
# --------------------------------------------------------------------------- #

BOM = b"\xef\xbb\xbf"
QUOTE, COMMA, LF, CR = 0x22, 0x2C, 0x0A, 0x0D


def parse_csv(data: bytes, fname: str):
    """Split a CSV file into records.

    Returns (records, syntax_error): records is a list of (start_line, [str, ...])
    for every record (header included) before the first syntax error, and
    syntax_error is a BundleError or None. Completely empty lines are skipped but
    counted. Lines are counted by LF bytes (CRLF is one line end).
    """
    pos = 3 if data.startswith(BOM) else 0
    n = len(data)
    line = 1
    records = []
    while pos < n:
        start_line = line
        # A completely empty line: skipped.
        if data[pos] == LF:
            pos += 1
            line += 1
            continue
        if data[pos] == CR and pos + 1 < n and data[pos + 1] == LF:
            pos += 2
            line += 1
            continue
        raw_fields = []
        while True:  # one field per iteration
            field = bytearray()
            if pos < n and data[pos] == QUOTE:
                pos += 1
                while True:
                    if pos >= n:
                        return records, BundleError(fname, start_line,
                                                    "unterminated quoted field")
                    c = data[pos]
                    if c == QUOTE:
                        if pos + 1 < n and data[pos + 1] == QUOTE:
                            field.append(QUOTE)
                            pos += 2
                            continue
                        pos += 1  # closing quote
                        break
                    if c == LF:
                        line += 1
                    field.append(c)
                    pos += 1
                # After a closing quote: only a comma, a line end or the end of file.
                if not (pos >= n or data[pos] in (COMMA, LF) or
                        (data[pos] == CR and pos + 1 < n and data[pos + 1] == LF)):
                    return records, BundleError(
                        fname, start_line, "character after closing quote",
                        value=_lossy(data[pos:pos + 1]))
            else:
                while pos < n and data[pos] not in (COMMA, LF, CR):
                    if data[pos] == QUOTE:
                        return records, BundleError(
                            fname, start_line, "quote inside unquoted field",
                            value=_lossy(bytes(field) + b'"'))
                    field.append(data[pos])
                    pos += 1
                if pos < n and data[pos] == CR and not (pos + 1 < n and data[pos + 1] == LF):
                    return records, BundleError(fname, start_line,
                                                "bare carriage return outside quotes")
            raw_fields.append(bytes(field))
            if pos < n and data[pos] == COMMA:
                pos += 1
                continue
            # End of record: LF, CRLF or end of file.
            if pos < n and data[pos] == CR:
                pos += 1
            if pos < n and data[pos] == LF:
                pos += 1
                line += 1
            break
        fields = []
        for raw in raw_fields:
            try:
                fields.append(raw.decode("utf-8", errors="strict"))
            except UnicodeDecodeError:
                return records, BundleError(fname, start_line, "invalid UTF-8",
                                            value=_lossy(raw))
        records.append((start_line, fields))
    return records, None


def _lossy(raw: bytes) -> str:
    return raw.decode("utf-8", errors="backslashreplace")


# --------------------------------------------------------------------------- #
# Cell checks
# --------------------------------------------------------------------------- #

_DATE_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:Z|[+-]([0-9]{2}):([0-9]{2}))?)?")


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class Date(tuple):
    """A proleptic Gregorian calendar date (year 0000..9999), ordered as written."""

    def __new__(cls, year, month, day):
        return super().__new__(cls, (year, month, day))

    def minus_days(self, days):
        """The date `days` calendar days earlier, counted back one day at a time."""
        year, month, day = self
        for _ in range(days):
            day -= 1
            if day == 0:
                month -= 1
                if month == 0:
                    year, month = year - 1, 12
                day = days_in_month(year, month)
        return Date(year, month, day)

    def isoformat(self):
        return "%04d-%02d-%02d" % self


def parse_date(text: str):
    """The calendar date written at the start of an ISO 8601 date or date-time,
    or None when the text is not one (SPEC-GAP: see the module docstring)."""
    m = _DATE_RE.fullmatch(text)
    if m is None:
        return None
    year, month, day, hh, mm, ss, oh, om = m.groups()
    year, month, day = int(year), int(month), int(day)
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        return None
    if hh is not None and (int(hh) > 23 or int(mm) > 59):
        return None
    if ss is not None and int(ss) > 60:  # 60: a leap second
        return None
    if oh is not None and (int(oh) > 23 or int(om) > 59):
        return None
    return Date(year, month, day)


def id_length_ok(value: str) -> bool:
    return 1 <= len(value.encode("utf-8")) <= MAX_ID_BYTES


# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #

class Row(dict):
    """One record: column name -> cell text, plus the line it starts at."""

    def __init__(self, line, cells):
        super().__init__(cells)
        self.line = line


def load_bundle(path: str):
    """Load and validate a bundle. Returns {file name without .csv: [Row, ...]}
    (missing optional files give empty lists). Raises BundleError on the first
    defect, in SPEC table file order, then by line."""
    tables = {}
    ids = {}  # file -> set of its ids (files with an id column)
    for name, required, columns in SCHEMA:
        fname = name + ".csv"
        fpath = os.path.join(path, fname)
        if not os.path.isfile(fpath):
            if required:
                raise BundleError(fname, None, "missing required file")
            tables[name] = []
            continue
        with open(fpath, "rb") as f:
            data = f.read()
        rows, error = _load_file(fname, name, data, columns, ids)
        if error is not None:
            raise error
        tables[name] = rows
        if any(c.kind == "id" for c in columns):
            ids[name] = {row["id"] for row in rows}
    return tables


def _load_file(fname, name, data, columns, ids):
    """Returns (rows, first_error)."""
    records, syntax_error = parse_csv(data, fname)
    if not records:
        if syntax_error is not None:
            return [], syntax_error
        return [], BundleError(fname, 1, "missing column", column=columns[0].name)
    header_line, header = records[0]
    index = {}
    for i, col_name in enumerate(header):
        index.setdefault(col_name, i)
    for col in columns:
        if col.name not in index:
            return [], BundleError(fname, header_line, "missing column", column=col.name)
        if header.count(col.name) > 1:  # SPEC-GAP: which one would count?
            return [], BundleError(fname, header_line, "column appears twice in the header",
                                   column=col.name)

    rows = []
    errors = []  # (line, BundleError) of row checks; the lowest line counts
    for line, fields in records[1:]:
        if len(fields) != len(header):
            errors.append(BundleError(
                fname, line,
                f"record has {len(fields)} fields, header has {len(header)}"))
            break  # the parse of the rest is meaningless from here on
        rows.append(Row(line, {c.name: fields[index[c.name]] for c in columns}))
    if syntax_error is not None:
        errors.append(syntax_error)
    complete = not errors  # every record of the file was read

    own_ids = {row["id"] for row in rows} if any(c.kind == "id" for c in columns) else set()
    seen = set()
    for row in rows:
        error = _check_row(fname, name, row, columns, ids, own_ids, complete, seen)
        if error is not None:
            errors.append(error)
            break
    if errors:
        return [], min(errors, key=lambda e: e.line)
    return rows, None


def _check_row(fname, name, row, columns, ids, own_ids, complete, seen):
    """The first defect of one row, or None. `seen` collects ids so far (dups)."""
    for col in columns:
        value = row[col.name]

        def err(reason):
            return BundleError(fname, row.line, reason, column=col.name, value=value)

        if value == "":
            if col.required:
                return err("empty value")
            continue
        if col.kind == "id":
            if not id_length_ok(value):
                return err("id longer than 256 bytes")
            if value in seen:
                return err("duplicate id")
            seen.add(value)
        elif col.kind in ("ref", "orphan", "poly"):
            if not id_length_ok(value):
                return err("id longer than 256 bytes")
            if col.kind == "orphan":
                continue  # kept; reported as an orphan
            if col.kind == "poly":
                target = col.target.get(row[col.selector])
                if target is None:
                    continue  # the selector column already failed (checked earlier)
            else:
                target = col.target
            if target == name:
                if not complete:
                    continue  # SPEC-GAP: cannot judge a same-file reference
                known = own_ids
            else:
                known = ids[target]
            if value not in known:
                return err(f"unknown {SINGULAR[target]} id")
        elif col.kind == "enum":
            if value not in col.values:
                return err("unknown value")
        elif col.kind == "date":
            if parse_date(value) is None:
                return err("bad date")
    return None


# --------------------------------------------------------------------------- #
# SPEC section 2: actual and expected access
# --------------------------------------------------------------------------- #

class Model:
    """The loaded bundle with the derived relations of SPEC section 2."""

    def __init__(self, tables, as_of: dt.date):
        self.t = tables
        self.as_of = as_of
        self.identities = {r["id"]: r for r in tables["identities"]}
        self.accounts = {r["id"]: r for r in tables["accounts"]}
        # Rows grouped by identity, so that large bundles stay tractable.
        self.accounts_of = defaultdict(list)
        for a in tables["accounts"]:
            self.accounts_of[a["identity_id"]].append(a)
        self.assignments_of = defaultdict(list)
        for r in tables["role_assignments"]:
            self.assignments_of[r["identity_id"]].append(r)
        self.history_of = defaultdict(list)
        for r in tables["role_history"]:
            self.history_of[r["identity_id"]].append(r)
        self.active_by_department_title = defaultdict(list)
        for r in tables["identities"]:
            if r["status"] == "active":
                self.active_by_department_title[(r["department"], r["title"])].append(r["id"])

        # group_members(G, group, H): H is a member of G, so H's members are G's.
        self.parent_groups = defaultdict(set)   # H -> {G}
        self.account_groups = defaultdict(set)  # account -> {G} (direct)
        for r in tables["group_members"]:
            if r["member_kind"] == "group":
                self.parent_groups[r["member_id"]].add(r["group_id"])
            else:
                self.account_groups[r["member_id"]].add(r["group_id"])
        self.group_grants = defaultdict(set)
        for r in tables["group_grants"]:
            self.group_grants[r["group_id"]].add(r["entitlement_id"])
        self.account_grants = defaultdict(set)
        for r in tables["account_grants"]:
            self.account_grants[r["account_id"]].add(r["entitlement_id"])
        self.role_includes = defaultdict(set)
        for r in tables["role_includes"]:
            self.role_includes[r["role_id"]].add(r["included_role_id"])
        self.role_entitlements = defaultdict(set)
        self.role_groups = defaultdict(set)
        for r in tables["role_grants"]:
            if r["target_kind"] == "entitlement":
                self.role_entitlements[r["role_id"]].add(r["target_id"])
            else:
                self.role_groups[r["role_id"]].add(r["target_id"])

    # -- groups --
    def groups_containing(self, group):
        """group itself and every group it is a member of, through any nesting."""
        return _reach(group, self.parent_groups)

    def entitlements_via_group(self, group):
        """What every member of `group` holds: grants to it or to any group it is in."""
        out = set()
        for g in self.groups_containing(group):
            out |= self.group_grants[g]
        return out

    # -- actual --
    def account_holds(self, account_id):
        if self.accounts[account_id]["status"] != "enabled":
            return set()
        out = set(self.account_grants[account_id])
        for g in self.account_groups[account_id]:
            out |= self.entitlements_via_group(g)
        return out

    def actual(self, identity_id):
        out = set()
        for a in self.accounts_of[identity_id]:
            out |= self.account_holds(a["id"])
        return out

    # -- expected --
    def roles_included(self, role):
        """role itself and every role it includes, transitively."""
        return _reach(role, self.role_includes)

    def role_grants_entitlements(self, role):
        """Everything holding `role` means being expected to have."""
        out = set()
        for r in self.roles_included(role):
            out |= self.role_entitlements[r]
            for g in self.role_groups[r]:
                out |= self.entitlements_via_group(g)
        return out

    def assignment_valid(self, row):
        granted, expires = row["granted_at"], row["expires_at"]
        if granted != "" and not parse_date(granted) <= self.as_of:
            return False
        if expires != "" and not parse_date(expires) > self.as_of:
            return False
        return True

    def birthright_matches(self, rule, identity):
        for cond in ("kind", "department", "title", "location"):
            if rule[cond] != "" and rule[cond] != identity[cond]:
                return False
        return True

    def held_roles(self, identity_id):
        identity = self.identities[identity_id]
        if identity["status"] == "terminated":
            return set()
        base = set()
        for r in self.assignments_of[identity_id]:
            if self.assignment_valid(r):
                base.add(r["role_id"])
        for rule in self.t["birthright"]:
            if self.birthright_matches(rule, identity):
                base.add(rule["role_id"])
        held = set()
        for r in base:
            held |= self.roles_included(r)
        return held

    def expected(self, identity_id):
        out = set()
        for r in self.held_roles(identity_id):
            out |= self.role_grants_entitlements(r)
        return out


def _reach(start, edges):
    seen = {start}
    queue = deque([start])
    while queue:
        x = queue.popleft()
        for y in edges.get(x, ()):
            if y not in seen:
                seen.add(y)
                queue.append(y)
    return seen


# --------------------------------------------------------------------------- #
# SPEC section 3: findings
# --------------------------------------------------------------------------- #

def compute(tables, as_of, dormant_days=90, outlier_threshold=Fraction(1, 10)):
    """Returns (effective_rows, finding_rows), each a list of lists of str."""
    m = Model(tables, as_of)
    actual = {i: m.actual(i) for i in m.identities}
    expected = {i: m.expected(i) for i in m.identities}

    effective = []
    for i in m.identities:
        for e in actual[i]:
            effective.append([i, e, "true" if e in expected[i] else "false"])

    findings = []

    def finding(ftype, kind, subject, related="", detail=""):
        findings.append([ftype, kind, subject, related, detail])

    cutoff = as_of.minus_days(dormant_days)
    for a in tables["accounts"]:
        if a["status"] != "enabled":
            continue
        owner = a["identity_id"]
        if owner == "" or owner not in m.identities:
            finding("orphan_account", "account", a["id"], owner)
        elif m.identities[owner]["status"] == "terminated":
            finding("leaver_access", "account", a["id"], owner)
        if a["last_used"] != "":
            dormant = parse_date(a["last_used"]) < cutoff
        elif a["created"] != "":
            dormant = parse_date(a["created"]) < cutoff
        else:
            dormant = False
        if dormant:
            finding("dormant_account", "account", a["id"], owner)

    for i, ident in m.identities.items():
        if ident["status"] == "terminated":
            continue
        if ident["kind"] in NON_HUMAN_KINDS:
            if ident["owner_id"] == "":
                finding("nhi_no_owner", "identity", i)
            elif m.identities[ident["owner_id"]]["status"] == "terminated":
                finding("nhi_owner_terminated", "identity", i, ident["owner_id"])
        for rule in tables["sod_rules"]:
            if rule["entitlement_a"] in actual[i] and rule["entitlement_b"] in actual[i]:
                finding("sod_violation", "identity", i, rule["id"])
        for e in expected[i] - actual[i]:
            finding("missing_access", "identity", i, e)
        unjustified = actual[i] - expected[i]
        if unjustified:
            residue = set()
            for h in m.history_of[i]:
                if h["revoked_at"] != "" and parse_date(h["revoked_at"]) <= as_of:
                    residue |= m.role_grants_entitlements(h["role_id"])
            peers = peers_of(m, i)
            for e in unjustified:
                if e in residue:
                    cls = "mover_residue"
                elif not peers:
                    cls = "no_peers"
                elif Fraction(sum(1 for p in peers if e in actual[p]),
                              len(peers)) < outlier_threshold:
                    cls = "peer_outlier"
                else:
                    cls = "peer_common"
                finding("unjustified_access", "identity", i, e, cls)
    return effective, findings


def peers_of(m, identity_id):
    me = m.identities[identity_id]
    if me["department"] == "" or me["title"] == "":
        return []
    return [j for j in m.active_by_department_title[(me["department"], me["title"])]
            if j != identity_id]


# --------------------------------------------------------------------------- #
# SPEC section 5: output
# --------------------------------------------------------------------------- #

EFFECTIVE_HEADER = ["identity_id", "entitlement_id", "justified"]
FINDINGS_HEADER = ["type", "subject_kind", "subject_id", "related_id", "detail"]


def encode_field(value: str) -> str:
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def encode_line(fields) -> bytes:
    return ",".join(encode_field(f) for f in fields).encode("utf-8")


def render_csv(header, rows) -> bytes:
    """Header first, then the rows sorted by the bytes of the whole line; LF ends."""
    lines = sorted(encode_line(r) for r in rows)
    return b"".join(line + b"\n" for line in [encode_line(header)] + lines)


def analyze(bundle, out_dir, as_of, dormant_days=90, outlier_threshold=Fraction(1, 10)):
    """Load, compute and write. Raises BundleError before writing anything."""
    tables = load_bundle(bundle)
    effective, findings = compute(tables, as_of, dormant_days, outlier_threshold)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "effective_access.csv"), "wb") as f:
        f.write(render_csv(EFFECTIVE_HEADER, effective))
    with open(os.path.join(out_dir, "findings.csv"), "wb") as f:
        f.write(render_csv(FINDINGS_HEADER, findings))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="accessgraph_ref")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze")
    p.add_argument("bundle")
    p.add_argument("--out", required=True)
    p.add_argument("--as-of")
    p.add_argument("--dormant-days", type=int, default=90)
    p.add_argument("--outlier-threshold", default="0.1")
    args = parser.parse_args(argv)
    if args.as_of is None:
        today = dt.datetime.now(dt.timezone.utc).date()
        as_of = Date(today.year, today.month, today.day)
    else:
        as_of = parse_date(args.as_of)
        if as_of is None:
            print(f'accessgraph_ref: error: bad --as-of date "{args.as_of}"', file=sys.stderr)
            return 2
    try:
        analyze(args.bundle, args.out, as_of, args.dormant_days,
                Fraction(args.outlier_threshold))
    except BundleError as e:
        print(f"accessgraph_ref: error: {e.message()}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
