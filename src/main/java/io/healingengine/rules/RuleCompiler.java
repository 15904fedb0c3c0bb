package io.healingengine.rules;

import java.util.ArrayList;
import java.util.List;
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
        return new CompiledRules(ks.newKieContainer(releaseId), checksum, source.origin(), warnings, millis, kjar);
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

    /** Loads rules compiled earlier (see {@link CompiledRules#kjar()}) without compiling them again. */
    public static CompiledRules load(byte[] kjar, String origin) {
        long started = System.nanoTime();
        KieServices ks = KieServices.get();
        KieModule module = ks.getRepository().addKieModule(ks.getResources().newByteArrayResource(kjar));
        ReleaseId releaseId = module.getReleaseId();
        var container = ks.newKieContainer(releaseId);
        container.getKieBase();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new CompiledRules(container, releaseId.getVersion(), origin, List.of(), millis, kjar);
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
                .setEqualsBehavior(EqualityBehaviorOption.EQUALITY);
        base.newKieSessionModel("engine")
                .setDefault(true)
                .setType(KieSessionModel.KieSessionType.STATEFUL)
                .setClockType(ClockTypeOption.REALTIME);
        return module;
    }
}
