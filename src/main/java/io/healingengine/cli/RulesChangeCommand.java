package io.healingengine.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code deploy} and {@code rollback} share: {@code --url}, the admin token, {@code --by} and
 * {@code --note}, and turning an {@link EngineClient.Unusable} into exit code 2 with its message.
 */
abstract class RulesChangeCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return EngineClient.run(spec.name(), spec.commandLine().getErr(), () -> {
            String token = admin.token();
            return change(engine.client().withToken(token), token, out);
        });
    }

    /** Asks the engine for the change and prints its answer; returns the exit code. */
    abstract int change(EngineClient client, String token, PrintWriter out);
}
