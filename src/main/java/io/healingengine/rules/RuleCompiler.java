package io.healingengine.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.Results;
import org.kie.api.builder.model.KieBaseModel;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.builder.model.KieSessionModel;
import org.kie.api.conf.EqualityBehaviorOption;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.conf.ClockTypeOption;

/**
 * Compiles a {@link RuleSource} into an executable-model KieContainer, as the kjar build does, or loads
 * one from kjar bytes compiled earlier. The release id carries the source checksum as its version, so
 * a loaded kjar still says which sources it came from.
 */
public final class RuleCompiler {
    private static final String GROUP = "io.healingengine";
    private static final String ARTIFACT = "healing-rules-compiled";
    private static final String NULL_PACKAGE = "Parser returned a null Package";

    private RuleCompiler() {
    }

    public static CompiledRules compile(RuleSource source) {
        long started = System.nanoTime();
        KieServices ks = KieServices.get();
        String checksum = source.checksum();
        ReleaseId releaseId = ks.newReleaseId(GROUP, ARTIFACT, checksum);
        ProblemLocator locator = new ProblemLocator(source);
        KieBuilder builder = build(ks, fileSystem(ks, source, releaseId), locator, true);
        List<RuleProblem> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Message message : builder.getResults().getMessages()) {
            if (message.getLevel() == Message.Level.ERROR) {
                errors.add(locator.of(message, true));
            } else if (message.getLevel() == Message.Level.WARNING) {
                warnings.add(locator.of(message, false).toString());
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleBuildException(withoutEchoes(inAuthorsTerms(errors, source, ks, locator)));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        byte[] kjar = ((InternalKieModule) builder.getKieModule()).getBytes();
        KieContainer container = ks.newKieContainer(releaseId);
        try {
            container.getKieBase();
        } catch (RuntimeException | LinkageError e) {
            // e.g. a regular expression in a table cell that compiles as text but not as a pattern
            throw notAKjar(source.origin(), "the rules compile but their rule base cannot be built: " + rootMessage(e));
        }
        return CompiledRules.of(container, checksum, source.origin(), warnings, millis, kjar);
    }

    /**
     * Checks a rule set with the classic DRL compiler only, which is what the kjar build runs before its
     * executable-model build: a few times faster than {@link #compile}, and it reports the same errors,
     * located the same way. What it cannot see is the rare error that only compiling the executable
     * model's generated Java reveals; the kjar build (and {@link #compile}) still stops on those.
     *
     * @return the warnings, located
     * @throws RuleBuildException listing every error, located
     */
    public static List<String> check(RuleSource source) {
        KieServices ks = KieServices.get();
        ProblemLocator locator = new ProblemLocator(source);
        ReleaseId releaseId = ks.newReleaseId(GROUP, "healing-rules-check", source.checksum());
        Results results = build(ks, fileSystem(ks, source, releaseId), locator, false).getResults();
        List<RuleProblem> errors = results.getMessages(Message.Level.ERROR).stream()
                .map(message -> locator.of(message, true)).toList();
        if (!errors.isEmpty()) {
            throw new RuleBuildException(withoutEchoes(errors));
        }
        return results.getMessages(Message.Level.WARNING).stream()
                .map(message -> locator.of(message, false).toString()).toList();
    }

    /**
     * Loads a kjar — one compiled earlier (see {@link CompiledRules#kjar()}) or one built by Maven —
     * without compiling it again, and builds its default rule base to prove that it can run.
     *
     * @throws RuleBuildException naming what is wrong when the bytes are not a usable kjar
     */
    public static CompiledRules load(byte[] kjar, String origin) {
        long started = System.nanoTime();
        requireKjarLayout(kjar, origin);
        KieServices ks = KieServices.get();
        KieModule module;
        try {
            module = ks.getRepository().addKieModule(ks.getResources().newByteArrayResource(kjar));
        } catch (RuntimeException e) {
            throw notAKjar(origin, "it cannot be read as a kjar (" + rootMessage(e) + ")");
        }
        if (module == null || module.getReleaseId() == null) {
            throw notAKjar(origin, "it carries no META-INF/kmodule.xml and Maven pom, so it is not a kjar");
        }
        ReleaseId releaseId = module.getReleaseId();
        KieContainer container;
        try {
            container = ks.newKieContainer(releaseId);
        } catch (RuntimeException | LinkageError e) {
            throw notAKjar(origin, "its rules cannot be loaded (" + rootMessage(e) + ")");
        }
        List<RuleProblem> errors = container.verify().getMessages(Message.Level.ERROR).stream()
                .map(message -> new RuleProblem(message.getPath() == null ? origin : message.getPath(),
                        message.getLine() > 0 ? "line " + message.getLine() : "", message.getText().strip(), true))
                .toList();
        if (!errors.isEmpty()) {
            throw new RuleBuildException(errors);
        }
        try {
            if (container.getKieBase() == null) {
                throw notAKjar(origin, "its kmodule.xml declares no default rule base");
            }
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof RuleBuildException built) {
                throw built;
            }
            throw notAKjar(origin, "its rule base cannot be built (" + rootMessage(e) + ")");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return CompiledRules.of(container, releaseId.getVersion(), origin, List.of(), millis, kjar);
    }

    /** A kjar is a zip (jar) with META-INF/kmodule.xml; say which of the two it is not. */
    private static void requireKjarLayout(byte[] kjar, String origin) {
        boolean kmodule = false;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(kjar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries++;
                kmodule |= entry.getName().equals("META-INF/kmodule.xml");
            }
        } catch (IOException e) {
            throw notAKjar(origin, "it is not a jar (zip) file: " + e.getMessage());
        }
        if (entries == 0) {
            throw notAKjar(origin, "it is not a jar (zip) file (" + kjar.length + " bytes, no zip entries)");
        }
        if (!kmodule) {
            throw notAKjar(origin, "it is a jar without META-INF/kmodule.xml, so not a kjar (build it from kjar/ with "
                    + "the kie-maven-plugin, or let `healing-engine deploy <dir>` compile the project)");
        }
    }

    private static RuleBuildException notAKjar(String origin, String why) {
        return new RuleBuildException(List.of(new RuleProblem(origin, "", why, true)));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * Errors in a rule's consequence surface from the executable model as errors in generated Java files
     * that name neither the rule nor its file. For those, the same sources are compiled again with the
     * classic DRL compiler, which locates them in the author's file; its errors are reported instead. If it
     * finds none (an error only the executable model makes), each is located at the decision-table cell
     * holding what it names, where exactly one does; the listing of the generated source is dropped then.
     */
    private static List<RuleProblem> inAuthorsTerms(List<RuleProblem> errors, RuleSource source, KieServices ks,
                                                    ProblemLocator locator) {
        boolean generated = errors.stream().anyMatch(e -> e.file().startsWith("src/main/java/"));
        if (!generated) {
            return errors;
        }
        ReleaseId diagnosis = ks.newReleaseId(GROUP, "healing-rules-diagnosis", source.checksum());
        List<RuleProblem> located = build(ks, fileSystem(ks, source, diagnosis), locator, false).getResults()
                .getMessages(Message.Level.ERROR).stream().map(message -> locator.of(message, true)).toList();
        if (!located.isEmpty()) {
            return located;
        }
        List<RuleProblem> inTables = errors.stream()
                .filter(e -> !e.message().startsWith("Java source of "))
                .map(e -> locator.inAuthorsTerms(e).orElse(null)).distinct().toList();
        return inTables.contains(null) ? errors : inTables;
    }

    /**
     * Drools follows a parse error with "Parser returned a null Package" for the same file: it says nothing
     * the located error does not, so it is left out when the file has another error.
     */
    private static List<RuleProblem> withoutEchoes(List<RuleProblem> errors) {
        return errors.stream().filter(e -> !e.message().equals(NULL_PACKAGE)
                || errors.stream().noneMatch(other -> other != e && other.file().equals(e.file()))).toList();
    }

    private static KieFileSystem fileSystem(KieServices ks, RuleSource source, ReleaseId releaseId) {
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        kfs.writeKModuleXML(source.kmoduleXml() != null ? source.kmoduleXml() : defaultKModule(ks).toXML());
        source.resources().forEach((path, bytes) -> kfs.write(ProblemLocator.RESOURCE_ROOT + path, bytes));
        return kfs;
    }

    /** Builds as an executable model or as classic DRL; a table Drools cannot even read is a located error too. */
    private static KieBuilder build(KieServices ks, KieFileSystem kfs, ProblemLocator locator, boolean executableModel) {
        try {
            KieBuilder builder = ks.newKieBuilder(kfs);
            return executableModel ? builder.buildAll(ExecutableModelProject.class) : builder.buildAll();
        } catch (RuntimeException e) {
            List<RuleProblem> unreadable = locator.unreadableTables();
            if (unreadable.isEmpty()) {
                throw e;
            }
            throw new RuleBuildException(unreadable);
        }
    }

    /** The same shape as kjar/src/main/resources/META-INF/kmodule.xml, for sources that carry none. */
    static KieModuleModel defaultKModule(KieServices ks) {
        KieModuleModel module = ks.newKieModuleModel();
        KieBaseModel base = module.newKieBaseModel("healing")
                .setDefault(true)
                .setEventProcessingMode(EventProcessingOption.STREAM)
                .setEqualsBehavior(EqualityBehaviorOption.IDENTITY);
        base.newKieSessionModel("engine")
                .setDefault(true)
                .setType(KieSessionModel.KieSessionType.STATEFUL)
                .setClockType(ClockTypeOption.REALTIME);
        return module;
    }
}
