#!/usr/bin/env python3
"""The editor path of the consumer check: a real C# language server (csharp-ls, a dotnet tool of this repository's
manifest) opens the consumer project, with analyzers turned on through workspace/configuration, and must show the
mistaken file's HookSafety findings with the build's ids, lines and messages; an edit that adds a mistake must bring a
new finding.

Usage: editor-check.py <repo> <project folder> <file> <build log>
Prints one line per check ("PASS ..." / "FAIL ...") and exits non-zero when one fails.

The edit and the labels can be changed through the environment (the consumer check's release series uses it for
HS0018): EDITOR_CHECK_LABEL (default "(f)"), EDITOR_CHECK_ADDITION (the text appended), EDITOR_CHECK_ADDITION_ID (the
id it must bring) and EDITOR_CHECK_ADDITION_MARKER (text on the line the finding must be on).
"""
import json
import os
import re
import subprocess
import sys
import threading
import time
import queue
from pathlib import Path

repo, root, path, build_log = sys.argv[1:5]
file_uri = Path(path).resolve().as_uri()
TIMEOUT = float(os.environ.get("EDITOR_CHECK_TIMEOUT", "180"))
label = os.environ.get("EDITOR_CHECK_LABEL", "(f)")

# What the build reported for the file: {(id, line): message}.
expected = {}
pattern = re.compile(r"(?P<file>[^\s/\\]+\.cs)\((?P<line>\d+),\d+\): (?:warning|error) (?P<id>HS\d{4}): (?P<msg>.*?)(?: \(https?://\S+\))? \[")
for line in open(build_log, encoding="utf-8", errors="replace"):
    m = pattern.search(line)
    if m and m["file"] == Path(path).name:
        expected[(m["id"], int(m["line"]))] = m["msg"]

server = subprocess.Popen(["dotnet", "tool", "run", "csharp-ls", "--", "--loglevel", "warning"], cwd=repo,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
incoming = queue.Queue()


def reader():
    stream = server.stdout
    while True:
        headers = {}
        while True:
            raw = stream.readline()
            if not raw:
                incoming.put(None)
                return
            raw = raw.decode("ascii", "replace").strip()
            if not raw:
                break
            key, _, value = raw.partition(":")
            headers[key.strip().lower()] = value.strip()
        body = stream.read(int(headers.get("content-length", "0")))
        incoming.put(json.loads(body))


threading.Thread(target=reader, daemon=True).start()
next_id = 0


def send(message):
    data = json.dumps(message).encode("utf-8")
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    server.stdin.flush()


def request(method, params):
    global next_id
    next_id += 1
    send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params})
    return next_id


def notify(method, params):
    send({"jsonrpc": "2.0", "method": method, "params": params})


latest = {}  # the last published HookSafety diagnostics of the file: {(id, line): message}


def pump(until, deadline):
    """Answers the server's requests and records diagnostics until until() holds or the deadline passes."""
    while time.time() < deadline:
        if until():
            return True
        try:
            message = incoming.get(timeout=0.5)
        except queue.Empty:
            continue
        if message is None:
            return until()
        method = message.get("method")
        if method == "workspace/configuration" and "id" in message:
            items = message["params"].get("items", [])
            send({"jsonrpc": "2.0", "id": message["id"],
                  "result": [{"analyzersEnabled": True} if i.get("section") == "csharp" else None for i in items]})
        elif "id" in message and method is not None:
            send({"jsonrpc": "2.0", "id": message["id"], "result": None})  # registerCapability, progress, ...
        elif method == "textDocument/publishDiagnostics" and message["params"]["uri"] == file_uri:
            latest.clear()
            for d in message["params"]["diagnostics"]:
                if os.environ.get("EDITOR_CHECK_DUMP"):
                    print(json.dumps(d), file=sys.stderr)
                code = d.get("code")
                if isinstance(code, str) and code.startswith("HS"):
                    latest[(code, d["range"]["start"]["line"] + 1)] = d["message"]
    return until()


failed = 0


def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + what)
    failed += 0 if ok else 1


started = time.time()
text = open(path, encoding="utf-8").read()
request("initialize", {
    "processId": os.getpid(), "rootUri": Path(root).resolve().as_uri(),
    "workspaceFolders": [{"uri": Path(root).resolve().as_uri(), "name": "consumer"}],
    "capabilities": {"workspace": {"configuration": True, "workspaceFolders": True},
                     "textDocument": {"publishDiagnostics": {"relatedInformation": True},
                                      "synchronization": {"didSave": True}}}})
pump(lambda: False, time.time() + 2)
notify("initialized", {})
notify("textDocument/didOpen", {"textDocument": {"uri": file_uri, "languageId": "csharp", "version": 1, "text": text}})
seen = pump(lambda: bool(expected) and set(latest) >= set(expected), started + TIMEOUT)
first = time.time() - started
check(bool(expected), f"{label} the build reported HookSafety findings in {Path(path).name}: {sorted(expected)}")
check(seen and latest == expected,
      f"{label} csharp-ls shows {Path(path).name}'s HookSafety findings with the build's ids, lines and messages "
      f"({sorted(latest)} after {first:.1f} s)" + ("" if latest == expected else f"; expected {expected}, got {latest}"))

# An edit that adds a mistake: by default a second patch changing the global in PostPatch.
addition = os.environ.get("EDITOR_CHECK_ADDITION") or (
    "\n[Patch(\"late-limit-2\")]\npublic sealed class LateLimitAgain : LivePatch\n{\n"
    "    protected override void PostPatch(PatchContext context)\n    {\n        Net.RetryLimit = 20;\n    }\n}\n")
addition_id = os.environ.get("EDITOR_CHECK_ADDITION_ID", "HS0001")
marker = os.environ.get("EDITOR_CHECK_ADDITION_MARKER", "Net.RetryLimit = 20;")
new_line = next(i for i, l in enumerate((text + addition).splitlines(), 1) if marker in l)
edited = time.time()
notify("textDocument/didChange", {"textDocument": {"uri": file_uri, "version": 2}, "contentChanges": [{"text": text + addition}]})
seen = pump(lambda: (addition_id, new_line) in latest, edited + TIMEOUT)
check(seen, f"{label} an edit adding a mistake brings a new {addition_id} on line {new_line} "
            f"({time.time() - edited:.1f} s after the edit)" + ("" if seen else f"; shown: {sorted(latest)}"))

request("shutdown", None)
try:
    notify("exit", None)
    server.wait(timeout=10)
except Exception:
    server.kill()
sys.exit(1 if failed else 0)
