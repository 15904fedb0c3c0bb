package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healingengine.bus.AlertNotice;
import io.healingengine.config.AlertmanagerConfig;
import io.healingengine.ingest.AlertmanagerParser.Entry;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Alertmanager's webhook version 4, on the bodies Alertmanager 0.25 sends (test resources fixtures/alertmanager). */
class AlertmanagerParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AlertmanagerConfig DEFAULTS = AlertmanagerConfig.ofDefaults();

    private static String fixture(String name) throws IOException {
        try (InputStream in = AlertmanagerParserTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Entry> parse(String body, AlertmanagerConfig config) {
        return AlertmanagerParser.parse(Buffer.buffer(body), config, 100, service -> true);
    }

    private static ObjectNode firing() throws IOException {
        return (ObjectNode) JSON.readTree(fixture("firing.json"));
    }

    private static ObjectNode alert(ObjectNode webhook) {
        return (ObjectNode) webhook.get("alerts").get(0);
    }

    @Test
    void shouldReadTheFiringFixtureAsAlertmanagerSendsIt() throws IOException {
        List<Entry> entries = parse(fixture("firing.json"), DEFAULTS);

        assertThat(entries).singleElement().satisfies(entry -> {
            AlertNotice notice = entry.notice();
            assertThat(notice.fingerprint()).isEqualTo("6f31df29d9ca987a");
            assertThat(notice.service()).isEqualTo("demo-checkout");
            assertThat(notice.alertname()).isEqualTo("DemoHighLatency");
            assertThat(notice.severity()).isEqualTo("critical");
            assertThat(notice.firing()).isTrue();
            assertThat(notice.startsAt()).isEqualTo(Instant.parse("2026-11-22T20:56:21.080Z").toEpochMilli());
            assertThat(notice.labels()).containsEntry("team", "sre").hasSize(8);
            assertThat(notice.summary()).isEqualTo("High p99 latency on demo-checkout");
        });
    }

    @Test
    void shouldReadTheResolvedFixtureWithTheSameEpisodeStart() throws IOException {
        AlertNotice firing = parse(fixture("firing.json"), DEFAULTS).get(0).notice();
        AlertNotice resolved = parse(fixture("resolved.json"), DEFAULTS).get(0).notice();

        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
        assertThat(resolved.startsAt()).isEqualTo(firing.startsAt());
    }

    @Test
    void shouldTakeServiceAndSeverityFromTheConfiguredLabels() throws IOException {
        AlertmanagerConfig byJob = new AlertmanagerConfig("job", "team");

        AlertNotice notice = parse(fixture("firing.json"), byJob).get(0).notice();

        assertThat(notice.service()).isEqualTo("demo-target");
        assertThat(notice.severity()).isEqualTo("sre");
    }

    @Test
    void shouldRefuseOnlyTheAlertWhoseConfiguredServiceLabelIsMissing() throws IOException {
        List<Entry> entries = parse(fixture("firing.json"), new AlertmanagerConfig("app", null));

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.accepted()).isFalse();
            assertThat(entry.fingerprint()).isEqualTo("6f31df29d9ca987a");
            assertThat(entry.field()).isEqualTo("/alerts/0/labels/app");
            assertThat(entry.reason()).isEqualTo("the alert has no 'app' label to name its service "
                    + "(integrations.alertmanager.serviceLabel)");
        });
    }

    @Test
    void shouldTakeAnAlertWithoutSeverityOrSummary() throws IOException {
        ObjectNode webhook = firing();
        ((ObjectNode) alert(webhook).get("labels")).remove("severity");
        alert(webhook).remove("annotations");

        AlertNotice notice = parse(webhook.toString(), DEFAULTS).get(0).notice();

        assertThat(notice.severity()).isEmpty();
        assertThat(notice.summary()).isEmpty();
    }

    @Test
    void shouldRefuseTooManyLabels() throws IOException {
        ObjectNode webhook = firing();
        ObjectNode labels = (ObjectNode) alert(webhook).get("labels");
        for (int i = 0; i < 30; i++) {
            labels.put("extra_" + i, "x");
        }

        Entry entry = parse(webhook.toString(), DEFAULTS).get(0);

        assertThat(entry.field()).isEqualTo("/alerts/0/labels");
        assertThat(entry.reason()).isEqualTo("must have at most 32 entries");
    }

    @Test
    void shouldRefuseALabelValueWithALineBreakAndAServiceThatIsNoId() throws IOException {
        ObjectNode webhook = firing();
        ((ObjectNode) alert(webhook).get("labels")).put("instance", "a\nb");
        ObjectNode second = alert(webhook).deepCopy();
        ((ObjectNode) second.get("labels")).put("instance", "ok").put("service", "$(reboot)");
        ((com.fasterxml.jackson.databind.node.ArrayNode) webhook.get("alerts")).add(second);

        List<Entry> entries = parse(webhook.toString(), DEFAULTS);

        assertThat(entries.get(0).field()).isEqualTo("/alerts/0/labels/instance");
        assertThat(entries.get(0).reason()).isEqualTo("must not contain control characters");
        assertThat(entries.get(1).field()).isEqualTo("/alerts/1/labels/service");
        assertThat(entries.get(1).reason()).startsWith("'$(reboot)' is not a service id");
    }

    @Test
    void shouldRefuseAnAlertWithoutFingerprintOrWithABadStatusOrTime() throws IOException {
        ObjectNode webhook = firing();
        ObjectNode noFingerprint = alert(webhook);
        ObjectNode badStatus = noFingerprint.deepCopy().put("status", "pending");
        ObjectNode badTime = noFingerprint.deepCopy().put("startsAt", "yesterday");
        noFingerprint.remove("fingerprint");
        ((com.fasterxml.jackson.databind.node.ArrayNode) webhook.get("alerts")).add(badStatus).add(badTime);

        List<Entry> entries = parse(webhook.toString(), DEFAULTS);

        assertThat(entries).extracting(Entry::field)
                .containsExactly("/alerts/0/fingerprint", "/alerts/1/status", "/alerts/2/startsAt");
        assertThat(entries).noneMatch(Entry::accepted);
        assertThat(entries.get(1).reason()).isEqualTo("'pending' is not valid: one of firing, resolved");
    }

    @Test
    void shouldRefuseTheWholeBodyWhenItIsNoVersion4Webhook() throws IOException {
        ObjectNode noVersion = firing();
        noVersion.remove("version");
        ObjectNode noAlerts = firing();
        noAlerts.remove("alerts");

        assertThatThrownBy(() -> parse(noVersion.toString(), DEFAULTS)).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.field()).isEqualTo("/version"));
        assertThatThrownBy(() -> parse(noAlerts.toString(), DEFAULTS)).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.getMessage()).isEqualTo("is required"));
        assertThatThrownBy(() -> parse("[]", DEFAULTS)).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.field()).isEqualTo("/"));
    }
}
