package org.inetboot.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;

/**
 * A real Debian Live ISO (bookworm, amd64) made by live-build from a small package list with the
 * network stack a desktop live image carries (NetworkManager, and isc-dhcp-client as ifupdown
 * uses it), once, in the cache outside the repository (root is needed: live-build debootstraps a
 * chroot), under a name that changes with its configuration. Its kernel logs to the serial
 * console, where root is logged in automatically (the session tests type commands there), and a
 * unit prints, once the system is up, {@value #PROBE} with the devices its medium and its root
 * come from, and stage 2's counters. The security and updates archives are left out: the build
 * needs only deb.debian.org.
 */
public final class DebianLiveIso {

    public static final String PROBE = "INETBOOT-LIVE";

    private static final String PROBE_UNIT = """
            [Unit]
            Description=Shows where the live system's medium and root come from
            After=multi-user.target

            [Service]
            Type=oneshot
            ExecStart=/bin/sh -c 'echo "%1$s medium=$(findmnt -n -o SOURCE /run/live/medium) root=$(findmnt -n -o FSTYPE /) \\
                stats=$(cat /run/inetboot/stats.json 2>/dev/null)" > /dev/ttyS0'

            [Install]
            WantedBy=multi-user.target
            """.formatted(PROBE);

    private static final List<String> LB_CONFIG = List.of(
            "lb",
            "config",
            "--distribution",
            "bookworm",
            "--architectures",
            "amd64",
            "--binary-images",
            "iso-hybrid",
            "--archive-areas",
            "main",
            "--debian-installer",
            "none",
            "--memtest",
            "none",
            "--security",
            "false",
            "--updates",
            "false",
            "--apt-recommends",
            "false",
            "--apt-indices",
            "false",
            "--firmware-binary",
            "false",
            "--firmware-chroot",
            "false",
            "--debootstrap-options",
            "--variant=minbase",
            "--bootappend-live",
            "boot=live components console=ttyS0",
            "--iso-volume",
            "INETBOOT_DEBIAN_LIVE",
            "--mirror-bootstrap",
            "http://deb.debian.org/debian/",
            "--mirror-chroot",
            "http://deb.debian.org/debian/",
            "--mirror-binary",
            "http://deb.debian.org/debian/");

    private static final String PACKAGES = "live-boot\nsystemd-sysv\nnetwork-manager\nisc-dhcp-client\niproute2\n";

    static final String AUTOLOGIN = """
            [Service]
            ExecStart=
            ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 - $TERM
            """;

    private DebianLiveIso() {}

    /** The ISO, built the first time (about ten minutes on two cores). */
    public static synchronized Path get() throws IOException {
        var dir =
                Files.createDirectories(DebianPackages.inUserCache().cacheDir().resolve("debian-live"));
        var iso = dir.resolve("debian-live-" + configuration() + ".iso");
        if (Files.exists(iso)) {
            return iso;
        }
        var build = Files.createTempDirectory(dir, "build-"); // private: a benchmark may build it at the same time
        try {
            Files.move(build(build), iso, StandardCopyOption.ATOMIC_MOVE); // whoever comes last replaces an equal image
        } finally {
            Processes.run(dir, List.of("rm", "-rf", build.toString()));
        }
        return iso;
    }

    /** What names this configuration: a hash of everything the build is given. */
    private static String configuration() {
        return shortHash(String.join("\0", LB_CONFIG) + PACKAGES + PROBE_UNIT + AUTOLOGIN);
    }

    /** The first 12 hex digits of the text's SHA-256: a cached image's name. */
    static String shortHash(String text) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs live-build in {@code build}; returns the ISO it made. */
    private static Path build(Path build) throws IOException {
        Processes.run(build, LB_CONFIG);
        Files.writeString(
                Files.createDirectories(build.resolve("config/package-lists")).resolve("inetboot.list.chroot"),
                PACKAGES);
        var units = Files.createDirectories(build.resolve("config/includes.chroot/etc/systemd/system"));
        Files.writeString(units.resolve("inetboot-probe.service"), PROBE_UNIT);
        Files.writeString(
                Files.createDirectories(units.resolve("serial-getty@ttyS0.service.d"))
                        .resolve("autologin.conf"),
                AUTOLOGIN);
        var wants = Files.createDirectories(units.resolve("multi-user.target.wants"));
        Files.createSymbolicLink(wants.resolve("inetboot-probe.service"), Path.of("../inetboot-probe.service"));
        Processes.run(build, List.of("lb", "build"));
        try (var images = Files.list(build)) {
            return images.filter(p -> p.getFileName().toString().endsWith(".iso"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("lb build made no ISO in " + build));
        }
    }
}
