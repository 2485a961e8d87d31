package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.inetboot.iso.IsoEntry;
import org.inetboot.iso.IsoImage;
import org.inetboot.tree.TreeWriter;
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
        var err = err();
        try (var opened = OpenedIso.open(main(), image)) {
            var extraction = new Extraction(opened.iso(), TreeWriter.under(output), err, Transfers.progressWriter(err));
            for (var path : paths) {
                var start = opened.iso().lookup(path, false);
                opened.iso().walk(start, extraction::extract);
            }
            extraction.tree.finish();
        }
        return 0;
    }

    /** Writes an image's entries through a {@link TreeWriter}, so nothing lands outside the output directory. */
    private record Extraction(IsoImage iso, TreeWriter tree, PrintWriter err, PrintWriter progress) {

        void extract(IsoEntry entry) throws IOException {
            var name = entry.path().substring(1);
            var attributes = new TreeWriter.Attributes(
                    entry.mode() != null ? entry.mode() : entry.isDirectory() ? 0755 : 0644,
                    entry.modified() == null ? null : FileTime.from(entry.modified()));
            switch (entry.type()) {
                case DIR -> tree.directory(name, attributes);
                case FILE -> {
                    var content = iso.open(entry);
                    tree.file(name, attributes, out -> Transfers.copy(content, 0, content.size(), out, progress, entry.path()));
                }
                case SYMLINK -> tree.symlink(name, entry.target());
                case OTHER -> err.println("inetboot: skipping " + entry.path() + ": device nodes and fifos are not extracted");
            }
        }
    }
}
