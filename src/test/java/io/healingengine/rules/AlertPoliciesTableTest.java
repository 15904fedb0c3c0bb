package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Alert;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.tools.TableCell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The alert policies decision table ({@code decision-tables/alerts/AlertPolicies.drl.xlsx}). */
class AlertPoliciesTableTest {
    private static final String TABLE = "decision-tables/alerts/AlertPolicies.drl.xlsx";

    private final RuleHarness h = RuleHarness.of(TABLE);

    @AfterEach
    void closeSession() {
        h.close();
    }

    private Alert firing(String alertname, String severity, Map<String, String> labels) {
        return new Alert("6f31df29d9ca987a", "svc-a", alertname, severity, labels, "", h.now(), true, h.now());
    }

    @Test
    void shouldMatchHighLatencyRowWithItsLadderWhenAHighLatencyAlertFires() {
        // given
        h.insert(new ManagedService("svc-a", "standard", false, 10_000), firing("HighLatency", "warning", Map.of()));

        // when
        h.fireAll();

        // then
        assertThat(h.firedRules()).containsExactly("alert-high-latency");
        PolicyMatch match = h.single(PolicyMatch.class);
        assertThat(match.getServiceId()).isEqualTo("svc-a");
        assertThat(match.getAlertFingerprint()).isEqualTo("6f31df29d9ca987a");
        assertThat(match.getActions()).containsExactly("restart", "alert-oncall");
        assertThat(match.getPriority()).isEqualTo(8);
        assertThat(match.getCooldownSeconds()).isEqualTo(600);
        assertThat(match.getValidationSeconds()).isEqualTo(360);
        assertThat(match.getPrediction()).isEqualTo("the HighLatency alert resolves within 360 s");
        assertThat(match.isDryRun()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "HighLatency, critical, 'alert-high-latency,alert-critical'",
        "HighErrorRate, critical, 'alert-high-error-rate,alert-critical'",
        "HighErrorRate, '', alert-high-error-rate",
        "DemoHighLatency, critical, alert-critical",
        "DiskFilling, page, alert-page",
        "DiskFilling, warning, ''",
        "DiskFilling, '', ''",
        "highlatency, info, ''"
    })
    void shouldMatchTheRowsWhoseAlertNameAndSeverityHold(String alertname, String severity, String rows) {
        // given
        h.insert(new ManagedService("svc-a", "standard", false, 10_000), firing(alertname, severity, Map.of()));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).extracting(PolicyMatch::getPolicy)
                .containsExactlyInAnyOrder(rows.isEmpty() ? new String[0] : rows.split(","));
    }

    @Test
    void shouldWithdrawTheMatchWhenTheAlertResolves() {
        // given
        Alert alert = firing("HighLatency", "critical", Map.of());
        h.insert(new ManagedService("svc-a", "standard", false, 10_000), alert).fireAll();
        assertThat(h.facts(PolicyMatch.class)).hasSize(2);

        // when
        alert.resolve(alert.getStartsAt(), h.now());
        h.update(alert).fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldWithdrawTheMatchWhenTheAlertsEpisodeIsSettled() {
        // given
        Alert alert = firing("HighLatency", "critical", Map.of());
        h.insert(new ManagedService("svc-a", "standard", false, 10_000), alert).fireAll();

        // when
        alert.setSettled(true);
        h.update(alert).fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldKeepTwoMatchesApartWhenTwoAlertsOfOneServiceMatchTheSameRow() {
        // given
        h.insert(new ManagedService("svc-a", "standard", false, 10_000),
                new Alert("aaaa", "svc-a", "HighLatency", "", Map.of("instance", "a:80"), "", h.now(), true, h.now()),
                new Alert("bbbb", "svc-a", "HighLatency", "", Map.of("instance", "b:80"), "", h.now(), true, h.now()));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).extracting(PolicyMatch::getAlertFingerprint)
                .containsExactlyInAnyOrder("aaaa", "bbbb");
    }

    @Test
    void shouldMatchNothingForAnAlertOfAServiceTheEngineDoesNotKnow() {
        // given: no ManagedService for svc-a
        h.insert(firing("HighLatency", "critical", Map.of()));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldApplyTierAndLabelConditionsWhenAnAnalystFillsThem(@TempDir Path temp) throws Exception {
        // given: a copy of the table whose alert-page row only takes team=sre alerts of batch services
        Path copy = Files.createDirectories(temp.resolve("decision-tables/alerts")).resolve("AlertPolicies.drl.xlsx");
        TableCell.of(Path.of(TABLE), "alert-page", "Other labels").writeValue(copy, "team=sre, env=prod");
        Files.write(copy, TableCell.of(copy, "alert-page", "Applies to tiers").withValue("batch"));
        try (RuleHarness copyHarness = RuleHarness.of(RuleSource.fromFiles(temp, TABLE))) {
            copyHarness.insert(new ManagedService("batch-a", "batch", false, 10_000),
                    new ManagedService("web-a", "standard", false, 10_000),
                    alert("1", "batch-a", Map.of("team", "sre", "env", "prod")),
                    alert("2", "batch-a", Map.of("team", "sre")),
                    alert("3", "web-a", Map.of("team", "sre", "env", "prod")));

            // when
            copyHarness.fireAll();

            // then
            assertThat(copyHarness.facts(PolicyMatch.class)).extracting(PolicyMatch::getAlertFingerprint)
                    .containsExactly("1");
        }
    }

    private Alert alert(String fingerprint, String service, Map<String, String> labels) {
        return new Alert(fingerprint, service, "DiskFilling", "page", labels, "", h.now(), true, h.now());
    }
}
