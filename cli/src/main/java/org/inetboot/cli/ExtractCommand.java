package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.inetboot.iso.IsoEntry;
import org.inetboot.iso.IsoImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extract", description = "Extract files and directories of an ISO image, keeping symlinks, modes and times.")
final class ExtractCommand extends ImageCommand {

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files or directories inside the image.")
    List<String> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where the image's paths are recreated (default: the current directory).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(output);
        var err = err();
        try (var opened = OpenedIso.open(main(), image)) {
            var extraction = new Extraction(opened.iso(), output.toRealPath(), err, Transfers.progressWriter(err));
            for (var path : paths) {
                var start = opened.iso().lookup(path, false);
                opened.iso().walk(start, extraction::extract);
            }
            extraction.finish();
        }
        return 0;
    }

    /**
     * Writes entries under a root, never outside it: names from the image are already free of
     * "/" and "..", files are written without following links, and symbolic links are made only
     * after every file, so none of them can redirect a write.
     */
    private static final class Extraction {
        private final IsoImage iso;
        private final Path root;
        private final PrintWriter err;
        private final PrintWriter progress;
        private final List<IsoEntry> directories = new ArrayList<>();
        private final List<IsoEntry> links = new ArrayList<>();

        Extraction(IsoImage iso, Path root, PrintWriter err, PrintWriter progress) {
            this.iso = iso;
            this.root = root;
            this.err = err;
            this.progress = progress;
        }

        void extract(IsoEntry entry) throws IOException {
            var target = target(entry);
            switch (entry.type()) {
                case DIR -> {
                    Files.createDirectories(target);
                    directories.add(entry);
                }
                case FILE -> writeFile(entry, target);
                case SYMLINK -> links.add(entry);
                case OTHER -> err.println("inetboot: skipping " + entry.path() + ": device nodes and fifos are not extracted");
            }
        }

        private void writeFile(IsoEntry entry, Path target) throws IOException {
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(root)) {
                throw new IOException(target + ": refusing to write outside " + root);
            }
            var content = iso.open(entry);
            try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                Transfers.copy(content, 0, content.size(), out, progress, entry.path());
            }
            attributes(entry, target);
        }

        /** Symbolic links, then directories' modes and times, deepest first so their contents were writable. */
        void finish() throws IOException {
            for (var link : links) {
                var target = target(link);
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(link.target()));
            }
            for (var dir : directories.reversed()) {
                attributes(dir, target(dir));
            }
        }

        private Path target(IsoEntry entry) throws IOException {
            var target = root.resolve(entry.path().substring(1)).normalize();
            if (!target.startsWith(root)) {
                throw new IOException(entry.path() + ": refusing to write outside " + root);
            }
            return target;
        }

        private static void attributes(IsoEntry entry, Path target) throws IOException {
            int mode = entry.mode() != null ? entry.mode() : entry.isDirectory() ? 0755 : 0644;
            Files.setPosixFilePermissions(target, permissions(mode));
            if (entry.modified() != null) {
                Files.setLastModifiedTime(target, FileTime.from(entry.modified()));
            }
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            var permissions = EnumSet.noneOf(PosixFilePermission.class);
            var all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, highest bit first
            for (int i = 0; i < all.length; i++) {
                if ((mode & (1 << (8 - i))) != 0) {
                    permissions.add(all[i]);
                }
            }
            return permissions;
        }
    }
}
