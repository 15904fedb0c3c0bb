package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Reading a body past the API's limits names where it went past them. */
class JsonBodiesTest {

    @Test
    void shouldNameWhereTheNestingWentTooDeep() {
        String deep = "{\"labels\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}";

        assertThatThrownBy(() -> JsonBodies.parse(Buffer.buffer(deep)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    org.assertj.core.api.Assertions.assertThat(problem.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(problem.type()).isEqualTo("invalid-field");
                    org.assertj.core.api.Assertions.assertThat(problem.field()).startsWith("/labels/a/a/a");
                })
                .hasMessageContaining("nesting at most 16 levels");
    }

    @Test
    void shouldNameANumberWithTooManyDigits() {
        assertThatThrownBy(() -> JsonBodies.parse(Buffer.buffer("{\"value\":" + "9".repeat(65) + "}")))
                .isInstanceOfSatisfying(ApiProblem.class, problem ->
                        org.assertj.core.api.Assertions.assertThat(problem.field()).isEqualTo("/value"));
    }

    @Test
    void shouldSayWhereMalformedJsonStops() {
        assertThatThrownBy(() -> JsonBodies.parse(Buffer.buffer("{\"service\":\"orders\",")))
                .isInstanceOfSatisfying(ApiProblem.class, problem ->
                        org.assertj.core.api.Assertions.assertThat(problem.type()).isEqualTo("malformed-json"))
                .hasMessage("the body is not valid JSON at line 1, column 21 (in /service): Unexpected end-of-input "
                        + "within/between Object entries");
    }
}
