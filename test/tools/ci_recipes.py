#!/usr/bin/env python3
"""Runs docs/ci/'s CI recipes locally, offline, for the lit tests.

  ci_recipes.py workflow WORKFLOW.yml --action action.yml --workspace DIR
                [--input NAME=VALUE ...] [--github NAME=VALUE ...]
  ci_recipes.py gitlab GITLAB-CI.yml --job NAME --workspace DIR

workflow: checks the composite action's YAML (every input it reads is
declared, every shell step names its shell, the workflow passes only declared
inputs), then runs the workflow's single job as GitHub would: its `run:`
steps in the workspace, actions/checkout skipped (the workspace is the
checkout), and the step that uses the slicemap action expanded into the
action's own steps, whose `${{ }}` expressions are evaluated from the inputs
and from stand-ins for GitHub's contexts (runner.temp, github.action_path,
...). GITHUB_OUTPUT, GITHUB_PATH and `if:` conditions work as on GitHub. The
upload-sarif step is not run: the SARIF file it would upload is checked and
summarised instead. Exits with the job's status.

gitlab: runs the job's `script:` lines as one bash script in the workspace,
with GitLab's error handling (stop at the first failing line).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Context:
    """What `${{ }}` expressions read: inputs, github.*, runner.*, steps.*."""

    def __init__(self, inputs, github, runner):
        self.inputs = inputs
        self.github = github
        self.runner = runner
        self.steps = {}  # step id -> {output: value}

    def value(self, ref):
        if ref in ("!cancelled()", "always()", "success()"):
            return True
        if ref == "cancelled()" or ref == "failure()":
            return False
        literal = re.fullmatch(r"'(.*)'", ref)
        if literal:
            return literal.group(1)
        parts = ref.split(".")
        if parts[0] == "inputs" and len(parts) == 2 and parts[1] in self.inputs:
            return self.inputs[parts[1]]
        if parts[0] in ("github", "runner") and len(parts) == 2:
            table = self.github if parts[0] == "github" else self.runner
            if parts[1] in table:
                return table[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        raise SystemExit("ci_recipes: expression not understood: %r" % ref)

    def evaluate(self, expression):
        """The subset of GitHub's expression language the recipes use:
        references, 'literals', ==, && and the status functions."""
        result = True
        for term in expression.split("&&"):
            term = term.strip()
            equal = term.split("==")
            if len(equal) == 2:
                value = str(self.value(equal[0].strip())) == str(self.value(equal[1].strip()))
            else:
                value = self.value(term)
            result = result and bool(value)
        return result

    def substitute(self, text):
        return EXPRESSION.sub(lambda m: str(self.value(m.group(1))), str(text))

    def condition(self, step, failed):
        condition = step.get("if")
        if condition is None:
            return not failed
        condition = EXPRESSION.sub(lambda m: m.group(1), str(condition))
        status_function = re.search(r"\b(always|cancelled|failure|success)\(\)", condition)
        if failed and not status_function:
            return False  # without a status function, `if:` implies success()
        return self.evaluate(condition)


def check_action(action, path):
    """The action's YAML as GitHub requires it, and self-consistent."""
    problems = []
    if action.get("runs", {}).get("using") != "composite":
        problems.append("runs.using is not composite")
    declared = set(action.get("inputs", {}))
    used = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", json.dumps(action)))
    for name in sorted(used - declared):
        problems.append("input %r is used but not declared" % name)
    for name in sorted(declared - used):
        problems.append("input %r is declared but never used" % name)
    for step in action["runs"]["steps"]:
        if "run" in step and step.get("shell") != "bash":
            problems.append("step %r: composite run steps need shell: bash" % step.get("name"))
        if ("run" in step) == ("uses" in step):
            problems.append("step %r: needs exactly one of run/uses" % step.get("name"))
    if problems:
        raise SystemExit("ci_recipes: %s: %s" % (path, "; ".join(problems)))
    print("action.yml: %d inputs, %d steps, composite: ok" % (len(declared), len(action["runs"]["steps"])))


def run_shell(script, env, cwd, shell):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
    try:
        return subprocess.call(shell + [f.name], env=env, cwd=cwd)
    finally:
        os.unlink(f.name)


def read_lines(path):
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    open(path, "w").close()
    return lines


class Runner:
    """Runs steps with GitHub's files for outputs and PATH additions."""

    def __init__(self, workspace, temp, env):
        self.workspace = workspace
        self.env = dict(env)
        self.output_file = os.path.join(temp, "github_output")
        self.path_file = os.path.join(temp, "github_path")
        open(self.output_file, "w").close()
        open(self.path_file, "w").close()
        self.env.update({"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace,
                         "RUNNER_TEMP": temp, "GITHUB_OUTPUT": self.output_file,
                         "GITHUB_PATH": self.path_file})

    def run(self, step, context, extra_env):
        env = dict(self.env)
        env.update(extra_env)
        env.update({k: context.substitute(v) for k, v in step.get("env", {}).items()})
        script = context.substitute(step["run"]) if "${{" in step["run"] else step["run"]
        status = run_shell(script, env, self.workspace,
                           ["bash", "--noprofile", "--norc", "-eo", "pipefail"])
        outputs = dict(line.split("=", 1) for line in read_lines(self.output_file))
        if "id" in step:
            context.steps[step["id"]] = outputs
        added = read_lines(self.path_file)
        if added:
            self.env["PATH"] = os.pathsep.join(list(reversed(added)) + [self.env["PATH"]])
        return status


def check_sarif(path, category):
    with open(path) as f:
        sarif = json.load(f)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1, "not one SARIF 2.1.0 run"
    run = sarif["runs"][0]
    results = run.get("results", [])
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    for result in results:
        assert result["ruleId"] in rules, "result of an undeclared rule %s" % result["ruleId"]
    print("upload-sarif: %s, %d results, %d rules, category %s" %
          (os.path.basename(path), len(results), len(rules), category))


def run_action(action, inputs, runner, github, failed):
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update({k: str(v) for k, v in inputs.items()})
    context = Context(values, github, {"temp": runner.env["RUNNER_TEMP"]})
    status = 0
    for step in action["runs"]["steps"]:
        if not context.condition(step, failed):
            print("--- action step %r: skipped" % step.get("name"))
            continue
        print("--- action step %r" % step.get("name"), flush=True)
        if "uses" in step:
            if not step["uses"].startswith("github/codeql-action/upload-sarif@"):
                raise SystemExit("ci_recipes: no stand-in for %s" % step["uses"])
            sarif = os.path.join(runner.workspace, context.substitute(step["with"]["sarif_file"]))
            check_sarif(sarif, context.substitute(step["with"].get("category", "")))
            continue
        step_status = runner.run(step, context, {"GITHUB_ACTION_PATH": github["action_path"]})
        if step_status != 0:
            print("--- action step %r: exit status %d" % (step.get("name"), step_status))
            failed, status = True, status or step_status
    return status


def workflow(args):
    with open(args.action) as f:
        action = yaml.safe_load(f)
    check_action(action, args.action)
    with open(args.file) as f:
        flow = yaml.safe_load(f)
    (job_name, job), = flow["jobs"].items()
    github = {"action_path": SOURCE_DIR, "action_repository": "slicemap/slicemap",
              "server_url": "https://github.com", "workspace": args.workspace}
    github.update(dict(item.split("=", 1) for item in args.github))
    temp = tempfile.mkdtemp(prefix="runner-temp-")
    runner = Runner(args.workspace, temp, os.environ)
    overrides = dict(item.split("=", 1) for item in args.input)
    failed, status = False, 0
    for step in job["steps"]:
        uses = step.get("uses", "")
        name = step.get("name", uses)
        if failed and not Context({}, github, {}).condition(step, failed):
            print("--- step %r: skipped" % name)
            continue
        print("--- step %r" % name, flush=True)
        if uses.startswith("actions/checkout@"):
            continue
        if uses.startswith("slicemap/slicemap@"):
            inputs = dict(step.get("with") or {})
            unknown = set(inputs) - set(action["inputs"])
            if unknown:
                raise SystemExit("ci_recipes: the workflow passes undeclared inputs %s" % unknown)
            inputs.update(overrides)
            step_status = run_action(action, inputs, runner, github, failed)
        elif "run" in step:
            step_status = runner.run(step, Context({}, github, {"temp": temp}), {})
        else:
            raise SystemExit("ci_recipes: no stand-in for step %r" % name)
        if step_status != 0:
            failed, status = True, step_status
    print("job %s: exit status %d" % (job_name, status))
    return status


def gitlab(args):
    with open(args.file) as f:
        jobs = yaml.safe_load(f)
    script = "set -eo pipefail\n" + "\n".join(jobs[args.job]["script"]) + "\n"
    status = run_shell(script, dict(os.environ, CI="true", GITLAB_CI="true"), args.workspace,
                       ["bash", "--noprofile", "--norc"])
    print("job %s: exit status %d" % (args.job, status))
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)
    flow = sub.add_parser("workflow")
    flow.add_argument("file")
    flow.add_argument("--action", required=True)
    flow.add_argument("--workspace", required=True)
    flow.add_argument("--input", action="append", default=[], help="NAME=VALUE for the action")
    flow.add_argument("--github", action="append", default=[], help="NAME=VALUE of github.*")
    lab = sub.add_parser("gitlab")
    lab.add_argument("file")
    lab.add_argument("--job", required=True)
    lab.add_argument("--workspace", required=True)
    args = parser.parse_args()
    args.workspace = os.path.abspath(args.workspace)
    sys.stdout.reconfigure(line_buffering=True)
    return workflow(args) if args.kind == "workflow" else gitlab(args)


if __name__ == "__main__":
    sys.exit(main())
