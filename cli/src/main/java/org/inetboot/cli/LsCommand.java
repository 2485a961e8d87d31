package org.inetboot.cli;

import java.util.ArrayList;
import java.util.List;
import org.inetboot.iso.IsoEntry;
import org.inetboot.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List a directory of an ISO image, reading only the directories involved.")
final class LsCommand extends ImageCommand {

    @Parameters(
            index = "1",
            paramLabel = "PATH",
            defaultValue = "/",
            description = "A path inside the image (default: /).")
    String path;

    @Option(names = "-l", description = "Long listing: type, permissions, size, time.")
    boolean longFormat;

    @Option(names = "-R", description = "Everything below PATH, with full paths.")
    boolean recursive;

    @Option(names = "--json", description = "Print a JSON array of {path, type, size, mode, mtime, target}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = OpenedIso.open(main(), image)) {
            var iso = opened.iso();
            var start = iso.lookup(path, true);
            var entries = new ArrayList<IsoEntry>();
            if (recursive) {
                iso.walk(start, entry -> {
                    if (entry != start) {
                        entries.add(entry);
                    }
                });
            } else {
                entries.addAll(start.isDirectory() ? iso.list(start) : List.of(start));
            }
            print(entries);
        }
        return 0;
    }

    private void print(List<IsoEntry> entries) {
        var out = out();
        if (json) {
            out.println(Json.write(entries.stream().map(EntryFormat::json).toList()));
            return;
        }
        for (var entry : entries) {
            var shown = recursive ? entry.path() : entry.name();
            out.println(longFormat ? EntryFormat.longLine(entry, shown) : shown);
        }
    }
}
