package io.healingengine.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Validation of webhook URLs from the configuration (only http and https, with a host). */
final class WebhookUrls {
    private WebhookUrls() {
    }

    static void check(String url, String key) {
        try {
            URI uri = new URI(url);
            ConfigException.check("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()), key,
                    "must be an http or https URL, but was '" + url + "'");
            ConfigException.check(uri.getHost() != null, key, "must name a host, but was '" + url + "'");
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL: " + e.getMessage());
        }
    }
}
