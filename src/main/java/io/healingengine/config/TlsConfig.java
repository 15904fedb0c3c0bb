package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS for the API. Both files are PEM; they are read once, at start.
 *
 * @param certPath the server certificate (chain), PEM ({@code -----BEGIN CERTIFICATE-----})
 * @param keyPath  its private key, PEM, PKCS#8 or PKCS#1, unencrypted
 */
public record TlsConfig(String certPath, String keyPath) {

    public TlsConfig {
        check(certPath != null && !certPath.isBlank(), "server.tls.certPath", "is required: a PEM certificate file");
        check(keyPath != null && !keyPath.isBlank(), "server.tls.keyPath", "is required: a PEM private key file");
        check(Files.isReadable(Path.of(certPath)), "server.tls.certPath", "names a file that cannot be read: " + certPath);
        check(Files.isReadable(Path.of(keyPath)), "server.tls.keyPath", "names a file that cannot be read: " + keyPath);
    }
}
