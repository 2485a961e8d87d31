package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.inetboot.host.DebianPackages;
import org.inetboot.json.Json;
import org.inetboot.profile.BootProfile;
import org.inetboot.profile.Trace;
import org.inetboot.server.ReportReceiver;
import org.inetboot.server.StaticFileServer;
import org.inetboot.tree.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "profile",
        description =
                "Make and inspect boot profiles: what a boot of an image reads, in order (docs/boot-profiles.md).",
        subcommands = {ProfileCommand.Record.class, ProfileCommand.Merge.class, ProfileCommand.Show.class})
final class ProfileCommand {

    /** What record and merge share: the output, how traces are merged, and writing the profile. */
    static final class Making {

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                required = true,
                description = "The profile to write.")
        Path output;

        @Option(
                names = "--min-share",
                paramLabel = "FRACTION",
                defaultValue = "0.5",
                description = "Keep the blocks that at least this share of the boots read (default: ${DEFAULT-VALUE}).")
        double minShare;

        @Option(
                names = "--block-size",
                paramLabel = "BYTES",
                converter = ByteSize.class,
                defaultValue = "64K",
                description = "The profile's unit, best the cache's chunk (default: ${DEFAULT-VALUE}).")
        long blockSize;

        void check(CommandSpec spec) {
            if (minShare < 0
                    || minShare > 1
                    || Long.bitCount(blockSize) != 1
                    || blockSize < 512
                    || blockSize > 1 << 26) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--min-share must be from 0 to 1 and --block-size a power of two from 512 to 64M");
            }
        }

        /** Merges the traces, writes the profile whole or not at all, and says what it covers. */
        void write(List<Trace> traces, PrintWriter out) throws IOException {
            var profile = BootProfile.merge(traces, minShare, (int) blockSize);
            try (var file = AtomicOutput.create(output)) {
                file.stream().write(profile.json().getBytes(StandardCharsets.UTF_8));
                file.commit();
            }
            Show.print(profile, out);
        }
    }

    @Command(
            name = "record",
            description = "Boot IMAGE (a local ISO) in a VM (qemu) through InetBoot's medium until its"
                    + " console shows --until, as many times as --boots, and write the profile of what the boots read.")
    static final class Record implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "IMAGE", description = "The ISO image, served to the VM on loopback.")
        Path image;

        @Mixin
        Making making;

        @Option(
                names = "--until",
                paramLabel = "TEXT",
                defaultValue = "login:",
                description = "The console text that ends a boot (default: ${DEFAULT-VALUE}).")
        String until;

        @Option(
                names = "--boots",
                paramLabel = "N",
                defaultValue = "1",
                description = "Boots to record (default: ${DEFAULT-VALUE}).")
        int boots;

        @Option(
                names = "--append",
                paramLabel = "ARGS",
                defaultValue = "",
                description = "More arguments for the medium, e.g. inetboot.entry=LABEL.")
        String append;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "900",
                description = "Give up on a boot after this long (default: ${DEFAULT-VALUE}).")
        long timeout;

        @Spec
        CommandSpec spec;

        /** Stage 2 uploads its trace every two seconds: the last reads before --until arrive within this. */
        private static final Duration LINGER = Duration.ofSeconds(5);

        @Override
        public Integer call() throws Exception {
            if (boots < 1 || !Files.isRegularFile(image)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "IMAGE must be a local file and --boots at least 1");
            }
            making.check(spec);
            var out = spec.commandLine().getOut();
            var medium = DemoCommand.medium(DebianPackages.inUserCache(), out);
            var traces = new ArrayList<Trace>();
            try (var server = StaticFileServer.start(
                            image.toAbsolutePath().getParent(), new InetSocketAddress("127.0.0.1", 0));
                    var receiver = ReportReceiver.start()) {
                var guest = "http://10.0.2.2:" + server.uri().getPort() + "/"
                        + URLEncoder.encode(image.getFileName().toString(), StandardCharsets.UTF_8)
                                .replace("+", "%20");
                var arguments = "inetboot.url=" + guest + " inetboot.report=" + receiver.guestUrl() + " " + append;
                for (int number = 1; number <= boots; number++) {
                    int boot = number;
                    out.printf("Boot %d of %d: %s until the console shows '%s'%n", boot, boots, guest, until);
                    out.flush();
                    var run = VmRun.run(
                            DemoCommand.qemu(medium, arguments.strip()),
                            List.of(until),
                            Duration.ofSeconds(timeout),
                            LINGER,
                            out);
                    if (!run.times().containsKey(until)) {
                        throw new IOException(
                                "boot " + boot + ": the console did not show '" + until + "' within " + timeout + " s");
                    }
                    var text = receiver.take("trace")
                            .orElseThrow(() -> new IOException("boot " + boot + ": stage 2 sent no trace"));
                    traces.add(Trace.parse(text, "the trace of boot " + boot));
                }
            }
            making.write(traces, out);
            return 0;
        }
    }

    @Command(name = "merge", description = "Merge the traces of boots (stage 2's /run/inetboot/trace) into a profile.")
    static final class Merge implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Traces of boots of one image.")
        List<Path> traces;

        @Mixin
        Making making;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            making.check(spec);
            var read = new ArrayList<Trace>();
            for (var trace : traces) {
                read.add(Trace.parse(Files.readString(trace, StandardCharsets.UTF_8), trace.toString()));
            }
            making.write(read, spec.commandLine().getOut());
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

        static void print(BootProfile profile, PrintWriter out) {
            out.printf(
                    "image      %,d bytes, version %s%n",
                    profile.size(), profile.validator() == null ? "-" : profile.validator());
            out.printf("boots      %d%n", profile.boots());
            out.printf("extents    %,d of %,d-byte blocks%n", profile.extents().size(), profile.blockSize());
            out.printf(
                    "covers     %,d bytes, %.1f%% of the image%n",
                    profile.bytes(), profile.size() == 0 ? 0.0 : 100.0 * profile.bytes() / profile.size());
        }
    }
}
