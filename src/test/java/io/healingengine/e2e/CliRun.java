package io.healingengine.e2e;

import io.healingengine.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

    /** For assertion messages. */
    String transcript() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
