package io.healingengine.dispatch.executors;

import io.healingengine.config.RestartConfig;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one argv from the inventory as a child process — no shell — with a timeout, and keeps its exit
 * code and the tail of its output. Output goes to a temporary file rather than a pipe, so a command
 * that starts a long-lived daemon (which inherits the output) cannot make the runner wait forever.
 */
public final class ProcessRunner {
    static final int OUTPUT_TAIL_BYTES = 4096;

    /** What happened to the command. */
    public record Outcome(boolean timedOut, int exitCode, String output, long durationMs, String startError) {
        public boolean succeeded() {
            return startError == null && !timedOut && exitCode == 0;
        }
    }

    private ProcessRunner() {
    }

    static Outcome run(RestartConfig restart) {
        return run(restart.argv(), restart.workingDir(), restart.env(), restart.timeoutMs());
    }

    /** Runs {@code argv} (no shell) in {@code workingDir} (null: the engine's) with {@code env} added. */
    public static Outcome run(java.util.List<String> argv, String workingDir, java.util.Map<String, String> env,
                              long timeoutMs) {
        long started = System.nanoTime();
        Path output = null;
        try {
            output = Files.createTempFile("healing-restart-", ".out");
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (workingDir != null) {
                builder.directory(new File(workingDir));
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return new Outcome(!finished, finished ? process.exitValue() : -1, tail(output), millisSince(started), null);
        } catch (IOException e) {
            return new Outcome(false, -1, "", millisSince(started), "cannot start " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, -1, "", millisSince(started), "interrupted while waiting for the command");
        } finally {
            deleteQuietly(output);
        }
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - OUTPUT_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the command's outcome matters more than its cleanup.
            org.slf4j.LoggerFactory.getLogger(ProcessRunner.class).warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
