package io.healingengine.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLogSetupTest {
    @Test
    void shouldWriteOneGreppableLinePerEventWithTheLibraryLoggersTurnedDown() {
        // given: a fresh logging context set up the way the engine sets up its own
        LoggerContext context = new LoggerContext();
        ConsoleLogSetup.apply(context);
        Logger engine = context.getLogger("io.healingengine.engine.RuleEngineVerticle");

        // when: the engine logs a decision line
        ConsoleAppender<ILoggingEvent> stdout = (ConsoleAppender<ILoggingEvent>) context
                .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), engine, Level.INFO,
                "self_heal event=incident_opened service={}", null, new Object[] {"checkout"});
        String line = new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);

        // then: time, level, thread, short logger name, then the message, on one line
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^]]+\\] "
                + "RuleEngineVerticle - self_heal event=incident_opened service=checkout\\R");
        // and the engine logs at INFO while Drools' and Netty's chatter is held back
        assertThat(engine.isInfoEnabled()).isTrue();
        assertThat(context.getLogger("org.drools.core.reteoo.Rete").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("org.drools.compiler.kie.builder.impl.KieProject").isErrorEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.channel.nio.NioEventLoop").isInfoEnabled()).isFalse();
    }
}
