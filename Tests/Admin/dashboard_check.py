#!/usr/bin/env python3
"""Drives twag-admin's dashboard in headless Chromium the way an operator would.

Checks, one output line each ("PASS name: detail" / "FAIL name: detail"):
  (a) / without a login redirects to /login
  (b) a wrong password is refused (error shown, still on /login)
  (c) the login works
  (d) every view shows the real session's data (clients, access points, usage, peers, Diameter
      test, configuration with secrets as ***, resources), and the console shows no JavaScript error or failed request
  (e) a PNG screenshot of each view in --screenshots (01-clients.png ...), and the usage view at a
      phone's size (390x844) without horizontal overflow of the page
  (f) with --expect-disconnect: the session's Disconnect button, confirmed, gets the AP's ACK
  (g) CSRF: an action without X-CSRF-Token and a login without the csrf field are refused with 403
  (h) logout returns to /login, after which /ui/api/v1/status answers 401 (the server forgot the session)

Exits 0 only if every check passed. Run by Tests/IntegrationTests/DashboardIntegrationTests.swift.
"""

import argparse
import json
import os
import re
import ssl
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 20
WRONG_PASSWORD = "definitely-not-the-password-0"
VIEWS = ["clients", "aps", "usage", "peers", "test", "config", "resources"]


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


class Report:
    def __init__(self):
        self.failed = []
        self.count = 0

    def run(self, name, body):
        """Runs one check; prints its line; returns True if it passed."""
        self.count += 1
        try:
            detail = body()
            print(f"PASS {name}: {detail or 'ok'}", flush=True)
            return True
        except CheckFailed as error:
            print(f"FAIL {name}: {error}", flush=True)
        except TimeoutException as error:
            print(f"FAIL {name}: timed out {error.msg or ''}".rstrip(), flush=True)
        except Exception as error:  # an unexpected error fails the check, not the whole run
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            traceback.print_exc(file=sys.stdout)
        self.failed.append(name)
        return False


# MARK: HTTP outside the browser


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def http(url, method="GET", body=None, headers=None):
    """One request, redirects not followed, the lab's self-signed certificate accepted.
    Returns (status, headers, body text)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect())
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def set_cookies(headers):
    """name -> value of every Set-Cookie of a response."""
    cookies = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


# MARK: The browser


def make_driver():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--ignore-certificate-errors", "--window-size=1280,900",
                     "--disable-dev-shm-usage", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def path_of(driver):
    return urllib.parse.urlparse(driver.current_url).path


def wait(driver, predicate, what, seconds=WAIT_SECONDS):
    """Waits until predicate(driver) is truthy (stale elements from the 2 s re-render are retried)."""

    def attempt(d):
        try:
            return predicate(d)
        except StaleElementReferenceException:
            return False

    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.2).until(attempt)
    except TimeoutException:
        raise CheckFailed(f"timed out after {seconds} s waiting for {what}")


def show_view(driver, view):
    """Opens a view through its tab, as an operator would, and waits for its first successful load."""
    driver.find_element(By.CSS_SELECTOR, f'nav a[data-view="{view}"]').click()
    wait(driver, lambda d: d.execute_script("return document.body.dataset.loaded") == view, f"view {view} to load")
    require(driver.find_element(By.ID, f"view-{view}").is_displayed(), f"section #view-{view} is not visible")
    active = driver.find_elements(By.CSS_SELECTOR, "nav a.active")
    require([a.get_attribute("data-view") for a in active] == [view], f"active tab is not {view}")


def table_rows(driver, view):
    """The cell texts of a view's table body."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#view-' + arguments[0] + ' tbody tr'))"
        ".map(tr => Array.from(tr.cells).map(td => td.textContent.trim()));", view)


def wait_for_row(driver, view, match, what):
    found = {}

    def predicate(d):
        for cells in table_rows(d, view):
            if match(cells):
                found["row"] = cells
                return True
        return False

    try:
        wait(driver, predicate, what)
    except CheckFailed as error:
        raise CheckFailed(f"{error}; rows: {table_rows(driver, view)}; "
                          f"#action-result: {driver.find_element(By.ID, 'action-result').text!r}")
    return found["row"]


def screenshot(driver, directory, name):
    path = os.path.join(directory, name)
    require(driver.save_screenshot(path), f"could not write {path}")
    with open(path, "rb") as f:
        require(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return path


def in_page_fetch(driver, path, method="GET", headers=None, body=None):
    """fetch() from inside the page (same origin, the browser's own cookies). Returns (status, text)."""
    result = driver.execute_async_script(
        """
        const [path, method, headers, body, done] = arguments;
        fetch(path, { method, headers, body, credentials: 'same-origin', redirect: 'manual' })
          .then(r => r.text().then(t => done({ status: r.status, body: t })))
          .catch(e => done({ status: -1, body: String(e) }));
        """, path, method, headers or {}, body)
    return result["status"], result["body"]


class ConsoleLog:
    """The browser console. The checks provoke a few failed requests on purpose (the wrong password's
    401, the CSRF refusals' 403, the 401 after logout): each is allowed only within the time of the
    check that provokes it; any other error (a JavaScript error, a failed request) is a problem."""

    def __init__(self, driver):
        self.driver = driver
        self.entries = []
        self.allowed = []

    def read(self):
        try:
            self.entries += self.driver.get_log("browser")
        except Exception as error:
            self.entries.append({"level": "WARNING", "message": f"(could not read the console: {error})", "timestamp": 0})

    def provoking(self, pattern, body):
        """Runs body, allowing console errors matching pattern meanwhile."""
        start = time.time() * 1000 - 50
        try:
            return body()
        finally:
            self.allowed.append((start, time.time() * 1000 + 1000, re.compile(pattern)))

    def problems(self):
        self.read()
        def allowed(entry):
            return any(start <= entry.get("timestamp", 0) <= end and pattern.search(entry.get("message", ""))
                       for start, end, pattern in self.allowed)
        return [e for e in self.entries if e.get("level") == "SEVERE" and not allowed(e)]


# MARK: The checks


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the dashboard, https://127.0.0.1:PORT")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--imsi", required=True, help="the subscriber with a live session")
    parser.add_argument("--session", required=True, help="that session's Class")
    parser.add_argument("--screenshots", required=True, help="directory for the PNG screenshots")
    parser.add_argument("--scheme", default="aka_prime", choices=["aka", "aka_prime"], help="Diameter test scheme")
    parser.add_argument("--secret-not-shown", action="append", default=[],
                        help="a secret (e.g. the RADIUS shared secret) the configuration view must never show")
    parser.add_argument("--expect-disconnect", action="store_true",
                        help="disconnect the session from the dashboard and expect the AP's ACK")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    os.makedirs(args.screenshots, exist_ok=True)

    report = Report()
    driver = None
    try:
        driver = make_driver()
        driver.set_script_timeout(30)
        console = ConsoleLog(driver)
        run_checks(report, driver, console, args, base)
    except Exception as error:
        print(f"FAIL browser: {type(error).__name__}: {error}", flush=True)
        traceback.print_exc(file=sys.stdout)
        report.failed.append("browser")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception as error:
                print(f"(driver.quit failed: {error})", flush=True)
    passed = report.count - len([f for f in report.failed if f != "browser"])
    print(f"{passed} of {report.count} checks passed" + (f"; failed: {', '.join(report.failed)}" if report.failed else ""),
          flush=True)
    return 0 if not report.failed else 1


def run_checks(report, driver, console, args, base):
    state = {}

    # (a) Nothing without a login.
    def unauthenticated():
        driver.get(base + "/")
        wait(driver, lambda d: path_of(d) == "/login", "the redirect to /login")
        require(driver.find_element(By.ID, "login").is_displayed(), "no login button on /login")
        require(not driver.find_elements(By.CSS_SELECTOR, "nav a[data-view]"), "the dashboard's tabs are shown without a login")
        return f"/ -> {path_of(driver)}"

    report.run("a. / without login redirects to /login", unauthenticated)

    def fill_login(password):
        driver.get(base + "/login")
        user = driver.find_element(By.ID, "user")
        user.clear()
        user.send_keys(args.user)
        field = driver.find_element(By.ID, "password")
        field.clear()
        field.send_keys(password)
        driver.find_element(By.ID, "login").click()

    # (b) A wrong password is refused.
    def wrong_password():
        fill_login(WRONG_PASSWORD)
        error = wait(driver, lambda d: d.find_elements(By.ID, "login-error"), "the login error")[0]
        require(error.is_displayed() and error.text.strip(), "the login error is not shown")
        require(path_of(driver) == "/login", f"left /login for {driver.current_url}")
        require(not driver.find_elements(By.CSS_SELECTOR, "meta[name=csrf-token]"), "the dashboard was served")
        require(driver.get_cookie("twag_session") is None or not driver.find_elements(By.ID, "logout"),
                "a session was opened")
        return f"refused with {error.text.strip()!r}"

    report.run("b. wrong password refused",
               lambda: console.provoking(r"/login - Failed to load resource: .* 401", wrong_password))

    # (c) The right one logs in.
    def login():
        fill_login(args.password)
        wait(driver, lambda d: path_of(d) == "/" and d.find_elements(By.ID, "logout"), "the dashboard after login")
        require(driver.find_element(By.ID, "who").text.strip() == args.user, "the user name is not shown")
        cookie = driver.get_cookie("twag_session")
        require(cookie is not None, "no twag_session cookie")
        require(cookie.get("httpOnly") and cookie.get("secure"), f"session cookie not HttpOnly+Secure: {cookie}")
        state["session_cookie"] = cookie["value"]
        state["csrf"] = driver.find_element(By.CSS_SELECTOR, "meta[name=csrf-token]").get_attribute("content")
        require(state["csrf"], "no csrf-token meta")
        return f"logged in as {args.user}, at {path_of(driver)}"

    if not report.run("c. login", login):
        return  # nothing else can be checked

    shots = {}

    # (d) + (e) Every view with the real session's data, and its screenshot.
    def clients():
        show_view(driver, "clients")
        cells = wait_for_row(driver, "clients",
                             lambda c: len(c) > 2 and c[1] == args.imsi and c[2] == "accepted",
                             f"a clients row with IMSI {args.imsi} accepted")
        shots["clients"] = screenshot(driver, args.screenshots, "01-clients.png")
        require(args.session in cells[6], f"the row does not name session {args.session}: {cells}")
        require(re.match(r"^([0-9A-Fa-f]{2}[-:]){5}[0-9A-Fa-f]{2}$", cells[5]),
                f"no client MAC (Calling-Station-Id) in the row: {cells[5]!r} in {cells}")
        require(driver.find_elements(By.CSS_SELECTOR, f'#view-clients button.disconnect[data-session="{args.session}"]'),
                "no Disconnect button for the live session")
        summary = driver.find_element(By.ID, "clients-summary").text
        require(re.match(r"^\d+ Accepted · \d+ Authenticating · \d+ Rejected$", summary), f"summary {summary!r}")
        return f"{cells[0]} {cells[1]} {cells[2]} at AP {cells[4]}; {summary}"

    def aps():
        show_view(driver, "aps")
        cells = wait_for_row(driver, "aps", lambda c: c and re.match(r"^[0-9a-fA-F.:]+$", c[0]) and c[4] not in ("", "0"),
                             "an access point row with a NAS IP and a live session")
        shots["aps"] = screenshot(driver, args.screenshots, "02-aps.png")
        return f"NAS IP {cells[0]}, AP MAC {cells[1]}, SSID {cells[2]}, {cells[3]} clients, {cells[4]} live"

    def usage():
        show_view(driver, "usage")
        cells = wait_for_row(driver, "usage", lambda c: c and c[0] == args.session, f"a usage row for session {args.session}")
        # Session, Node, User, Client MAC, AP / SSID, Status, ...
        require(cells[5] == "active", f"session status {cells[5]!r}, not active")
        require(cells[1] not in ("", "-"), f"no node in the row: {cells}")
        totals = driver.find_element(By.ID, "totals").text
        match = re.match(r"^(\d+) Sessions · (\d+) Active · ↓ .+ / ↑ .+$", totals)
        require(match, f"totals line {totals!r}")
        require(int(match.group(1)) >= 1 and int(match.group(2)) >= 1, f"totals line {totals!r} counts no live session")
        shots["usage"] = screenshot(driver, args.screenshots, "03-usage.png")
        return f"{cells[0]} on {cells[1]} {cells[2]} {cells[5]}; totals {totals!r}"

    def peers():
        show_view(driver, "peers")
        cells = wait_for_row(driver, "peers", lambda c: len(c) > 5 and c[5] == "open", "an open peer")
        shots["peers"] = screenshot(driver, args.screenshots, "04-peers.png")
        return f"{cells[0]} -> {cells[1]} ({cells[3]}, {cells[4]}) {cells[5]}; {driver.find_element(By.ID, 'peers-summary').text}"

    def diameter_test():
        show_view(driver, "test")
        field = driver.find_element(By.ID, "test-imsi")
        field.clear()
        field.send_keys(args.imsi)
        Select(driver.find_element(By.ID, "test-scheme")).select_by_value(args.scheme)
        driver.find_element(By.ID, "test-run").click()
        result = driver.find_element(By.ID, "test-result")
        wait(driver, lambda d: result.get_attribute("data-outcome"), "the Diameter test's outcome")
        text = result.text
        require(result.get_attribute("data-outcome") == "success", f"outcome {result.get_attribute('data-outcome')!r}: {text!r}")
        require("Result-Code: 2001" in text, f"no Result-Code 2001 in {text!r}")
        shots["test"] = screenshot(driver, args.screenshots, "05-test.png")
        return text.replace("\n", "; ")

    def configuration():
        show_view(driver, "config")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#config-list pre"), "configuration text")
        services = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#config-list h3")]
        texts = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#config-list pre")]
        require(any(s.startswith("twag-admin") for s in services), f"no twag-admin configuration: {services}")
        require(any(s.startswith("aaa-core") for s in services), f"no aaa-core configuration: {services}")
        everything = "\n".join(texts)
        require(all(t.strip() for t in texts), "an empty configuration")
        require("***" in everything, "no secret shown as ***")
        secret_lines = [line.strip() for line in everything.splitlines() if re.search(r"\bsecret\b\s*:", line)]
        require(secret_lines, "no secret: key in the configuration text")
        for line in secret_lines:
            value = line.split(":", 1)[1].strip().strip('"')
            require(value in ("***", "", "[]", "null"), f"a secret in clear: {line!r}")
        page = driver.page_source
        for secret in args.secret_not_shown:
            require(secret not in everything and secret not in page, "the configuration view shows a secret in clear")
        shots["config"] = screenshot(driver, args.screenshots, "06-config.png")
        return f"{', '.join(services)}; secrets: {', '.join(secret_lines[:3])}"

    def resources():
        show_view(driver, "resources")
        up = {}

        def both_up(d):
            for cells in table_rows(d, "resources"):
                if len(cells) > 2 and cells[2] == "up":
                    up[cells[0]] = cells
            return "aaa-core" in up and "radius-frontend" in up

        try:
            wait(driver, both_up, "aaa-core and radius-frontend up")
        except CheckFailed as error:
            raise CheckFailed(f"{error}; rows: {table_rows(driver, 'resources')}")
        for service in ("aaa-core", "radius-frontend"):
            cells = up[service]
            require(cells[4] != "-" and cells[6] != "-", f"{service} has no resources: {cells}")
        shots["resources"] = screenshot(driver, args.screenshots, "07-resources.png")
        return "; ".join(f"{s} {c[1]} {c[2]} RSS {c[4]}" for s, c in sorted(up.items()))

    names = {"clients": "clients view", "aps": "access points view", "usage": "usage view", "peers": "peers view",
             "test": "Diameter test view", "config": "configuration view", "resources": "resources view"}
    bodies = {"clients": clients, "aps": aps, "usage": usage, "peers": peers, "test": diameter_test,
              "config": configuration, "resources": resources}
    for view in VIEWS:
        report.run(f"d. {names[view]}", bodies[view])

    # (e) On a phone (390x844 CSS pixels, a mobile viewport): the usage view, its table scrolling
    # inside its box, never the page sideways; the tabs readable and not eating the screen.
    def phone():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        try:
            show_view(driver, "usage")
            wait_for_row(driver, "usage", lambda c: c and c[0] == args.session, "the usage row on a phone")
            layout = driver.execute_script("""
                const nav = document.querySelector('nav').getBoundingClientRect();
                return {
                  width: window.innerWidth, height: window.innerHeight,
                  overflow: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
                  header: document.querySelector('header').getBoundingClientRect().height,
                  nav: [nav.left, nav.right],
                  wrapped: Array.from(document.querySelectorAll('nav a')).filter(a =>
                    a.getBoundingClientRect().height >= 2 * parseFloat(getComputedStyle(a).lineHeight)).map(a => a.textContent),
                  tableScroll: getComputedStyle(document.querySelector('#view-usage .scroll')).overflowX,
                };""")
            width, height = layout["width"], layout["height"]
            require(width == 390 and height == 844, f"the viewport is {width}x{height}, not the phone's 390x844")
            require(layout["overflow"] <= 0, f"the page scrolls sideways by {layout['overflow']} px")
            require(layout["nav"][0] >= 0 and layout["nav"][1] <= width, f"the tabs overflow the screen: {layout['nav']}")
            require(layout["tableScroll"] in ("auto", "scroll"), f"the table's box does not scroll: {layout['tableScroll']}")
            shots["phone"] = screenshot(driver, args.screenshots, "08-usage-phone.png")
            require(not layout["wrapped"], f"tab labels broken over two lines: {layout['wrapped']} "
                    f"(the tabs are squeezed beside the title and the logout)")
            require(layout["header"] <= 0.25 * height,
                    f"the header takes {layout['header']:.0f} of {height} px (more than a quarter of the screen)")
            return f"{width}x{height}, no sideways scrolling, header {layout['header']:.0f} px, tabs on one line each"
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    report.run("e. usage view on a phone (390x844)", phone)

    def screenshots():
        expected = ["01-clients.png", "02-aps.png", "03-usage.png", "04-peers.png", "05-test.png", "06-config.png",
                    "07-resources.png", "08-usage-phone.png"]
        missing = [n for n in expected if not os.path.isfile(os.path.join(args.screenshots, n))]
        require(not missing, f"missing: {', '.join(missing)}")
        return f"{len(expected)} PNGs in {args.screenshots}"

    report.run("e. screenshots", screenshots)

    # (g) CSRF: actions need the session's token, the login form its double-submit token.
    def action_without_token():
        body = json.dumps({"imsi": args.imsi, "scheme": "aka"})
        status, text = in_page_fetch(driver, "/ui/api/v1/diameter/test", "POST", {"Content-Type": "application/json"}, body)
        require(status == 403, f"in-page POST without X-CSRF-Token: {status} {text[:200]}")
        code = json.loads(text).get("error", {}).get("code")
        require(code == "csrf", f"in-page refusal code {code!r}")
        cookie = {"Cookie": f"twag_session={state['session_cookie']}", "Content-Type": "application/json"}
        status2, _, text2 = http(base + "/ui/api/v1/diameter/test", "POST", body, cookie)
        require(status2 == 403, f"POST with the session cookie, without X-CSRF-Token: {status2} {text2[:200]}")
        status3, _, text3 = http(base + "/ui/api/v1/diameter/test", "POST", body, dict(cookie, **{"X-CSRF-Token": "forged"}))
        require(status3 == 403, f"POST with a wrong X-CSRF-Token: {status3} {text3[:200]}")
        # The session itself still works (the refusals were CSRF, not a lost login).
        status4, _, _ = http(base + "/ui/api/v1/status", headers={"Cookie": cookie["Cookie"]})
        require(status4 == 200, f"GET /ui/api/v1/status with the session cookie: {status4}")
        return "in-page fetch 403 (csrf); urllib with the session cookie: no token 403, wrong token 403"

    report.run("g. action without X-CSRF-Token refused",
               lambda: console.provoking(r"/ui/api/v1/diameter/test - Failed to load resource: .* 403", action_without_token))

    def login_without_csrf():
        status, headers, page = http(base + "/login")
        require(status == 200, f"GET /login: {status}")
        token = set_cookies(headers).get("twag_login_csrf")
        require(token, "GET /login set no twag_login_csrf cookie")
        form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"twag_login_csrf={token}"}
        credentials = urllib.parse.urlencode({"user": args.user, "password": args.password})
        status1, headers1, text1 = http(base + "/login", "POST", credentials, form)
        require(status1 == 403, f"login POST without the csrf field: {status1} (expected 403) "
                f"{re.sub(r'<[^>]+>', ' ', text1).split()[-12:]}")
        require("twag_session" not in set_cookies(headers1), "a session was opened without the csrf field")
        # The field without its cookie (a cross-site form) is refused too.
        with_field = urllib.parse.urlencode({"user": args.user, "password": args.password, "csrf": token})
        status2, headers2, _ = http(base + "/login", "POST", with_field, {"Content-Type": "application/x-www-form-urlencoded"})
        require(status2 == 403, f"login POST with the field, without the cookie: {status2}")
        require("twag_session" not in set_cookies(headers2), "a session was opened without the csrf cookie")
        return "without the field 403, without the cookie 403"

    report.run("g. login without csrf refused", login_without_csrf)

    # (f) The operator disconnects the session; the AP acknowledges.
    if args.expect_disconnect:
        def disconnect():
            show_view(driver, "usage")
            selector = f'#view-usage button.disconnect[data-session="{args.session}"]'
            button = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, selector), "the Disconnect button")[0]
            for attempt in range(3):  # the table is re-rendered every 2 s
                try:
                    button.click()
                    break
                except StaleElementReferenceException:
                    button = driver.find_element(By.CSS_SELECTOR, selector)
            alert = WebDriverWait(driver, 10).until(EC.alert_is_present())
            question = alert.text
            require(args.session in question, f"the confirmation does not name the session: {question!r}")
            alert.accept()
            result = driver.find_element(By.ID, "action-result")
            wait(driver, lambda d: result.get_attribute("data-outcome"), "the disconnect's outcome", seconds=30)
            outcome = result.get_attribute("data-outcome")
            require(outcome == "ack", f"outcome {outcome!r}: {result.text!r}")
            # The session ends in the store once the AP's Accounting-Stop arrives.
            wait_for_row(driver, "usage", lambda c: c and c[0] == args.session and c[5] == "ended",
                         "the session to show as ended", )
            return f"confirm {question!r} accepted; {result.text}"

        report.run("f. disconnect from the dashboard", disconnect)

    # (h) Logout.
    def logout():
        driver.find_element(By.ID, "logout").click()
        wait(driver, lambda d: path_of(d) == "/login" and d.find_elements(By.ID, "login"), "/login after logout")
        status, _ = in_page_fetch(driver, "/ui/api/v1/status")
        require(status == 401, f"in-page GET /ui/api/v1/status after logout: {status}")
        # The old cookie is worthless: the server ended the session, not only the browser.
        status2, _, _ = http(base + "/ui/api/v1/status", headers={"Cookie": f"twag_session={state['session_cookie']}"})
        require(status2 == 401, f"GET /ui/api/v1/status with the old session cookie: {status2}")
        driver.get(base + "/")
        wait(driver, lambda d: path_of(d) == "/login", "/ -> /login after logout")
        return "back on /login; /ui/api/v1/status 401 (in the page and with the old cookie)"

    report.run("h. logout", lambda: console.provoking(r"/ui/api/v1/status - Failed to load resource: .* 401", logout))

    # No JavaScript error and no failed request while the dashboard was used, but those provoked above.
    def console_clean():
        problems = console.problems()
        require(not problems, "; ".join(f"[{e.get('source', '?')}] {e.get('message', '')}" for e in problems))
        warnings = [e for e in console.entries if e.get("level") == "WARNING"]
        return f"{len(console.entries)} console messages, none unexpected" + (f", {len(warnings)} warnings" if warnings else "")

    report.run("d. no error in the browser console", console_clean)


if __name__ == "__main__":
    sys.exit(main())
