package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the audit trail and the engine's state live. Without a URL: the embedded H2 database in
 * {@code <dataDir>/audit.mv.db}. With one: that database (PostgreSQL in production), migrated by the
 * same Flyway scripts.
 *
 * @param url          JDBC URL, e.g. {@code jdbc:postgresql://db.internal:5432/healing}; default none
 *                     (embedded H2)
 * @param user         database user
 * @param passwordFile a file whose content (one trailing newline stripped) is the password, e.g. a
 *                     mounted secret
 * @param passwordEnv  the name of an environment variable holding the password (instead of a file)
 */
public record DatabaseConfig(String url, String user, String passwordFile, String passwordEnv) {

    public DatabaseConfig {
        check(url == null || url.startsWith("jdbc:"), "database.url", "must be a JDBC URL (jdbc:postgresql://host:port/db)"
                + ", but was '" + url + "'");
        check(url == null || !url.startsWith("jdbc:h2:"), "database.url",
                "names an H2 database: leave database.url out to use the embedded one in dataDir");
        check(url != null || (user == null && passwordFile == null && passwordEnv == null), "database",
                "user, passwordFile and passwordEnv need database.url");
        check(passwordFile == null || passwordEnv == null, "database.passwordFile",
                "and database.passwordEnv are alternatives: give one of them");
    }

    public static DatabaseConfig ofDefaults() {
        return new DatabaseConfig(null, null, null, null);
    }

    /** Whether an external database is configured (else the embedded H2 one). */
    public boolean external() {
        return url != null;
    }

    /** The password from {@code passwordFile} or {@code passwordEnv}; null if neither is given. */
    public String password(UnaryOperator<String> environment) {
        if (passwordFile != null) {
            try {
                String text = Files.readString(Path.of(passwordFile));
                return text.endsWith("\n") ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)) : text;
            } catch (IOException e) {
                throw new ConfigException("database.passwordFile", "cannot be read: " + passwordFile + " ("
                        + e.getMessage() + ")");
            }
        }
        if (passwordEnv != null) {
            String value = environment.apply(passwordEnv);
            check(value != null, "database.passwordEnv", "names the environment variable " + passwordEnv
                    + ", which is not set");
            return value;
        }
        return null;
    }
}
