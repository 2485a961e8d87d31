package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps the target's network managers off the interface the system's root is served over, as
 * dracut and live-boot do for their network roots. NetworkManager leaves a device named in
 * {@code unmanaged-devices} alone (no DHCP of its own, nothing undone when networking is switched
 * off or it restarts); systemd-networkd leaves a link whose {@code .network} says
 * {@code Unmanaged=yes}. Both read /run, matched by the card's MAC address, which survives the
 * renaming udev does. The files are written into the running system's /run ({@link TargetRun})
 * whenever they are missing there. ifupdown touches only
 * the interfaces /etc/network/interfaces names, which stage 2 does not.
 */
final class NetworkClaim {

    private NetworkClaim() {}

    /** The files that claim the card with {@code mac}, by their path under /run. */
    static Map<String, String> files(String mac) {
        var why = "# Written by InetBoot stage 2: the system's root file system is served over this card.\n";
        return Map.of(
                "NetworkManager/conf.d/90-inetboot.conf",
                why + "[keyfile]\nunmanaged-devices+=mac:" + mac + "\n",
                "systemd/network/10-inetboot.network",
                why + "[Match]\nPermanentMACAddress=" + mac + "\n\n[Link]\nUnmanaged=yes\n");
    }

    /** Keeps the files present in PID 1's /run, looking every {@code period}. */
    static void keep(String link, Duration period, KernelLog log) throws IOException {
        var mac = Files.readString(Path.of("/sys/class/net", link, "address")).strip();
        var files = files(mac);
        log.info(link + " (" + mac + ") is claimed: NetworkManager and systemd-networkd are told to leave it alone");
        Thread.ofVirtual().name("network claim").start(() -> {
            try {
                while (true) {
                    files.forEach(NetworkClaim::writeIfMissing);
                    Thread.sleep(period);
                }
            } catch (InterruptedException e) {
                // the daemon ends
            }
        });
    }

    private static void writeIfMissing(String name, String text) {
        var file = TargetRun.resolve(name);
        if (!Files.exists(file)) {
            TargetRun.write(file, text);
        }
    }
}
