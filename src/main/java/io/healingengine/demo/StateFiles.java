package io.healingengine.demo;

import io.healingengine.files.AtomicFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/** The small files through which a demo service and its control command talk: pid, port and log. */
final class StateFiles {
    private static final int TAIL_BYTES = 8 * 1024;

    private StateFiles() {
    }

    /** Writes {@code value} plus a newline so that a reader never sees a half-written file. */
    static void writeAtomically(Path file, String value) {
        AtomicFiles.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The number in {@code file}, or empty when the file is missing, empty or not a number. */
    static OptionalLong readLong(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Deletes {@code file} only if it still holds {@code value}: a successor may have replaced it. */
    static void deleteIfHolds(Path file, long value) {
        if (readLong(file).equals(OptionalLong.of(value))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
    }

    /** The last {@code lines} lines of a possibly large log, for error messages. */
    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read log " + file + ": " + e.getMessage() + ")";
        }
    }
}
