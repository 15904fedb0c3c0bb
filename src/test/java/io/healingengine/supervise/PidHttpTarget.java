package io.healingengine.supervise;

import io.healingengine.config.ProbeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real HTTP service that supervision tests and the MTTR benchmark supervise:
 * {@code src/test/resources/supervise/pid-http-target.py}, run by Debian's python3, answering
 * {@code GET /health} with 200 and its pid. One instance per port.
 */
public final class PidHttpTarget {
    public static final String PYTHON = "/usr/bin/python3";
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    public PidHttpTarget(int port) {
        this.port = port;
    }

    public static Path script() {
        return Path.of("src/test/resources/supervise/pid-http-target.py").toAbsolutePath();
    }

    public int port() {
        return port;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/health";
    }

    /** The argv that starts it; {@code options} are the script's own (--die-if-exists FILE, --pidfile FILE). */
    public List<String> argv(String... options) {
        List<String> argv = new ArrayList<>(List.of(PYTHON, "-S", "-E", script().toString(), Integer.toString(port)));
        argv.addAll(List.of(options));
        return argv;
    }

    /** A liveness probe on its /health. */
    public ProbeConfig probe(long intervalMs, long timeoutMs, int failureThreshold) {
        return ProbeConfig.http(healthUrl(), intervalMs, timeoutMs, failureThreshold);
    }

    /** The pid that answered 200 within {@code timeoutMs}, or empty if none did. */
    public OptionalLong answeringPid(long timeoutMs) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(healthUrl()))
                    .timeout(Duration.ofMillis(timeoutMs)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher pid = PID.matcher(response.body());
            return response.statusCode() == 200 && pid.find() ? OptionalLong.of(Long.parseLong(pid.group(1)))
                    : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Live processes running this target on this port (the supervisor must never leave two). */
    public List<ProcessHandle> processes() {
        String script = script().toString();
        String portArg = Integer.toString(port);
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains(script) && List.of(args).contains(portArg)).orElse(false)).toList();
    }
}
