package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inetboot.agent.Stage1;
import org.inetboot.agent.TargetKexec;
import org.inetboot.boot.IpxeScript;
import org.inetboot.boot.Stage2;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.host.Trees;

/**
 * InetBoot's boot medium: a small Linux that runs the agent's {@link Stage1} (drivers by modalias,
 * network, the URL from {@code inetboot.url=} or asked, an entry, kexec) and carries stage 2's
 * payload, made here once, for every target it boots. Written as
 * {@code vmlinuz} + {@code initrd.img} (for PXE, iPXE or another loader), {@code inetboot.iso}
 * (hybrid BIOS and UEFI, CD and USB, by grub-mkrescue), {@code inetboot.ipxe}, and stage 2's payload
 * alone ({@value #STAGE2}), which {@code inetboot prepare} joins to an image's own initrd.
 */
public final class Medium {

    /** Network drivers for common hardware. */
    public static final List<String> NETWORK_DRIVERS =
            List.of("virtio_pci", "virtio_net", "e1000", "e1000e", "igb", "ixgbe", "r8169", "tg3", "bnx2");

    /** The network drivers, and what stage 2 needs from the medium's kernel. */
    public static final List<String> MODULES = Stream.concat(
                    NETWORK_DRIVERS.stream(), Stream.of("nbd", "isofs", "squashfs", "overlay", "loop"))
            .toList();

    /** Stage 2's payload, also written next to the medium's files for {@code inetboot prepare}. */
    public static final String STAGE2 = "stage2.cpio.zst";

    /** The medium's script: the agent's stage 1, and a shell when it asks for one (or fails), then stage 1 again. */
    static final String STAGE1 = """
            while true; do
                inetboot stage1
                echo "InetBoot: a shell (stage 1 ended with status $?); type exit to return to InetBoot"
                setsid cttyhack sh
            done
            """;

    /** The medium's own kernel arguments, before those of its entries. */
    public static final String KERNEL_ARGUMENTS = "console=tty0 console=ttyS0 quiet";

    private Medium() {}

    /**
     * What a medium offers and trusts.
     *
     * @param urls           images, each a menu entry
     * @param catalog        a catalog to choose from, an entry too
     * @param arguments      kernel arguments every entry carries (the manifest trust policy)
     * @param caCertificates PEM files of CAs to trust for HTTPS, besides the platform's
     */
    public record Settings(
            List<String> urls, Optional<String> catalog, List<String> arguments, List<Path> caCertificates) {

        public static final Settings NONE = new Settings(List.of(), Optional.empty(), List.of(), List.of());
    }

    /**
     * Builds the medium into {@code out}, with a menu entry for each URL, one for the catalog if
     * there is one, and one that asks for a URL.
     */
    public static List<Part> build(DebianPackages packages, Path jar, Settings settings, Path out) throws IOException {
        Files.createDirectories(out);
        var work = Files.createTempDirectory("inetboot-medium");
        try {
            var runtime = RuntimeTree.prepare(packages, jar, work);
            var payload = work.resolve(STAGE2);
            Stage2Payload.write(runtime, work, payload);
            var files = new LinkedHashMap<String, Path>();
            files.put(Stage1.PAYLOAD.toString().substring(1), payload);
            files.putAll(KexecTools.files(packages));
            if (!settings.caCertificates().isEmpty()) {
                files.put(
                        Stage2.CA_CERTIFICATES, joined(settings.caCertificates(), work.resolve("ca-certificates.pem")));
            }
            var guest = GuestImage.build(
                    packages, runtime, new GuestImage.Contents(MODULES, List.of(), STAGE1, files), work);
            Trees.copy(payload, out.resolve(STAGE2));
            Trees.copy(guest.kernel(), out.resolve("vmlinuz"));
            Trees.copy(guest.initrd(), out.resolve("initrd.img"));
            var grub = Files.createDirectories(work.resolve("iso/boot/grub"));
            Trees.copy(guest.kernel(), grub.getParent().resolve("vmlinuz"));
            Trees.copy(guest.initrd(), grub.getParent().resolve("initrd.img"));
            var entries = entries(settings);
            Files.writeString(grub.resolve("grub.cfg"), grubMenu(entries));
            Processes.run(
                    out,
                    List.of(
                            "grub-mkrescue",
                            "-o",
                            out.resolve("inetboot.iso").toString(),
                            work.resolve("iso").toString()));
            Files.writeString(
                    out.resolve("inetboot.ipxe"),
                    IpxeScript.boot(
                            "vmlinuz",
                            "initrd.img",
                            KERNEL_ARGUMENTS + entries.values().iterator().next()));
            return parts(out, work.resolve("stage"));
        } finally {
            Trees.delete(work);
        }
    }

    /** The CA files as one PEM file; each must hold a certificate. */
    private static Path joined(List<Path> files, Path into) throws IOException {
        var pem = new StringBuilder();
        for (var file : files) {
            var text = Files.readString(file);
            if (!text.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IOException(file + ": no PEM certificate in it");
            }
            pem.append(text.strip()).append('\n');
        }
        return Files.writeString(into, pem);
    }

    /** A part of the medium and its size; those inside the initrd are counted uncompressed. */
    public record Part(String name, long bytes) {}

    private static List<Part> parts(Path out, Path stage) throws IOException {
        return List.of(
                new Part("inetboot.iso", Files.size(out.resolve("inetboot.iso"))),
                new Part("vmlinuz (Debian's kernel)", Files.size(out.resolve("vmlinuz"))),
                new Part("initrd.img (zstd)", Files.size(out.resolve("initrd.img"))),
                new Part("  Java runtime (jlink)", Trees.size(stage.resolve(RuntimeTree.RUNTIME))),
                new Part("  AOT cache", Files.size(stage.resolve(RuntimeTree.AOT_CACHE))),
                new Part("  inetboot.jar", Files.size(stage.resolve(RuntimeTree.JAR))),
                new Part(
                        "  stage 2's payload (zstd)",
                        Files.size(stage.resolve(Stage1.PAYLOAD.toString().substring(1)))),
                new Part("  kernel modules", Trees.size(stage.resolve("lib/modules"))),
                new Part("  glibc", Trees.size(stage.resolve("lib/x86_64-linux-gnu"))),
                new Part(
                        "  kexec-tools, with Xen's libraries",
                        Files.size(stage.resolve(TargetKexec.TOOL.toString().substring(1)))
                                + Trees.size(stage.resolve(KexecTools.LIBRARIES_DIR))),
                new Part("  busybox", Files.size(stage.resolve("bin/busybox"))));
    }

    /** The medium's boot entries, by title: their kernel arguments. */
    private static Map<String, String> entries(Settings settings) {
        var common = settings.arguments().stream().map(word -> " " + word).collect(Collectors.joining());
        var entries = new LinkedHashMap<String, String>();
        settings.urls().forEach(url -> entries.put("InetBoot: " + url, common + " inetboot.url=" + url));
        settings.catalog()
                .ifPresent(url -> entries.put("InetBoot: choose from " + url, common + " inetboot.menu=" + url));
        entries.put("InetBoot: ask for a URL", common);
        return entries;
    }

    private static String grubMenu(Map<String, String> entries) {
        var menu = new StringBuilder("""
                set timeout=5
                serial --unit=0 --speed=115200
                terminal_input console serial
                terminal_output console serial
                """);
        entries.forEach((title, arguments) -> menu.append("menuentry '")
                .append(title.replace("'", ""))
                .append("' {\n")
                .append("    linux /boot/vmlinuz ")
                .append(KERNEL_ARGUMENTS)
                .append(arguments)
                .append('\n')
                .append("    initrd /boot/initrd.img\n}\n"));
        return menu.toString();
    }
}
