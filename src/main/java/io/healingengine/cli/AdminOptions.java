package io.healingengine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What a command that changes the engine's rules needs besides {@code --url}: the admin token, who does
 * it and why. The token is read from a file or the environment, never from the command line, where any
 * user could read it in {@code ps}.
 */
final class AdminOptions {
    static final String TOKEN_ENV = "HEALING_ENGINE_ADMIN_TOKEN";

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the admin token (default: the environment variable " + TOKEN_ENV + ")")
    Path tokenFile;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "who does it, recorded in the history (default: your user name, ${DEFAULT-VALUE})")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "why, recorded in the history")
    String note;

    /** The admin token, or {@link EngineClient.Unusable} saying where to put it. */
    String token() {
        if (tokenFile == null) {
            String token = System.getenv(TOKEN_ENV);
            if (token == null || token.isBlank()) {
                throw new EngineClient.Unusable("no admin token: put it in a file only you can read and pass "
                        + "--token-file FILE, or set " + TOKEN_ENV + " (never the token itself on the command line)");
            }
            return token.strip();
        }
        return readToken(tokenFile, "admin token");
    }

    /** The token held, on one line, in {@code file}; {@link EngineClient.Unusable} saying what is wrong. */
    static String readToken(Path file, String what) {
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (IOException e) {
            throw new EngineClient.Unusable("cannot read the " + what + " from --token-file " + file + " ("
                    + EngineLauncher.rootMessage(e) + "): give a readable file that holds the token");
        }
        if (token.isEmpty() || token.contains("\n")) {
            throw new EngineClient.Unusable("--token-file " + file + " must hold the " + what + " on one line, but "
                    + (token.isEmpty() ? "it is empty" : "it has several lines"));
        }
        return token;
    }

    /** Where the token came from, for messages: never the token itself. */
    String tokenSource() {
        return tokenFile == null ? "the admin token in " + TOKEN_ENV : "the admin token in " + tokenFile;
    }
}
