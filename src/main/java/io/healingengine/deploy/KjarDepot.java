package io.healingengine.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.healingengine.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployed kjars and their history, in {@code <dataDir>/kjars}: each version as
 * {@code <sha256>.kjar}, and {@code history.json}, the list of {@link Deployment}s, oldest first. Every
 * file is written beside its final name and moved into place, so a crash leaves the old or the new file,
 * never half of one. The active version is the one the last activating entry names, and the engine
 * starts on it.
 *
 * <p>Blocking file I/O: call it from worker threads. Thread-safe: the deployer writes, the API reads.
 */
public final class KjarDepot {
    static final String HISTORY = "history.json";
    private static final Logger LOG = LoggerFactory.getLogger(KjarDepot.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final int keepVersions;
    private final List<Deployment> history;

    private KjarDepot(Path dir, int keepVersions, List<Deployment> history) {
        this.dir = dir;
        this.keepVersions = keepVersions;
        this.history = history;
    }

    /** Opens the depot in {@code dir}, creating it if needed, and reads its history. */
    public static KjarDepot open(Path dir, int keepVersions) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(HISTORY);
            List<Deployment> history = Files.exists(file)
                    ? new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<List<Deployment>>() { }))
                    : new ArrayList<>();
            return new KjarDepot(dir, keepVersions, history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deploy history in " + dir.resolve(HISTORY)
                    + " (move it away to start on the shipped rules): " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** The history, oldest first. */
    public synchronized List<Deployment> history() {
        return List.copyOf(history);
    }

    /** The newest {@code limit} entries, newest first. */
    public synchronized List<Deployment> newestFirst(int limit) {
        List<Deployment> newest = new ArrayList<>(Math.min(limit, history.size()));
        for (int i = history.size() - 1; i >= 0 && newest.size() < limit; i--) {
            newest.add(history.get(i));
        }
        return newest;
    }

    /** The entry that made the current version active, if anything was ever deployed. */
    public synchronized Optional<Deployment> active() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).activates()) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The version that was active before the current one — what a roll back returns to — skipping
     * entries of the current version itself.
     */
    public synchronized Optional<Deployment> previous() {
        Optional<Deployment> active = active();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        for (int i = history.indexOf(active.get()) - 1; i >= 0; i--) {
            Deployment entry = history.get(i);
            if (entry.activates() && !entry.sha256().equals(active.get().sha256()) && has(entry.sha256())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The newest entry whose version, sha256 or sha256 prefix (at least 7 digits) is {@code ref}. */
    public synchronized Optional<Deployment> find(String ref) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Deployment entry = history.get(i);
            boolean matches = entry.version().equals(ref)
                    || (ref.length() >= 7 && entry.sha256().startsWith(ref.toLowerCase()));
            if (matches && has(entry.sha256())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    public boolean has(String sha256) {
        return SHA256.matcher(sha256).matches() && Files.exists(kjarFile(sha256));
    }

    /** Keeps a kjar under its checksum (once: the same bytes are stored once). */
    public void store(String sha256, byte[] kjar) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        if (!has(sha256)) {
            AtomicFiles.write(kjarFile(sha256), kjar);
        }
    }

    public byte[] read(String sha256) {
        try {
            return Files.readAllBytes(kjarFile(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kjar " + kjarFile(sha256) + ": " + e.getMessage(), e);
        }
    }

    /** Appends an entry (its seq is assigned here), saves the history, and forgets kjars beyond the limit. */
    public synchronized Deployment append(Deployment entry) {
        long seq = history.isEmpty() ? 1 : history.get(history.size() - 1).seq() + 1;
        Deployment numbered = new Deployment(seq, entry.action(), entry.releaseId(), entry.version(), entry.sha256(),
                entry.origin(), entry.at(), entry.by(), entry.note(), entry.swapMillis());
        history.add(numbered);
        try {
            AtomicFiles.write(dir.resolve(HISTORY), JSON.writeValueAsBytes(history));
        } catch (IOException | UncheckedIOException e) {
            // the entry stays out of memory too, so what the API says is what the file says
            history.remove(history.size() - 1);
            throw new IllegalStateException("cannot save the deploy history: " + e.getMessage(), e);
        }
        prune();
        return numbered;
    }

    /** Deletes the kjar files of all but the {@code keepVersions} most recently used versions. */
    private void prune() {
        Set<String> keep = new HashSet<>();
        for (int i = history.size() - 1; i >= 0 && keep.size() < keepVersions; i--) {
            keep.add(history.get(i).sha256());
        }
        active().ifPresent(entry -> keep.add(entry.sha256()));
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".kjar") && !keep.contains(name.substring(0, name.length() - ".kjar".length()))) {
                    Files.deleteIfExists(file);
                    LOG.info("self_heal event=kjar_pruned file={}", file);
                }
            }
        } catch (IOException e) {
            LOG.warn("self_heal event=kjar_prune_failed dir={} reason=\"{}\"", dir, e.getMessage());
        }
    }

    private Path kjarFile(String sha256) {
        return dir.resolve(sha256 + ".kjar");
    }

}
