#!/usr/bin/env python3
"""Writes a large synthetic directory export for timing `accessgraph import`.

  generate_dumps.py --format ldif --size-mb 2048 --out /tmp/dump/directory.ldif
  generate_dumps.py --format scim --size-mb 2048 --out /tmp/dump/scim.json

The data is shaped like real exports: an Active Directory LDIF (ldifde style: users
with a dozen attributes, some folded lines and base64 values, groups with member DNs,
nested groups) or one SCIM ListResponse of Users (enterprise extension, emails) and
Groups (members of type User and Group). People make up about two thirds of the
bytes, group memberships the rest. It also writes import.json beside the dump (the
config that imports it) and prints the counts it wrote. Generated data stays out of git.
"""
import argparse
import base64
import json
import os
import random

DEPARTMENTS = ["Engineering", "Sales", "Finance", "Marketing", "Support", "Legal", "Operations", "HR"]
TITLES = ["Engineer", "Senior Engineer", "Manager", "Analyst", "Director", "Specialist", "Associate"]
FIRST = ["Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj",
         "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoe", "Jörg", "Zoë"]
LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Müller", "O'Neil"]
BASE = "DC=corp,DC=example,DC=com"


def fold(line):
    """RFC 2849 folding at 76 columns, as ldifde does."""
    if len(line) <= 76:
        return line + "\n"
    parts = [line[:76]]
    rest = line[76:]
    while rest:
        parts.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(parts) + "\n"


def attr(name, value):
    if value and (not value.isascii() or value[0] in " :<"):
        return fold(name + ":: " + base64.b64encode(value.encode()).decode())
    return fold(name + ": " + value)


def user_dn(i):
    return f"CN=User {i:08d},OU=People,OU=Dept{i % 50:02d},{BASE}"


def group_dn(g):
    return f"CN=Group {g:07d},OU=Groups,{BASE}"


def ldif_user(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    out = [attr("dn", user_dn(i)), "changetype: add\n", "objectClass: top\nobjectClass: person\n",
           "objectClass: organizationalPerson\nobjectClass: user\n",
           attr("cn", f"User {i:08d}"), attr("givenName", first), attr("sn", last),
           attr("displayName", f"{first} {last}"), attr("sAMAccountName", f"u{i:08d}"),
           attr("userPrincipalName", f"u{i:08d}@corp.example.com"), attr("mail", f"u{i:08d}@example.com"),
           attr("employeeID", f"E{i:08d}"), attr("department", rng.choice(DEPARTMENTS)),
           attr("title", rng.choice(TITLES)),
           attr("description", "Account of " + first + " " + last + ", created by the provisioning workflow "
                + "for the regional office; see ticket " + str(rng.randrange(10**6))),
           attr("manager", user_dn(rng.randrange(users))),
           f"userAccountControl: {514 if rng.random() < 0.05 else 512}\n",
           f"lastLogonTimestamp: {133000000000000000 + rng.randrange(10**15)}\n",
           "whenCreated: 20200101120000.0Z\n", "\n"]
    return "".join(out)


def ldif_group(rng, g, users, groups, members):
    out = [attr("dn", group_dn(g)), "changetype: add\n", "objectClass: top\nobjectClass: group\n",
           attr("cn", f"Group {g:07d}"), attr("sAMAccountName", f"g{g:07d}")]
    for _ in range(members):
        out.append(attr("member", user_dn(rng.randrange(users))))
    if g > 0 and rng.random() < 0.3:
        out.append(attr("member", group_dn(rng.randrange(g))))
    out.append("\n")
    return "".join(out)


def scim_user(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    user = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": f"00u{i:012d}", "externalId": f"E{i:08d}", "userName": f"u{i:08d}@example.com",
        "name": {"givenName": first, "familyName": last, "formatted": f"{first} {last}"},
        "displayName": f"{first} {last}",
        "emails": [{"value": f"u{i:08d}@example.com", "type": "work", "primary": True}],
        "title": rng.choice(TITLES), "userType": "Employee", "active": rng.random() >= 0.05,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": f"E{i:08d}", "department": rng.choice(DEPARTMENTS),
            "manager": {"value": f"00u{rng.randrange(users):012d}"}},
        "meta": {"resourceType": "User", "created": "2020-01-01T12:00:00Z",
                 "lastModified": "2024-05-01T08:00:00Z",
                 "location": f"https://example.okta.com/scim/v2/Users/00u{i:012d}"},
    }
    return json.dumps(user, ensure_ascii=False, indent=2)


def scim_group(rng, g, users, groups, members):
    member_list = [{"value": f"00u{rng.randrange(users):012d}", "type": "User", "display": "x"}
                   for _ in range(members)]
    if g > 0 and rng.random() < 0.3:
        member_list.append({"value": f"00g{rng.randrange(g):012d}", "type": "Group"})
    group = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": f"00g{g:012d}",
             "displayName": f"Group {g:07d}", "members": member_list,
             "meta": {"resourceType": "Group", "created": "2020-01-01T12:00:00Z"}}
    return json.dumps(group, ensure_ascii=False, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["ldif", "scim"], required=True)
    parser.add_argument("--size-mb", type=float, required=True, help="approximate size of the dump")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--members", type=int, default=40, help="members per group")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1e6)
    per_user = 820 if args.format == "ldif" else 1150
    per_member = 68 if args.format == "ldif" else 105
    users = max(10, int(target * 0.65 / per_user))
    groups = max(1, int(target * 0.35 / (per_member * args.members)))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    chunk = []
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        def emit(text):
            nonlocal written
            chunk.append(text)
            if len(chunk) >= 2000:
                block = "".join(chunk)
                written += len(block)
                out.write(block)
                chunk.clear()
        if args.format == "ldif":
            emit("version: 1\n\n# generated by bench/import/generate_dumps.py\n\n")
            for i in range(users):
                emit(ldif_user(rng, i, users))
            for g in range(groups):
                emit(ldif_group(rng, g, users, groups, args.members))
        else:
            emit('{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], '
                 f'"totalResults": {users + groups}, "itemsPerPage": {users + groups}, "startIndex": 1, '
                 '"Resources": [\n')
            for i in range(users):
                emit(scim_user(rng, i, users) + ",\n")
            for g in range(groups):
                emit(scim_group(rng, g, users, groups, args.members) + (",\n" if g + 1 < groups else "\n"))
            emit("]}\n")
        out.write("".join(chunk))
    source = {"format": args.format, "path": os.path.basename(args.out), "system": "corp"}
    config = {"sources": [source], "correlation": [{"account": "employeeID", "identity": "employee_id"}]}
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "import.json"), "w") as out:
        json.dump(config, out, indent=2)
    print(f"{args.out}: {os.path.getsize(args.out) / 1e6:.0f} MB, {users} users, {groups} groups, "
          f"about {groups * args.members} memberships")


if __name__ == "__main__":
    main()
