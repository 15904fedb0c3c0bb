package io.healingengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.RuleProblem;
import java.io.PrintWriter;

/**
 * How {@code deploy} and {@code rollback} tell the engine's answer: the version now active, in one or
 * two lines, or why the engine refused, with every problem of a kjar on a line of its own and what to do.
 */
final class ChangeReport {
    private ChangeReport() {
    }

    /** Prints the answer and returns the exit code: 0 activated or unchanged, 1 refused. */
    static int print(EngineClient.Answer answer, EngineClient client, AdminOptions admin, PrintWriter out) {
        if (answer.succeeded()) {
            printOutcome(answer.body(), client, out);
            return 0;
        }
        out.println("refused (HTTP " + answer.status() + " " + answer.field("title") + "): " + answer.field("detail"));
        for (JsonNode error : answer.body().path("errors")) {
            out.println("  " + new RuleProblem(error.path("file").asText(""), error.path("location").asText(""),
                    error.path("message").asText(""), true));
        }
        String hint = hint(answer, client, admin);
        if (!hint.isEmpty()) {
            out.println(hint);
        }
        return EngineClient.EXIT_REFUSED;
    }

    private static void printOutcome(JsonNode body, EngineClient client, PrintWriter out) {
        JsonNode active = body.path("active");
        String version = active.path("version").asText() + " (sha256 " + shortSha(active.path("sha256").asText()) + ")";
        if (!body.has("entry")) {
            out.println("unchanged: " + version + " is already active on " + client.url() + "; nothing recorded");
            return;
        }
        JsonNode entry = body.path("entry");
        String verb = entry.path("action").asText().equals("rollback") ? "rolled back to " : "activated ";
        out.println(verb + version + " on " + client.url() + ", replacing " + body.path("previousVersion").asText());
        out.println("  the running session moved over in " + entry.path("swapMillis").asLong() + " ms; history entry #"
                + entry.path("seq").asLong() + " by " + entry.path("by").asText()
                + (entry.path("note").asText("").isEmpty() ? "" : ": " + entry.path("note").asText()));
    }

    /** What to do next, where the CLI knows more than the engine's own detail says. */
    private static String hint(EngineClient.Answer answer, EngineClient client, AdminOptions admin) {
        return switch (answer.status()) {
            case 401 -> "  " + admin.tokenSource() + " was not accepted: use a token whose SHA-256 the engine lists "
                    + "with role admin in auth.tokens, or as deploy.adminTokenSha256 (printf %s \"$TOKEN\" | sha256sum)";
            case 403 -> "  " + admin.tokenSource() + " is known but may not change rules: that needs a token with role "
                    + "admin";
            case 404, 409 -> answer.field("type").endsWith("/deploy-in-progress") ? ""
                    : "  healing-engine versions --url " + client.url() + " lists the versions and what happened";
            case 413 -> "  the engine accepts kjars up to deploy.maxKjarBytes; ask its operator to raise it";
            case 422 -> "  the engine keeps its active rules; fix the problems (healing-engine validate shows them "
                    + "too) and deploy again";
            default -> answer.status() >= 500 ? "  the engine's log says more about request " + answer.field("instance")
                    : "";
        };
    }

    static String shortSha(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
