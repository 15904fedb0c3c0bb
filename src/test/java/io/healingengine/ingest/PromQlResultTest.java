package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healingengine.ingest.PromQlResult.Sample;
import io.healingengine.ingest.PullProblem.PullException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The answers below are as Prometheus 2.42 (Debian 12) sends them. */
class PromQlResultTest {

    @Test
    void shouldReadAVectorWithoutTheMetricNameAndWithMillisecondTimestamps() {
        // given
        String body = """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"checkout_latency_p99_ms","instance":"127.0.0.1:41234","job":"checkout"},
                   "value":[1795396532.925,"742.5"]},
                  {"metric":{"job":"orders"},"value":[1795396532.9,"NaN"]}]}}""";

        // when
        List<Sample> samples = parse(200, body);

        // then
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0)).isEqualTo(new Sample(Map.of("instance", "127.0.0.1:41234", "job", "checkout"),
                1_795_396_532_925L, 742.5));
        assertThat(samples.get(1).value()).isNaN();
    }

    @Test
    void shouldReadAScalarAndKeepInfinityForTheCallerToRefuse() {
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795396532.942,\"+Inf\"]}}"))
                .containsExactly(new Sample(Map.of(), 1_795_396_532_942L, Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldReadAnEmptyVectorAsNoSamples() {
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "400 | `{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}` | query_error | bad_data: invalid parameter 'query': 1:5: parse error",
        "503 | `{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}` | query_error | timeout: query timed out",
        "502 | `<html>Bad Gateway</html>`                                                                           | http_status | HTTP 502 without a Prometheus JSON answer: <html>",
        "200 | `not json`                                                                                            | bad_response | HTTP 200 without a Prometheus JSON answer",
        "200 | `{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1795396532.947,\"x\"]}}`      | bad_response | result type 'string' is not vector or scalar",
        "200 | `{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}`                           | bad_response | needs a function around it",
        "200 | `{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"fast\"]}]}}` | bad_response | a value is not a number: 'fast'",
        "200 | `{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":\"1\"}]}}` | bad_response | a value is not [seconds,",
        "200 | `{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{},{},{}]}}`                    | too_many_series | 3 series, at most 2",
    })
    void shouldNameWhatIsWrongWithAnAnswer(int status, String body, String reason, String detail) {
        assertThatThrownBy(() -> parse(status, body))
                .isInstanceOfSatisfying(PullException.class, e -> assertThat(e.problem().reason()).isEqualTo(reason))
                .hasMessageContaining(detail);
    }

    private static List<Sample> parse(int status, String body) {
        return PromQlResult.parse(status, body.getBytes(StandardCharsets.UTF_8), 2);
    }
}
