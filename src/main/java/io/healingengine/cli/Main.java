package io.healingengine.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar healing-engine.jar [serve|demo|validate|simulate|deploy|rollback|versions] [options]} —
 * serve is the default.
 */
@Command(name = "healing-engine", mixinStandardHelpOptions = true, version = "healing-engine 0.1.0",
        description = "Self-healing engine: signals in, rules decide, actions run, recovery verified.",
        subcommands = {ServeCommand.class, DemoCommand.class, ValidateCommand.class, SimulateCommand.class,
            DeployCommand.class, RollbackCommand.class, VersionsCommand.class})
public final class Main {
    /** Exit code for an unusable configuration. */
    static final int EXIT_CONFIG = 2;
    /** Exit code for rules that do not compile. */
    static final int EXIT_RULES = 3;

    public static void main(String[] args) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        if (arguments.isEmpty() || (arguments.get(0).startsWith("-") && !isTopLevelFlag(arguments.get(0)))) {
            arguments.add(0, "serve");
        }
        int exit = new CommandLine(new Main()).execute(arguments.toArray(String[]::new));
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static boolean isTopLevelFlag(String arg) {
        return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
    }
}
