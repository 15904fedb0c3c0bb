package io.healingengine.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --url} and {@code --ca-cert}: which running engine a command talks to, and how to trust its HTTPS. */
final class EngineOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "the engine's address, http:// or https:// (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM certificate to trust for an https:// engine whose certificate the JVM does not "
                    + "already trust (e.g. its own self-signed server.tls.certPath)")
    Path caCert;

    EngineClient client() {
        return EngineClient.to(url, caCert);
    }
}
