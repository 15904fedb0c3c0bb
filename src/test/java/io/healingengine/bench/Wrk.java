package io.healingengine.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian's package; C, so the load costs as little CPU as it can on the shared two cores)
 * against one URL with POST bodies that rotate through {@code bodies}, and reads its summary.
 */
final class Wrk {
    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), "
            + "timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    /** What one run measured. */
    record Run(double requestsPerSecond, long requests, long non2xx, long socketErrors, String output) {
        boolean clean() {
            return non2xx == 0 && socketErrors == 0 && requests > 0;
        }
    }

    private Wrk() {
    }

    static Run post(String url, List<String> bodies, int connections, int seconds, Path workDir)
            throws IOException, InterruptedException {
        Path script = workDir.resolve("wrk-" + bodies.size() + "-" + Integer.toHexString(bodies.hashCode()) + ".lua");
        Files.writeString(script, lua(bodies));
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "-s", script.toString(),
                url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rps = REQUESTS.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) {
            throw new IllegalStateException("no summary in wrk's output: " + out);
        }
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher errors = ERRORS.matcher(out);
        long socketErrors = 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(errors.group(g));
            }
        }
        return new Run(Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, out);
    }

    /** A wrk script that posts the bodies in turn, as JSON. */
    static String lua(List<String> bodies) {
        StringBuilder lua = new StringBuilder("local bodies = {\n");
        for (String body : bodies) {
            if (body.contains("]==]")) {
                throw new IllegalArgumentException("a body must not contain ]==]");
            }
            lua.append("[==[").append(body).append("]==],\n");
        }
        lua.append("}\nlocal i = 0\nlocal headers = { [\"Content-Type\"] = \"application/json\" }\n")
                .append("request = function()\n  i = i % #bodies + 1\n")
                .append("  return wrk.format(\"POST\", nil, headers, bodies[i])\nend\n");
        return lua.toString();
    }
}
