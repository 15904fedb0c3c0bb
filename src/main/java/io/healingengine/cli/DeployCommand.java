package io.healingengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleBuildException;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleProblem;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code deploy <kjar | dir>}: uploads rules to a running engine, which checks them, activates them in
 * place and records the deploy. A directory laid out like the project is compiled here first; if it does
 * not compile, its problems are printed as {@code validate} prints them and nothing is uploaded.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy rules to a running engine: a kjar as it is, or a project directory (rules/, "
                + "decision-tables/) compiled here first.",
            "The admin token comes from --token-file or " + AdminOptions.TOKEN_ENV + ", never from the command line."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:activated, or already active", "1:the rules do not compile, or the engine refused them",
            "2:unusable arguments, or the engine cannot be reached"})
final class DeployCommand extends RulesChangeCommand {
    @Parameters(index = "0", paramLabel = "KJAR|DIR", description = "a kjar file, or a project directory to compile")
    Path target;

    @Override
    int change(EngineClient client, String token, PrintWriter out) {
        if (!Files.exists(target)) {
            throw new EngineClient.Unusable(target + " does not exist: give a kjar file or a project directory "
                    + "(the one holding rules/ and decision-tables/)");
        }
        if (!Files.isDirectory(target)) {
            return upload(client, token, read(), target.getFileName().toString(), out);
        }
        // Asked first, so that an engine that cannot be reached is found before a long compile.
        JsonNode versions = client.get(EngineClient.KJARS).body();
        CompiledRules compiled = compile(out);
        if (compiled == null) {
            return EngineClient.EXIT_REFUSED;
        }
        if (compiled.releaseId().equals(versions.path("active").path("releaseId").asText())) {
            out.println("unchanged: these sources, version " + compiled.version() + ", are already active on "
                    + client.url() + "; nothing uploaded");
            return 0;
        }
        return upload(client, token, compiled.kjar(), directoryName() + "/", out);
    }

    private int upload(EngineClient client, String token, byte[] kjar, String file, PrintWriter out) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("by", admin.by);
        query.put("note", admin.note);
        query.put("file", file);
        return ChangeReport.print(client.post(EngineClient.KJARS + EngineClient.query(query), kjar,
                EngineClient.KJAR_TYPE, token), client, admin, out);
    }

    /** Compiles the directory as {@code validate} does; prints its problems and returns null if it does not compile. */
    private CompiledRules compile(PrintWriter out) {
        RuleSource source = RuleSource.fromProjectDirectory(target);
        if (source.resources().isEmpty()) {
            throw new EngineClient.Unusable("no rules/ or decision-tables/ with *.drl or *.drl.xlsx files in " + target
                    + ": give the project directory (the one holding rules/) or a kjar file");
        }
        spec.commandLine().getErr().println("compiling " + target + " …");
        try {
            CompiledRules compiled = RuleCompiler.compile(source);
            compiled.warnings().forEach(out::println);
            return compiled;
        } catch (RuleBuildException e) {
            e.problems().stream().map(RuleProblem::toString).forEach(out::println);
            out.println("INVALID " + target + ": " + e.problems().size() + " problem(s); nothing was deployed. Fix them "
                    + "(healing-engine validate " + target + " checks again) and deploy again");
            return null;
        }
    }

    private String directoryName() {
        Path name = target.toAbsolutePath().normalize().getFileName();
        return name == null ? "/" : name.toString();
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new EngineClient.Unusable("cannot read " + target + " (" + EngineLauncher.rootMessage(e)
                    + "): give a readable kjar file");
        }
    }
}
