package io.healingengine.e2e;

import io.healingengine.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * One {@code healing-engine} command run in-process, as {@code java -jar healing-engine.jar …} would run
 * it: its exit code and what it printed. Commands that print to {@code System.out} (validate, simulate)
 * and those that print through picocli (deploy, rollback, versions) are both captured.
 */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        try {
            CommandLine command = new CommandLine(new Main());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            int exit = command.execute(args);
            return new CliRun(exit, systemOut.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }

    /**
     * The command in a JVM of its own, as a user runs it. Needed where a command must not see what
     * earlier tests left in this JVM: after a session has moved to another kjar (RuleSession.swapTo), a
     * compile of sources whose decision table does not parse reports no error and takes that kjar's table.
     */
    static CliRun inNewJvm(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("healing-engine " + String.join(" ", args) + " did not end within 180 s");
            }
            return new CliRun(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** For assertion messages. */
    String transcript() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
