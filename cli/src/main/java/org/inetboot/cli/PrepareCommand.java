package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.inetboot.boot.BootException;
import org.inetboot.boot.IpxeScript;
import org.inetboot.boot.TargetBoot;
import org.inetboot.host.DebianPackages;
import org.inetboot.media.Medium;
import org.inetboot.menu.MenuEntry;
import org.inetboot.tree.AtomicOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "prepare",
        description = "Write an image's entry as static files for iPXE: its kernel, its initrds joined with"
                + " stage 2 (the target reads the image over HTTP from its first second), and boot.ipxe, which loads them."
                + " No InetBoot medium, stage 1 or kexec on that path.")
final class PrepareCommand extends ImageCommand {

    static final String SCRIPT = "boot.ipxe";
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    @Mixin
    TargetOptions target;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            required = true,
            description = "Where to write vmlinuz, initrd.img and " + SCRIPT
                    + " (serve them over HTTP; boot.ipxe names the others relatively).")
    Path output;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "The image's URL as the booting machine reaches it (default: IMAGE, when it is an http(s) URL).")
    String url;

    @Option(names = "--uefi", description = "Choose among the image's UEFI entries (default: its BIOS entries).")
    boolean uefi;

    @Override
    public Integer call() throws Exception {
        var bootUrl = url != null ? url : image;
        if (!bootUrl.matches("(?i)https?://.+")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "the booting machine needs an http(s) URL (IMAGE or --url)");
        }
        if (target.payload == null) {
            target.payload =
                    DemoCommand.medium(DebianPackages.inUserCache(), out()).resolve(Medium.STAGE2);
        }
        Files.createDirectories(output);
        var initrd = Files.createTempFile(output, ".initrd.img.", ".part");
        try (var opened = OpenedIso.open(main(), image)) {
            var files = TargetBoot.prepare(
                    opened.iso(),
                    bootUrl,
                    menus -> withoutHypervisor(target.chooser(uefi).choose(menus)),
                    target.append,
                    target.stage2(Medium.NETWORK_DRIVERS),
                    initrd,
                    out());
            var script = IpxeScript.boot("vmlinuz", "initrd.img", files.cmdline());
            AtomicOutput.writePublic(output.resolve("vmlinuz"), files.kernel());
            Files.setPosixFilePermissions(initrd, READABLE);
            Files.move(
                    initrd,
                    output.resolve("initrd.img"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            AtomicOutput.writePublic(output.resolve(SCRIPT), script.getBytes(StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(initrd);
        }
        out().printf(
                        "wrote vmlinuz, initrd.img and %s to %s: chain %s from iPXE (or point DHCP's boot file at it)%n",
                        SCRIPT, output, SCRIPT);
        return 0;
    }

    /** The prepared path boots a kernel from iPXE; a Xen entry boots through the medium (its kexec-tools). */
    private static MenuEntry withoutHypervisor(MenuEntry entry) throws BootException {
        if (entry.hypervisor().isPresent()) {
            throw new BootException("'" + entry.label() + "' boots Xen ("
                    + entry.hypervisor().get().path()
                    + "), which the prepared path does not; boot it with the medium (bootxen=1)");
        }
        return entry;
    }
}
