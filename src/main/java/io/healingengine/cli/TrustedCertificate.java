package io.healingengine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An SSL context that trusts one PEM certificate ({@code --ca-cert}), for an engine serving HTTPS. */
final class TrustedCertificate {
    private TrustedCertificate() {
    }

    static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new EngineClient.Unusable("--ca-cert " + pem + " holds no certificate: give the PEM file of the "
                        + "engine's certificate (server.tls.certPath) or of the CA that issued it");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new EngineClient.Unusable("--ca-cert " + pem + " is not a readable PEM certificate ("
                    + EngineLauncher.rootMessage(e) + ")");
        }
    }
}
