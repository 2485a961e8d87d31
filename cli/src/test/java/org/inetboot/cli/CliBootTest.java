package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Initrd;
import org.inetboot.initramfs.Overlay;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Mkinitramfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boot --dry-run with Debian's kernel and a real initrd inside an ISO. */
class CliBootTest {

    @TempDir
    Path dir;

    private static final String PLAN = "inetboot/root/etc/inetboot/plan.json";
    private static final String MODULES = "inetboot/root/etc/inetboot/modules/";

    /** A Debian live layout: Debian's kernel, and its initrd made by mkinitramfs. */
    private Path liveIso(DebianKernel kernel, Path base) throws IOException {
        var tree = Files.createDirectories(dir.resolve("tree/live"));
        Files.copy(kernel.vmlinuz(), tree.resolve("vmlinuz"));
        Files.copy(base, tree.resolve("initrd.img"));
        var grub = Files.createDirectories(dir.resolve("tree/boot/grub"));
        Files.writeString(
                grub.resolve("grub.cfg"),
                "menuentry 'Live' {\n linux /live/vmlinuz boot=live\n initrd /live/initrd.img\n}\n");
        Files.writeString(tree.resolve("filesystem.squashfs"), "root");
        return IsoFixtures.xorriso(dir.resolve("live.iso"), dir.resolve("tree"), "-R");
    }

    /** A stand-in for stage 2's payload: an xz archive with its init. */
    private Path payload() throws IOException {
        var payload = dir.resolve("stage2.cpio.xz");
        try (var file = Files.newOutputStream(payload)) {
            Overlay.write(
                    List.of(Overlay.Item.file("inetboot/init", 0755, "#!/bin/sh\n".getBytes())), Compression.XZ, file);
        }
        return payload;
    }

    @Test
    void dryRunWritesTheTargetsKernelItsInitrdPlusOursAndTheCommandLine() throws IOException {
        var kernel = DebianKernel.get();
        var base = Mkinitramfs.build(kernel, "zstd");
        var iso = liveIso(kernel, base);
        var out = dir.resolve("out");
        var result = run("boot", iso.toString(), "--append", "console=ttyS0", "--dry-run", "-o", out.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("booting 'Live' (debian-live): /live/vmlinuz boot=live console=ttyS0 inetboot.url=" + iso);
        assertThat(Files.readAllBytes(out.resolve("kernel"))).isEqualTo(Files.readAllBytes(kernel.vmlinuz()));
        assertThat(Files.readString(out.resolve("cmdline")))
                .isEqualTo("boot=live console=ttyS0 inetboot.url=" + iso + "\n");
        var initrd = Files.readAllBytes(out.resolve("initrd"));
        var baseBytes = Files.readAllBytes(base);
        assertThat(java.util.Arrays.copyOf(initrd, baseBytes.length)).isEqualTo(baseBytes); // the target's, unchanged
        var plan = new ArrayList<String>();
        var segments = Initrd.walk(FileSource.open(out.resolve("initrd"), new Stats()), (segment, entry, data) -> {
            if (entry.path().equals(PLAN)) {
                plan.add(new String(data.readAllBytes()));
            }
        });
        assertThat(segments)
                .extracting(Initrd.Segment::compression)
                .containsExactly(Compression.ZSTD, Compression.GZIP);
        assertThat(plan)
                .singleElement()
                .asString()
                .contains("\"label\":\"Live\"")
                .contains("\"distro\":\"debian-live\"");
    }

    @Test
    void withStage2ThePayloadFollowsTheTargetsInitrdAndItsOwnNbdAndNicModulesComeLast() throws IOException {
        var kernel = DebianKernel.get();
        var iso = liveIso(kernel, Mkinitramfs.build(kernel, "zstd"));
        var payload = payload();
        var virtioNet = "virtio:d00000001v00001AF4";
        var out = dir.resolve("out");
        var result = run(
                "boot",
                iso.toString(),
                "--stage2",
                payload.toString(),
                "--stage2-module",
                virtioNet,
                "--dry-run",
                "-o",
                out.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(Files.readString(out.resolve("cmdline")))
                .isEqualTo("boot=live live-media=/dev/nbd0 rdinit=/inetboot/init inetboot.url=" + iso + "\n");
        var modules = new LinkedHashMap<String, byte[]>();
        var segments = Initrd.walk(FileSource.open(out.resolve("initrd"), new Stats()), (segment, entry, data) -> {
            if (entry.path().startsWith(MODULES)) {
                modules.put(entry.path().substring(MODULES.length()), data.readAllBytes());
            }
        });
        assertThat(segments)
                .extracting(Initrd.Segment::compression)
                .containsExactly(Compression.ZSTD, Compression.XZ, Compression.GZIP);
        var expected = KernelModules.read(ModuleFiles.directory(kernel.modules(), kernel.version()));
        var wanted = expected.resolve(List.of("nbd", virtioNet)).stream()
                .filter(m -> !m.builtin())
                .toList();
        assertThat(wanted).extracting(KernelModules.Module::name).contains("nbd", "virtio_net");
        var order = wanted.stream()
                .map(m -> m.name() + ".ko" + (m.name().equals("nbd") ? " nbds_max=1" : ""))
                .toList();
        assertThat(new String(modules.get("order")).lines().toList()).isEqualTo(order);
        expected.contents(wanted)
                .forEach((module, bytes) ->
                        assertThat(modules.get(module.name() + ".ko")).isEqualTo(bytes));
    }

    @Test
    void prepareWritesTheKernelTheInitrdWithStage2AndAnIpxeScriptThatLoadsThem() throws IOException {
        var kernel = DebianKernel.get();
        var iso = liveIso(kernel, Mkinitramfs.build(kernel, "zstd"));
        var payload = payload();
        var out = dir.resolve("www");
        var result = run(
                "prepare",
                iso.toString(),
                "--url",
                "https://mirror.example/live.iso",
                "--stage2",
                payload.toString(),
                "--append",
                "console=ttyS0",
                "-o",
                out.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(Files.readString(out.resolve("boot.ipxe"))).isEqualTo("""
                #!ipxe
                kernel vmlinuz initrd=initrd.img boot=live live-media=/dev/nbd0 rdinit=/inetboot/init console=ttyS0 \
                inetboot.url=https://mirror.example/live.iso
                initrd initrd.img
                boot
                """);
        assertThat(Files.readAllBytes(out.resolve("vmlinuz"))).isEqualTo(Files.readAllBytes(kernel.vmlinuz()));
        var modules = new ArrayList<String>();
        var segments = Initrd.walk(FileSource.open(out.resolve("initrd.img"), new Stats()), (segment, entry, data) -> {
            if (entry.path().startsWith(MODULES)) {
                modules.add(entry.path().substring(MODULES.length()));
            }
        });
        assertThat(segments)
                .extracting(Initrd.Segment::compression)
                .containsExactly(Compression.ZSTD, Compression.XZ, Compression.GZIP);
        assertThat(modules).contains("nbd.ko", "virtio_net.ko", "e1000.ko", "e1000e.ko", "r8169.ko");
        for (var name : List.of("vmlinuz", "initrd.img", "boot.ipxe")) {
            assertThat(Files.getPosixFilePermissions(out.resolve(name)))
                    .as(name)
                    .contains(PosixFilePermission.OTHERS_READ);
        }
        assertThat(Files.list(out).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("vmlinuz", "initrd.img", "boot.ipxe");
    }

    @Test
    void prepareRefusesACommandLineThatIpxeWouldInterpretAndLeavesNothing() throws IOException {
        var kernel = DebianKernel.get();
        var iso = liveIso(kernel, Mkinitramfs.build(kernel, "zstd"));
        var out = dir.resolve("www");
        var result = run(
                "prepare",
                iso.toString(),
                "--url",
                "https://mirror.example/live.iso",
                "--stage2",
                iso.toString(),
                "--append",
                "x=${net0/ip} || chain http://elsewhere/",
                "-o",
                out.toString());
        assertThat(result.status()).isNotZero();
        assertThat(result.err().strip()).doesNotContain("\n").contains("offset", "iPXE");
        assertThat(Files.list(out)).isEmpty();
    }

    /** Debian's own ISOs of memtest86+ 6 and iPXE, and a GRUB rescue image: why each cannot be kexec'd, in one line. */
    @Test
    void imagesThatKexecCannotStartSayWhyInOneLine() throws IOException {
        var packages = DebianPackages.inUserCache();
        var ipxe = packages.unpack("ipxe").resolve("usr/lib/ipxe/ipxe.iso");
        var memtest = packages.unpack("memtest86+").resolve("usr/lib/memtest86+/memtest86+x64.iso");
        var rescue = dir.resolve("rescue.iso");
        Processes.run(
                dir,
                List.of(
                        "grub-mkrescue",
                        "-o",
                        rescue.toString(),
                        Files.createDirectories(dir.resolve("empty")).toString()));
        var out = dir.resolve("out").toString();

        var entries = run("entries", ipxe.toString());
        assertThat(entries.out()).contains("not kexec-able: its boot protocol is 2.07, and kexec needs 2.12 or later");
        var booted = run("boot", ipxe.toString(), "--dry-run", "-o", out);
        assertThat(booted.status()).isNotZero();
        assertThat(booted.err().strip())
                .isEqualTo("inetboot: 'ipxe.lkrn' cannot be started by kexec: /ipxe.krn: its boot protocol is 2.07,"
                        + " and kexec needs 2.12 or later");
        for (var image : List.of(memtest, rescue)) {
            var result = run("boot", image.toString(), "--dry-run", "-o", out);
            assertThat(result.status()).isNotZero();
            assertThat(result.err().strip())
                    .as(image.toString())
                    .isEqualTo("inetboot: the image has no boot entry that boots a Linux kernel");
        }
    }

    /** Debian's Xen under a GRUB multiboot2 entry: unpacked for kexec-tools, its arguments apart from dom0's. */
    @Test
    void theXenEntryIsChosenByXenAndWritesTheHypervisorUnpacked() throws IOException {
        var kernel = DebianKernel.get();
        var xen =
                DebianPackages.inUserCache().unpack("xen-hypervisor-4.17-amd64").resolve("boot/xen-4.17-amd64.gz");
        var tree = Files.createDirectories(dir.resolve("tree/live"));
        Files.copy(kernel.vmlinuz(), tree.resolve("vmlinuz"));
        Files.copy(Mkinitramfs.build(kernel, "zstd"), tree.resolve("initrd.img"));
        Files.copy(xen, tree.resolve("xen.gz"));
        Files.writeString(tree.resolve("filesystem.squashfs"), "root");
        Files.writeString(Files.createDirectories(dir.resolve("tree/boot/grub")).resolve("grub.cfg"), """
                menuentry 'Live' {
                 linux /live/vmlinuz boot=live
                 initrd /live/initrd.img
                }
                menuentry 'Live with Xen' {
                 multiboot2 /live/xen.gz console=com1 dom0_mem=1G
                 module2 /live/vmlinuz boot=live console=hvc0
                 module2 /live/initrd.img
                }
                """);
        var iso = IsoFixtures.xorriso(dir.resolve("xen.iso"), dir.resolve("tree"), "-R");

        assertThat(run("entries", iso.toString()).out())
                .contains("over HTTP: xen (/live/xen.gz), debian-live, live-media=/dev/nbd0");
        var out = dir.resolve("out");
        var result = run("boot", iso.toString(), "--xen", "--dry-run", "-o", out.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("booting 'Live with Xen' (debian-live): /live/xen.gz console=com1"
                        + " dom0_mem=1G + /live/vmlinuz boot=live console=hvc0 inetboot.url=");
        try (var unpacked = new GZIPInputStream(Files.newInputStream(xen))) {
            assertThat(Files.readAllBytes(out.resolve("hypervisor"))).isEqualTo(unpacked.readAllBytes());
        }
        assertThat(Files.readString(out.resolve("hypervisor.cmdline"))).isEqualTo("console=com1 dom0_mem=1G\n");
        assertThat(Files.readAllBytes(out.resolve("kernel"))).isEqualTo(Files.readAllBytes(kernel.vmlinuz()));

        var prepared = run(
                "prepare",
                iso.toString(),
                "--xen",
                "--url",
                "http://m/xen.iso",
                "--stage2",
                iso.toString(),
                "-o",
                dir.resolve("www").toString());
        assertThat(prepared.status()).isNotZero();
        assertThat(prepared.err().strip())
                .isEqualTo("inetboot: 'Live with Xen' boots Xen (/live/xen.gz), which the prepared path does not;"
                        + " boot it with the medium (bootxen=1)");
    }
}
