package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.inetboot.json.Json;
import org.inetboot.profile.BootProfile;
import org.inetboot.profile.Trace;
import org.inetboot.tree.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "profile", description = "Make and inspect boot profiles: what a boot of an image reads, in order (docs/boot-profiles.md).",
        subcommands = {ProfileCommand.Merge.class, ProfileCommand.Show.class})
final class ProfileCommand {

    @Command(name = "merge", description = "Merge the traces of boots (stage 2's /run/inetboot/trace) into a profile.")
    static final class Merge implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Traces of boots of one image.")
        List<Path> traces;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The profile to write.")
        Path output;

        @Option(names = "--min-share", paramLabel = "FRACTION", defaultValue = "0.5",
                description = "Keep the blocks that at least this share of the boots read (default: ${DEFAULT-VALUE}).")
        double minShare;

        @Option(names = "--block-size", paramLabel = "BYTES", converter = ByteSize.class, defaultValue = "64K",
                description = "The profile's unit, best the cache's chunk (default: ${DEFAULT-VALUE}).")
        long blockSize;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (minShare < 0 || minShare > 1 || Long.bitCount(blockSize) != 1 || blockSize < 512 || blockSize > 1 << 26) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--min-share must be from 0 to 1 and --block-size a power of two from 512 to 64M");
            }
            var read = new ArrayList<Trace>();
            for (var trace : traces) {
                read.add(Trace.parse(Files.readString(trace, StandardCharsets.UTF_8), trace.toString()));
            }
            var profile = BootProfile.merge(read, minShare, (int) blockSize);
            try (var out = AtomicOutput.create(output)) {
                out.stream().write(profile.json().getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
            Show.print(profile, spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "show", description = "Show what a profile covers: extents, bytes, share of the image.")
    static final class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "A boot profile.")
        Path file;

        @Option(names = "--json", description = "Print {size, validator, blockSize, boots, extents, bytes}.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var profile = BootProfile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            var out = spec.commandLine().getOut();
            if (json) {
                var fields = new LinkedHashMap<String, Object>();
                fields.put("size", profile.size());
                fields.put("validator", profile.validator());
                fields.put("blockSize", profile.blockSize());
                fields.put("boots", profile.boots());
                fields.put("extents", profile.extents().size());
                fields.put("bytes", profile.bytes());
                out.println(Json.write(fields));
            } else {
                print(profile, out);
            }
            return 0;
        }

        static void print(BootProfile profile, java.io.PrintWriter out) {
            out.printf("image      %,d bytes, version %s%n", profile.size(), profile.validator() == null ? "-" : profile.validator());
            out.printf("boots      %d%n", profile.boots());
            out.printf("extents    %,d of %,d-byte blocks%n", profile.extents().size(), profile.blockSize());
            out.printf("covers     %,d bytes, %.1f%% of the image%n", profile.bytes(),
                    profile.size() == 0 ? 0.0 : 100.0 * profile.bytes() / profile.size());
        }
    }
}
