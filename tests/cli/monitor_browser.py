#!/usr/bin/env python3
"""The monitoring page in headless Chromium, driven over the DevTools protocol.

Python standard library only: a minimal RFC 6455 WebSocket client over `socket` speaks the
protocol. Loads the page served at HTTP_ADDRESS, checks that it shows the figures of
/monitor/state.json and the demo's (campaigns, matching rule, districts, maker spaces, pool),
runs SUBMIT_COMMAND (one more transaction) and checks that the page shows the new tree size
and the new district without a reload, that the English page loads, and that no console
error, uncaught exception or failed load happened. Saves full-page screenshots at phone and
desktop widths into SCREENSHOT_DIR.

Usage: monitor_browser.py HTTP_ADDRESS SCREENSHOT_DIR NEW_DISTRICT SUBMIT_COMMAND...
"""
import base64
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

TIMEOUT_S = 15  # for any one thing the page must show; the page polls every 2 s


class WebSocket:
    """Text frames over one connection, client side: masked frames out, any frames in."""

    def __init__(self, url):
        assert url.startswith("ws://"), url
        host_port, _, path = url[len("ws://"):].partition("/")
        host, _, port = host_port.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=TIMEOUT_S)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("the DevTools socket closed during the handshake")
            head += chunk
        accept = base64.b64encode(hashlib.sha1(
            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        if b" 101 " not in head.split(b"\r\n")[0] or accept.encode() not in head:
            raise ConnectionError(f"WebSocket handshake refused: {head[:200]!r}")

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("the DevTools socket closed")
            data += chunk
        return data

    def _frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text):
        self._frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            first, second = self._exact(2)
            opcode, n = first & 0x0F, second & 0x7F
            if n == 126:
                (n,) = struct.unpack(">H", self._exact(2))
            elif n == 127:
                (n,) = struct.unpack(">Q", self._exact(8))
            mask = self._exact(4) if second & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError("the DevTools socket was closed by the browser")
            if opcode == 0x9:
                self._frame(0xA, payload)  # pong
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if first & 0x80:
                    return message.decode()


class Page:
    """One page target: commands by id, events kept; console errors collected."""

    def __init__(self, ws):
        self.ws, self.next_id, self.errors = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            texts = [a.get("value", a.get("description", "")) for a in params.get("args", [])]
            self.errors.append("console." + params["type"] + ": " + " ".join(map(str, texts)))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append("exception: " + details.get("exception", {}).get(
                "description", details.get("text", "?")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.errors.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluating {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what):
        deadline = time.monotonic() + TIMEOUT_S
        # While the page loads there may be no body yet, or no context to evaluate in.
        guarded = f"(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()"
        while time.monotonic() < deadline:
            try:
                if self.evaluate(guarded):
                    return True
            except RuntimeError:
                pass
            time.sleep(0.1)
        print(f"FAILED: {what} (waited {TIMEOUT_S} s for {expression})")
        return False

    def screenshot(self, path, width, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=mobile)
        time.sleep(0.3)  # a relayout at the new width
        height = self.call("Page.getLayoutMetrics")["cssContentSize"]["height"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        self.call("Emulation.clearDeviceMetricsOverride")


def yuan(fen):
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def start_chromium(profile):
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("FAILED: chromium is not installed (bash tools/setup installs it)")
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
            port = int(open(port_file).read().split("\n")[0])
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return browser, pages[0]["webSocketDebuggerUrl"]
        if browser.poll() is not None:
            sys.exit(f"FAILED: chromium exited with {browser.returncode}")
        time.sleep(0.1)
    browser.kill()
    sys.exit("FAILED: chromium did not open its DevTools port")


def text_of(page, element_id):
    return page.evaluate(f"document.getElementById('{element_id}').innerText")


def main():
    address, screenshots, new_district, submit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    base = f"http://{address}"
    state = json.load(urllib.request.urlopen(base + "/monitor/state.json"))
    size = state["checkpoint"]["tree_size"]
    cny = state["programme"]["currencies"]["CNY"]
    checks = []  # (description, passed)

    def check(description, passed):
        checks.append((description, bool(passed)))
        if not passed:
            print("FAILED:", description)

    profile = tempfile.mkdtemp(prefix="crowdledger-chromium-")
    browser, ws_url = start_chromium(profile)
    try:
        page = Page(WebSocket(ws_url))
        for domain in ("Runtime", "Log", "Page"):
            page.call(f"{domain}.enable")
        page.call("Page.navigate", url=base + "/")
        check("the page shows the tree size of the checkpoint",
              page.wait_for(f"document.body.dataset.treeSize === '{size}'", "tree size"))
        programme = text_of(page, "programme")
        for name, fen in (("deposits", cny["capital"]["deposits_amount"]),
                          ("equity", cny["equity"]["investments_amount"]),
                          ("matched", cny["matching"]["matched_amount"]),
                          ("compensation", cny["compensation"]["compensation_paid"]),
                          ("subsidies", cny["subsidies_amount"])):
            check(f"the programme's {name} in yuan ({yuan(fen)})", yuan(fen) in programme)
        check("the demo's compensation: 5,200.00 yuan", "5,200.00" in programme)
        campaigns = text_of(page, "campaigns")
        check("the demo's two campaigns opened, none open now",
              "进行中的众筹\n0" in campaigns and "已发起\n2" in campaigns)
        matching = text_of(page, "matching")
        check("the seed fund's rule, 10,000.00 of 30,000.00 matched",
              "angel-match" in matching and "10,000.00 / 30,000.00" in matching)
        check("the risk pool", "cq-risk-pool" in text_of(page, "compensation"))
        districts = text_of(page, "districts")
        check("both districts", "liangjiang" in districts and "yubei" in districts)
        check("the maker spaces", "liangjiang-space" in text_of(page, "maker-spaces"))
        check("the latest entry", f"{size - 1:,}" in text_of(page, "recent"))
        check("the signed checkpoint note", state["checkpoint"]["note"].split("\n")[2]
              in text_of(page, "note"))

        page.evaluate("window.crowdledgerMarker = 1")  # gone if the page reloads
        result = subprocess.run(submit, capture_output=True, text=True, timeout=TIMEOUT_S)
        check("one more transaction is accepted", result.returncode == 0)
        check("the page shows the new tree size without a reload",
              page.wait_for(f"document.body.dataset.treeSize === '{size + 1}'", "new tree size")
              and page.evaluate("window.crowdledgerMarker === 1"))
        check("... and the new district",
              page.wait_for(f"document.getElementById('districts').innerText.includes("
                            f"'{new_district}')", "new district"))

        time.sleep(1.3)  # the redraw's highlight fades out before the screenshots
        os.makedirs(screenshots, exist_ok=True)
        page.screenshot(os.path.join(screenshots, "monitor-phone.png"), 390, True)
        page.screenshot(os.path.join(screenshots, "monitor-desktop.png"), 1280, False)

        page.call("Page.navigate", url=base + "/?lang=en")
        check("the English page", page.wait_for(
            f"document.body.dataset.treeSize === '{size + 1}' && "
            "document.getElementById('title').innerText.startsWith('Maker-space')", "English"))
        page.evaluate("1")  # collects the events that came meanwhile
        check("no console error, exception or failed load: " + "; ".join(page.errors),
              not page.errors)
    finally:
        browser.kill()
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)
    failed = sum(1 for _, passed in checks if not passed)
    print(f"monitor_browser: {len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
