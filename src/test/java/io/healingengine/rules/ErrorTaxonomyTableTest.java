package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.healingengine.domain.ClassifiedError;
import io.healingengine.domain.ErrorEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error-taxonomy decision table ({@code decision-tables/errors/ErrorTaxonomy.drl.xlsx}), compiled as the
 * engine compiles it together with its fallback and event declarations ({@code rules/errors/taxonomy.drl}).
 */
class ErrorTaxonomyTableTest {
    static final String TABLE = "decision-tables/errors/ErrorTaxonomy.drl.xlsx";
    static final String RULES = "rules/errors/taxonomy.drl";
    private static final String UNMATCHED = "classify-unmatched-error";
    private static final Pattern RULE_NAME = Pattern.compile("^rule \"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern MESSAGE_PATTERN = Pattern.compile("message matches \"((?:[^\"\\\\]|\\\\.)*)\"");

    /** An error each row of the table recognises, and the class it gives it. */
    private record Example(String row, String exceptionType, String message, Integer exitCode, String failureClass) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("classify-native-thread-limit", "java.lang.OutOfMemoryError",
                    "unable to create native thread: possibly out of memory or process/resource limits reached", null,
                    "resource-exhausted"),
            new Example("classify-java-out-of-memory", "java.lang.OutOfMemoryError", "Java heap space", null,
                    "out-of-memory"),
            new Example("classify-too-many-open-files", "java.net.SocketException", "Too many open files", null,
                    "resource-exhausted"),
            new Example("classify-disk-full", "java.io.IOException", "No space left on device", null,
                    "resource-exhausted"),
            new Example("classify-connect-timeout", "java.net.SocketTimeoutException", "Connect timed out", null,
                    "dependency-unreachable"),
            new Example("classify-read-timeout", "java.net.SocketTimeoutException", "Read timed out", null,
                    "dependency-slow"),
            new Example("classify-pool-exhausted", "java.sql.SQLTransientConnectionException",
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms.", null,
                    "connection-pool-exhausted"),
            new Example("classify-jdbc-transient-connection", "java.sql.SQLTransientConnectionException",
                    "Connection reset", null, "connection-pool-exhausted"),
            new Example("classify-connection-refused", "org.postgresql.util.PSQLException",
                    "Connection to db.internal:5432 refused. Check that the hostname and port are correct and that "
                            + "the postmaster is accepting TCP/IP connections.", null, "dependency-unreachable"),
            new Example("classify-dependency-unreachable", "java.net.UnknownHostException", "payments.internal", null,
                    "dependency-unreachable"),
            new Example("classify-killed-by-oom-killer", null, null, 137, "killed-oom"),
            new Example("classify-crash-exit-code", null, null, 1, "crashed"));

    private RuleHarness h;

    @BeforeEach
    void openSession() {
        h = RuleHarness.of(TABLE, RULES);
    }

    @AfterEach
    void closeSession() {
        h.close();
    }

    static Stream<Arguments> examples() {
        return EXAMPLES.stream().map(example -> arguments(named(example.row(), example)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldClassifyByTheRowThatRecognisesTheErrorWhenTheErrorArrives(Example example) {
        // given
        ErrorEvent error = error(example.exceptionType(), example.message(), example.exitCode());

        // when
        h.insert(error).fireAll();

        // then: that row alone fired, once, and turned the error into its classification
        assertThat(h.firedRules()).containsExactly(example.row());
        ClassifiedError classified = h.single(ClassifiedError.class);
        assertThat(classified.getFailureClass()).isEqualTo(example.failureClass());
        assertThat(classified.getClassifiedBy()).isEqualTo(example.row());
        assertThat(classified.getError()).isSameAs(error);
        assertThat(classified.getServiceId()).isEqualTo("svc-a");
        assertThat(h.facts(ErrorEvent.class)).isEmpty();
    }

    @Test
    void shouldHaveAnExampleForEveryRowWhenTheTableGrows() throws IOException {
        // when
        List<String> rows = RULE_NAME.matcher(generatedDrl()).results().map(m -> m.group(1)).toList();

        // then: a row added to the table needs an example above (its class is then reachable and tested)
        assertThat(rows).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(EXAMPLES.stream().map(Example::row).toList());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            java.lang.OutOfMemoryError      | unable to create new native thread      | -   | classify-native-thread-limit
            java.lang.OutOfMemoryError      | Java heap space                         | 137 | classify-java-out-of-memory
            java.net.SocketTimeoutException | connect timed out                       | -   | classify-connect-timeout
            java.io.IOException             | Too many open files                     | 1   | classify-too-many-open-files
            java.net.ConnectException       | Connection refused (Connection refused) | -   | classify-connection-refused
            """)
    void shouldLetTheRowHigherUpWinWhenABroaderRowMatchesTheErrorToo(String type, String message, Integer exitCode,
                                                                    String row) {
        // given: an error that a broader row further down matches as well (OutOfMemoryError alone, any
        // SocketTimeoutException, exit code 137 or 1, any ConnectException)
        ErrorEvent error = error(type, message, exitCode);

        // when
        h.insert(error).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(row);
        assertThat(h.single(ClassifiedError.class).getClassifiedBy()).isEqualTo(row);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Connection refused",
        "CONNECTION REFUSED",
        "java.net.ConnectException: Connection refused (Connection refused)",
        "request to http://payments:8080/charge failed\nCaused by: java.net.ConnectException: Connection refused"})
    void shouldFindTheMessagePatternAnywhereInTheMessageIgnoringCaseWhenTheMessageMatches(String message) {
        // when: the row's pattern is "connection refused|connection to \\S+ refused"
        h.insert(error("io.netty.channel.AbstractChannel$AnnotatedConnectException", message, null)).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly("classify-connection-refused");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HikariPool-12 - Connection is not available, request timed out after 30000ms. | classify-pool-exhausted
            HikariPool-x - Connection is not available, request timed out after 30000ms.  | classify-unmatched-error
            Connection to db.internal:5432 refused.                                       | classify-connection-refused
            Connection to  refused.                                                       | classify-unmatched-error
            """)
    void shouldReadADoubledBackslashAsOneRegexBackslashWhenTheRowUsesACharacterClass(String message, String row) {
        // given: the cells say HikariPool-\\d+ and connection to \\S+ refused: \d is a digit, \S a non-space
        ErrorEvent error = error("com.example.DataAccessException", message, null);

        // when
        h.insert(error).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(row);
    }

    @Test
    void shouldCarryTheDoubledBackslashesIntoTheDrlWhenTheTableIsCompiled() throws IOException {
        // when
        String drl = generatedDrl();

        // then: a DRL string literal, read as Java source, turns \\d back into the regex \d
        assertThat(drl).contains("message matches \"(?is).*(?:HikariPool-\\\\d+ - Connection is not available|")
                .contains("connection to \\\\S+ refused).*\"");
    }

    @Test
    void shouldCompileEveryMessagePatternWhenItIsReadAsTheDrlStringItIsIn() throws IOException {
        // given: an invalid regex compiles into the rules but fails the rule base when it first loads, so the
        // table is checked here, row by row
        Matcher patterns = MESSAGE_PATTERN.matcher(generatedDrl());

        // when / then
        int checked = 0;
        while (patterns.find()) {
            String regex = patterns.group(1).replaceAll("\\\\(.)", "$1");
            assertThatCode(() -> Pattern.compile(regex)).as("message pattern %s", regex).doesNotThrowAnyException();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "exit code {0}")
    @CsvSource(delimiter = '|', textBlock = """
            137 | classify-killed-by-oom-killer | killed-oom
            1   | classify-crash-exit-code      | crashed
            134 | classify-crash-exit-code      | crashed
            139 | classify-crash-exit-code      | crashed
            """)
    void shouldClassifyByExitCodeAloneWhenTheProcessEndedWithoutAnException(int exitCode, String row,
                                                                           String failureClass) {
        // when
        h.insert(error(null, null, exitCode)).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(row);
        assertThat(h.single(ClassifiedError.class).getFailureClass()).isEqualTo(failureClass);
    }

    @Test
    void shouldClassifyByExitCodeWhenTheExceptionIsOneNoRowKnows() {
        // given: an empty exception-type cell means any exception
        ErrorEvent error = error("java.lang.IllegalStateException", "config key 'db.url' missing", 1);

        // when
        h.insert(error).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly("classify-crash-exit-code");
    }

    @ParameterizedTest(name = "exit code {0}")
    @ValueSource(ints = {0, 2, 130, 143})
    void shouldLeaveTheErrorUnclassifiedWhenNoRowListsItsExitCode(int exitCode) {
        // when
        h.insert(error(null, null, exitCode)).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(UNMATCHED);
        assertThat(h.single(ClassifiedError.class).getFailureClass()).isEqualTo(ClassifiedError.UNCLASSIFIED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            java.net.http.HttpConnectTimeoutException | classify-dependency-unreachable
            java.net.http.HttpTimeoutException        | classify-read-timeout
            java.io.InterruptedIOException            | classify-unmatched-error
            OutOfMemoryError                          | classify-unmatched-error
            """)
    void shouldMatchTheExceptionTypeExactlyWhenTypesAreRelated(String type, String row) {
        // given: HttpConnectTimeoutException extends HttpTimeoutException; SocketTimeoutException extends
        // InterruptedIOException; the simple name is not the qualified one
        ErrorEvent error = error(type, "request timed out", null);

        // when
        h.insert(error).fireAll();

        // then
        assertThat(h.firedRules()).containsExactly(row);
    }

    private ErrorEvent error(String type, String message, Integer exitCode) {
        return new ErrorEvent("svc-a", type, message, null, exitCode, h.now());
    }

    static String generatedDrl() throws IOException {
        try (InputStream in = Files.newInputStream(RuleHarness.projectRoot().resolve(TABLE))) {
            return new SpreadsheetCompiler().compile(in, InputType.XLS);
        }
    }
}
