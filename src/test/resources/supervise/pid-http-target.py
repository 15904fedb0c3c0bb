"""A real HTTP service for supervision tests and the MTTR benchmark: GET /health answers 200 with its pid.

Usage: python3 -S -E pid-http-target.py PORT [--die-if-exists FILE] [--pidfile FILE] [--ignore-sigterm yes]
                                             [--log-requests yes] [--slow-if-exists FILE]
  --die-if-exists FILE  if FILE exists at start, exit with code 3 after 0.2 s without listening (a process
                        that dies during its startup probe)
  --pidfile FILE        write the pid to FILE once listening (a process watched by pidfile)
  --ignore-sigterm yes  ignore SIGTERM, as a process stuck for good does: only SIGKILL ends it
  --log-requests yes    print "pid <pid> GET <path>" to stdout for every request
  --slow-if-exists FILE while FILE exists, answer every request after 1 s (alive, but slow)
Python starts in tens of milliseconds, so a restart measures the supervisor rather than a runtime's start-up.
Otherwise SIGTERM ends it at once (Python's default action).
"""
import http.server
import os
import signal
import sys
import time

port = int(sys.argv[1])
options = dict(zip(sys.argv[2::2], sys.argv[3::2]))
if "--die-if-exists" in options and os.path.exists(options["--die-if-exists"]):
    time.sleep(0.2)
    sys.exit(3)
if options.get("--ignore-sigterm") == "yes":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
BODY = ('{"pid":%d}' % os.getpid()).encode()
LOG_REQUESTS = options.get("--log-requests") == "yes"
SLOW_FLAG = options.get("--slow-if-exists")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if LOG_REQUESTS:
            print("pid %d GET %s" % (os.getpid(), self.path), flush=True)
        if SLOW_FLAG and os.path.exists(SLOW_FLAG):
            time.sleep(1.0)
        self.send_response(200 if self.path.split("?")[0] == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", port), Handler)
if "--pidfile" in options:
    tmp = options["--pidfile"] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(os.getpid()))
    os.replace(tmp, options["--pidfile"])
print("listening on 127.0.0.1:%d pid %d" % (port, os.getpid()), flush=True)
server.serve_forever()
