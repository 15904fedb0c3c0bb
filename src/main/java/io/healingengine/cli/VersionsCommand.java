package io.healingengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versions}: the versions of the rules a running engine has had, newest first, with the entry that
 * made the active one active marked {@code *}. Reading needs a token of any role unless the engine leaves
 * reading open (it does on loopback by default): from {@code --token-file} or {@value #TOKEN_ENV}.
 */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "List the rule versions of a running engine, newest first; * marks the active one.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:listed", "1:the engine refused", "2:unusable arguments, or the engine cannot be reached"})
final class VersionsCommand implements Callable<Integer> {
    private static final String[] HEADERS = {"SEQ", "ACTION", "VERSION", "SHA256", "AT", "BY", "SWAP", "NOTE"};

    static final String TOKEN_ENV = "HEALING_ENGINE_TOKEN";

    @Option(names = "--json", description = "print the engine's answer (GET /api/v1/kjars) as it is")
    boolean json;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding a token of any role, for an engine that does not leave reading open "
                    + "(default: the environment variable " + TOKEN_ENV + ", else none)")
    java.nio.file.Path tokenFile;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return EngineClient.run("versions", spec.commandLine().getErr(), () -> {
            EngineClient client = engine.client().withToken(token());
            EngineClient.Answer answer = client.get(EngineClient.KJARS);
            if (!answer.succeeded()) {
                out.println("refused (HTTP " + answer.status() + " " + answer.field("title") + "): " + answer.field("detail"));
                out.println(answer.status() == 401 || answer.status() == 403
                        ? "  this engine does not leave reading open: give a token with --token-file or " + TOKEN_ENV
                        : "  is --url the engine's own address, without a path (e.g. " + EngineOptions.DEFAULT_URL + ")?");
                return EngineClient.EXIT_REFUSED;
            }
            if (json) {
                out.println(answer.text());
                return 0;
            }
            printTable(answer.body(), client, out);
            return 0;
        });
    }

    private String token() {
        if (tokenFile != null) {
            return AdminOptions.readToken(tokenFile, "token");
        }
        String fromEnvironment = System.getenv(TOKEN_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }

    private static void printTable(JsonNode body, EngineClient client, PrintWriter out) {
        JsonNode active = body.path("active");
        String activeSha = active.path("sha256").asText();
        out.println("active on " + client.url() + ": " + active.path("version").asText() + " (sha256 "
                + ChangeReport.shortSha(activeSha) + "), " + active.path("origin").asText());
        JsonNode history = body.path("history");
        if (history.isEmpty()) {
            out.println("no deploys yet: the engine runs the rules it started with");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        int marked = -1;
        for (JsonNode entry : history) {
            if (marked < 0 && !entry.path("action").asText().startsWith("shadow-")
                    && entry.path("sha256").asText().equals(activeSha)) {
                marked = rows.size();
            }
            long swap = entry.path("swapMillis").asLong(-1);
            rows.add(new String[] {entry.path("seq").asText(), entry.path("action").asText(),
                entry.path("version").asText(), ChangeReport.shortSha(entry.path("sha256").asText()),
                seconds(entry.path("at").asText()), entry.path("by").asText(), swap < 0 ? "-" : swap + " ms",
                entry.path("note").asText("")});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder(r == marked ? "* " : "  ");
            for (int i = 0; i < row.length; i++) {
                boolean right = i == 0 || i == 6;
                String cell = i == row.length - 1 ? row[i]
                        : String.format(right ? "%" + widths[i] + "s" : "%-" + widths[i] + "s", row[i]);
                line.append(cell).append(i == row.length - 1 ? "" : "  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** An ISO instant to the second, as people read it; anything else as it is. */
    private static String seconds(String at) {
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return at;
        }
    }
}
