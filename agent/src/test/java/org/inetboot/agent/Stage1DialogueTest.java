package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.inetboot.boot.BootFiles;
import org.inetboot.boot.KernelImage;
import org.inetboot.image.OpenOptions;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.testing.IsoFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1's dialogue on the console, against a real ISO read through the source stack and a
 * machine that records what would have been kexec'd: the entry menu and its timeout, the menu
 * after a failure (retry, another URL, shell), the catalog, and a network that fails.
 */
class Stage1DialogueTest {

    @TempDir
    Path dir;

    private PipedOutputStream console;
    private final StringWriter shown = new StringWriter();
    private final FakeMachine machine = new FakeMachine();
    private final java.util.concurrent.ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        runner.shutdownNow();
    }

    /** A machine whose network comes up after {@code failures} attempts and whose kexec only records. */
    private static final class FakeMachine implements Stage1.Machine {
        int failures;
        final List<String> booted = new ArrayList<>();

        @Override
        public Network.Link networkUp(IpConfig config, PrintWriter log) throws IOException {
            if (failures-- > 0) {
                throw new IOException("no network: no interface with carrier");
            }
            return new Network.Link("eth0", "10.0.2.15/24", List.of());
        }

        @Override
        public void kexec(BootFiles files) {
            booted.add(files.hypervisor().map(h -> "xen(" + h.cmdline() + ") ").orElse("") + files.cmdline());
        }

        @Override
        public boolean uefi() {
            return false;
        }

        @Override
        public Optional<Path> stage2Payload() {
            return Optional.empty();
        }

        @Override
        public Optional<Lease> lease() {
            return Optional.empty();
        }
    }

    /** An ISO with two GRUB entries, a kernel (its setup header: what stage 1 reads of it) and a real (tiny) initrd. */
    private String iso(String name) throws IOException {
        return iso(name, "");
    }

    /** The same, with {@code more} menu entries after those two. */
    private String iso(String name, String more) throws IOException {
        var tree = Files.createDirectories(dir.resolve(name + "-tree/boot/grub"));
        Files.writeString(tree.resolve("grub.cfg"), """
                set default=0
                menuentry 'First' {
                    linux /boot/vmlinuz first
                    initrd /boot/initrd.img
                }
                menuentry 'Second' {
                    linux /boot/vmlinuz second
                    initrd /boot/initrd.img
                }
                """ + more);
        Files.write(tree.resolveSibling("vmlinuz"), setupHeader(3));
        Files.write(tree.resolveSibling("memtest.bin"), setupHeader(1)); // memtest86+ 6: not above 4 GiB
        try (var out = Files.newOutputStream(tree.resolveSibling("initrd.img"))) {
            Overlay.write(List.of(Overlay.Item.file("init", 0755, "#!/bin/sh\n".getBytes())), Compression.GZIP, out);
        }
        return IsoFixtures.xorriso(dir.resolve(name + ".iso"), dir.resolve(name + "-tree"), "-R")
                .toUri()
                .toString();
    }

    /** A bzImage's boot sector and setup header, protocol 2.15, loaded high, with these xloadflags. */
    private static byte[] setupHeader(int xloadflags) {
        var header = ByteBuffer.allocate(KernelImage.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(0x1fe, (short) 0xaa55).putInt(0x202, 0x53726448).putShort(0x206, (short) 0x020f);
        header.put(0x211, (byte) 1).putShort(0x236, (short) xloadflags);
        return header.array();
    }

    private Future<Integer> start(String cmdline) throws IOException {
        console = new PipedOutputStream();
        var stage1 = new Stage1(
                KernelCommandLine.parse(cmdline),
                new PipedInputStream(console),
                new PrintWriter(shown),
                OpenOptions.DEFAULT,
                machine);
        return runner.submit(stage1::run);
    }

    private void type(String line) throws IOException {
        console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    /** Waits until the console shows {@code text}. */
    private void await(String text) throws InterruptedException {
        await(text, 1);
    }

    /** Waits until the console shows {@code text} {@code times} times. */
    private void await(String text, int times) throws InterruptedException {
        for (int i = 0; i < 200 && count(text) < times; i++) {
            Thread.sleep(50);
        }
        assertThat(count(text)).as(shown.toString()).isGreaterThanOrEqualTo(times);
    }

    private int count(String text) {
        return shown.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    @Test
    void theEntryMenuTakesANumberAndBootsThatEntry() throws Exception {
        var run = start("inetboot.url=" + iso("a"));
        await("boot which entry? [1-2 or a label; 1 in 10 s]");
        type("2");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(machine.booted).singleElement().asString().startsWith("second ");
    }

    @Test
    void theEntryMenuBootsTheDefaultWhenNobodyAnswersInTime() throws Exception {
        long start = System.nanoTime();
        var run = start("inetboot.url=" + iso("a") + " inetboot.timeout=1");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(machine.booted).singleElement().asString().startsWith("first ");
        assertThat(shown.toString()).contains("  1) First  (default)", "  2) Second");
    }

    @Test
    void aFailedBootOffersRetryAnotherUrlAndAShell() throws Exception {
        var good = iso("a");
        var run = start("inetboot.url=file:///nonexistent/x.iso inetboot.entry=Second");
        var failed = "the boot of file:///nonexistent/x.iso failed."
                + " [r]etry, choose another [e]ntry, [u]se another URL, or [s]hell?";
        await(failed);
        type("r");
        await(failed, 2);
        type("u");
        await("URL of an ISO image to boot?");
        type(good);
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(machine.booted).singleElement().asString().startsWith("second ");

        var shell = start("inetboot.url=file:///nonexistent/x.iso");
        await(failed, 3);
        type("s");
        assertThat(shell.get(30, TimeUnit.SECONDS)).isEqualTo(Stage1.SHELL);
    }

    @Test
    void anEntryKexecCannotStartSaysWhyAndTheMenuOffersTheOthers() throws Exception {
        var url = iso("m", """
                menuentry 'Memory test' {
                    linux /boot/memtest.bin
                }
                """);
        var run = start("inetboot.url=" + url + " inetboot.entry=3");
        await("the boot of " + url + " failed. [r]etry, choose another [e]ntry");
        assertThat(shown.toString())
                .contains("inetboot: 'Memory test' cannot be started by kexec: /boot/memtest.bin: its header says it"
                        + " cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G)\n");
        type("e");
        await("boot which entry? [1-3 or a label; 1 in 10 s]");
        type("2");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(machine.booted).singleElement().asString().startsWith("second ");
    }

    /** The seed's bootxen=1, and inetboot.xen=1, choose the Xen entry at once; without them, the menu's default. */
    @Test
    void bootxenChoosesTheXenEntryWithoutAMenu() throws Exception {
        var xen = """
                menuentry 'With Xen' {
                    multiboot2 /boot/xen.gz console=com1
                    module2 /boot/vmlinuz dom0 console=hvc0
                    module2 /boot/initrd.img
                }
                """;
        iso("x", xen); // the tree; the image again once the hypervisor is in it
        try (var gzip = new GZIPOutputStream(Files.newOutputStream(dir.resolve("x-tree/boot/xen.gz")))) {
            gzip.write(new byte[4096]);
        }
        var url = IsoFixtures.xorriso(dir.resolve("x.iso"), dir.resolve("x-tree"), "-R")
                .toUri()
                .toString();
        for (var flag : List.of("bootxen=1", "inetboot.xen=1")) {
            var run = start(flag + " inetboot.url=" + url);
            assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(machine.booted.removeLast()).startsWith("xen(console=com1) dom0 console=hvc0 ");
        }
        assertThat(shown.toString()).doesNotContain("boot which entry?");
    }

    @Test
    void theCatalogListsItsImagesAndBootsTheOneChosen() throws Exception {
        var b = iso("b");
        var catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"format": "inetboot-catalog", "version": 1,
                 "images": [{"name": "Image A", "url": "%s"}, {"name": "Image B", "url": "%s"}]}
                """.formatted(iso("a"), b));
        var run = start("inetboot.menu=" + catalog.toUri() + " inetboot.entry=1");
        await("which image? [1-2, or a URL]");
        assertThat(shown.toString()).contains("   1) Image A", "   2) Image B");
        type("2");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(shown.toString()).contains("InetBoot: booting " + b);
        assertThat(machine.booted).singleElement().asString().endsWith("inetboot.url=" + b);
    }

    @Test
    void aCatalogWithNoImageIsSaidAndAUrlAskedFor() throws Exception {
        var catalog = Files.writeString(dir.resolve("catalog.json"), """
                {"format": "inetboot-catalog", "version": 1, "images": []}
                """);
        var run = start("inetboot.menu=" + catalog.toUri() + " inetboot.entry=1");
        await("URL of an ISO image to boot?");
        assertThat(shown.toString()).contains("inetboot: " + catalog.toUri() + ": the catalog lists no image");
        type(iso("a"));
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(machine.booted).singleElement().asString().endsWith("inetboot.url=" + iso("a"));
    }

    @Test
    void aNetworkThatFailsOffersRetryOrAShell() throws Exception {
        machine.failures = 1;
        var run = start("inetboot.url=" + iso("a") + " inetboot.entry=1");
        await("InetBoot: [r]etry, or [s]hell?");
        assertThat(shown.toString()).contains("inetboot: no network: no interface with carrier");
        type("r");
        assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(machine.booted).hasSize(1);

        machine.failures = 1;
        var shell = start("inetboot.url=" + iso("a"));
        await("[r]etry, or [s]hell?", 2);
        type("s");
        assertThat(shell.get(30, TimeUnit.SECONDS)).isEqualTo(Stage1.SHELL);
    }
}
