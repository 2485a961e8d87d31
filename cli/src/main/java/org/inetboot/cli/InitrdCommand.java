package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.image.Image;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.CpioEntry;
import org.inetboot.initramfs.Initrd;
import org.inetboot.initramfs.InitrdExtractor;
import org.inetboot.initramfs.Overlay;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.source.Source;
import org.inetboot.tree.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "initrd",
        description = "List, extract or extend an initrd, as the kernel reads it.",
        subcommands = {InitrdCommand.Ls.class, InitrdCommand.Extract.class, InitrdCommand.Append.class})
final class InitrdCommand {

    /** SOURCE: an initrd file, or an image and --path to an initrd inside it. */
    abstract static class InitrdSource extends ImageCommand {

        @Option(names = "--path", paramLabel = "PATH", description = "Read the initrd at PATH inside IMAGE (an ISO).")
        String path;

        /** Runs {@code work} on the initrd, opened through the source stack. */
        <T> T withInitrd(Work<T> work) throws IOException {
            try (var opened = main().open(image)) {
                var source = path == null ? opened.source() : inIso(opened, path);
                return work.run(source);
            }
        }

        private static Source inIso(Image image, String path) throws IOException {
            var iso = IsoImage.open(image.source());
            return iso.open(iso.lookup(path, true));
        }

        @FunctionalInterface
        interface Work<T> {
            T run(Source initrd) throws IOException;
        }
    }

    @Command(name = "ls", description = "List an initrd's members and entries (paths as lsinitramfs prints them).")
    static final class Ls extends InitrdSource {

        @Option(
                names = "--json",
                description = "Print {\"segments\": [...], \"entries\": [{path, type, size, mode, segment}]}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var entries = new ArrayList<Map<String, Object>>();
            var segments = withInitrd(
                    initrd -> Initrd.walk(initrd, (segment, entry, data) -> entries.add(json(segment, entry))));
            if (json) {
                var result = new LinkedHashMap<String, Object>();
                result.put("segments", segments.stream().map(Ls::json).toList());
                result.put("entries", entries);
                out().println(Json.write(result));
            } else {
                print(segments, entries, out());
            }
            return 0;
        }

        private static Map<String, Object> json(Initrd.Segment segment) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("offset", segment.offset());
            fields.put("length", segment.length());
            fields.put("compression", segment.compression().id());
            fields.put("entries", segment.entries());
            return fields;
        }

        private static Map<String, Object> json(int segment, CpioEntry entry) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("path", entry.path());
            fields.put("type", entry.type());
            fields.put("size", entry.size());
            fields.put("mode", entry.permissions());
            fields.put("segment", segment);
            return fields;
        }

        private static void print(List<Initrd.Segment> segments, List<Map<String, Object>> entries, PrintWriter out) {
            for (int i = 0; i < segments.size(); i++) {
                var segment = segments.get(i);
                out.printf(
                        "segment %d: %s at byte %d, %d bytes, %d entries%n",
                        i, segment.compression().id(), segment.offset(), segment.length(), segment.entries());
            }
            for (var entry : entries) {
                out.printf(
                        "%d %-7s %s %10d %s%n",
                        entry.get("segment"),
                        entry.get("type"),
                        entry.get("mode"),
                        entry.get("size"),
                        entry.get("path"));
            }
        }
    }

    @Command(
            name = "extract",
            description = "Extract an initrd's files as the kernel would unpack them (later archives win).")
    static final class Extract extends InitrdSource {

        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                defaultValue = ".",
                description = "Where to unpack (default: .).")
        Path output;

        @Override
        public Integer call() throws Exception {
            withInitrd(initrd -> {
                InitrdExtractor.extract(initrd, output);
                return null;
            });
            return 0;
        }
    }

    @Command(name = "append", description = "Append DIR as a new archive to BASE, which is copied unchanged.")
    static final class Append extends ImageCommand {

        @Parameters(index = "1", paramLabel = "DIR", description = "The tree to add; its files win over the base's.")
        Path directory;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "OUT",
                required = true,
                description = "The new initrd.")
        Path output;

        @Option(
                names = "--compress",
                paramLabel = "METHOD",
                defaultValue = "gzip",
                description = "none, gzip, xz, zstd or lz4 (default: ${DEFAULT-VALUE}).")
        String compress;

        @Option(
                names = "--mtime",
                paramLabel = "SECONDS",
                defaultValue = "0",
                description =
                        "Every entry's mtime, for reproducible output; -1 keeps the files' own (default: ${DEFAULT-VALUE}).")
        long mtime;

        @Override
        public Integer call() throws Exception {
            var compression = compression();
            if (!image.contains("://") && AtomicOutput.isSameFile(output, Path.of(image))) {
                throw new IOException("refusing to write " + output + " over its base " + image);
            }
            try (var base = main().open(image);
                    var out = AtomicOutput.create(output)) {
                Initrd.segments(base.source()); // every member read to its end: a damaged base is refused, not copied
                Overlay.copyBase(base.source(), out.stream());
                Overlay.write(directory, mtime, compression, out.stream());
                out.commit();
            }
            return 0;
        }

        private Compression compression() {
            try {
                var compression = Compression.byId(compress);
                if (List.of(Compression.NONE, Compression.GZIP, Compression.XZ, Compression.ZSTD, Compression.LZ4)
                        .contains(compression)) {
                    return compression;
                }
            } catch (IllegalArgumentException unknown) {
                // reported below
            }
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--compress must be none, gzip, xz, zstd or lz4, not '" + compress + "'");
        }
    }
}
