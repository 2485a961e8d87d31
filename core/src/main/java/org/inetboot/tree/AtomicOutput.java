package org.inetboot.tree;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file that appears whole or not at all: written to a temporary file beside it and renamed over
 * it by {@link #commit}. Closed without a commit (a failure), it leaves nothing behind and an
 * existing file of that name unchanged.
 */
public final class AtomicOutput implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private AtomicOutput(Path target, Path temp) throws IOException {
        this.target = target;
        this.temp = temp;
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20);
    }

    /** Starts writing {@code target}; fails at once, naming it, when its directory cannot take it. */
    public static AtomicOutput create(Path target) throws IOException {
        var parent = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        if (!Files.isDirectory(parent)) {
            throw new IOException("cannot write " + target + ": no directory " + parent);
        }
        var temp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".part");
        try {
            return new AtomicOutput(target, temp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Whether {@code target} is the file at {@code path} (a link to it, another name of it) too. */
    public static boolean isSameFile(Path target, Path path) throws IOException {
        return Files.exists(target) && Files.exists(path) && Files.isSameFile(target, path);
    }

    public OutputStream stream() {
        return out;
    }

    /** Writes {@code target} whole, atomically, readable by everyone (rw-r--r--): a file a web server serves. */
    public static void writePublic(Path target, byte[] bytes) throws IOException {
        try (var file = create(target)) {
            file.stream().write(bytes);
            file.out.flush();
            Files.setPosixFilePermissions(file.temp, PosixFilePermissions.fromString("rw-r--r--"));
            file.commit();
        }
    }

    /** Makes the file appear under its name, complete. */
    public void commit() throws IOException {
        out.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
