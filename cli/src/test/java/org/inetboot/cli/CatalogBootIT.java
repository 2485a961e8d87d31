package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.media.SampleLiveIso;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog published by {@code inetboot publish DIR --medium} (the sample live ISO, under a name
 * with a space, and the medium built for the catalog in {@code inetboot/medium}) booted by its
 * real clients: qemu's own iPXE ROM from {@code boot.ipxe} and a USB stick whose GRUB reads the
 * generated {@code grub.cfg}, each taking the default after the menu's timeout, and the published
 * medium's CD, whose stage 1 lists the catalog and boots the image chosen on its console. Each
 * time the sample live system comes up.
 */
@Timeout(2400)
class CatalogBootIT {

    @TempDir
    static Path dir;

    private static StaticFileServer server;
    private static SampleLiveIso sample;
    private static Path www;
    private static Path medium;

    @BeforeAll
    static void publish() throws Exception {
        sample = DemoCommand.sample(DebianPackages.inUserCache(), new PrintWriter(new StringWriter()));
        www = Files.createDirectories(dir.resolve("www"));
        Files.copy(sample.iso(), www.resolve("sample live.iso"));
        server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0));
        assertThat(publishWithMedium()).contains("built the medium for " + guest("catalog.json"));
        assertThat(publishWithMedium()).contains("is this inetboot's, for " + guest("catalog.json"));
        medium = www.resolve("inetboot/medium");
        var page = Files.readString(www.resolve("index.html"));
        for (var file : List.of("inetboot.iso", "vmlinuz", "initrd.img")) {
            assertThat(medium.resolve(file)).isNotEmptyFile();
            assertThat(page).contains("href=\"inetboot/medium/" + file + "\"");
        }
    }

    /** {@code publish} as a user runs it: the jar, whose medium it builds. */
    private static String publishWithMedium() throws IOException {
        return Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "publish",
                        www.toString(),
                        "--base-url",
                        guest(""),
                        "--medium"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The URL of a file of the catalog as the VM reaches the host. */
    private static String guest(String file) {
        return "http://10.0.2.2:" + server.uri().getPort() + "/" + file;
    }

    private static void assertBootedTheSample(List<String> console) {
        var text = String.join("\n", console);
        assertThat(text)
                .contains("InetBoot: booting " + guest("sample%20live.iso"))
                .contains(sample.marker());
    }

    @Test
    void qemusIpxeBootsTheCatalogsMenu() throws Exception {
        var console = Qemu.run(
                List.of("-boot", "n", "-nic", "user,model=virtio-net-pci,bootfile=" + guest("boot.ipxe")),
                line -> line.contains(sample.marker()),
                Duration.ofMinutes(10));
        assertThat(String.join("\n", console)).contains("boot.ipxe... ok");
        assertBootedTheSample(console);
    }

    @Test
    void aUsbStickWithTheCatalogsGrubMenuBootsItsDefault() throws Exception {
        var tree = Files.createDirectories(dir.resolve("stick/boot/grub"));
        Files.copy(www.resolve("grub.cfg"), tree.resolve("grub.cfg"));
        for (var file : List.of("vmlinuz", "initrd.img")) {
            Files.copy(medium.resolve(file), tree.resolveSibling(file));
        }
        var stick = dir.resolve("stick.img");
        Processes.run(
                dir,
                List.of(
                        "grub-mkrescue",
                        "-o",
                        stick.toString(),
                        dir.resolve("stick").toString()));
        var console = Qemu.run(
                List.of(
                        "-device", "qemu-xhci",
                        "-drive", "if=none,id=stick,format=raw,readonly=on,file=" + stick,
                        "-device", "usb-storage,drive=stick,bootindex=0",
                        "-nic", "user,model=virtio-net-pci"),
                line -> line.contains(sample.marker()),
                Duration.ofMinutes(10));
        assertBootedTheSample(console);
    }

    @Test
    void thePublishedMediumListsTheCatalogAndBootsTheImageChosen() throws Exception {
        var console = Qemu.run(
                List.of(
                        "-cdrom",
                        medium.resolve("inetboot.iso").toString(),
                        "-boot",
                        "d",
                        "-nic",
                        "user,model=virtio-net-pci"),
                List.of(new Qemu.Answer("which image? [1-1, or a URL]", "1")),
                line -> line.contains(sample.marker()),
                Duration.ofMinutes(10));
        assertThat(String.join("\n", console)).contains(" 1) sample live.iso");
        assertBootedTheSample(console);
    }
}
