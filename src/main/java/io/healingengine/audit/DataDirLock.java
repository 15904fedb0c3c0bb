package io.healingengine.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of an audit database by one store. H2 alone is not enough: it refuses a second
 * process, but lets a second store in the same JVM share the open database. An OS file lock on
 * {@code audit.engine.lock} refuses other processes, and the OS drops it when the process dies, so
 * a crash never leaves a stale lock behind. The file holds the owner's pid, for the message.
 *
 * <p>OS file locks belong to the process, and on Linux closing <em>any</em> descriptor of the file
 * drops them. So within this JVM the lock is checked in {@link #HELD} first, and the file is not
 * touched again while this process holds it.
 */
final class DataDirLock {

    static final String FILE_NAME = "audit.engine.lock";

    /** Lock files this process holds; process-wide because OS file locks are. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails with an {@link IllegalStateException} naming {@code database}. */
    static DataDirLock acquire(Path dir, Path database) {
        Path file = dir.resolve(FILE_NAME);
        if (!HELD.add(file)) {
            throw locked(database, file, "this process, pid " + ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw locked(database, file, ownerOf(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            closeAfterFailure(channel, e);
            HELD.remove(file);
            throw new UncheckedIOException("Cannot lock audit store " + database + " through " + file, e);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    /** Releases the lock; the file stays, which is harmless. */
    void release() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            HELD.remove(file);
        }
    }

    private static String ownerOf(Path file) {
        try {
            return "another process, " + Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "another process (" + e.getMessage() + ")";
        }
    }

    private static IllegalStateException locked(Path database, Path file, String owner) {
        return new IllegalStateException("Audit store " + database + " is already in use by another engine"
                + " (lock " + file + " held by " + owner + "): stop that engine or give this one another"
                + " data directory");
    }

    private static void closeAfterFailure(FileChannel channel, IOException failure) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
