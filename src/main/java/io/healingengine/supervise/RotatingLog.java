package io.healingengine.supervise;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of a supervised process to {@code <file>}, rotating it to {@code <file>.1} …
 * {@code <file>.<keep>} when it reaches {@code maxBytes} (cut at that byte, not at a line end). Runs on a daemon thread of its own until the stream
 * ends (the process exited and closed it).
 */
final class RotatingLog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingLog.class);
    private final InputStream in;
    private final Path file;
    private final long maxBytes;
    private final int keep;

    RotatingLog(InputStream in, Path file, long maxBytes, int keep) {
        this.in = in;
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** Starts copying {@code in} to {@code file} on a daemon thread. */
    static void start(InputStream in, Path file, long maxBytes, int keep) {
        Thread copier = new Thread(new RotatingLog(in, file, maxBytes, keep), "supervise-log-" + file.getFileName());
        copier.setDaemon(true);
        copier.start();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            OutputStream out = open();
            long size = Files.size(file);
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int written = 0;
                while (written < n) {
                    if (size >= maxBytes) {
                        out.close();
                        rotate();
                        out = open();
                        size = 0;
                    }
                    int piece = (int) Math.min(n - written, maxBytes - size);
                    out.write(buffer, written, piece);
                    written += piece;
                    size += piece;
                }
                out.flush();
            }
            out.close();
        } catch (IOException e) {
            LOG.warn("self_heal event=process_log_failed file={} outcome=output_lost reason=\"{}\"", file, e.getMessage());
        }
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        if (keep == 0) {
            Files.delete(file);
            return;
        }
        for (int i = keep - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path rotated(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }
}
