package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.AlertNotice;
import io.healingengine.config.AlertmanagerConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.buffer.Buffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads the body of Alertmanager's webhook, version 4 (what Alertmanager 0.25 POSTs; see
 * docs/api.md#post-apiv1alertmanager). A body that is not such a webhook is refused as a whole; each alert is
 * then read on its own, and one that cannot be used (no service label, too many labels …) is refused
 * alone, with the JSON pointer of its field and the reason, while the others count. Only the fields the
 * engine uses are checked; the others (receiver, groupLabels, generatorURL …) are ignored, so that what a
 * newer Alertmanager adds does not break the endpoint.
 */
final class AlertmanagerParser {
    static final String VERSION = "4";
    static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{1,64}");
    static final String ALERTNAME_LABEL = "alertname";
    /** The labels of one alert: as many as a signal may carry, bounded in total so that it can be stored. */
    static final int MAX_LABELS = SignalParser.MAX_LABELS;
    static final int MAX_LABEL_VALUE = SignalParser.MAX_LABEL_VALUE;
    static final int MAX_LABEL_CHARS = 6_000;
    static final int MAX_SUMMARY = 256;

    /**
     * One alert of the webhook, read ({@code notice}) or refused ({@code field}, {@code reason}).
     *
     * @param unknownService refused only because its service is not in the inventory and auto-registration is off
     */
    record Entry(int index, String fingerprint, String status, AlertNotice notice, String field, String reason,
                 boolean unknownService) {
        boolean accepted() {
            return notice != null;
        }
    }

    private AlertmanagerParser() {
    }

    /**
     * @param maxAlerts    most alerts one webhook may carry
     * @param serviceKnown whether a service id may send (it is listed, or unknown ones are auto-registered)
     */
    static List<Entry> parse(Buffer body, AlertmanagerConfig config, int maxAlerts, Predicate<String> serviceKnown) {
        JsonNode root = JsonBodies.object(JsonBodies.parse(body), "");
        JsonNode version = root.get("version");
        if (version == null || !version.isTextual() || !VERSION.equals(version.textValue())) {
            throw ApiProblem.invalid("/version", "must be \"4\" (Alertmanager's webhook version 4), but was "
                    + (version == null ? "missing" : version.isTextual() ? "'" + JsonBodies.clip(version.textValue()) + "'"
                    : JsonBodies.kind(version)));
        }
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            throw ApiProblem.invalid("/alerts", alerts == null ? "is required" : "must be an array, but was "
                    + JsonBodies.kind(alerts));
        }
        if (alerts.isEmpty()) {
            throw ApiProblem.invalid("/alerts", "the array holds no alerts");
        }
        if (alerts.size() > maxAlerts) {
            throw ApiProblem.invalid("/alerts", "at most " + maxAlerts + " alerts per request, but got " + alerts.size());
        }
        List<Entry> entries = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            entries.add(entry(alerts.get(i), i, config, serviceKnown));
        }
        return entries;
    }

    private static Entry entry(JsonNode alert, int index, AlertmanagerConfig config, Predicate<String> serviceKnown) {
        String pointer = "/alerts/" + index;
        String fingerprint = alert.path("fingerprint").isTextual() ? alert.get("fingerprint").textValue() : null;
        String status = alert.path("status").isTextual() ? alert.get("status").textValue() : null;
        try {
            AlertNotice notice = notice(alert, pointer, config);
            if (!serviceKnown.test(notice.service())) {
                return new Entry(index, notice.fingerprint(), status, null,
                        pointer + "/labels/" + config.serviceLabel(), "service '" + notice.service()
                        + "' is not in the inventory and auto-registration is off", true);
            }
            return new Entry(index, notice.fingerprint(), status, notice, null, null, false);
        } catch (ApiProblem refused) {
            return new Entry(index, fingerprint == null ? null : JsonBodies.clip(fingerprint),
                    status == null ? null : JsonBodies.clip(status), null, refused.field(), refused.getMessage(), false);
        }
    }

    private static AlertNotice notice(JsonNode alert, String pointer, AlertmanagerConfig config) {
        JsonBodies.object(alert, pointer);
        String status = JsonBodies.requiredString(alert, "status", pointer, Pattern.compile("firing|resolved"),
                "one of firing, resolved");
        String fingerprint = JsonBodies.requiredString(alert, "fingerprint", pointer, FINGERPRINT,
                "Alertmanager's fingerprint: 1-64 hex digits");
        Map<String, String> labels = labels(alert, pointer);
        String service = labels.get(config.serviceLabel());
        if (service == null) {
            throw ApiProblem.invalid(pointer + "/labels/" + config.serviceLabel(), "the alert has no '"
                    + config.serviceLabel() + "' label to name its service (integrations.alertmanager.serviceLabel)");
        }
        if (!ServiceConfig.ID_PATTERN.matcher(service).matches()) {
            throw ApiProblem.invalid(pointer + "/labels/" + config.serviceLabel(), "'" + JsonBodies.clip(service)
                    + "' is not a service id: 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        long startsAt = instant(alert, "startsAt", pointer);
        return new AlertNotice(fingerprint.toLowerCase(), service, labels.getOrDefault(ALERTNAME_LABEL, ""),
                labels.getOrDefault(config.severityLabel(), ""), status.equals("firing"), startsAt, labels,
                summary(alert, pointer));
    }

    private static Map<String, String> labels(JsonNode alert, String pointer) {
        JsonNode labels = alert.get("labels");
        if (labels == null || labels.isNull()) {
            throw ApiProblem.invalid(pointer + "/labels", "is required");
        }
        Map<String, String> read = JsonBodies.labels(alert, "labels", pointer, MAX_LABELS, SignalParser.LABEL_NAME,
                MAX_LABEL_VALUE);
        int chars = 0;
        for (Map.Entry<String, String> label : read.entrySet()) {
            if (hasControlCharacter(label.getValue())) {
                throw ApiProblem.invalid(pointer + "/labels/" + label.getKey(), "must not contain control characters");
            }
            chars += label.getKey().length() + label.getValue().length();
        }
        if (chars > MAX_LABEL_CHARS) {
            throw ApiProblem.invalid(pointer + "/labels", "the labels hold " + chars + " characters (names and values); "
                    + "at most " + MAX_LABEL_CHARS);
        }
        return new LinkedHashMap<>(read);
    }

    /** Alertmanager's times: RFC 3339 with a fraction of any length, e.g. 2026-11-22T20:56:21.08Z. */
    private static long instant(JsonNode alert, String field, String pointer) {
        JsonNode value = alert.get(field);
        if (value == null || value.isNull()) {
            throw ApiProblem.invalid(pointer + "/" + field, "is required");
        }
        if (!value.isTextual()) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be an RFC 3339 time, but was " + JsonBodies.kind(value));
        }
        try {
            return OffsetDateTime.parse(value.textValue()).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiProblem.invalid(pointer + "/" + field, "'" + JsonBodies.clip(value.textValue())
                    + "' is not an RFC 3339 time such as 2026-11-22T20:56:21.08Z");
        }
    }

    /** The summary annotation on one line, clipped; annotations are otherwise not used. */
    private static String summary(JsonNode alert, String pointer) {
        JsonNode annotations = alert.get("annotations");
        if (annotations == null || annotations.isNull()) {
            return "";
        }
        JsonBodies.object(annotations, pointer + "/annotations");
        JsonNode summary = annotations.get("summary");
        if (summary == null || !summary.isTextual()) {
            return "";
        }
        String oneLine = summary.textValue().replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > MAX_SUMMARY ? oneLine.substring(0, MAX_SUMMARY) + "…" : oneLine;
    }

    private static boolean hasControlCharacter(String text) {
        for (Iterator<Integer> it = text.codePoints().iterator(); it.hasNext(); ) {
            if (Character.isISOControl(it.next())) {
                return true;
            }
        }
        return false;
    }
}
