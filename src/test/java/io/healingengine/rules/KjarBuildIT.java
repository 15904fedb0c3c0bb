package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.tools.TableCell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kjar Maven build (kjar/pom.xml, as `mvn verify` and the README run it) on a copy of the project with
 * a broken decision-table cell and a broken DRL rule: it stops before the KIE plugin compiles, and its
 * output names each error as its author knows it. Runs Maven itself (offline when this build is), with
 * the engine jar this build just packaged.
 */
class KjarBuildIT {
    private static final String POLICIES = "decision-tables/policies/Policies.drl.xlsx";

    @TempDir
    Path project;

    @Test
    void shouldFailTheKjarBuildNamingTheFileSheetRowAndColumnOfEachError() throws Exception {
        // given: a copy of the project whose cooldown of critical-latency-spike is a word, plus a DRL rule
        // calling a method that does not exist on line 5
        for (String part : List.of("rules", "decision-tables", "kjar/pom.xml", "kjar/src")) {
            copy(Path.of(part));
        }
        TableCell cell = TableCell.of(Path.of(POLICIES), "critical-latency-spike", "Cooldown (s)");
        cell.writeValue(project.resolve(POLICIES), "ten");
        Files.writeString(project.resolve("rules/liveness/oops.drl"), "package healing.liveness;\n"
                + "import io.healingengine.domain.Liveness;\nrule \"oops\"\nwhen Liveness($l : this)\n"
                + "then $l.explode();\nend\n");

        // when
        Path log = project.resolve("kjar-build.log");
        Process maven = new ProcessBuilder(mavenCommand()).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = maven.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        // then
        assertThat(finished).as(output).isTrue();
        assertThat(maven.exitValue()).as(output).isNotZero();
        assertThat(output).contains("BUILD FAILURE")
                .contains("(check-rules) on project healing-rules: An exception occurred while executing the Java class. "
                        + "rules do not compile:")
                .contains("ERROR " + POLICIES + ": sheet Policies, row " + cell.row() + ", column " + cell.column()
                        + " \"Cooldown (s)\" (rule critical-latency-spike): Rule Compilation error ten cannot be resolved")
                .contains("ERROR rules/liveness/oops.drl: line 3")
                .doesNotContain("kie-maven-plugin:10.2.0:build");
    }

    private List<String> mavenCommand() {
        String home = System.getProperty("healing.test.mavenHome");
        List<String> command = new ArrayList<>(List.of(home == null ? "mvn" : Path.of(home, "bin", "mvn").toString(), "-B"));
        if (System.getProperty("healing.test.mavenSession", "").contains("offline=true")) {
            command.add("-o");
        }
        String repository = System.getProperty("healing.test.localRepository");
        if (repository != null) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.add("-Dhealing-engine.jar=" + Path.of(System.getProperty("healing.test.engineJar",
                "target/healing-engine.jar")).toAbsolutePath());
        String version = System.getProperty("healing.test.version");
        if (version != null) {
            command.add("-Dhealing-engine.version=" + version);
        }
        command.addAll(List.of("package", "-f", "kjar/pom.xml"));
        return command;
    }

    private void copy(Path from) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith("kjar/target")).toList()) {
                Path to = project.resolve(file.toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
    }
}
