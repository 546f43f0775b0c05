"""Headless Chromium driven over the Chrome DevTools Protocol (CDP): open a page, record
its console messages, uncaught exceptions and network requests, and evaluate
JavaScript in it. Uses Debian's `chromium` (installed by scripts/ensure_chromium.sh when
missing) and the `websocket-client` package; never downloads a browser."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websocket
from reference import ROOT

ENSURE_SCRIPT = ROOT / "scripts" / "ensure_chromium.sh"
# Headless, and nothing the browser would fetch on its own: the machine may have no
# network, and background requests would show up as the page's requests or errors.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--remote-debugging-port=0",
)


def chromium_binary() -> str:
    """The Chromium binary; installs Debian's package through the project's script
    when none is on PATH (CI runs as root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    run = subprocess.run(
        ["bash", str(ENSURE_SCRIPT)], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise RuntimeError(f"{ENSURE_SCRIPT} failed:\n{run.stderr[-3000:]}")
    return run.stdout.strip().splitlines()[-1]


@dataclass
class PageReport:
    """What happened while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


class Chromium:
    """One headless Chromium process with one page, driven over CDP."""

    def __init__(self, binary: str, user_data_dir: Path, timeout: float = 30) -> None:
        self.timeout = timeout
        self.log_file = (user_data_dir / "chromium.log").open("wb")
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
        )
        self.log_path = user_data_dir / "chromium.log"
        try:
            port = self._debugging_port(user_data_dir / "DevToolsActivePort")
            page = self._page_target(port)
            self.socket = websocket.create_connection(
                page["webSocketDebuggerUrl"], timeout=timeout, suppress_origin=True
            )
        except BaseException:
            self.process.kill()
            self.process.wait()
            self.log_file.close()
            raise
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable")

    def _debugging_port(self, port_file: Path) -> int:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited: {self.log_path.read_text()}")
            if port_file.is_file():
                lines = port_file.read_text().split()
                if lines:
                    return int(lines[0])
            time.sleep(0.05)
        raise RuntimeError(f"chromium did not open its debugging port: {port_file}")

    def _page_target(self, port: int) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
                targets = json.load(answer)
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]
            time.sleep(0.05)
        raise RuntimeError("chromium has no page target")

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict:
        """Send a CDP command and return its result; events that arrive meanwhile are
        kept in `events`."""
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params or {}})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for_event(self, method: str) -> dict:
        """The first recorded event named `method`, waiting for it if needed."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event["method"] == method:
                    return event
            message = json.loads(self.socket.recv())
            if "method" in message:
                self.events.append(message)
        raise TimeoutError(f"no {method} within {self.timeout} s")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression evaluated in the page."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluation failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> PageReport:
        """Load `url`, wait for its load event and for the script's `body[data-ready]`
        (if it sets one within a second), and report what happened."""
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for_event("Page.loadEventFired")
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline and not self.evaluate(
            "document.body !== null && document.body.dataset.ready === 'true'"
        ):
            time.sleep(0.05)
        self.send("Runtime.evaluate", {"expression": "0"})  # flush pending events
        return self.report()

    def report(self) -> PageReport:
        """The console errors, exceptions and requests recorded since `open`."""
        report = PageReport()
        for event in self.events:
            method, params = event["method"], event["params"]
            if method == "Runtime.consoleAPICalled" and params["type"] in {
                "error",
                "assert",
                "warning",
            }:
                text = " ".join(
                    str(arg.get("value", arg.get("description", "")))
                    for arg in params.get("args", [])
                )
                report.console_errors.append(f"console.{params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                description = details.get("exception", {}).get("description", "")
                report.exceptions.append(f"{details.get('text')} {description}".strip())
            elif method == "Log.entryAdded" and params["entry"]["level"] in {
                "error",
                "warning",
            }:
                entry = params["entry"]
                report.console_errors.append(
                    f"log.{entry['level']} ({entry.get('source')}): {entry['text']}"
                )
            elif method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                report.failed_requests.append(params.get("errorText", ""))
        return report

    def screenshot(self, path: Path, width: int = 1280) -> None:
        """A full-page PNG (for a person's own check; keep it out of git)."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log_file.close()
