#!/usr/bin/env python3
"""Validates a slicemap-lint report (JSON or SARIF 2.1.0) structurally and
checks its findings. Used by the lit tests in test/lint.

  check_report.py json|sarif REPORT [--expect CHECK:PATH:LINE:COL ...]
      [--fix PATH:LINE:COL:TEXT ...] [--note-fix PATH:LINE:COL:TEXT ...]
      [--error PATH ...] [--rules CHECK ...] [--help-uri-base URL]
      [--cut-short CHECK:PATH:LINE:FUNCTION ...]

--expect lists every finding exactly (PATH relative to the project root);
--fix and --note-fix require an insertion of TEXT in the fix of the finding
at PATH:LINE (--fix: the warning's own fix; --note-fix: a note's); --error lists the
translation units reported as not analysed; --rules the SARIF rules;
--cut-short lists every function whose analysis ran out of its budget
(JSON "cutShort", SARIF note-level notifications) exactly.
Exits non-zero with a message on the first mismatch.
"""

import argparse
import json
import re
import sys

HEX32 = re.compile(r"^[0-9a-f]{32}$")


class Mismatch(Exception):
    pass


def need(condition, message):
    if not condition:
        raise Mismatch(message)


def is_pos_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def check_json(doc, args):
    need(isinstance(doc, dict), "top level is not an object")
    need(doc.get("version") == 1, "version != 1")
    need(doc.get("tool", {}).get("name") == "slicemap-lint", "tool.name")
    root = doc.get("projectRoot")
    need(isinstance(root, str) and root.startswith("/"), "projectRoot")
    findings = doc.get("findings")
    need(isinstance(findings, list), "findings is not a list")
    seen, fixes, fingerprints = [], set(), set()
    for f in findings:
        for key in ("check", "message", "path", "fingerprint"):
            need(isinstance(f.get(key), str) and f[key], "finding without %s: %r" % (key, f))
        loc = f.get("location", {})
        need(isinstance(loc.get("file"), str) and loc["file"].startswith("/"), "location.file")
        need(is_pos_int(loc.get("line")) and is_pos_int(loc.get("column")), "location line/column")
        need(loc["file"] == root + "/" + f["path"] or not loc["file"].startswith(root + "/"),
             "path is not file relative to projectRoot: %r" % f)
        need(HEX32.match(f["fingerprint"]), "fingerprint is not 32 hex digits")
        need(f["fingerprint"] not in fingerprints, "duplicate fingerprint")
        fingerprints.add(f["fingerprint"])
        need(isinstance(f.get("notes"), list) and isinstance(f.get("fix"), list), "notes/fix")
        seen.append("%s:%s:%d:%d" % (f["check"], f["path"], loc["line"], loc["column"]))
        edits = [(e, False) for e in f["fix"]]
        for n in f["notes"]:
            need(isinstance(n.get("message"), str), "note message")
            need(is_pos_int(n["location"]["line"]), "note line")
            edits += [(e, True) for e in n.get("fix", [])]
        for e, from_note in edits:
            for key, kind in (("file", str), ("offset", int), ("length", int),
                              ("replacement", str)):
                need(isinstance(e.get(key), kind), "fix without %s" % key)
            if e["length"] == 0:
                fixes.add((from_note, f["path"], loc["line"], e["replacement"]))
    errors = doc.get("errors")
    need(isinstance(errors, list), "errors is not a list")
    error_files = []
    for e in errors:
        need(isinstance(e.get("file"), str) and isinstance(e.get("message"), str), "error entry")
        need(isinstance(e.get("diagnostics"), list), "error diagnostics")
        error_files.append(e["file"])
    cut_short = doc.get("cutShort")
    need(isinstance(cut_short, list), "cutShort is not a list")
    cut = []
    for c in cut_short:
        for key in ("check", "function", "message", "path"):
            need(isinstance(c.get(key), str) and c[key], "cutShort entry without %s" % key)
        need(c["message"].startswith("analysis budget ran out in '%s'" % c["function"]),
             "cutShort message: %r" % c["message"])
        loc = c.get("location", {})
        need(is_pos_int(loc.get("line")) and is_pos_int(loc.get("column")), "cutShort location")
        cut.append("%s:%s:%d:%s" % (c["check"], c["path"], loc["line"], c["function"]))
    summary = doc.get("summary", {})
    need(summary.get("findings") == len(findings), "summary.findings")
    need(summary.get("failed") == len(errors), "summary.failed")
    need(summary.get("cutShort") == len(cut_short), "summary.cutShort")
    need(sum(summary.get("byCheck", {}).values()) == len(findings), "summary.byCheck")
    return seen, fixes, error_files, cut


def check_sarif(doc, args):
    need(doc.get("version") == "2.1.0", "version is not 2.1.0")
    need("sarif" in doc.get("$schema", ""), "$schema")
    runs = doc.get("runs")
    need(isinstance(runs, list) and len(runs) == 1, "runs is not a list of one run")
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    need(driver.get("name") == "slicemap-lint", "tool.driver.name")
    rules = driver.get("rules")
    need(isinstance(rules, list) and rules, "tool.driver.rules")
    rule_ids = []
    for rule in rules:
        need(isinstance(rule.get("id"), str), "rule.id")
        text = rule.get("shortDescription", {}).get("text")
        need(isinstance(text, str) and text and text != rule["id"],
             "rule %s has no short description" % rule["id"])
        need(rule.get("helpUri", "").endswith("/%s.md" % rule["id"]), "rule.helpUri")
        if args.help_uri_base:
            need(rule["helpUri"] == args.help_uri_base + rule["id"] + ".md",
                 "helpUri %s does not use --help-uri-base" % rule["helpUri"])
        rule_ids.append(rule["id"])
    need(len(set(rule_ids)) == len(rule_ids), "duplicate rule ids")
    if args.rules:
        need(sorted(rule_ids) == sorted(args.rules),
             "rules %s, expected %s" % (rule_ids, args.rules))
    base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    need(base.startswith("file:///") and base.endswith("/"), "originalUriBaseIds")
    results = run.get("results")
    need(isinstance(results, list), "results is not a list")

    def location(physical):
        artifact = physical.get("artifactLocation", {})
        need(isinstance(artifact.get("uri"), str), "artifactLocation.uri")
        region = physical.get("region", {})
        need(is_pos_int(region.get("startLine")) and is_pos_int(region.get("startColumn")),
             "region start")
        uri = artifact["uri"]
        if artifact.get("uriBaseId") != "%SRCROOT%":
            need(uri.startswith("file:///"), "absolute uri without file scheme: " + uri)
        return uri, region["startLine"], region["startColumn"]

    seen, fixes, fingerprints = [], set(), set()
    for r in results:
        need(r.get("ruleId") in rule_ids, "result.ruleId %r not a rule" % r.get("ruleId"))
        need(rules[r.get("ruleIndex", -1)]["id"] == r["ruleId"], "result.ruleIndex")
        need(r.get("level") == "warning", "result.level")
        need(isinstance(r.get("message", {}).get("text"), str), "result.message.text")
        locations = r.get("locations")
        need(isinstance(locations, list) and len(locations) == 1, "result.locations")
        uri, line, col = location(locations[0]["physicalLocation"])
        seen.append("%s:%s:%d:%d" % (r["ruleId"], uri, line, col))
        fp = r.get("partialFingerprints", {}).get("slicemapFingerprint/v1", "")
        need(HEX32.match(fp), "partialFingerprints")
        need(fp not in fingerprints, "duplicate fingerprint")
        fingerprints.add(fp)
        for i, related in enumerate(r.get("relatedLocations", [])):
            need(related.get("id") == i, "relatedLocations.id")
            need(isinstance(related.get("message", {}).get("text"), str), "related message")
            location(related["physicalLocation"])
        for fix in r.get("fixes", []):
            need(isinstance(fix.get("description", {}).get("text"), str), "fix.description")
            changes = fix.get("artifactChanges")
            need(isinstance(changes, list) and changes, "fix.artifactChanges")
            for change in changes:
                need(isinstance(change.get("artifactLocation", {}).get("uri"), str),
                     "artifactChange.artifactLocation")
                for rep in change.get("replacements", []):
                    d = rep.get("deletedRegion", {})
                    for key in ("startLine", "startColumn", "endLine", "endColumn"):
                        need(is_pos_int(d.get(key)), "deletedRegion.%s" % key)
                    text = rep.get("insertedContent", {}).get("text")
                    need(isinstance(text, str), "insertedContent.text")
                    if (d["startLine"], d["startColumn"]) == (d["endLine"], d["endColumn"]):
                        # The warning's own fix is described by the warning's
                        # message, a note's by the note's.
                        from_note = fix["description"]["text"] != r["message"]["text"]
                        fixes.add((from_note, change["artifactLocation"]["uri"], line,
                                   text))
    invocations = run.get("invocations")
    need(isinstance(invocations, list) and len(invocations) == 1, "invocations")
    notes = invocations[0].get("toolExecutionNotifications", [])
    error_files, cut = [], []
    for n in notes:
        need(n.get("level") in ("error", "note"), "notification level")
        if n["level"] == "error":
            error_files.append(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            continue
        # A function cut short: its location and its check's rule.
        rule = n.get("associatedRule", {})
        need(rule.get("id") in rule_ids and rules[rule.get("index", -1)]["id"] == rule["id"],
             "notification associatedRule")
        text = n.get("message", {}).get("text", "")
        need(text.startswith("analysis budget ran out in '"), "note notification: %r" % text)
        uri, line, _col = location(n["locations"][0]["physicalLocation"])
        function = text[len("analysis budget ran out in '"):].split("'")[0]
        cut.append("%s:%s:%d:%s" % (rule["id"], uri, line, function))
    need(invocations[0].get("executionSuccessful") == (not error_files), "executionSuccessful")
    return seen, fixes, error_files, cut


def parse_fix(spec):
    path, line, col, text = spec.split(":", 3)
    return path, int(line), int(col), text


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("format", choices=["json", "sarif"])
    parser.add_argument("report")
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--fix", action="append", default=[])
    parser.add_argument("--note-fix", action="append", default=[])
    parser.add_argument("--error", action="append", default=[])
    parser.add_argument("--rules", action="append", default=[])
    parser.add_argument("--help-uri-base")
    parser.add_argument("--cut-short", action="append", default=[])
    args = parser.parse_args()
    try:
        with open(args.report) as f:
            doc = json.load(f)
        seen, fixes, error_files, cut = (check_json if args.format == "json"
                                         else check_sarif)(doc, args)
        expected = list(args.expect)
        order = [(s.split(":")[1], int(s.split(":")[2]), int(s.split(":")[3])) for s in seen]
        need(order == sorted(order), "findings are not sorted by file, line, column")
        need(sorted(seen) == sorted(expected),
             "findings differ:\n  got      %s\n  expected %s" % (sorted(seen), sorted(expected)))
        for spec, from_note in [(s, False) for s in args.fix] + [(s, True) for s in args.note_fix]:
            path, line, _col, text = parse_fix(spec)
            need(any(p == path and l == line and t == text and (n == from_note)
                     for n, p, l, t in fixes),
                 "no %s fix %r; fixes: %s" % ("note" if from_note else "warning", spec,
                                              sorted(fixes)))
        need([e.rsplit("/", 1)[-1] for e in sorted(error_files)] ==
             [e.rsplit("/", 1)[-1] for e in sorted(args.error)],
             "errors %s, expected %s" % (error_files, args.error))
        need(sorted(cut) == sorted(args.cut_short),
             "functions cut short differ:\n  got      %s\n  expected %s"
             % (sorted(cut), sorted(args.cut_short)))
    except Mismatch as error:
        sys.exit("check_report: %s: %s" % (args.report, error))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        sys.exit("check_report: %s: invalid report: %r" % (args.report, error))
    print("check_report: %s ok (%d findings)" % (args.report, len(seen)))


if __name__ == "__main__":
    main()
