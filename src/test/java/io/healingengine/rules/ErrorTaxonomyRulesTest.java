package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ClassifiedError;
import io.healingengine.domain.ErrorEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/errors/taxonomy.drl with the taxonomy table it completes: every error ends up classified exactly once
 * (unclassified if no row knows it), and classifications leave working memory when they expire.
 */
class ErrorTaxonomyRulesTest {
    private static final String UNMATCHED = "classify-unmatched-error";

    private final RuleHarness h = RuleHarness.of(ErrorTaxonomyTableTest.TABLE, ErrorTaxonomyTableTest.RULES);
    private long baseline;

    @BeforeEach
    void settle() {
        h.fireAll();
        baseline = h.session().factCount();
    }

    @AfterEach
    void closeHarness() {
        h.close();
    }

    @Test
    void shouldClassifyAsUnclassifiedWhenNoRowMatches() {
        // given
        ErrorEvent error = error("java.lang.IllegalArgumentException", "amount must be positive", null);

        // when
        h.insert(error).fireAll();

        // then: kept, not dropped, and named after the fallback
        assertThat(h.firedRules()).containsExactly(UNMATCHED);
        ClassifiedError classified = h.single(ClassifiedError.class);
        assertThat(classified.getFailureClass()).isEqualTo(ClassifiedError.UNCLASSIFIED);
        assertThat(classified.getClassifiedBy()).isEqualTo(UNMATCHED);
        assertThat(classified.getError()).isSameAs(error);
        assertThat(h.facts(ErrorEvent.class)).isEmpty();
    }

    @Test
    void shouldClassifyAsUnclassifiedWhenTheErrorSaysNothing() {
        // when: no exception type, no message, no exit code
        h.insert(error(null, null, null)).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(UNMATCHED);
        assertThat(h.single(ClassifiedError.class).getFailureClass()).isEqualTo(ClassifiedError.UNCLASSIFIED);
    }

    @Test
    void shouldClassifyEachErrorExactlyOnceWhenManyArriveTogether() {
        // given: errors that several rows (and the fallback) could take, arriving in one evaluation
        List<ErrorEvent> errors = List.of(
                error("java.lang.OutOfMemoryError", "unable to create native thread", 137),
                error("java.lang.OutOfMemoryError", "Java heap space", 137),
                error("java.net.SocketTimeoutException", "connect timed out", null),
                error("java.net.SocketTimeoutException", "Read timed out", null),
                error(null, null, 137),
                error("java.lang.IllegalStateException", "boom", null),
                error("java.lang.IllegalStateException", "boom", null));
        errors.forEach(h::insert);

        // when
        h.fireAll();

        // then: one rule fired per error, each error has exactly one classification, none is left raw
        assertThat(h.firedRules()).hasSize(errors.size());
        Map<ErrorEvent, Long> perError = h.facts(ClassifiedError.class).stream()
                .collect(Collectors.groupingBy(ClassifiedError::getError, Collectors.counting()));
        assertThat(perError).containsOnlyKeys(errors).allSatisfy((error, count) -> assertThat(count).isOne());
        Map<ErrorEvent, String> classOf = h.facts(ClassifiedError.class).stream()
                .collect(Collectors.toMap(ClassifiedError::getError, ClassifiedError::getFailureClass));
        assertThat(errors.stream().map(classOf::get)).containsExactly("resource-exhausted", "out-of-memory",
                "dependency-unreachable", "dependency-slow", "killed-oom", ClassifiedError.UNCLASSIFIED,
                ClassifiedError.UNCLASSIFIED);
        assertThat(h.facts(ErrorEvent.class)).isEmpty();
    }

    @Test
    void shouldNotClassifyAgainWhenTheSessionEvaluatesLater() {
        // given
        h.insert(error("java.lang.OutOfMemoryError", "Java heap space", null)).fireAll();
        ClassifiedError first = h.single(ClassifiedError.class);
        h.clearFired();

        // when
        h.fireAll();
        h.advance(Duration.ofMinutes(1)).fireAll();

        // then
        assertThat(h.firedRules()).isEmpty();
        assertThat(h.facts(ClassifiedError.class)).containsExactly(first);
    }

    @Test
    void shouldForgetClassifiedErrorsWhenTheyExpireAfter15Minutes() {
        // given
        h.insert(error("java.lang.OutOfMemoryError", "Java heap space", null), error(null, null, 137),
                error("java.lang.IllegalStateException", "boom", null)).fireAll();
        assertThat(h.session().factCount()).isEqualTo(baseline + 3);

        // when: not before 15 minutes …
        h.advance(Duration.ofMinutes(15).minusSeconds(1)).fireAll();
        assertThat(h.facts(ClassifiedError.class)).hasSize(3);

        // … but after them
        h.advance(Duration.ofSeconds(2)).fireAll();

        // then: back to what the session held before the errors came
        assertThat(h.facts(ClassifiedError.class)).isEmpty();
        assertThat(h.session().factCount()).isEqualTo(baseline);
    }

    @Test
    void shouldStillClassifyALateErrorWhenItIsOlderThanItsClassificationIsKept() {
        // given: an error reported an hour after it happened
        ErrorEvent late = new ErrorEvent("svc-a", "java.lang.OutOfMemoryError", "Java heap space", null, null,
                h.now() - Duration.ofHours(1).toMillis());

        // when
        h.insert(late).fireAll();

        // then: it is recognised (the row fires and is recorded), but nothing of it stays
        assertThat(h.firedRules()).containsExactly("classify-java-out-of-memory");
        assertThat(h.session().factCount()).isEqualTo(baseline);
    }

    @Test
    void shouldKeepTheErrorsDetailsWhenItIsClassified() {
        // given
        ErrorEvent error = new ErrorEvent("svc-b", "java.lang.OutOfMemoryError", "Java heap space",
                "at com.example.Cache.put(Cache.java:42)", 1, h.now());

        // when
        h.insert(error).fireAll();

        // then
        ClassifiedError classified = h.single(ClassifiedError.class);
        assertThat(classified.getServiceId()).isEqualTo("svc-b");
        assertThat(classified.getAt()).isEqualTo(h.now());
        assertThat(classified.getError().getStackExcerpt()).isEqualTo("at com.example.Cache.put(Cache.java:42)");
        assertThat(classified.getError().getExitCode()).isEqualTo(1);
        assertThat(classified.getError()).isSameAs(error);
    }

    private ErrorEvent error(String type, String message, Integer exitCode) {
        return new ErrorEvent("svc-a", type, message, null, exitCode, h.now());
    }
}
