package io.healingengine.cli;

import picocli.CommandLine.Option;

/** {@code --url}: which running engine a command talks to. */
final class EngineOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "the engine's address (default: ${DEFAULT-VALUE})")
    String url;

    EngineClient client() {
        return EngineClient.to(url);
    }
}
