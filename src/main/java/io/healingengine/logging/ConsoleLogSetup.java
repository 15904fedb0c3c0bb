package io.healingengine.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The engine's logging, set up in code: one line per event on stdout, decision lines starting with
 * {@code self_heal}, the root level from {@code HEALING_LOG_LEVEL} (default INFO). Logback finds it through
 * {@code META-INF/services}; it replaces a logback.xml, whose XML parsing cost about a fifth of the cold
 * start (docs/benchmarks.md). A {@code logback.xml} or {@code logback-test.xml} on the class path, or
 * {@code -Dlogback.configurationFile=…}, still wins: then this steps aside.
 */
public final class ConsoleLogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";
    /**
     * Library loggers turned down: Drools logs every rule build error at ERROR, which the engine reports
     * itself, located in the author's files (RuleBuildException, {@code validate}).
     */
    static final Map<String, Level> LEVELS = Map.of(
            "org.drools", Level.WARN,
            "org.drools.compiler.kie.builder.impl.KieProject", Level.OFF,
            "org.kie", Level.WARN,
            "org.flywaydb", Level.WARN,
            "io.netty", Level.WARN,
            "io.vertx", Level.INFO);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = ConsoleLogSetup.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}: the stdout appender and the levels. */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("HEALING_LOG_LEVEL"), Level.INFO));
        root.addAppender(stdout);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
}
