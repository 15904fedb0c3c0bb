package io.healingengine.deploy;

import io.healingengine.rules.RuleProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Checks that a kjar was signed with {@code jarsigner} by the key of the configured certificate
 * ({@code deploy.signerCertificate}): every entry but the signature files themselves must be signed by that
 * key and match its digest. The key is trusted as it is, the certificate's issuer and dates are not judged.
 */
public final class KjarSignature {
    private final PublicKey signer;
    private final String certificateFile;

    private KjarSignature(PublicKey signer, String certificateFile) {
        this.signer = signer;
        this.certificateFile = certificateFile;
    }

    /** The check for {@code certificateFile} (PEM or DER X.509). */
    public static KjarSignature trusting(Path certificateFile) {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new KjarSignature(certificate.getPublicKey(), certificateFile.toString());
        } catch (IOException | CertificateException e) {
            throw new io.healingengine.config.ConfigException("deploy.signerCertificate", "is not a readable X.509 "
                    + "certificate (PEM, as keytool -exportcert -rfc writes it): " + certificateFile + " (" + e.getMessage()
                    + ")");
        }
    }

    /** Refuses ({@link DeployRefused.Reason#UNSIGNED}) a kjar that is not wholly signed by the trusted key. */
    public void verify(byte[] kjar, String origin) {
        int signed = 0;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(kjar), true)) {
            if (jar.getManifest() == null) {
                throw refused(origin, "it has no manifest, so no signature");
            }
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                jar.transferTo(OutputStream.nullOutputStream()); // reading to the end checks the entry's digest
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                if (!signedByTrustedKey(entry.getCodeSigners())) {
                    throw refused(origin, "its entry " + entry.getName() + " is "
                            + (entry.getCodeSigners() == null ? "not signed" : "signed by another key"));
                }
                signed++;
            }
        } catch (SecurityException e) {
            throw refused(origin, "its signature does not verify: " + e.getMessage());
        } catch (IOException e) {
            throw refused(origin, "it cannot be read as a jar: " + e.getMessage());
        }
        if (signed == 0) {
            throw refused(origin, "it has no signed entries");
        }
    }

    private boolean signedByTrustedKey(CodeSigner[] signers) {
        if (signers == null) {
            return false;
        }
        for (CodeSigner codeSigner : signers) {
            List<? extends Certificate> path = codeSigner.getSignerCertPath().getCertificates();
            if (!path.isEmpty() && path.get(0).getPublicKey().equals(signer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-") || upper.equals("META-INF/MANIFEST.MF");
    }

    private DeployRefused refused(String origin, String why) {
        return new DeployRefused(DeployRefused.Reason.UNSIGNED, "the kjar is not signed with the key of "
                + certificateFile + " (deploy.signerCertificate): " + why + "; sign it with jarsigner (see "
                + "docs/operations.md#signed-kjars)", List.of(new RuleProblem(origin, "", why, true)));
    }
}
