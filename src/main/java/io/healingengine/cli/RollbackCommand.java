package io.healingengine.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollback [--to VERSION|SHA]}: returns a running engine to an earlier version of its rules. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Return a running engine to the rules it ran before the current version, or to a named one "
                + "(healing-engine versions lists them).",
            "The admin token comes from --token-file or " + AdminOptions.TOKEN_ENV + ", never from the command line."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:rolled back, or already active", "1:the engine refused (unknown version, nothing to roll "
                + "back to, wrong token)", "2:unusable arguments, or the engine cannot be reached"})
final class RollbackCommand extends RulesChangeCommand {
    @Option(names = "--to", paramLabel = "VERSION|SHA",
            description = "the version, or the first 7+ digits of its sha256 (default: the version active before the current one)")
    String to;

    @Override
    int change(EngineClient client, String token, PrintWriter out) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("by", admin.by);
        if (to != null) {
            body.put("to", to);
        }
        if (admin.note != null) {
            body.put("note", admin.note);
        }
        return ChangeReport.print(client.post(EngineClient.KJARS + "/rollback", EngineClient.json(body),
                "application/json", token), client, admin, out);
    }
}
