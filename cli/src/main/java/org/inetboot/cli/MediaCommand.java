package org.inetboot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.inetboot.host.DebianPackages;
import org.inetboot.media.Medium;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "media",
        description = "Build InetBoot's boot medium from Debian packages.",
        subcommands = MediaCommand.Build.class)
final class MediaCommand {

    @Command(
            name = "build",
            description = "Write inetboot.iso (BIOS and UEFI), vmlinuz + initrd.img and inetboot.ipxe.")
    static final class Build implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                defaultValue = "inetboot-medium",
                description = "Where to write (default: ${DEFAULT-VALUE}).")
        Path output;

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "An ISO image to offer in the boot menu. Repeatable.")
        List<String> urls = new ArrayList<>();

        @Option(
                names = "--menu",
                paramLabel = "URL",
                description = "A catalog of images (catalog.json, as publish writes it or docs/catalog.md describes it)"
                        + " to offer as a menu at boot.")
        String catalog;

        @Override
        public Integer call() throws Exception {
            var jar = Main.ownJar();
            var main = (Main) spec.root().userObject();
            var settings =
                    new Medium.Settings(urls, Optional.ofNullable(catalog), trustArguments(main), main.caCertificates);
            var parts = Medium.build(DebianPackages.inUserCache(), jar, settings, output.toAbsolutePath());
            var out = spec.commandLine().getOut();
            out.println("wrote " + output.resolve("inetboot.iso") + ", vmlinuz, initrd.img and inetboot.ipxe");
            parts.forEach(part -> out.printf("%-30s %7.1f MiB%n", part.name(), part.bytes() / 1048576.0));
            return 0;
        }

        /** {@code --trust} and {@code --require-signed} as the kernel arguments stages 1 and 2 read. */
        private static List<String> trustArguments(Main main) throws IOException {
            var words = new ArrayList<String>();
            for (var key : main.options().trust().keys()) {
                words.add("inetboot.trust=" + key.line());
            }
            if (main.requireSigned) {
                words.add("inetboot.require-signed");
            }
            return words;
        }
    }
}
