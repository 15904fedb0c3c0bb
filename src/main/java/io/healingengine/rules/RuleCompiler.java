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
    private static final String RESOURCE_ROOT = "src/main/resources/healing/";
    private static final String GROUP = "io.healingengine";
    private static final String ARTIFACT = "healing-rules-compiled";

    private RuleCompiler() {
    }

    public static CompiledRules compile(RuleSource source) {
        long started = System.nanoTime();
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        String checksum = source.checksum();
        ReleaseId releaseId = ks.newReleaseId(GROUP, ARTIFACT, checksum);
        kfs.generateAndWritePomXML(releaseId);
        kfs.writeKModuleXML(source.kmoduleXml() != null ? source.kmoduleXml() : defaultKModule(ks).toXML());
        source.resources().forEach((path, bytes) -> kfs.write(RESOURCE_ROOT + path, bytes));

        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Message message : builder.getResults().getMessages()) {
            String text = describe(message, source);
            if (message.getLevel() == Message.Level.ERROR) {
                errors.add(text);
            } else if (message.getLevel() == Message.Level.WARNING) {
                warnings.add(text);
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleBuildException(errors);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        byte[] kjar = ((InternalKieModule) builder.getKieModule()).getBytes();
        return new CompiledRules(ks.newKieContainer(releaseId), checksum, source.origin(), warnings, millis, kjar);
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

    private static String describe(Message message, RuleSource source) {
        String path = message.getPath() == null ? ""
                : source.sourceFile(message.getPath().replace(RESOURCE_ROOT, "").replaceFirst("^healing/", ""));
        StringBuilder text = new StringBuilder(message.getLevel().toString()).append(' ');
        if (!path.isEmpty()) {
            text.append(path);
            if (message.getLine() > 0) {
                text.append(':').append(message.getLine());
                if (message.getColumn() > 0) {
                    text.append(':').append(message.getColumn());
                }
            }
            text.append(": ");
        }
        return text.append(message.getText().strip()).toString();
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
