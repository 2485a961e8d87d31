package org.inetboot.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.inetboot.host.Processes;

/**
 * Brings the network up as {@link IpConfig} says, with busybox's {@code ip} and {@code udhcpc}:
 * every interface is set up; those with carrier (within a wait) are tried in order, by DHCP or
 * with the static address, until one works. Failures say which interface did what.
 */
public final class Network {

    /** udhcpc's hook that applies a lease: address, default route, name servers. */
    public static final String DHCP_SCRIPT = "/usr/share/udhcpc/default.script";

    /** How long links may take to report carrier after they are set up. */
    public static final Duration CARRIER_WAIT = Duration.ofSeconds(10);

    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final Duration POLL = Duration.ofMillis(100);

    /** The interface in use, its address, and the modaliases of its device and the devices above it. */
    public record Link(String name, String address, List<String> modaliases) {}

    private Network() {}

    /** Loads the drivers of the present devices ({@link DeviceDrivers}), then brings the network up. */
    public static Link up(IpConfig config, PrintWriter log) throws IOException, InterruptedException {
        var drivers = DeviceDrivers.load(DeviceDrivers.moduleDirectory(), log);
        log.println("drivers: " + (drivers.isEmpty() ? "none needed" : String.join(" ", drivers)));
        log.flush();
        return up(config, CARRIER_WAIT, log);
    }

    /** Brings the network up with the drivers already loaded. */
    public static Link up(IpConfig config, Duration carrierWait, PrintWriter log)
            throws IOException, InterruptedException {
        if (config.method() == IpConfig.Method.OFF) {
            throw new IOException("no network: ip=off");
        }
        Processes.run("ip", "link", "set", "lo", "up");
        var links = interfaces(config.device());
        for (var link : links) {
            Processes.run("ip", "link", "set", link, "up");
        }
        var withCarrier = awaitCarrier(links, carrierWait);
        if (withCarrier.isEmpty()) {
            throw new IOException("no network: no carrier on " + String.join(", ", links) + " in "
                    + carrierWait.toSeconds() + " s (is a cable plugged in?)");
        }
        var failures = new ArrayList<String>();
        for (var link : withCarrier) {
            try {
                configure(link, config, log);
                var up = new Link(link, address(link), modaliases(link));
                log.printf("network: %s %s%n", up.name(), up.address());
                log.flush();
                return up;
            } catch (IOException e) {
                failures.add(link + ": " + e.getMessage());
            }
        }
        throw new IOException("no network: " + String.join("; ", failures));
    }

    private static List<String> interfaces(String device) throws IOException {
        List<String> names;
        try (var list = Files.list(SYS_NET)) {
            names = list.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals("lo"))
                    .sorted()
                    .toList();
        }
        if (!device.isEmpty()) {
            if (!names.contains(device)) {
                throw new IOException(
                        "no network: no interface " + device + " (there are: " + String.join(", ", names) + ")");
            }
            return List.of(device);
        }
        if (names.isEmpty()) {
            throw new IOException(
                    "no network: no network interface (no driver in the medium for this machine's network card?)");
        }
        return names;
    }

    private static List<String> awaitCarrier(List<String> links, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> up;
        do {
            up = links.stream().filter(Network::hasCarrier).toList();
            if (up.size() == links.size()) {
                break;
            }
            Thread.sleep(POLL);
        } while (System.nanoTime() < deadline);
        return up;
    }

    private static boolean hasCarrier(String link) {
        try {
            return Files.readString(SYS_NET.resolve(link).resolve("carrier"))
                    .strip()
                    .equals("1");
        } catch (IOException down) {
            return false;
        }
    }

    private static void configure(String link, IpConfig config, PrintWriter log) throws IOException {
        if (config.method() == IpConfig.Method.DHCP) {
            log.println("network: DHCP on " + link);
            log.flush();
            try {
                Processes.run("udhcpc", "-i", link, "-f", "-q", "-n", "-t", "4", "-T", "3", "-s", DHCP_SCRIPT);
            } catch (IOException e) {
                throw new IOException("no DHCP lease in 12 s", e);
            }
            return;
        }
        Processes.run("ip", "addr", "add", config.address() + "/" + config.prefix(), "dev", link);
        if (!config.gateway().isEmpty()) {
            Processes.run("ip", "route", "add", "default", "via", config.gateway(), "dev", link);
        }
        if (!config.dns().isEmpty()) {
            Files.writeString(
                    Path.of("/etc/resolv.conf"),
                    config.dns().stream()
                            .map(server -> "nameserver " + server + "\n")
                            .collect(Collectors.joining()));
        }
        if (!config.hostname().isEmpty()) {
            Processes.run("hostname", config.hostname());
        }
    }

    private static String address(String link) throws IOException {
        return addresses(link).stream()
                .findFirst()
                .orElseThrow(() -> new IOException("no IPv4 address after configuration"));
    }

    /** The link's IPv4 addresses, as {@code a.b.c.d/prefix}; none when there is no such link. */
    static List<String> addresses(String link) throws IOException {
        var nic = NetworkInterface.getByName(link);
        return nic == null
                ? List.of()
                : nic.getInterfaceAddresses().stream()
                        .filter(a -> a.getAddress() instanceof Inet4Address)
                        .map(a -> a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength())
                        .toList();
    }

    /** The modaliases of the link's device and of each device above it (a virtio NIC's PCI function). */
    private static List<String> modaliases(String link) throws IOException {
        var aliases = new ArrayList<String>();
        var device = SYS_NET.resolve(link).resolve("device");
        if (!Files.exists(device)) {
            return aliases;
        }
        for (var dir = device.toRealPath(); dir != null && dir.startsWith("/sys/devices"); dir = dir.getParent()) {
            var alias = dir.resolve("modalias");
            if (Files.isReadable(alias)) {
                aliases.add(Files.readString(alias).strip());
            }
        }
        return aliases;
    }
}
