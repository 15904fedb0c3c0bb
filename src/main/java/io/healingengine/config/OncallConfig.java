package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * Where alert-oncall pages go.
 *
 * @param url       webhook receiving the page as JSON (PagerDuty/Opsgenie bridge, chat hook …);
 *                  without one, a page fails and the incident says so
 * @param timeoutMs how long to wait for the receiver (default 5000)
 */
public record OncallConfig(String url, Integer timeoutMs) {
    public static final int DEFAULT_TIMEOUT_MS = 5000;

    public OncallConfig {
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        if (url != null) {
            WebhookUrls.check(url, "oncall.url");
        }
        check(timeoutMs >= 1, "oncall.timeoutMs", "must be >= 1, but was " + timeoutMs);
    }

    public static OncallConfig ofDefaults() {
        return new OncallConfig(null, null);
    }
}
